"""Weekly review figures on hand-built logs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from logrows import log_row

from pomoplan.core.clock import FakeClock
from pomoplan.core.curriculum import load_curriculum
from pomoplan.core.review import iso_week, parse_week, streak
from pomoplan.core.schedule import Schedule
from pomoplan.core.timer import PhaseEnded, SlotRef, Timer, TimerSettings
from pomoplan.services.reviewing import load_review
from pomoplan.store.log import LogStore

TZ = timezone(timedelta(hours=8))
START = date(2026, 11, 25)  # a Wednesday: Mon/Tue of week 1 are before the start


def focus_row(n: int, day: str, status: str = "completed", **kw: object) -> dict:
    fields = {
        "status": status,
        "slot_id": "w1-wed-b1-s1",
        "slot_title": "装饰器",
        "planned_s": 1200,
        "focused_s": 1200 if status == "completed" else 300,
        "started_at": f"{day}T10:00:00+08:00",
        "ended_at": f"{day}T10:20:00+08:00",
    }
    return log_row(f"r{n}", day, **{**fields, **kw})


@pytest.fixture
def store(tmp_path: Path) -> LogStore:
    s = LogStore(tmp_path / "p.db")
    yield s
    s.close()


@pytest.fixture
def schedule(mini: Path) -> Schedule:
    return Schedule(load_curriculum(mini), START, "as-written")


def test_week_parsing() -> None:
    assert parse_week("2026-W48") == date(2026, 11, 23)
    assert parse_week("2026w48") == date(2026, 11, 23)
    assert parse_week("2026-W53") == date(2026, 12, 28)  # 2026 has 53 ISO weeks
    for bad in ("2025-W53", "2026-W00", "2026-48", "W48", "2026-W4"):
        with pytest.raises(ValueError):
            parse_week(bad)
    assert iso_week(date(2027, 1, 1)) == "2026-W53"


def test_an_empty_week(store: LogStore, schedule: Schedule) -> None:
    r = load_review(store, schedule, date(2026, 11, 16), today=date(2026, 11, 27))
    assert r.week == "2026-W47"
    assert [d.planned for d in r.days] == [0] * 7  # all before the start
    assert r.adherence is None and r.streak == 0
    assert r.tracks == [] and r.interruptions == [] and r.backlog == []


def test_a_week_spanning_the_start(store: LogStore, schedule: Schedule) -> None:
    store.record(
        [
            focus_row(1, "2026-11-25"),
            focus_row(2, "2026-11-25", slot_id="w1-wed-b1-s2", track="JavaScript"),
            focus_row(3, "2026-11-26", "interrupted", reason="电话"),
            focus_row(4, "2026-11-26", "skipped"),
        ],
        None,
    )
    r = load_review(store, schedule, START, today=date(2026, 11, 26))
    assert [d.planned for d in r.days] == [0, 0, 4, 4, 4, 4, 0]
    wed, thu = r.days[2], r.days[3]
    assert (wed.completed, wed.focus_minutes) == (2, 40)
    assert (thu.completed, thu.skipped, thu.interrupted, thu.focus_minutes) == (0, 1, 1, 10)
    assert r.adherence == 0.25  # 2 done of 8 planned up to today (Wed + Thu)
    assert [(t.track, t.completed, t.focus_minutes) for t in r.tracks] == [
        ("Python", 1, 30),
        ("JavaScript", 1, 20),
    ]
    assert [(i.status, i.reason) for i in r.interruptions] == [
        ("interrupted", "电话"),
        ("skipped", None),
    ]
    # Backlog: the days before today not done (as written, Mon/Tue before the start too), not
    # Thursday's (today) or later.
    backlog = [(b.slot.id, b.date.isoformat()) for b in r.backlog]
    assert backlog[-1] == ("w1-wed-b2-s1", "2026-11-25") and len(backlog) == 7
    assert r.progress == (2, 25)
    assert r.streak == 1  # Thursday has no completed focus yet; Wednesday counts


def test_adherence_is_capped_at_one(store: LogStore, schedule: Schedule) -> None:
    store.record([focus_row(n, "2026-11-25") for n in range(9)], None)
    r = load_review(store, schedule, START, today=START)
    assert r.days[2].completed == 9 and r.adherence == 1.0


def test_a_pomodoro_after_midnight_counts_for_the_day_before(
    store: LogStore, schedule: Schedule
) -> None:
    clock = FakeClock(datetime(2026, 11, 27, 1, 30, tzinfo=TZ), TZ)
    timer = Timer(
        clock, TimerSettings(focus=1200), slot=SlotRef("mini", "w1-thu-b1-s1", "x", "Python")
    )
    timer.start()
    clock.advance(1200)
    rows = [e.record.as_row() for e in timer.tick() if isinstance(e, PhaseEnded)]
    store.record(rows, None)
    r = load_review(store, schedule, START, today=date(2026, 11, 27))
    assert r.days[3].completed == 1 and r.days[4].completed == 0  # Thursday, not Friday


def test_streak_runs_across_weeks_and_forgives_today() -> None:
    days = [date(2026, 11, 25) - timedelta(days=i) for i in range(6)]  # Wed..Fri, newest first
    assert streak(days, date(2026, 11, 25)) == 6
    assert streak(days, date(2026, 11, 26)) == 6  # nothing yet today: the run is not broken
    assert streak(days, date(2026, 11, 27)) == 0
    assert streak(days, date(2026, 11, 23)) == 4  # as of Monday: later days do not count
    assert streak([], date(2026, 11, 27)) == 0


def test_streak_stops_reading_at_the_first_gap() -> None:
    def dates() -> Iterator[date]:
        yield from (date(2026, 11, 25), date(2026, 11, 24), date(2026, 11, 20))
        raise AssertionError("read past the gap")

    assert streak(dates(), date(2026, 11, 25)) == 2


def test_a_past_weeks_streak_is_as_of_its_sunday(store: LogStore, schedule: Schedule) -> None:
    store.record(
        [focus_row(1, "2026-11-28"), focus_row(2, "2026-11-29"), focus_row(3, "2026-12-05")], None
    )
    r = load_review(store, schedule, START, today=date(2026, 12, 6))
    assert r.streak == 2


def test_self_paced_plans_daily_pomodoros(store: LogStore, paced: Path) -> None:
    s = Schedule(load_curriculum(paced), START)
    r = load_review(store, s, START, today=START)
    assert [d.planned for d in r.days] == [0, 0, 3, 3, 3, 3, 3]
    assert r.backlog == [] and r.progress == (0, 6)


def test_json_keys(store: LogStore, schedule: Schedule) -> None:
    store.record([focus_row(1, "2026-11-25", "skipped")], None)
    doc = load_review(store, schedule, START, today=START).to_json()
    assert list(doc) == [
        "week", "days", "tracks", "adherence", "streak", "interruptions", "backlog", "progress",
        "projected_end",
    ]  # fmt: skip
    assert doc["interruptions"] == [
        {
            "ended_at": "2026-11-25T10:20:00+08:00",
            "slot_title": "装饰器",
            "status": "skipped",
            "reason": None,
        }
    ]
    assert doc["adherence"] == 0.0


def test_no_log_at_all(schedule: Schedule) -> None:
    r = load_review(None, schedule, START, today=START)
    assert r.days[2].planned == 4 and r.adherence == 0.0 and r.streak == 0


def test_track_and_day_minutes_add_up_to_the_week_rounded_once() -> None:
    from pomoplan.core.review import minutes_of

    assert minutes_of([25, 25]) == [1, 0]  # 50 s: one minute in all, not 0 + 0 beside a 1
    assert minutes_of([89, 31, 0]) == [1, 1, 0]  # 120 s: 1.48 and 0.52 minutes
    assert minutes_of([]) == []
    for parts in ([1500, 1499, 61], [29, 29, 29, 29], [3600, 90, 30]):
        assert sum(minutes_of(parts)) == round(sum(parts) / 60)
        assert all(abs(m * 60 - s) < 60 for m, s in zip(minutes_of(parts), parts, strict=True))
