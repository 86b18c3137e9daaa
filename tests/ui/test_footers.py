"""Footers fit 50, 60 and 80 columns in both languages: whole entries, quit always there."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from pomoplan.text.i18n import set_language, t
from pomoplan.ui.widgets.key_bar import Entry, KeyBar, fit


def footer(app) -> tuple[str, list[Entry]]:
    bar = app.screen.query_one(KeyBar)
    return bar.plain, bar.shown


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 60, 80])
@pytest.mark.parametrize("screen", ["today", "review", "stats"])
async def test_the_footer_fits_with_whole_entries_and_quit(
    make_app, language: str, width: int, screen: str
) -> None:
    app = make_app(language=language)
    async with app.run_test(size=(width, 24)) as pilot:
        if screen != "today":
            await pilot.press({"review": "r", "stats": "g"}[screen])
        await pilot.pause()
        text, shown = footer(app)
        bar = app.screen.query_one(KeyBar)
        assert cell_len(text) <= width, text
        assert text.rstrip().endswith(f"q {t('key_quit')}"), text  # never a stray "o"
        everything = bar.entries()
        whole = {(e.shown, e.description) for e in everything}
        for entry in shown:  # each is a binding's own entry, or a ← → pair
            assert (entry.shown, entry.description) in whole or entry.pair, entry
        rendered = "".join(s.text for s in app.screen.query_one(KeyBar).render_line(0))
        assert rendered.rstrip() == text.rstrip()  # what is drawn is what it says
        if width == 80:  # 80 columns hold every key that acts there
            assert len(shown) == len(everything), text


def test_fit_drops_the_least_needed_first_and_never_quit() -> None:
    set_language("en")
    entries = [
        Entry("space", "space", "Start/Pause", 2),
        Entry("s", "s", "Skip", 4),
        Entry("r", "r", "Review", 6),
        Entry("q", "q", "Quit", 0),
    ]
    assert [e.key for e in fit(entries, 80)] == ["space", "s", "r", "q"]
    assert [e.key for e in fit(entries, 35)] == ["space", "s", "q"]
    assert [e.key for e in fit(entries, 5)] == ["q"]
    pair = [
        Entry("left", "←", "Previous week", 1, "key_weeks"),
        Entry("right", "→", "Next week", 1, "key_weeks"),
    ]
    assert [(e.shown, e.description) for e in fit([*pair, entries[-1]], 25)] == [
        ("← →", "Weeks"),
        ("q", "Quit"),
    ]
