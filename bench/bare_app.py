"""The yardstick for bench.py: the least a Textual countdown can be.

A 25:00 ``Digits`` countdown that ticks once a second by itself, one label holding a marker
text that bench.py waits for, and a ``Footer``. Nothing else is imported, nothing is read or
written, so whatever pomoplan costs on top of this is pomoplan's own.

Run: ``python bench/bare_app.py``; ``q`` quits.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Digits, Footer, Label

MARKER = "BARE-APP-READY 复习Python高级特性"
"""What bench.py polls the terminal for (CJK included, like pomoplan's slot titles)."""
FOCUS_S = 25 * 60


class BareApp(App[None]):
    """A countdown, a label and a footer."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.remaining = FOCUS_S

    def compose(self) -> ComposeResult:
        yield Digits(self._clock(), id="clock")
        yield Label(MARKER, id="marker")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def _clock(self) -> str:
        minutes, seconds = divmod(self.remaining, 60)
        return f"{minutes:02d}:{seconds:02d}"

    def _tick(self) -> None:
        self.remaining = max(0, self.remaining - 1)
        self.query_one("#clock", Digits).update(self._clock())


if __name__ == "__main__":
    BareApp().run()
