"""The key help: what each key does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pomoplan.text.i18n import t


class HelpScreen(ModalScreen[None]):
    """Lists the keys in force (they can be rebound in config)."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.rows) + 2
        text = "\n".join(f"[b]{k:<{width}}[/b]{d}" for k, d in self.rows)
        with Vertical(id="dialog"):
            yield Label(t("help_title"), id="dialog-title")
            yield Static(text)
            yield Label(t("legend"), id="legend")
            yield Label(t("close_hint"), id="dialog-hint")

    def action_close(self) -> None:
        """Back to where we were."""
        self.dismiss(None)
