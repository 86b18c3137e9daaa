"""The interrupt dialog: an optional reason; enter confirms, escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pomoplan.text.i18n import t


class InterruptDialog(ModalScreen[str | None]):
    """Dismisses with the reason ("" for none), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("interrupt_title"), id="dialog-title")
            yield Input(placeholder=t("interrupt_reason"), id="reason", max_length=200)
            yield Label(t("interrupt_hint"), id="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: interrupt with the reason typed."""
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Escape: keep going."""
        self.dismiss(None)
