"""Weekly review figures: planned against done per day and track, adherence, streak, backlog."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pomoplan.core.schedule import BacklogItem, Schedule, monday


def parse_week(text: str) -> date:
    """The Monday of ISO week ``YYYY-Www``.

    Raises:
        ValueError: malformed, or a week the year does not have.
    """
    m = re.fullmatch(r"(\d{4})-?W(\d{2})", text.strip(), flags=re.IGNORECASE)
    if not m:
        raise ValueError(f"{text!r} is not an ISO week like 2026-W48")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} has no week {week:02d}") from None


def iso_week(day: date) -> str:
    """``YYYY-Www`` of ``day``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class DayTotals:
    """Focus periods of one study date, by status, and seconds focused."""

    completed: int = 0
    skipped: int = 0
    interrupted: int = 0
    focused_s: int = 0


@dataclass(frozen=True)
class DayFigures:
    """One day of the review."""

    date: date
    planned: int
    completed: int
    skipped: int
    interrupted: int
    focus_minutes: int
    planned_original: int | None = None
    """What the plan put on the day before any re-plan (None: the same as ``planned``)."""

    @property
    def original(self) -> int:
        """Pomodoros the plan first put on this day."""
        return self.planned if self.planned_original is None else self.planned_original


@dataclass(frozen=True)
class TrackFigures:
    """Totals of one track over the week."""

    track: str
    completed: int
    focus_minutes: int

    def to_json(self) -> dict[str, Any]:
        """One entry of ``tracks`` in ``review --json`` and ``stats --json``."""
        return {
            "track": self.track,
            "completed": self.completed,
            "focus_minutes": self.focus_minutes,
        }


@dataclass(frozen=True)
class Interruption:
    """A skipped or interrupted focus period."""

    ended_at: str
    slot_title: str | None
    status: str
    reason: str | None


@dataclass(frozen=True)
class NoteLine:
    """A focus period's note, for the review's list of notes by day."""

    date: date
    started_at: str
    slot_title: str | None
    note: str


@dataclass(frozen=True)
class Review:
    """Everything the weekly review shows (and ``review --json`` prints)."""

    week: str
    monday: date
    days: list[DayFigures]
    tracks: list[TrackFigures]
    adherence: float | None
    streak: int
    interruptions: list[Interruption]
    backlog: list[BacklogItem]
    progress: tuple[int, int]
    today: date
    """The study date the review was made on (by the caller's clock, never the wall's)."""
    projected_end: date | None = None
    """When the plan's last slot would be done at the recent pace (core/pace.py)."""
    notes: list[NoteLine] = field(default_factory=list)
    """The week's notes, by day and time (shown in the review; not a ``review --json`` key,
    whose keys are fixed for scripts: ``history --json`` has every note)."""

    @property
    def planned(self) -> int:
        """Pomodoros planned over the whole week."""
        return sum(d.planned for d in self.days)

    @property
    def completed(self) -> int:
        """Pomodoros completed over the week."""
        return sum(d.completed for d in self.days)

    @property
    def day_scale(self) -> int:
        """The largest planned or completed count of a day (full length of the day bars)."""
        return max([d.planned for d in self.days] + [d.completed for d in self.days] + [1])

    @property
    def focus_minutes(self) -> int:
        """Minutes focused over the week."""
        return sum(d.focus_minutes for d in self.days)

    def to_json(self) -> dict[str, Any]:
        """The ``review --json`` document; its keys are fixed for scripts (add none here)."""
        return {
            "week": self.week,
            "days": [
                {
                    "date": d.date.isoformat(),
                    "planned": d.planned,
                    "completed": d.completed,
                    "skipped": d.skipped,
                    "interrupted": d.interrupted,
                    "focus_minutes": d.focus_minutes,
                    "planned_original": d.original,
                }
                for d in self.days
            ],
            "tracks": [t.to_json() for t in self.tracks],
            "adherence": self.adherence,
            "streak": self.streak,
            "interruptions": [
                {
                    "ended_at": i.ended_at,
                    "slot_title": i.slot_title,
                    "status": i.status,
                    "reason": i.reason,
                }
                for i in self.interruptions
            ],
            "backlog": [
                {"slot_id": b.slot.id, "title": b.slot.title, "date": b.date.isoformat()}
                for b in self.backlog
            ],
            "progress": {"done": self.progress[0], "total": self.progress[1]},
            "projected_end": self.projected_end.isoformat() if self.projected_end else None,
        }


