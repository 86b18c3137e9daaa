"""How far the phase has come: a determinate bar and its percentage, in one widget."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

PERCENT_CELLS = 5
"""`` 100%`` fits; the bar takes the rest of the line."""
STEPS = 200
"""Redraw when the bar moves by 1/200 (finer than a cell of an 80-column bar), not each second."""


class PhaseBar(Widget):
    """One line, drawn in half-cell steps like Textual's ProgressBar (which is four widgets)."""

    DEFAULT_CSS = """
    PhaseBar {
        height: 1;
        width: 100%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fraction = 0.0
        self._step: tuple[float, int] | None = None

    def show(self, done: float, total: float) -> None:
        """Show ``done`` out of ``total`` (clamped to 0-100 %)."""
        fraction = min(1.0, max(0.0, done / total)) if total > 0 else 0.0
        step = (total, round(fraction * STEPS))
        if step != self._step:
            self._step = step
            self.fraction = fraction
            self.refresh()

    def render(self) -> Content:
        return bar_content(self.fraction, self.content_size.width)


def bar_content(fraction: float, width: int) -> Content:
    """``━━━━╸━━━━━━  42%`` in ``width`` cells: the done part, a half cell, the rest."""
    cells = max(0, width - PERCENT_CELLS)
    halves = round(fraction * cells * 2)
    full, half = divmod(halves, 2)
    done_style = "$success" if fraction >= 1.0 else "$primary"
    done = "━" * full + ("╸" if half else "")  # ╸: the left half of a cell
    rest = "━" * (cells - full - half)
    return Content.assemble(
        (done, done_style),
        (rest, "$surface"),
        f"{round(fraction * 100):>{PERCENT_CELLS - 1}}%",
    )
