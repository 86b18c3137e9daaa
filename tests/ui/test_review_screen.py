"""The review screen: week navigation and picking a backlog slot to study today."""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList, Static

from pomoplan.ui.screens.review import ReviewScreen
from pomoplan.ui.widgets.slot_list import SlotList


def text_of(widget) -> str:
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


async def test_left_and_right_move_between_weeks(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "2026-W48" in text_of(screen.query_one("#review-title", Static))
        await pilot.press("left")
        assert screen.review.week == "2026-W47"
        assert "2026-W47" in text_of(screen.query_one("#review-title", Static))
        await pilot.press("right", "right")
        assert screen.review.week == "2026-W49"
        days = text_of(screen.query_one("#review-days", Static))
        assert "Mon 11-30" in days and "1/1" not in days
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)


async def test_enter_on_a_backlog_slot_makes_it_current_today(make_app) -> None:
    # The plan started Monday; it is Wednesday: Monday's and Tuesday's slots are backlog.
    app = make_app(start=date(2026, 11, 23))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        backlog = app.screen.query_one("#review-backlog", OptionList)
        assert backlog.option_count == 6
        assert "2026-11-23" in str(backlog.get_option_at_index(0).prompt)
        backlog.focus()
        backlog.highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        assert app.session.current.slot.id == "w1-mon-b2-s1"
        assert app.session.current.date == date(2026, 11, 23)
        lines = app.screen.query_one(SlotList).lines
        assert "Backlog" in lines  # listed under its own heading on today's screen
        assert any(line.startswith("▶") and "前馈神经网络" in line for line in lines)
        slots = app.screen.query_one(SlotList)
        assert slots.lines[slots.highlighted].startswith("▶")  # enter now picks the adopted one
