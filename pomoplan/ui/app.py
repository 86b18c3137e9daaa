"""The Textual app: wires keys to the study session and renders it once a second."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from pomoplan.adapters.effects import hook_env, notify_desktop, run_hook
from pomoplan.core.plan import Slot
from pomoplan.core.settings import Settings
from pomoplan.core.timer import Phase, PhaseEnded, PhaseStarted, TimerEvent, TimerState
from pomoplan.services.session import StudySession
from pomoplan.text.i18n import day_message, t, weekday_name
from pomoplan.ui.screens.today import TodayScreen
from pomoplan.ui.widgets.slot_detail import SlotDetail
from pomoplan.ui.widgets.slot_list import SlotList
from pomoplan.ui.widgets.timer_panel import TimerPanel

if TYPE_CHECKING:
    from pomoplan.core.review import Review

ReviewLoader = Callable[[date], "Review"]
TODAY_ONLY = frozenset({"skip", "interrupt", "review", "select"})
"""Actions about the slots and phase on the today screen (space, quit and help work anywhere)."""
_UNSET = object()


class PomoplanApp(App[int]):
    """One study session in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "pomoplan"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        session: StudySession,
        config: Settings,
        *,
        review_loader: ReviewLoader,
        autotick: bool = True,
        lock_owner: int | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.config = config
        self.review_loader = review_loader
        self.autotick = autotick
        self.lock_owner = lock_owner
        self.hook_errors: list[str] = []
        self._shown_error: str | None = None
        self._shown: dict[str, object] = {}
        keys = config.keys
        self._actions = [
            (keys.pause, "start_pause", t("key_pause")),
            (keys.skip, "skip", t("key_skip")),
            (keys.interrupt, "interrupt", t("key_interrupt")),
            (keys.review, "review", t("key_review")),
            (keys.today, "today", t("key_today")),
            ("question_mark", "help", t("key_help")),
            (keys.quit, "quit", t("key_quit")),
        ]
        for key, action, description in self._actions:
            self.bind(key, action, description=description, key_display=_display(key))
        if config.theme in self.available_themes:
            self.theme = config.theme

    # -- lifecycle -----------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return TodayScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(_resume_gc)
        self.render_today()
        self.handle(self.session.startup_events)
        if self.lock_owner is not None:
            self.notify(t("another_instance", pid=self.lock_owner), severity="warning", timeout=10)
        elif self.session.restored and self.session.timer.state is TimerState.PAUSED:
            self.notify(t("resume_offer"), timeout=8)
        for notice in self.session.notices:
            self.notify(notice, severity="warning", timeout=10)
        if self.autotick:
            self._schedule_tick()

    def _schedule_tick(self) -> None:
        """Redraw when the shown second changes: aligned to the countdown, not to start-up."""
        timer = self.session.timer
        delay = 1.0
        if timer.state is TimerState.RUNNING:
            frac = timer.remaining() % 1.0
            delay = frac + 0.02 if frac > 0.02 else 1.02
        self.set_timer(delay, self._on_tick)

    def _on_tick(self) -> None:
        self.tick()
        self._schedule_tick()

    def tick(self) -> None:
        """Advance the session and redraw (the clock says how much time passed)."""
        events = self.session.tick()
        self.handle(events)
        self.session.turn_over(self._study_date())
        self.render_today()

    def _study_date(self) -> date:
        return self.session.study_date_now()

    # -- effects of events ---------------------------------------------------------------

    def handle(self, events: Iterable[TimerEvent]) -> None:
        """Announce ended phases and run hooks."""
        notify = self.config.notify
        hooks = self.config.hooks
        for event in events:
            if isinstance(event, PhaseEnded):
                rec = event.record
                if rec.kind is Phase.FOCUS:
                    message = t("focus_done", title=rec.slot_title or "")
                else:
                    message = t("break_over")
                title = t("phase_ended", phase=t(str(rec.kind)))
                if notify.toast:
                    self.notify(message, title=title, timeout=8)
                if notify.bell:
                    self.bell()
                if notify.desktop:
                    notify_desktop(title, message)
                if hooks.on_phase_end:
                    run_hook(hooks.on_phase_end, hook_env(event), hooks.timeout, self._hook_failed)
            elif isinstance(event, PhaseStarted) and hooks.on_phase_start:
                run_hook(hooks.on_phase_start, hook_env(event), hooks.timeout, self._hook_failed)
        error = self.session.write_error
        if error and error != self._shown_error:
            self.notify(t("cannot_write", error=error), severity="error", timeout=10)
        elif not error and self._shown_error:
            self.notify(t("written_again"), timeout=5)
        self._shown_error = error

    def _hook_failed(self, message: str) -> None:
        self.hook_errors.append(message)
        self.call_from_thread(self.notify, message, severity="warning", timeout=8)

    # -- rendering -----------------------------------------------------------------------

    def _today_screen(self) -> TodayScreen | None:
        """The today screen, once its widgets exist (it may be under the review or a dialog)."""
        screen = next((x for x in self.screen_stack if isinstance(x, TodayScreen)), None)
        return screen if screen is not None and screen.ready else None

    def render_today(self) -> None:
        """Redraw the today screen (if it is mounted)."""
        screen = self._today_screen()
        if screen is None:
            return
        s = self.session
        timer = s.timer
        plan = s.plan
        view = s.view
        parts = [plan.curriculum.title]
        if view.week is not None:
            parts.append(t("week_n", n=view.week))
        if view.week_title:
            parts.append(view.week_title)
        parts.append(f"{weekday_name(s.day.weekday())} {s.day.isoformat()}")
        if self._changed("title", parts):
            screen.query_one("#title", Static).update(" · ".join(parts))
        state = timer.state
        phase = timer.phase
        phase_name = t(str(phase))
        if state is TimerState.IDLE:
            label = f"{phase_name} · {t('idle')}"
            hint = t("press_space_break") if phase.is_break else t("press_space")
        else:
            label = f"{phase_name} · {t(str(state))}"
            hint = t("on_break") if phase.is_break else ""
        if s.readonly and self.lock_owner is not None:
            hint = t("another_instance", pid=self.lock_owner)
        current = s.current.slot.title if s.current else t("no_slot")
        screen.query_one(TimerPanel).show(
            phase=label,
            phase_class=self.phase_class,
            remaining=timer.remaining(),
            planned=timer.planned_s(),
            title=current,
            hint=hint,
        )
        text = day_message(self.session.plan, self.session.view)
        if self._changed("message", text):
            message = screen.query_one("#day-message", Static)
            message.update(text)
            message.display = bool(text)
        # The list and the detail change with a phase, not with the second: redraw them only then.
        listing = [(e.slot.id, s.slot_state(e), s.done.get(e.slot.id, 0)) for e in s.entries]
        if self._changed("slots", listing):
            screen.query_one(SlotList).show(s)
        current_slot = s.current.slot if s.current else None
        if self._changed("detail", current_slot):
            screen.query_one(SlotDetail).show(current_slot)

    @property
    def phase_class(self) -> str:
        """The timer panel's look: idle, focus, break or paused."""
        timer = self.session.timer
        if timer.state is TimerState.IDLE:
            return "idle"
        if timer.state is TimerState.PAUSED:
            return "paused"
        return "break" if timer.phase.is_break else "focus"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing where the user is are off, and out of the footer (80 columns
        hold only so many): away from the today screen its slot and phase keys, on it ``t``."""
        # The screen under any dialog or the command palette is where the user is.
        base = next(
            (x for x in reversed(self.screen_stack) if not isinstance(x, ModalScreen)), None
        )
        on_today = isinstance(base, TodayScreen)
        if action == "today":
            return not on_today
        return on_today or action not in TODAY_ONLY

    def _changed(self, part: str, value: object) -> bool:
        """True (and remembered) when ``part`` is to show something new."""
        if self._shown.get(part, _UNSET) == value:
            return False
        self._shown[part] = value
        return True

    # -- actions -------------------------------------------------------------------------

    def action_start_pause(self) -> None:
        """Start, pause or resume."""
        self.handle(self.session.toggle())
        self.render_today()

    def action_skip(self) -> None:
        """Skip the current phase."""
        self.handle(self.session.skip())
        self.render_today()

    def action_interrupt(self) -> None:
        """Ask for a reason, then interrupt the focus."""
        timer = self.session.timer
        if timer.state is TimerState.IDLE or timer.phase.is_break or self.session.readonly:
            self.bell()
            return

        from pomoplan.ui.screens.interrupt import InterruptDialog  # not needed for the first frame

        def done(reason: str | None) -> None:
            if reason is not None:
                self.handle(self.session.interrupt(reason))
            self.render_today()

        self.push_screen(InterruptDialog(), done)

    def action_select(self, index: int) -> None:
        """Make the slot at ``index`` current."""
        if 0 <= index < len(self.session.entries):
            self.session.select(self.session.entries[index])
            self.render_today()

    def adopt(self, slot: Slot, on: date) -> None:
        """Make a backlog slot current today."""
        entry = self.session.adopt(slot, on)
        self.render_today()
        screen = self._today_screen()
        if screen is not None:
            screen.query_one(SlotList).highlight_entry(self.session, entry)

    def action_review(self) -> None:
        """Open the weekly review."""
        from pomoplan.ui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen(self.session.today))

    def action_today(self) -> None:
        """Back to today."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TodayScreen):
            self.pop_screen()
        self.render_today()

    def action_help(self) -> None:
        """Show the keys."""
        from pomoplan.ui.screens.help import HelpScreen

        rows = [(_display(k), d) for k, _, d in self._actions]
        rows.insert(3, ("enter", t("key_select")))
        rows.append(("ctrl+p", t("key_palette")))
        self.push_screen(HelpScreen(rows))

    async def action_quit(self) -> None:
        """Pause a running focus (or end a break), save, and leave."""
        self.handle(self.session.quit())
        self.exit(0)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for _key, action, description in self._actions:
            if action == "quit" or not self.check_action(action, ()):
                continue  # quit is Textual's own command; the others only where they act
            yield SystemCommand(description, f"pomoplan: {action}", self._runner(action))

    def _runner(self, action: str) -> Callable[[], object]:
        return lambda: self.run_action(action)


def _resume_gc() -> None:
    """After the first frame, turn the collector back on (``pomoplan`` pauses it to start up).

    One collection, then ``gc.freeze``: what start-up built lives as long as the app, and
    frozen objects are not scanned again by the collections of the hours that follow.
    """
    if not gc.isenabled():
        gc.collect()
        gc.freeze()
        gc.enable()


def _display(key: str) -> str:
    return {"question_mark": "?", "space": "space"}.get(key, key)
