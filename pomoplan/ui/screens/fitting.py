"""Dialogs that fit any terminal: the middle part scrolls, the title and the hint stay in view."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget


class Middle(VerticalScroll):
    """The part of a dialog that scrolls when the terminal is short (↑ ↓ End work in it)."""


def fit_middle(screen: Screen[object]) -> None:
    """Give the dialog's :class:`Middle` the rows the terminal leaves after the rest of it
    (measured: the title and hint may wrap); call on mount and on resize, after a refresh."""
    middle = screen.query_one(Middle)
    dialog = middle.parent
    if not isinstance(dialog, Widget):
        return
    around = dialog.styles.gutter.height + middle.styles.margin.height
    for child in dialog.children:
        if child is not middle and child.display:
            around += child.outer_size.height + child.styles.margin.height
    middle.styles.max_height = max(3, screen.size.height - around)
