"""Stored values a reader parses: whether a log row's are what pomoplan writes (a hand edit may not be)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

_COUNTS = ("planned_s", "focused_s", "paused_s", "pauses")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def row_problem(row: Mapping[str, Any]) -> str | None:
    """``field: what is wrong`` for the first value of ``row`` a reader could not use, or None.

    Times must be ISO 8601 (pomoplan writes a UTC offset), the study date YYYY-MM-DD, durations and counts
    whole numbers (what pomoplan itself writes; only an edit by hand makes them otherwise).
    """
    for key in ("started_at", "ended_at"):
        value = row.get(key)
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None:  # one without an offset is read as local time, as it was
            return f"{key}: {_show(value)} is not an ISO 8601 time"
    day = row.get("study_date")
    try:
        if not isinstance(day, str) or len(day) != 10:
            raise ValueError
        date.fromisoformat(day)
    except ValueError:
        return f"study_date: {_show(day)} is not a date (YYYY-MM-DD)"
    for key in _COUNTS:
        value = row.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{key}: {_show(value)} is not a whole number"
    return None


def stored_day(value: object) -> date | None:
    """A study date as stored, or None when it is not one (YYYY-MM-DD)."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
