"""The today screen's own widgets: the slot list's keys, mouse and scrolling; the phase bar."""

from __future__ import annotations

import gc
from datetime import date

from pomoplan.store import catalog
from pomoplan.ui.widgets.phase_bar import bar_content
from pomoplan.ui.widgets.slot_list import SlotList

ONE_MONTH = catalog.bundled_dir() / "one-month.yaml"


def visible_rows(slots: SlotList) -> range:
    top = slots.scroll_offset.y
    return range(top, top + slots.scrollable_content_region.height)


async def test_the_highlight_stays_in_view_on_a_short_terminal(make_app) -> None:
    app = make_app(curriculum=ONE_MONTH, start=date(2026, 11, 23))  # Wednesday: 8 slots
    async with app.run_test(size=(80, 18)) as pilot:
        await pilot.pause()
        slots = app.screen.query_one(SlotList)
        # 上午, 4 slots, 下午, 4 slots; the backlog: Monday and Tuesday's 16 slots
        assert len(slots.lines) == 27 and slots.lines[10] == "Backlog"
        assert len(visible_rows(slots)) < 10
        await pilot.press("end")
        assert slots.highlighted == 26
        assert 26 in visible_rows(slots)
        await pilot.press("home")
        assert slots.highlighted == 1  # the first slot, not the heading
        assert slots.scroll_offset.y <= 1
        await pilot.press("pagedown")
        assert slots.highlighted is not None and slots.highlighted in visible_rows(slots)
        await pilot.press("up")
        assert slots.lines[slots.highlighted] != "下午"


async def test_a_click_on_a_slot_makes_it_current_and_a_heading_does_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        slots = app.screen.query_one(SlotList)
        assert slots.lines[3] == "下午"
        await pilot.click(SlotList, offset=(4, 1 + 3))  # the border, then row 3
        await pilot.pause()
        assert app.session.current is not None
        assert app.session.current.slot.id == "w1-wed-b1-s1"
        await pilot.click(SlotList, offset=(4, 1 + 4))
        await pilot.pause()
        assert app.session.current.slot.id == "w1-wed-b2-s1"
        assert slots.lines[4].startswith("▶")


async def test_the_collector_paused_for_start_up_is_back_after_the_first_frame(make_app) -> None:
    gc.disable()  # as the pomoplan command does before it imports the app
    try:
        app = make_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # start-up's objects are not scanned again
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_bar_fills_in_half_cells_and_ends_with_the_percentage() -> None:
    assert bar_content(0.0, 25).plain == "━" * 20 + "   0%"
    assert bar_content(0.5, 25).plain == "━" * 20 + "  50%"
    assert bar_content(0.525, 25).plain == "━" * 10 + "╸" + "━" * 9 + "  52%"
    full = bar_content(1.0, 25)
    assert full.plain == "━" * 20 + " 100%"
    assert any(span.style == "$success" for span in full.spans)
    half = bar_content(0.5, 25)
    done = [span for span in half.spans if span.style == "$primary"]
    assert [(span.start, span.end) for span in done] == [(0, 10)]
    assert bar_content(0.3, 3).plain == "  30%"  # too narrow for a bar: the figure only
