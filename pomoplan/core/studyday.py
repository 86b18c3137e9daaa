"""The study day: a moment before ``day_starts_at`` (default 04:00) belongs to the day before."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


def study_date(moment: datetime, day_starts_at: time = time(4, 0)) -> date:
    """The study date of an aware local ``moment``: 01:30 on the 5th is the 4th's study day."""
    start = timedelta(hours=day_starts_at.hour, minutes=day_starts_at.minute)
    return (moment - start).date()


def study_date_of(epoch: float, zone: tzinfo, day_starts_at: time = time(4, 0)) -> date:
    """The study date of an epoch timestamp in ``zone``."""
    return study_date(datetime.fromtimestamp(epoch, zone), day_starts_at)


def parse_hhmm(text: str) -> time:
    """Parse ``HH:MM`` (00:00-23:59).

    Raises:
        ValueError: not a time of day.
    """
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        raise ValueError(f"{text!r} is not a time of day like 04:00") from None
