"""The key help: what each key does on the screen it was opened from, and what marks mean."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pomoplan.text.i18n import t
from pomoplan.ui.screens.fitting import Middle, fit_middle


class HelpScreen(ModalScreen[None]):
    """Lists the keys in force (they can be rebound in config)."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, rows: list[tuple[str, str]], legend: str = "") -> None:
        super().__init__()
        self.rows = rows
        self.legend = legend

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for key, description in self.rows:
            table.add_row(Text(key), Text(description))
        with Vertical(id="dialog", classes="-help"):
            yield Label(t("help_title"), id="dialog-title")
            with Middle(id="help-keys"):
                yield Static(table, id="help-table")
                if self.legend:
                    yield Static(legend_table(self.legend), id="legend")
            yield Label(t("close_hint"), id="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Middle).focus()
        self.call_after_refresh(fit_middle, self)

    def on_resize(self) -> None:
        self.call_after_refresh(fit_middle, self)

    def action_close(self) -> None:
        """Back to where we were."""
        self.dismiss(None)


def legend_table(legend: str) -> Table:
    """``▶ current  ✔ done`` as rows (mark, meaning): an entry is never cut in two."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for entry in legend.split("  "):
        mark, _, meaning = entry.strip().partition(" ")
        table.add_row(Text(mark), Text(meaning))
    return table
