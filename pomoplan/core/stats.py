"""Statistics past a week: a heatmap of days, tracks, days studied, streaks, planned against done."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pomoplan.core.review import TrackFigures, iso_week, minutes_of, streak, track_figures
from pomoplan.core.schedule import Schedule, monday


def parse_month(text: str) -> tuple[date, date]:
    """First and last day of ``YYYY-MM``.

    Raises:
        ValueError: not a month like 2026-12.
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month like 2026-12")
    first = date(int(m.group(1)), int(m.group(2)), 1)
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def parse_year(text: str) -> tuple[date, date]:
    """First and last day of ``YYYY``.

    Raises:
        ValueError: not a year like 2026.
    """
    if not re.fullmatch(r"\d{4}", text.strip()) or int(text) < 1:
        raise ValueError(f"{text!r} is not a year like 2026")
    year = int(text)
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class StatDay:
    """One day of the heatmap."""

    date: date
    planned: int
    completed: int
    focus_minutes: int


@dataclass(frozen=True)
class PlanWeek:
    """Planned against done in one ISO week of the active plan."""

    week: str
    planned: int
    completed: int


@dataclass(frozen=True)
class PlanTrack:
    """How far one track of the active plan is: due by today, done, in the whole plan."""

    track: str
    due: int
    done: int
    total: int

    @property
    def behind(self) -> int:
        """Pomodoros due by today and not done yet."""
        return max(0, self.due - self.done)


@dataclass(frozen=True)
class Stats:
    """Everything ``stats`` shows (and ``stats --json`` prints)."""

    first: date
    last: date
    today: date
    days: list[StatDay]
    tracks: list[TrackFigures]
    current_streak: int
    longest_streak: int
    weeks: list[PlanWeek]
    plan_tracks: list[PlanTrack]

    @property
    def days_studied(self) -> int:
        """Days of the range with a completed pomodoro."""
        return sum(1 for d in self.days if d.completed)

    @property
    def completed(self) -> int:
        """Pomodoros completed over the range."""
        return sum(d.completed for d in self.days)

    @property
    def focus_minutes(self) -> int:
        """Minutes focused over the range."""
        return sum(d.focus_minutes for d in self.days)

    def to_json(self) -> dict[str, Any]:
        """The ``stats --json`` document, its keys fixed for scripts (``plan``: the active plan's
        planned against done, per ISO week and per track)."""
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "days": [
                {
                    "date": d.date.isoformat(),
                    "planned": d.planned,
                    "completed": d.completed,
                    "focus_minutes": d.focus_minutes,
                }
                for d in self.days
            ],
            "tracks": [t.to_json() for t in self.tracks],
            "days_studied": self.days_studied,
            "current_streak": self.current_streak,
            "longest_streak": self.longest_streak,
            "plan": {
                "weeks": [
                    {"week": w.week, "planned": w.planned, "completed": w.completed}
                    for w in self.weeks
                ],
                "tracks": [
                    {
                        "track": p.track,
                        "due": p.due,
                        "done": p.done,
                        "total": p.total,
                        "behind": p.behind,
                    }
                    for p in self.plan_tracks
                ],
            },
        }


def longest_streak(oldest_first: Iterable[date]) -> int:
    """The longest run of consecutive dates (distinct dates, oldest first)."""
    best = run = 0
    previous: date | None = None
    for day in oldest_first:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


def plan_tracks(schedule: Schedule, today: date, done: Mapping[str, int]) -> list[PlanTrack]:
    """Per track of the plan: pomodoros due by today (a calendar plan's days up to today), done
    (extra pomodoros on a slot do not count twice) and in the whole plan."""
    due: dict[str, int] = {}
    if schedule.calendar:
        day, last = schedule.start, min(today, schedule.end or today)
        while day <= last:
            for slot in schedule.day(day).slots:
                due[slot.track] = due.get(slot.track, 0) + slot.pomodoros
            day += timedelta(days=1)
    total: dict[str, int] = {}
    finished: dict[str, int] = {}
    for slot in schedule.curriculum.all_slots():
        total[slot.track] = total.get(slot.track, 0) + slot.pomodoros
        finished[slot.track] = finished.get(slot.track, 0) + min(
            done.get(slot.id, 0), slot.pomodoros
        )
    if not schedule.calendar:  # self-paced: what is due is what the daily goal asked so far
        elapsed = max(0, (today - schedule.start).days + 1)
        budget = elapsed * schedule.curriculum.daily_pomodoros
        for slot in schedule.curriculum.all_slots():
            take = min(budget, slot.pomodoros)
            due[slot.track] = due.get(slot.track, 0) + take
            budget -= take
    return [PlanTrack(t, due.get(t, 0), finished[t], total[t]) for t in total]


def build_stats(
    first: date,
    last: date,
    today: date,
    schedule: Schedule,
    totals: Mapping[date, tuple[int, int]],
    tracks: Iterable[tuple[str | None, int, int]],
    study_dates_newest_first: Iterable[date],
    all_study_dates_oldest_first: Iterable[date],
    done: Mapping[str, int],
) -> Stats:
    """Put the figures of ``first``..``last`` together.

    Args:
        totals: (completed pomodoros, focused seconds) per study date of the range.
        tracks: (track, completed, focused seconds) over the range.
        study_dates_newest_first: dates with a completed focus up to today (current streak).
        all_study_dates_oldest_first: every date with a completed focus (longest streak).
        done: completed pomodoros per slot of the plan, all time.
    """
    dates = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    minutes = minutes_of([totals.get(d, (0, 0))[1] for d in dates])
    days = [
        StatDay(d, schedule.planned_on(d), totals.get(d, (0, 0))[0], m)
        for d, m in zip(dates, minutes, strict=True)
    ]
    weeks: list[PlanWeek] = []
    for d in days:
        name = iso_week(d.date)
        if not weeks or weeks[-1].week != name:
            weeks.append(PlanWeek(name, 0, 0))
        w = weeks[-1]
        weeks[-1] = PlanWeek(name, w.planned + d.planned, w.completed + d.completed)
    return Stats(
        first=first,
        last=last,
        today=today,
        days=days,
        tracks=track_figures(tracks, most_done_first=True),
        current_streak=streak(study_dates_newest_first, today),
        longest_streak=longest_streak(all_study_dates_oldest_first),
        weeks=[w for w in weeks if w.planned or w.completed],
        plan_tracks=plan_tracks(schedule, today, done),
    )


def heat_level(completed: int) -> int:
    """0-4: how dark a heatmap cell is for ``completed`` pomodoros."""
    if completed <= 0:
        return 0
    return 1 if completed <= 2 else 2 if completed <= 4 else 3 if completed <= 7 else 4


def heat_weeks(first: date, last: date) -> list[date]:
    """The Mondays of the heatmap's columns (weeks that hold a day of the range)."""
    out, day = [], monday(first)
    while day <= last:
        out.append(day)
        day += timedelta(days=7)
    return out
