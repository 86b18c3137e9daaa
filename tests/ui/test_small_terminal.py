"""A 50x15 terminal: the countdown is one line so slots show, rows leave the track out."""

from __future__ import annotations

from textual.widgets import Digits, Label

from pomoplan.ui.widgets.slot_list import SlotList


def line(widget, y: int) -> str:
    return "".join(s.text for s in widget.render_line(y))


async def test_at_50x15_the_time_is_on_the_phase_line_and_slots_have_the_rows(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.query_one("#clock", Digits).display
        assert "20:00" in str(screen.query_one("#phase", Label).content)
        slots = screen.query_one(SlotList)
        assert slots.scrollable_content_region.height >= 3
        first_slot = line(slots, 1)
        assert "Python" not in first_slot[:12] and "复习Python" in first_slot  # no track column
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.query_one("#clock", Digits).display
        assert "20:00" not in str(screen.query_one("#phase", Label).content)


async def test_at_50_columns_the_reviews_days_are_one_line_each(make_app) -> None:
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        days = app.screen.query_one("#review-days", Static)
        assert days.size.height <= 8  # seven days (and a blank), none folded under itself


async def test_at_50_columns_the_year_shows_its_latest_weeks_unfolded(make_app) -> None:
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        heat = app.screen.query_one("#stats-heatmap", Static)
        assert heat.size.height == 9  # months, seven days, the legend: none folded
        year = app.screen.query_one("#stats-year")
        assert year.scroll_x == year.max_scroll_x > 0  # the latest weeks in view
