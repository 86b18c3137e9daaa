"""The note dialog: one line about the last focus; enter saves, escape leaves it as it was."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pomoplan.text.i18n import t
from pomoplan.text.safe import visible
from pomoplan.ui.widgets.broken_text import BrokenText


class NoteDialog(ModalScreen[str | None]):
    """Dismisses with the note ("" clears it), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, about: str, note: str) -> None:
        super().__init__()
        self.about = about
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield BrokenText(Text(t("note_title", title=visible(self.about))), id="dialog-title")
            yield Input(self.note, placeholder=t("note_placeholder"), id="note", max_length=500)
            yield Label(t("note_hint"), id="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: save the note typed."""
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Escape: keep the note as it was."""
        self.dismiss(None)