def streak(newest_first: Iterable[date], as_of: date) -> int:
    """Consecutive study days ending at ``as_of`` (or the day before, if ``as_of`` has none yet).

    ``newest_first``: distinct study dates, newest first. Reading stops at the first gap, so a
    lazy query over years of log costs only as much as the streak is long.
    """
    count = 0
    expected: date | None = None
    for day in newest_first:
        if day > as_of:
            continue
        if expected is None:  # the newest date on or before as_of starts the run, or not
            if day < as_of - timedelta(days=1):
                return 0
            expected = day
        if day != expected:
            break
        count += 1
        expected = day - timedelta(days=1)
    return count


def minutes_of(seconds: list[int]) -> list[int]:
    """Whole minutes for each part, adding up to the whole rounded once (largest remainders):
    the tracks' (and the days') minutes add up to the week's, so none shows 0 beside a 1."""
    total = round(sum(seconds) / 60)
    floors = [s // 60 for s in seconds]
    extra = total - sum(floors)
    by_remainder = sorted(range(len(seconds)), key=lambda i: (-(seconds[i] % 60), i))
    for i in by_remainder[: max(0, extra)]:
        floors[i] += 1
    return floors


def track_figures(
    tracks: Iterable[tuple[str | None, int, int]], *, most_done_first: bool = False
) -> list[TrackFigures]:
    """The tracks of a range from (track, completed, focused seconds): minutes apportioned so
    they add up to the range's, most minutes first (or most pomodoros first), then by name."""
    rows = list(tracks)
    minutes = minutes_of([s for _, _, s in rows])
    figures = [TrackFigures(t or "—", c, m) for (t, c, _), m in zip(rows, minutes, strict=True)]
    if most_done_first:
        return sorted(figures, key=lambda t: (-t.completed, -t.focus_minutes, t.track))
    return sorted(figures, key=lambda t: (-t.focus_minutes, t.track))


def build_review(
    week_start: date,
    today: date,
    schedule: Schedule,
    totals: Mapping[date, DayTotals],
    tracks: Iterable[tuple[str | None, int, int]],
    interruptions: Iterable[Interruption],
    study_dates: Iterable[date],
    done: Mapping[str, int],
    projected: date | None = None,
) -> Review:
    """Put the week's figures together.

    Args:
        week_start: any day of the week (its Monday is used).
        today: the current study date; adherence counts days up to it, the backlog before it.
        schedule: the curriculum in force, for what was planned.
        totals: focus totals by study date (from the log).
        tracks: (track, completed, focused seconds) for the week.
        interruptions: skipped and interrupted focus periods of the week.
        study_dates: dates with a completed focus, newest first (for the streak).
        done: completed pomodoros per slot id, all time (backlog, progress).
        projected: the projected end of the plan (core/pace.py), if known.
    """
    first = monday(week_start)
    original = schedule.original()
    days = []
    dates = [first + timedelta(days=i) for i in range(7)]
    day_minutes = minutes_of([totals.get(d, DayTotals()).focused_s for d in dates])
    for i, d in enumerate(dates):
        tot = totals.get(d, DayTotals())
        days.append(
            DayFigures(
                d,
                schedule.planned_on(d),
                tot.completed,
                tot.skipped,
                tot.interrupted,
                day_minutes[i],
                None if original is schedule else original.planned_on(d),
            )
        )
    counted = [d for d in days if d.date <= today]
    planned = sum(d.planned for d in counted)
    adherence = None if planned == 0 else min(1.0, sum(d.completed for d in counted) / planned)
    last = first + timedelta(days=6)
    backlog = [b for b in schedule.backlog(today, done) if b.date <= last]
    return Review(
        week=iso_week(first),
        monday=first,
        days=days,
        tracks=track_figures(tracks),
        adherence=None if adherence is None else round(adherence, 4),
        streak=streak(study_dates, min(today, last)),
        interruptions=list(interruptions),
        backlog=backlog,
        progress=schedule.progress(done),
        today=today,
        projected_end=projected,
    )
