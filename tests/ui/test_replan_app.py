"""The plan bends in the app: the backlog under today's slots, a self-paced day goes on past
its goal, and the review's ``p`` previews a re-plan before making it."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from pomoplan.core.clock import FakeClock
from pomoplan.services.replanning import Proposal
from pomoplan.ui.screens.replan import ReplanDialog, preview_lines
from pomoplan.ui.screens.review import ReviewScreen
from pomoplan.ui.today_view import today_view
from pomoplan.ui.widgets.slot_list import SlotList


def text_of(widget: Static) -> str:
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


def focus_done(session, clock: FakeClock) -> None:
    """One whole focus, then its break skipped."""
    session.toggle()
    clock.advance(session.timer.planned_s())
    session.tick()
    session.skip()


async def test_enter_on_the_backlog_under_todays_slots_makes_it_current(make_app) -> None:
    app = make_app()  # as written from Wednesday: Monday and Tuesday are backlog
    async with app.run_test(size=(100, 30)) as pilot:
        slots = app.screen.query_one(SlotList)
        assert slots.lines[5] == "Backlog"
        await pilot.press("down", "down", "down")  # past 上午's second slot, 下午, Backlog
        assert slots.highlighted == 6
        await pilot.press("enter")
        await pilot.pause()
        current = app.session.current
        assert current.slot.id == "w1-mon-b1-s1" and current.section.kind == "backlog"
        await pilot.press("space")
        assert app.session.timer.current_slot.slot_id == "w1-mon-b1-s1"


async def test_a_self_paced_day_says_its_goal_is_met_and_goes_on(
    make_app, paced, clock: FakeClock
) -> None:
    app = make_app(curriculum=paced)
    session = app.session
    assert [e.slot.id for e in session.entries] == ["a", "b"]  # 3 a day: a (2) and b (2)
    for _ in range(3):
        focus_done(session, clock)
    view = today_view(session)
    assert session.daily_goal == (3, 3)
    assert "goal is met" in view.message
    assert session.current.slot.id == "b"
    focus_done(session, clock)  # b is done: the next slots follow, the count never runs past
    assert session.done == {"a": 2, "b": 2}
    assert [(e.slot.id, e.section.kind) for e in session.entries][2:] == [
        ("c", "next"),
        ("d", "next"),
    ]
    assert session.current.slot.id == "c"
    focus_done(session, clock)
    assert session.done["c"] == 1 and session.current.slot.id == "d"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "goal is met" in text_of(app.screen.query_one("#day-message", Static))
        assert "Next (goal met)" in app.screen.query_one(SlotList).lines


async def test_review_p_previews_a_catch_up_then_makes_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.review.days[2].planned == 4
        await pilot.press("p")
        dialog = app.screen
        assert isinstance(dialog, ReplanDialog)
        preview = text_of(dialog.query_one("#replan-preview", Static))
        assert "复习Python高级特性（装饰器、异步编程）: 11-23 → 11-25" in preview
        assert app.session.store.events("replan") == []  # only a preview so far
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is review
        assert [e.data["kind"] for e in app.session.store.events("replan")] == ["catch-up"]
        wed = review.review.days[2]
        assert (wed.planned, wed.original) == (6, 4)  # two extra a day, in plan order
        assert "first planned 4" in text_of(review.query_one("#review-days", Static))
        ids = [e.slot.id for e in app.session.entries if e.date == date(2026, 11, 25)]
        assert ids[:2] == ["w1-mon-b1-s1", "w1-mon-b1-s2"]


async def test_review_p_can_shift_instead_or_change_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r", "p", "escape")
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.store.events("replan") == []
        await pilot.press("p", "s", "plus")
        dialog = app.screen
        assert isinstance(dialog, ReplanDialog) and dialog.choice == ("shift", 2)
        preview = text_of(dialog.query_one("#replan-preview", Static))
        assert "11-25 → 11-27" in preview
        await pilot.press("enter")
        await pilot.pause()
        (event,) = app.session.store.events("replan")
        assert (event.data["kind"], event.data["days"]) == ("shift", 2)
        assert app.session.view.status == "free"  # today's plan day moved two days on


def test_the_preview_lists_a_few_moves_then_how_many_more(make_app) -> None:
    from pomoplan.services.replanning import propose

    session = make_app().session
    proposal = propose(session.plan.schedule, session.done, "shift", 1, session.today)
    assert isinstance(proposal, Proposal)
    lines = preview_lines(proposal, limit=3)
    assert len(lines) == 4 and lines[-1] == f"… and {len(proposal.moves) - 3} more"
