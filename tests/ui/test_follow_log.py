"""An open app shows what another terminal did to the log (log, amend, undo, replan) at its next
tick, without a restart; its own writes do not make it read the day again."""

from __future__ import annotations

from pathlib import Path

import pytest
from logrows import log_row

from pomoplan.__main__ import main
from pomoplan.core.clock import FakeClock
from pomoplan.store.log import LogStore
from pomoplan.ui.widgets.slot_list import SlotList


def lines(app) -> list[str]:
    return app.screen.query_one(SlotList).lines


def line_of(app, title_part: str) -> str:
    return next(line for line in lines(app) if title_part in line)


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's data dir, for commands run as from another terminal."""
    home = tmp_path / "home"
    monkeypatch.setenv("POMOPLAN_HOME", str(home))
    return home


async def test_a_focus_logged_elsewhere_and_its_undo_show_at_the_next_tick(
    make_app, cli_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert "0/1 Python" in line_of(app, "装饰器")
        with LogStore(cli_home / "pomoplan.db") as other:  # another process's connection
            other.record([log_row("elsewhere", "2026-11-25", slot_id="w1-wed-b1-s1")], None)
        await pilot.pause()
        assert "0/1 Python" in line_of(app, "装饰器")  # nothing read between ticks
        app.tick()
        await pilot.pause()
        assert "1/1 Python" in line_of(app, "装饰器")
        assert main(["amend", "elsewhere", "--status", "skipped"]) == 0
        app.tick()
        await pilot.pause()
        assert "0/1 Python" in line_of(app, "装饰器")
        assert main(["undo"]) == 0  # the amend taken back: done again
        app.tick()
        await pilot.pause()
        assert "1/1 Python" in line_of(app, "装饰器")


async def test_a_replan_and_its_undo_elsewhere_move_the_day_on_screen(
    make_app, cli_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert lines(app)[0] == "上午" and "装饰器" in lines(app)[1]
        assert main(["replan", "shift", "1", "--from", "2026-11-25"]) == 0
        app.tick()
        await pilot.pause()
        assert app.session.view.status != "study"  # Wednesday's slots are on Thursday now
        assert app.session.plan.replans and "上午" not in lines(app)[:1]
        assert main(["undo"]) == 0
        app.tick()
        await pilot.pause()
        assert not app.session.plan.replans
        assert lines(app)[0] == "上午" and "装饰器" in lines(app)[1]


async def test_a_plan_started_elsewhere_is_the_plan_on_screen_at_the_next_tick(
    make_app, cli_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.session.plan.curriculum.id == "mini"
        assert main(["start", "one-month", "--on", "2026-11-25"]) == 0
        app.tick()
        await pilot.pause()
        assert app.session.plan.curriculum.id == "one-month"
        assert app.session.plan.start.isoformat() == "2026-11-25"
        first = app.session.plan.schedule.day(app.session.day).slots[0]
        assert any(first.title in line for line in lines(app))
        plan = app.session.plan.schedule
        assert all(plan.slot(e.slot.id) == e.slot for e in app.session.entries)  # none of mini


async def test_the_apps_own_writes_are_not_read_again(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        clock.advance(1200)
        app.tick()  # the focus ends and is recorded by this app
        assert app.session.follow_log() is False
        assert "1/1 Python" in line_of(app, "装饰器")


async def test_an_open_review_counts_a_focus_logged_elsewhere(make_app, cli_home: Path) -> None:
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")

        def summary() -> str:
            content = app.screen.query_one("#review-summary", Static).content
            return content.plain if hasattr(content, "plain") else str(content)

        assert "0/16🍅" in summary()
        with LogStore(cli_home / "pomoplan.db") as other:
            other.record([log_row("elsewhere", "2026-11-25", slot_id="w1-wed-b1-s1")], None)
        app.tick()
        await pilot.pause()
        assert "1/16🍅" in summary()


async def test_a_current_backlog_slot_done_elsewhere_gives_way_to_the_next(
    make_app, cli_home: Path
) -> None:
    """It leaves the backlog once done: reading the day again crashed the app (ValueError)."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        entry = next(e for e in app.session.entries if e.section.kind == "backlog")
        app.session.select(entry)
        assert app.session.current == entry
        with LogStore(cli_home / "pomoplan.db") as other:
            other.record([log_row("elsewhere", "2026-11-25", slot_id=entry.slot.id)], None)
        app.tick()
        await pilot.pause()
        assert entry not in app.session.entries
        assert app.session.current is not None and app.session.current.slot.id != entry.slot.id
        assert app.session.timer.current_slot.slot_id == app.session.current.slot.id


async def test_a_plan_opened_by_file_stays_put_when_another_terminal_writes(
    tmp_path: Path, clock: FakeClock, mini: Path, cli_home: Path, desktop: list
) -> None:
    """``pomoplan --curriculum FILE`` lays that plan from the day it was opened; a record
    made in another terminal the next day must not lay it anew from that day."""
    import argparse

    from pomoplan.services.context import Context
    from pomoplan.store.paths import Paths
    from pomoplan.ui.launch import build_app

    paths = Paths(cli_home, cli_home)
    args = argparse.Namespace(
        curriculum=str(mini), date=None, focus=None, short_break=None, long_break=None,
        long_every=None,
    )  # fmt: skip
    app, lock, store = build_app(Context(paths=paths, clock=clock), args, autotick=False)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            opened = app.session.plan.start
            clock.advance(24 * 3600)  # the next study day
            app.tick()
            await pilot.pause()
            shown = [e.slot.id for e in app.session.entries]
            assert main(["log", "--title", "reading", "--minutes", "10"]) == 0
            app.tick()
            await pilot.pause()
            assert app.session.plan.start == opened
            assert [e.slot.id for e in app.session.entries] == shown
    finally:
        store.close()
        if lock is not None:
            lock.release()
