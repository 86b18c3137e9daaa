"""Asked when another slot is chosen while a focus is paused: whose is the time focused so far?"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from pomoplan.text.i18n import t
from pomoplan.text.safe import visible
from pomoplan.ui.widgets.broken_text import BrokenText


class MoveFocusDialog(ModalScreen[bool]):
    """Dismisses with True (the paused focus counts for the new slot) or False (it stays on
    the slot it was started for, and that slot stays current)."""

    BINDINGS = [
        Binding("enter,y", "move", "Move", show=False),
        Binding("escape,n", "keep", "Keep", show=False),
    ]

    def __init__(self, paused_on: str, chosen: str, focused: str) -> None:
        super().__init__()
        self.paused_title = paused_on
        self.chosen_title = chosen
        self.seconds_text = focused

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("move_focus_title"), id="dialog-title")
            text = t(
                "move_focus_body",
                focused=self.seconds_text,
                paused_on=visible(self.paused_title),
                chosen=visible(self.chosen_title),
            )
            yield BrokenText(Content(text), id="dialog-body")
            yield Label(t("move_focus_hint"), id="dialog-hint")

    def action_move(self) -> None:
        """Enter: the focus so far counts for the slot chosen."""
        self.dismiss(True)

    def action_keep(self) -> None:
        """Escape: nothing changes."""
        self.dismiss(False)
