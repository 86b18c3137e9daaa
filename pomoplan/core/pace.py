"""When the plan would be done at the learner's recent pace (``projected_end``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

MIN_STUDY_DAYS = 3
"""Fewer study days than this say nothing about a pace: no projection."""


def projected_end(remaining: int, recent: Sequence[tuple[date, int]], today: date) -> date | None:
    """The date the plan's last slot would be done.

    Args:
        remaining: pomodoros of the plan not done yet.
        recent: (study date, completed pomodoros) of the last study days (up to 14), any order.
        today: the current study date; it counts as a day still to work.

    Returns:
        None before ``MIN_STUDY_DAYS`` study days; else today plus the days the remaining
        pomodoros take at the pace of completed pomodoros per calendar day from the first of
        those study days to today.
    """
    if len(recent) < MIN_STUDY_DAYS:
        return None
    if remaining <= 0:
        return today
    first = min(d for d, _ in recent)
    span = (today - first).days + 1
    pace = sum(n for _, n in recent) / max(span, 1)
    if pace <= 0:
        return None
    return today + timedelta(days=math.ceil(remaining / pace) - 1)
