"""The today screen: the plan day, the countdown, the slots and the current slot's detail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from pomoplan.ui.widgets.slot_detail import SlotDetail
from pomoplan.ui.widgets.slot_list import SlotList
from pomoplan.ui.widgets.timer_panel import TimerPanel


class TodayScreen(Screen[None]):
    """Renders what the app's session says; keys are bound on the app."""

    ready = False
    """Set once the widgets exist, so the app knows it can render into them."""

    def compose(self) -> ComposeResult:
        yield Static("", id="title")
        # Composed with its look already: changing a class before the first frame restyles.
        look = getattr(self.app, "phase_class", "idle")
        yield TimerPanel(id="timer", classes=f"-{look}")
        yield Static("", id="day-message")
        with Horizontal(id="body"):
            yield SlotList(id="slots")
            with VerticalScroll(id="detail-box"):
                yield SlotDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SlotList).focus()
        self.ready = True
        render = getattr(self.app, "render_today", None)
        if render is not None:
            render()

    def on_slot_list_picked(self, event: SlotList.Picked) -> None:
        """Enter (or a click) on a slot: make it current."""
        self.app.call_later(self.app.run_action, f"select({event.index})")
