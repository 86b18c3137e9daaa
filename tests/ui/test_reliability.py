"""Nothing recorded is lost: an unwritable log, a restart after it, a wall clock going back."""

from __future__ import annotations

import json

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import TimerState
from pomoplan.services.session import RETRY_S
from pomoplan.store.fallback import fallback_path


def fill_up(app) -> None:
    """Make the log refuse writes, as a read-only file or a full disk would."""
    app.session.store.conn.execute("PRAGMA query_only = 1")


def free_up(app) -> None:
    app.session.store.conn.execute("PRAGMA query_only = 0")


async def test_an_unwritable_log_keeps_the_timer_going_and_writes_later(
    make_app, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        fill_up(app)
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        await pilot.pause()
        s = app.session
        assert s.write_error and "cannot write the log" in s.write_error
        assert s.timer.phase.is_break and s.timer.state is TimerState.RUNNING  # keeps going
        assert len(s.pending) == 1
        side = fallback_path(s.store.path)
        saved = json.loads(side.read_text(encoding="utf-8"))
        assert [r["status"] for r in saved["pending"]] == ["completed"]
        assert any("Cannot write the log" in n.message for n in app.said)
        assert list(s.store.rows()) == []
        free_up(app)
        clock.advance(RETRY_S)  # a failed write is tried again a few seconds later
        app.tick()
        assert [r["kind"] for r in s.store.rows()] == ["focus"]
        assert s.pending == [] and not side.exists()


async def test_a_restart_after_an_unwritable_log_loses_nothing(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        fill_up(app)
        await pilot.press("space")
        clock.advance(1200 + 30)
        app.tick()
        assert len(app.session.pending) == 1
        app.session.store.close()  # the process dies here, without quitting
    make_app.close_all()
    again = make_app()
    async with again.run_test():
        rows = list(again.session.store.rows())
        assert [(r["kind"], r["status"]) for r in rows] == [("focus", "completed")]
        assert again.session.timer.phase.is_break  # the break resumed where it stands
        assert again.session.timer.remaining() == 300 - 30
        assert not fallback_path(again.session.store.path).exists()


async def test_a_wall_clock_set_back_never_records_a_negative_duration(make_app, clock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(100)
        clock.jump_wall(-3600)
        app.tick()
        clock.advance(50)
        await pilot.press("s")
        (row,) = list(app.session.store.rows())
        assert row["focused_s"] == 150 and row["ended_at"] > row["started_at"]
