"""Help lists every key of the screen it was opened from, and fits a 50x15 terminal."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from pomoplan.ui.keys import display
from pomoplan.ui.screens.help import HelpScreen


def help_text(app) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return "\n".join(f"{key} {description}" for key, description in screen.rows) + (
        "\n" + screen.legend
    )


def acting_keys(app) -> list[str]:
    return [display(s.key) for s in app.keys if app.check_action(s.action.split("(")[0], ())]


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_help_fits_50x15_and_scrolls_to_its_last_line(make_app, language: str) -> None:
    app = make_app(language=language)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        hint = screen.query_one("#dialog-hint", Label)
        title = screen.query_one("#dialog-title", Label)
        keys = screen.query_one("#help-keys", VerticalScroll)
        assert title.region.y >= 0 and hint.region.bottom <= 15  # both in view
        assert keys.max_scroll_y > 0  # the rest scrolls
        await pilot.press("end")
        await pilot.pause()
        legend = screen.query_one("#legend", Static)
        assert keys.region.contains_region(legend.region.intersection(keys.region))
        assert legend.region.bottom <= keys.region.bottom  # the legend's last line is reachable


async def test_help_on_today_lists_the_movement_keys_and_every_key_that_acts(make_app) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        expected = acting_keys(app)
        await pilot.press("question_mark")
        text = help_text(app)
        for key in [*expected, "↑ ↓", "enter", "PgUp PgDn", "ctrl+p"]:
            assert key in text, key
        assert "✔" in text  # the slot marks' legend


async def test_help_on_the_review_lists_its_keys_and_not_todays(make_app) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("r")
        expected = acting_keys(app)
        await pilot.press("question_mark")
        screen = app.screen
        keys = [key for key, _ in screen.rows]
        for key in [*expected, "↑ ↓", "enter", "escape", "←", "→", "p"]:
            assert key in keys, key
        assert "s" not in keys and "x" not in keys  # skip and interrupt act on today only
        assert "░" in screen.legend


async def test_help_on_the_stats_lists_its_years(make_app) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("g")
        await pilot.press("question_mark")
        rows = dict(app.screen.rows)
        assert rows["←"] == "Previous year" and rows["→"] == "Next year"
        await pilot.press("escape")
        year = app.screen.year
        await pilot.press("left")  # the app's year key works on the stats
        assert app.screen.year == year - 1


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("keys", [["question_mark"], ["r", "p"], ["n"], ["space", "x"]])
async def test_every_dialog_keeps_its_title_and_hint_in_view_at_50x15(
    make_app, clock, language: str, keys: list[str]
) -> None:
    from datetime import date

    app = make_app(language=language, start=date(2026, 11, 16))  # a backlog to re-plan
    async with app.run_test(size=(50, 15)) as pilot:
        if keys == ["n"]:  # a focus to write a note on
            await pilot.press("space")
            clock.advance(20 * 60 + 3)
            app.tick()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()
        title = app.screen.query_one("#dialog-title")
        hint = app.screen.query_one("#dialog-hint")
        assert title.region.y >= 0 and title.region.height >= 1
        assert hint.region.height >= 1 and hint.region.bottom <= 15, (keys, hint.region)
