"""The countdown: phase, big digits, a determinate progress bar and the current slot."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Digits, Label

from pomoplan.text.safe import visible
from pomoplan.ui.today_view import TodayView
from pomoplan.ui.widgets.broken_text import BrokenText
from pomoplan.ui.widgets.phase_bar import PhaseBar

LOOKS = ("focus", "break", "idle", "paused")


class TimerPanel(Vertical):
    """Shows what the view says; does no time arithmetic of its own."""

    def compose(self) -> ComposeResult:
        yield Label("", id="phase")
        yield Digits("25:00", id="clock")
        yield PhaseBar(id="progress")
        yield BrokenText("", id="current-title")

    _shown: tuple[str, str, str, str, str] | None = None
    short = False
    """On a short terminal the big digits give way: the time is on the phase's line."""

    def show(self, view: TodayView) -> None:
        """Update what changed: the digits each second, the bar in steps, the rest with the phase."""
        self.query_one("#clock", Digits).update(view.clock)
        self.query_one(PhaseBar).show(max(0.0, view.planned - view.remaining), max(1, view.planned))
        phase = f"{view.phase} · {view.clock}" if self.short else view.phase
        labels = (phase, view.look, view.current, view.hint, str(self.short))
        if labels == self._shown:
            return
        self._shown = labels
        self.query_one("#phase", Label).update(Content(phase))
        title = Content(visible(view.current))
        if view.hint:
            title = Content.assemble(title, "\n", (view.hint, "dim"))
        self.query_one("#current-title", BrokenText).update(title)
        for name in LOOKS:
            self.set_class(name == view.look, f"-{name}")
