"""What the screens wrap follows the line-breaking rules: whole Latin words, no line opened by
closing punctuation (read from the rendered lines at several widths, in both languages)."""

from __future__ import annotations

import re

import pytest

from pomoplan.text.linebreak import CLOSING


def rendered(widget) -> list[str]:
    lines = []
    for y in range(widget.size.height):
        lines.append("".join(s.text for s in widget.render_line(y)).strip())
    return [line for line in lines if line]


def check(widget) -> None:
    source = widget.visual.plain
    words = set(re.findall(r"[A-Za-z0-9]+", source))
    # only what is longer than a line may be cut (a URL): no line breaks it otherwise
    too_long = [t for t in re.findall(r"[!-~]+", source) if len(t) > widget.content_size.width]
    lines = rendered(widget)
    assert lines, widget
    for line in lines:
        assert line[0] not in CLOSING, lines
        for word in re.findall(r"[A-Za-z0-9]+", line):
            assert word in words or any(word in t for t in too_long), (word, lines)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("width", [50, 64, 80, 100])
async def test_the_detail_and_the_current_slot_break_by_the_rules(
    make_app, language: str, width: int
) -> None:
    app = make_app(language=language, day=None)
    async with app.run_test(size=(width, 30)) as pilot:
        for _ in range(4):  # a few slots' details
            await pilot.pause()
            check(app.screen.query_one("#detail"))
            check(app.screen.query_one("#current-title"))
            await pilot.press("down")


async def test_the_rest_day_detail_no_longer_starts_a_line_with_a_comma(make_app) -> None:
    from datetime import date

    app = make_app(day=date(2026, 11, 29))  # the snapshot that showed "、异步编程）"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = rendered(app.screen.query_one("#detail"))
        assert not any(line.startswith("、") for line in lines), lines
