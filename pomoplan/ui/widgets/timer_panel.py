"""The countdown: phase, big digits, a determinate progress bar and the current slot."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Label

from pomoplan.core.durations import format_clock
from pomoplan.ui.widgets.phase_bar import PhaseBar


class TimerPanel(Vertical):
    """Shows what the timer says; does no time arithmetic of its own."""

    def compose(self) -> ComposeResult:
        yield Label("", id="phase")
        yield Digits("25:00", id="clock")
        yield PhaseBar(id="progress")
        yield Label("", id="current-title")

    _shown: tuple[str, str, str, str] | None = None

    def show(
        self,
        *,
        phase: str,
        phase_class: str,
        remaining: float,
        planned: int,
        title: str,
        hint: str,
    ) -> None:
        """Update what changed: the digits each second, the bar in steps, the rest with the phase."""
        self.query_one("#clock", Digits).update(format_clock(remaining))
        self.query_one(PhaseBar).show(max(0.0, planned - remaining), max(1, planned))
        labels = (phase, phase_class, title, hint)
        if labels == self._shown:
            return
        self._shown = labels
        self.query_one("#phase", Label).update(phase)
        self.query_one("#current-title", Label).update(
            f"{title}\n[dim]{hint}[/]" if hint else title
        )
        for name in ("focus", "break", "idle", "paused"):
            self.set_class(name == phase_class, f"-{name}")
