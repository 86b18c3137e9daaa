"""Restarts, sleeps and wrong wall clocks record only lived time, dated no later than real."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import Phase, TimerState
from pomoplan.store.state import TIMER_KEY

AUTO = "auto_start_focus: true\nauto_start_breaks: true\n"
DAY = 86400


def die(app) -> None:
    """The process ends without quitting (SIGHUP, kill): what was saved is all there is."""
    app.session.store.close()


def real_iso(clock: FakeClock) -> str:
    return datetime.fromtimestamp(clock.real(), clock.tz()).isoformat(timespec="seconds")


async def test_closed_for_hours_records_only_the_focus_that_was_running(
    make_app, clock: FakeClock, tmp_path
) -> None:
    out = tmp_path / "hooks.txt"
    config = AUTO + f"hooks:\n  on_phase_end: 'echo $POMOPLAN_PHASE >> {out}'\n"
    app = make_app(config=config)
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(300)
        app.tick()
        die(app)
    make_app.close_all()
    clock.advance(5 * 3600)  # the terminal was closed for five hours
    clock.restart()
    again = make_app(config=config)
    async with again.run_test():
        rows = list(again.session.store.rows())
        assert [(r["kind"], r["status"]) for r in rows] == [("focus", "completed")]
        assert rows[0]["ended_at"] == "2026-11-25T09:20:00+08:00"  # at its deadline
        timer = again.session.timer
        assert timer.state is TimerState.IDLE and timer.phase is Phase.SHORT_BREAK  # it waits
    assert out.read_text().split() == ["focus"]  # one hook, for the one phase that ended


async def test_a_sleep_past_the_deadline_ends_the_focus_and_waits(make_app, clock) -> None:
    app = make_app(config=AUTO)
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(60)
        app.tick()
        clock.suspend(8 * 3600)
        app.tick()
        rows = list(app.session.store.rows())
        assert [(r["kind"], r["status"]) for r in rows] == [("focus", "completed")]
        assert app.session.timer.state is TimerState.IDLE


@pytest.mark.parametrize("days", [30, 365])
async def test_a_wall_clock_set_ahead_for_seconds_never_dates_later_records(
    make_app, clock: FakeClock, days: int
) -> None:
    app = make_app(config=AUTO)
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(60)
        app.tick()
        clock.jump_wall(days * DAY)  # set ahead for three seconds...
        for _ in range(3):
            clock.advance(1)
            app.tick()
        assert app.session.day == date(2026, 11, 25)  # the day shown does not jump either
        die(app)  # ...and the app is closed meanwhile
    make_app.close_all()
    clock.jump_wall(-days * DAY)  # then set back
    clock.advance(600)
    clock.restart()
    again = make_app(config=AUTO)
    async with again.run_test() as pilot:
        assert again.session.timer.state is TimerState.RUNNING
        clock.advance(again.session.timer.remaining())
        again.tick()
        clock.advance(300)
        again.tick()
        rows = list(again.session.store.rows())
        assert [r["kind"] for r in rows] == ["focus", "short_break"]
        for r in rows:
            assert r["ended_at"] <= real_iso(clock) and r["study_date"] == "2026-11-25"


async def test_a_state_saved_by_a_clock_ahead_counts_from_now_with_a_notice(
    make_app, clock: FakeClock
) -> None:
    clock.jump_wall(30 * DAY)  # the app was started while the clock was a month ahead
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(60)
        app.tick()
        die(app)
    make_app.close_all()
    clock.jump_wall(-30 * DAY)
    clock.restart()
    again = make_app()
    async with again.run_test(notifications=True) as pilot:
        s = again.session
        # Saved at its start by a clock 30 days ahead: it resumes as if saved just now.
        assert s.timer.state is TimerState.RUNNING and s.timer.remaining() == 1200
        assert any("ahead" in n for n in s.notices)
        clock.advance(1200)
        again.tick()
        (row,) = list(s.store.rows())
        assert row["ended_at"] <= real_iso(clock) and row["study_date"] == "2026-11-25"


DAMAGED = [
    ("deadline", "abc"),
    ("deadline", float("nan")),
    ("deadline", float("inf")),
    ("started_at", -1e12),
    ("planned_s", 1e20),
    ("paused_since", "x"),
    ("slot", 3),
]


@pytest.mark.parametrize(("key", "value"), DAMAGED)
async def test_a_damaged_saved_phase_is_dropped_with_one_line_and_the_app_runs(
    make_app, clock: FakeClock, key: str, value: object
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(60)
        app.tick()
        doc = app.session.state_document()
        doc["current"][key] = value
        app.session.store.conn.execute(
            "UPDATE timer_state SET value = ? WHERE key = ?", (json.dumps(doc), TIMER_KEY)
        )
        die(app)
    make_app.close_all()
    again = make_app()
    async with again.run_test(notifications=True) as pilot:
        s = again.session
        (notice,) = s.notices
        assert f"current.{key}" in notice and "\n" not in notice
        assert s.timer.state is TimerState.IDLE
        await pilot.pause()
        assert any(n.message == notice for n in again.said)
        await pilot.press("space")  # and a new focus runs to its end
        clock.advance(1200)
        again.tick()
        assert [r["kind"] for r in s.store.rows()] == ["focus"]
