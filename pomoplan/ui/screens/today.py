"""The today screen: the plan day, the countdown, the slots and the highlighted slot's detail."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from pomoplan.text.safe import visible
from pomoplan.ui.keys import Screen as BaseScreen
from pomoplan.ui.today_view import SlotKey, TodayView, header
from pomoplan.ui.widgets.key_bar import KeyBar
from pomoplan.ui.widgets.slot_detail import SlotDetail
from pomoplan.ui.widgets.slot_list import SlotList
from pomoplan.ui.widgets.timer_panel import TimerPanel

SHORT = 20
"""Rows under which the countdown is one line, not big digits."""


class TodayScreen(Screen[None]):
    """Shows :attr:`view`; reports a chosen slot with :class:`SlotChosen` (keys are the app's)."""

    WHERE: ClassVar[BaseScreen] = "today"
    """Where the user is on this screen (the keys that act here: ui/keys.py)."""
    view: var[TodayView] = var[TodayView](None, init=False)  # type: ignore[arg-type]
    """What to show; set it and the widgets update what changed."""

    class SlotChosen(Message):
        """Enter (or a click) on a slot: the user wants it to be the current one."""

        def __init__(self, key: SlotKey) -> None:
            super().__init__()
            self.key = key

    def __init__(self, view: TodayView) -> None:
        super().__init__()
        self.set_reactive(TodayScreen.view, view)
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        # Composed with its look already: changing a class before the first frame restyles.
        yield TimerPanel(id="timer", classes=f"-{self.view.look}")
        yield Static("", id="day-message")
        with Horizontal(id="body"):
            yield SlotList(id="slots")
            with VerticalScroll(id="detail-box"):
                yield SlotDetail(id="detail")
        yield KeyBar()  # whole entries that fit; ctrl+p is in the help

    def on_mount(self) -> None:
        self.query_one(SlotList).focus()
        self._ready = True
        self._show(None, self.view)

    def on_resize(self) -> None:
        """The projected end shows only where it fits; under 20 rows the big digits go (the
        time moves to the phase's line): the slots need the rows more."""
        if self._ready:
            self._show_header()
        short = self.size.height < SHORT
        self.set_class(short, "-short")
        panel = self.query_one(TimerPanel)
        if panel.short != short:
            panel.short = short
            panel.show(self.view)

    def watch_view(self, old: TodayView, new: TodayView) -> None:
        if self._ready:
            self._show(old, new)

    def _show(self, old: TodayView | None, new: TodayView) -> None:
        if old is None or (old.title, old.ends) != (new.title, new.ends):
            self._show_header()
        self.query_one(TimerPanel).show(new)
        if old is None or old.message != new.message:
            message = self.query_one("#day-message", Static)
            message.update(Content(visible(new.message)))
            message.display = bool(new.message)
        slots = self.query_one(SlotList)
        slots.show(new.rows, new.current_key)  # redraws only when the rows changed
        highlighted = slots.highlighted_row
        self.query_one(SlotDetail).show(highlighted.info if highlighted else new.detail)

    def _show_header(self) -> None:
        title = self.query_one("#title", Static)
        title.update(Content(header(self.view, self.size.width - title.styles.gutter.width)))

    def highlight(self, key: SlotKey) -> None:
        """Move the list's highlight to the slot ``key``."""
        self.query_one(SlotList).highlight_key(key)

    def on_slot_list_highlighted(self, event: SlotList.Highlighted) -> None:
        """The detail panel follows the highlight: read a slot before choosing it."""
        self.query_one(SlotDetail).show(event.row.info if event.row else self.view.detail)

    def on_slot_list_picked(self, event: SlotList.Picked) -> None:
        """Enter (or a click) on a slot: ask the app to make it current."""
        event.stop()
        self.post_message(self.SlotChosen(event.key))
