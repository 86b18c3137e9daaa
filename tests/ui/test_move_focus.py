"""Choosing another slot while a focus is paused asks whose the time focused so far is."""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList, Static

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import TimerState
from pomoplan.ui.screens.move_focus import MoveFocusDialog
from pomoplan.ui.screens.review import ReviewScreen
from pomoplan.ui.widgets.slot_list import SlotList


def body(app) -> str:
    return str(app.screen.query_one("#dialog-body", Static).content)


async def pause_after(pilot, clock: FakeClock, seconds: int) -> None:
    """Start a focus on the current slot, let ``seconds`` pass, and pause it."""
    await pilot.press("space")
    clock.advance(seconds)
    await pilot.press("space")


async def enter_on_third_slot(pilot) -> None:
    await pilot.press("down", "down", "enter")
    await pilot.pause()


async def test_enter_on_another_slot_while_paused_asks_and_escape_keeps_the_focus(
    make_app, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pause_after(pilot, clock, 600)  # paused after 10 minutes on the first slot
        await enter_on_third_slot(pilot)
        assert isinstance(app.screen, MoveFocusDialog)
        assert "10:00" in body(app) and "复习Python高级特性" in body(app)
        await pilot.press("escape")  # keep it where it was: nothing changes
        await pilot.pause()
        assert not isinstance(app.screen, MoveFocusDialog)
        assert app.session.current.slot.id == "w1-wed-b1-s1"
        assert app.session.timer.current_slot.slot_id == "w1-wed-b1-s1"
        await pilot.press("space")  # resume and finish: it counts for the first slot
        clock.advance(600)
        app.tick()
        (row,) = [r for r in app.session.store.rows() if r["kind"] == "focus"]
        assert (row["slot_id"], row["focused_s"]) == ("w1-wed-b1-s1", 1200)


async def test_answering_yes_moves_the_paused_focus_to_the_slot_chosen(
    make_app, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pause_after(pilot, clock, 600)
        await enter_on_third_slot(pilot)
        assert isinstance(app.screen, MoveFocusDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current.slot.id == "w1-wed-b2-s1"
        assert app.session.timer.state is TimerState.PAUSED  # still paused, now on the new one
        await pilot.press("space")
        clock.advance(600)
        app.tick()
        (row,) = [r for r in app.session.store.rows() if r["kind"] == "focus"]
        assert row["slot_id"] == "w1-wed-b2-s1"


async def test_without_a_paused_focus_enter_just_chooses(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await enter_on_third_slot(pilot)  # idle
        assert app.session.current.slot.id == "w1-wed-b2-s1"
        await pilot.press("space")  # running: choosing says "this is what I am doing"
        clock.advance(60)
        await pilot.press("up", "up", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MoveFocusDialog)
        assert app.session.current.slot.id == "w1-wed-b1-s1"


async def test_a_backlog_slot_taken_from_the_review_asks_too(make_app, clock: FakeClock) -> None:
    app = make_app(start=date(2026, 11, 23))
    async with app.run_test(size=(100, 36)) as pilot:
        await pause_after(pilot, clock, 300)
        paused_on = app.session.current.slot.id
        await pilot.press("r")
        backlog = app.screen.query_one("#review-backlog", OptionList)
        backlog.focus()
        backlog.highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MoveFocusDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # kept: still on the review, nothing moved
        assert app.session.current.slot.id == paused_on
        await pilot.press("enter")
        await pilot.press("enter")  # yes: the backlog slot is current, the focus with it
        await pilot.pause()
        assert app.session.current.slot.id == "w1-mon-b2-s1"
        assert app.session.timer.current_slot.slot_id == "w1-mon-b2-s1"
        slots = app.screen.query_one(SlotList)
        assert slots.lines[slots.highlighted].startswith("▶")
