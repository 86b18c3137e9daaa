"""Toasts sit where no widget edge runs under them (Textual issue 6357: a wide character of a
toast drawn over a widget's edge vanishes when that widget redraws)."""

from __future__ import annotations

import pytest
from textual.widget import Widget


def edges_under(app, toast: Widget) -> list[tuple[str, int]]:
    """The left and right edges of widgets under ``toast`` that cut through it."""
    region = toast.region
    cuts = []
    for widget in app.screen.query("*"):
        if widget is toast or toast in widget.ancestors_with_self or widget in toast.ancestors:
            continue
        if not widget.display or not widget.region.overlaps(region):
            continue
        for x in (widget.region.x, widget.region.right):
            if region.x < x < region.right:
                cuts.append((widget.id or type(widget).__name__, x))
    return cuts


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (50, 15)])
@pytest.mark.parametrize("screen", ["today", "review"])
async def test_toasts_do_not_straddle_a_widget_edge(make_app, size, screen) -> None:
    app = make_app(language="zh")
    async with app.run_test(size=size, notifications=True) as pilot:
        if screen == "review":
            await pilot.press("r")
        app.notify("专注完成：复习Python高级特性（装饰器、异步编程）", title="专注结束")
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert toasts
        for toast in toasts:
            assert edges_under(app, toast) == []
