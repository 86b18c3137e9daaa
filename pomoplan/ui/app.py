"""The Textual app: wires keys to the study session and renders it once a second."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, cast

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from pomoplan.adapters.effects import hook_env, notify_desktop, run_hook
from pomoplan.core.settings import Settings
from pomoplan.core.timer import Phase, PhaseEnded, PhaseStarted, Status, TimerEvent, TimerState
from pomoplan.services.session import SlotEntry, StudySession
from pomoplan.store.database import StoreError
from pomoplan.text.i18n import t
from pomoplan.text.safe import visible
from pomoplan.ui.keys import LEGENDS, SCREEN_KEYS, acts, display, key_table
from pomoplan.ui.keys import Screen as BaseScreen
from pomoplan.ui.screens.today import TodayScreen
from pomoplan.ui.today_view import TodayView, key_of, today_view

if TYPE_CHECKING:
    from pomoplan.adapters.sync.background import Result, Syncer
    from pomoplan.core.stats import Stats
    from pomoplan.services.context import Plan
    from pomoplan.ui.screens.review import ReviewLoader, ReviewScreen
    from pomoplan.ui.screens.stats import StatsLoader

ENDED = {
    (True, Status.COMPLETED): "focus_done",
    (True, Status.SKIPPED): "focus_skipped",
    (True, Status.INTERRUPTED): "focus_interrupted",
    (False, Status.COMPLETED): "break_over",
    (False, Status.SKIPPED): "break_skipped",
    (False, Status.INTERRUPTED): "break_skipped",
}
"""What to say when a phase ends, by (a focus?, how it ended)."""

TEXTUAL_COMMANDS = {
    "Change the current theme": ("textual_theme", "textual_theme_help"),
    "Quit the application as soon as possible": ("textual_quit", "textual_quit_help"),
    "Show help for the focused widget and a summary of available keys": (
        "textual_keys",
        "textual_keys_show",
    ),
    "Hide the keys and widget help panel": ("textual_keys", "textual_keys_hide"),
    "Maximize the focused widget": ("textual_maximize", "textual_maximize_help"),
    "Minimize the widget and restore to normal size": ("textual_minimize", "textual_minimize_help"),
    "Save an SVG 'screenshot' of the current screen": (
        "textual_screenshot",
        "textual_screenshot_help",
    ),
}
"""Textual's own palette entries, by their (English) help text: our words for them."""


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
        stats_loader: StatsLoader | None = None,
        autotick: bool = True,
        lock_owner: int | None = None,
        syncer: Syncer | None = None,
        plan_loader: Callable[[], Plan] | None = None,
    ) -> None:
        super().__init__()
        self.syncer = syncer
        """Merges the other devices' journals from ``sync_dir``, in a thread worker."""
        self.plan_loader = plan_loader
        """The plan as the log has it now: a merge may bring another device's activation or
        re-plans."""
        self._sync_shown: set[str] = set()
        self._sync_started = False
        self.session = session
        self.config = config
        self.review_loader = review_loader
        self.stats_loader: StatsLoader = stats_loader or self._load_stats
        self.autotick = autotick
        self.lock_owner = lock_owner
        self.hook_errors: list[str] = []
        self._shown_error: str | None = None
        self.keys = key_table(config.keys)
        for spec in self.keys:
            self.bind(
                spec.key,
                spec.action,
                description=t(spec.label),
                show=spec.footer,
                key_display=display(spec.key),
            )
        if config.theme in self.available_themes:
            self.theme = config.theme

    # -- lifecycle -----------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return TodayScreen(self.today_view())

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
        self._start_sync()

    # -- sync: other devices' journals ----------------------------------------------------------

    def _start_sync(self) -> None:
        """Sync from now on, if this window runs the timer (one that follows another does not:
        the owner syncs; one that takes over starts here, as if it had been started first)."""
        if self.syncer is None or self.session.readonly or self._sync_started:
            return
        from pomoplan.adapters.sync.background import EVERY_S

        self._sync_started = True
        self.call_after_refresh(self.sync_soon)  # after the first frame, never before it
        self.set_interval(EVERY_S, self.sync_soon)

    def sync_soon(self) -> None:
        """Write this device's journal out and merge the others', in a thread worker."""
        syncer = self.syncer
        if syncer is None or self.session.readonly:
            return

        def run() -> None:
            result = syncer.run()
            if result is not None:
                self.call_from_thread(self._synced, result)

        self.run_worker(run, thread=True, group="sync", exit_on_error=False)

    def _synced(self, result: Result) -> None:
        """Show what a sync brought; redraw when other devices' records arrived."""
        for message in [*result.warnings, *([result.error] if result.error else [])]:
            if message not in self._sync_shown:  # each problem once
                self._sync_shown.add(message)
                self.notify(t("sync_failed", message=message), severity="warning", timeout=10)
        if result.imported:
            self._plan_follows()
            self.session.reload()
            self.render_today()
            self.notify(t("sync_merged", n=result.imported), timeout=4)
        if result.days:  # the notes of the days it changed follow, those the learner keeps
            self.refresh_daily_notes([date.fromisoformat(d) for d in result.days], existing=True)
        if self.syncer is not None and self.syncer.wanted:
            self.sync_soon()

    def _plan_follows(self, said: str = "sync_failed") -> None:
        """Take the plan another device or terminal activated or re-planned (as a re-plan
        made here). A plan no ``start`` made (``--curriculum``, the default before any) stays
        as it is: read again, it would start anew on today's date. ``said`` introduces the
        line shown once when the plan cannot be read."""
        if self.plan_loader is None:
            return
        try:
            plan = self.plan_loader()
        except Exception as exc:  # an unreadable plan: the one shown stays, said once
            message = str(exc)
            if message not in self._sync_shown:
                self._sync_shown.add(message)
                self.notify(t(said, message=message), severity="warning", timeout=10)
            return
        old = self.session.plan
        if not plan.activation_id and not old.activation_id:
            return
        key = (plan.curriculum.id, plan.start, plan.mode, plan.replans, plan.activation_id)
        if key != (old.curriculum.id, old.start, old.mode, old.replans, old.activation_id):
            self.session.replanned(plan)

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
        self._start_sync()  # this window may have just taken the timer over
        self.session.turn_over(self._study_date())
        if self.session.follow_log():  # another terminal changed the log: show it
            self._plan_follows("plan_reload_failed")  # a plan started there is taken too
            self._reload_review()
        self.render_today()

    def _reload_review(self) -> None:
        from pomoplan.ui.screens.review import ReviewScreen

        review = next((x for x in self.screen_stack if isinstance(x, ReviewScreen)), None)
        if review is not None:
            review.load()

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
                message = t(ENDED[rec.kind is Phase.FOCUS, rec.status], title=rec.slot_title or "")
                title = t("phase_ended", phase=t(str(rec.kind)))
                # The bell and the desktop call the user back for a phase that ran out; a skip or
                # an interrupt the user did themselves is only confirmed on screen.
                by_time = rec.status is Status.COMPLETED
                if notify.toast:
                    toast = message
                    completed = rec.kind is Phase.FOCUS and rec.status is Status.COMPLETED
                    if completed and not self.session.readonly:  # a note offered; break goes on
                        offer = t("note_offer", keyname=display(self.config.keys.note))
                        toast = f"{message} · {offer}"
                    self.notify(toast, title=title, timeout=8)
                if notify.bell and by_time:
                    self.bell()
                if notify.desktop and by_time:
                    notify_desktop(title, message)
                if hooks.on_phase_end:
                    run_hook(hooks.on_phase_end, hook_env(event), hooks.timeout, self._hook_failed)
                if rec.kind is Phase.FOCUS:
                    self.refresh_daily_note(rec.study_date)
            elif isinstance(event, PhaseStarted) and hooks.on_phase_start:
                run_hook(hooks.on_phase_start, hook_env(event), hooks.timeout, self._hook_failed)
        error = self.session.write_error
        if error and error != self._shown_error:
            key = "cannot_write" if self.session.kept_aside else "cannot_keep"
            self.notify(t(key, error=error), severity="error", timeout=10)
        elif not error and self._shown_error:
            self.notify(t("written_again"), timeout=5)
        self._shown_error = error
        while self.session.write_notices:
            self.notify(self.session.write_notices.pop(0), severity="warning", timeout=15)

    def refresh_daily_note(self, day: date) -> None:
        """Bring the day's Obsidian note in step with the log, off the UI thread (a note that
        cannot be written is said once; the timer never waits for it)."""
        self.refresh_daily_notes([day])

    def refresh_daily_notes(self, days: list[date], *, existing: bool = False) -> None:
        """``refresh_daily_note`` for several days (``existing``: only notes that exist)."""
        store = self.session.store
        if not self.config.obsidian.daily_note or store is None:
            return
        path, config = store.path, self.config

        def report(message: str) -> None:
            self.call_from_thread(self.notify, message, severity="warning", timeout=8)

        def work() -> None:
            from pomoplan.adapters.daynote import refresh_days
            from pomoplan.store.log import LogStore

            with LogStore(path, readonly=True) as reader:
                refresh_days(config, reader, days, report, existing=existing)

        self.run_worker(work, thread=True, group="daynote", exit_on_error=False)

    def _load_stats(self, first: date, last: date) -> Stats:
        from pomoplan.services.stats import load_stats  # the stats screen is not the first frame

        session = self.session
        return load_stats(session.store, session.plan.schedule, first, last, session.today)

    def _hook_failed(self, message: str) -> None:
        self.hook_errors.append(message)
        self.call_from_thread(self.notify, message, severity="warning", timeout=8)

    # -- rendering -----------------------------------------------------------------------

    def today_view(self) -> TodayView:
        """What the today screen is to show now."""
        return today_view(self.session, lock_owner=self.lock_owner)

    def _today_screen(self) -> TodayScreen | None:
        """The today screen (it may be under the review or a dialog)."""
        return next((x for x in self.screen_stack if isinstance(x, TodayScreen)), None)

    def render_today(self) -> None:
        """Hand the today screen a fresh view; it redraws what changed."""
        screen = self._today_screen()
        if screen is not None:
            screen.view = self.today_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing where the user is are off, and out of the footer (80 columns
        hold only so many): away from the today screen its slot and phase keys, on it ``t``."""
        spec = next((s for s in self.keys if s.action.split("(")[0] == action), None)
        if spec is None:
            return True
        if spec.runs_timer and self.session.readonly:
            return False  # this window follows another one's timer
        return acts(spec.where, self.base_screen)

    @property
    def base_screen(self) -> BaseScreen:
        """Where the user is: the screen under any dialog or the command palette (asked of
        the screen: importing the review and stats screens to ask cost the first frame
        ~13 ms)."""
        base = next(
            (x for x in reversed(self.screen_stack) if not isinstance(x, ModalScreen)), None
        )
        where: BaseScreen = getattr(base, "WHERE", "other")
        return where

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

        # The focus waits while the user types: it cannot run out (and be recorded as completed)
        # under the dialog. Escape lets it run on from where it was.
        was_running = timer.state is TimerState.RUNNING
        if was_running:
            self.handle(self.session.toggle())
            self.render_today()

        def done(reason: str | None) -> None:
            if reason is not None:
                self.handle(self.session.interrupt(reason))
            elif was_running and self.session.timer.state is TimerState.PAUSED:
                self.handle(self.session.toggle())
            self.render_today()

        self.push_screen(InterruptDialog(), done)

    def on_today_screen_slot_chosen(self, message: TodayScreen.SlotChosen) -> None:
        """Enter (or a click) on a slot of the list: make it current."""
        entry = next((e for e in self.session.entries if key_of(e) == message.key), None)
        if entry is not None:
            self._change_slot(entry.slot.id, lambda: self._select(entry))

    def _select(self, entry: SlotEntry) -> None:
        self.session.select(entry)
        self.render_today()

    def on_review_screen_slot_adopted(self, message: ReviewScreen.SlotAdopted) -> None:
        """Enter on a backlog slot of the review: it becomes the current slot today."""

        def adopt() -> None:
            entry = self.session.adopt(message.slot, message.on)
            self.action_today()
            screen = self._today_screen()
            if screen is not None:
                screen.highlight(key_of(entry))

        self._change_slot(message.slot.id, adopt)

    def _change_slot(self, slot_id: str, change: Callable[[], None]) -> None:
        """Make another slot current; while a focus is paused, ask first whether the time
        focused so far moves to it (else it stays on its slot, and nothing changes)."""
        session = self.session
        timer = session.timer
        paused = timer.state is TimerState.PAUSED and not timer.phase.is_break
        on = timer.current_slot
        if not paused or session.readonly or not on.slot_id or on.slot_id == slot_id:
            change()
            return
        from pomoplan.core.durations import format_clock
        from pomoplan.ui.screens.move_focus import MoveFocusDialog

        chosen = session.plan.schedule.slot(slot_id)
        focused = format_clock(max(0.0, timer.planned_s() - timer.remaining()))

        def answered(move: bool | None) -> None:
            if move:
                change()

        dialog = MoveFocusDialog(on.title or "—", chosen.title if chosen else "—", focused)
        self.push_screen(dialog, answered)

    def action_review(self) -> None:
        """Open the weekly review."""
        from pomoplan.ui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            title = self.session.plan.curriculum.title
            self.push_screen(ReviewScreen(self.review_loader, self.session.today, title))

    def action_note(self) -> None:
        """Add or edit the note of the last focus (a one-line dialog)."""
        store = self.session.store
        if store is None or self.session.readonly:
            self.bell()
            return
        last = store.last_focus()
        if last is None:
            self.notify(t("note_none"), timeout=5)
            return
        from pomoplan.ui.screens.note import NoteDialog

        def done(text: str | None) -> None:
            if text is not None:
                self.save_note(last["id"], text, date.fromisoformat(last["study_date"]))

        self.push_screen(NoteDialog(last["slot_title"] or "—", last["note"] or ""), done)

    def save_note(self, phase_id: str, text: str, day: date) -> None:
        """Keep ``text`` as the note of a recorded focus (an event; the daily note follows)."""
        from pomoplan.services.corrections import CorrectionError, set_note
        from pomoplan.store.database import StoreError

        store = self.session.store
        if store is None:
            return
        try:
            set_note(store, phase_id, text, self.session.now())
        except (CorrectionError, StoreError) as exc:
            self.notify(visible(str(exc)), severity="error", timeout=10, markup=False)
            return
        self.notify(t("note_saved"), timeout=3)
        self.refresh_daily_note(day)

    def action_stats(self) -> None:
        """Open the statistics: the year's heatmap, streaks, tracks, the plan."""
        from pomoplan.ui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            title = self.session.plan.curriculum.title
            self.push_screen(StatsScreen(self.stats_loader, self.session.today, title))

    def action_week(self, step: int) -> None:
        """Show the week before or after on the review."""
        from pomoplan.ui.screens.review import ReviewScreen

        if isinstance(self.screen, ReviewScreen):
            self.screen.show_week(step)

    def action_year(self, step: int) -> None:
        """Show the year before or after on the stats."""
        from pomoplan.ui.screens.stats import StatsScreen

        if isinstance(self.screen, StatsScreen):
            self.screen.action_year(step)

    def action_plan_week(self) -> None:
        """``p`` on the review: plan next week (catch up or shift), previewed, then made."""
        from pomoplan.services import replanning
        from pomoplan.ui.screens.replan import ReplanDialog
        from pomoplan.ui.screens.review import ReviewScreen

        s = self.session
        schedule = s.plan.schedule
        if s.readonly or s.store is None or not schedule.calendar or not s.plan.activation_id:
            self.notify(t("replan_self_paced" if not schedule.calendar else "replan_no_plan"))
            return

        def propose(kind: str, amount: int) -> replanning.Proposal:
            return replanning.propose(s.plan.schedule, s.done, kind, amount, s.today)

        def made(proposal: replanning.Proposal | None) -> None:
            if proposal is None or s.store is None:
                return
            when = s.now()
            try:
                event = replanning.record(s.store, s.plan.activation_id, proposal.replan, when)
            except StoreError as exc:
                self.notify(visible(str(exc)), severity="error", markup=False)
                return
            replans = replanning.with_replan(s.plan.replans, proposal.replan, event)
            s.replanned(s.plan._replace(replans=replans))
            review = next((x for x in self.screen_stack if isinstance(x, ReviewScreen)), None)
            if review is not None:
                review.load()
            self.render_today()
            moved = len(proposal.moves)
            self.notify(t("replanned_one" if moved == 1 else "replanned", n=moved))

        has_backlog = bool(schedule.backlog(s.today, s.done))
        self.push_screen(ReplanDialog(propose, has_backlog), made)

    def action_today(self) -> None:
        """Back to today."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TodayScreen):
            self.pop_screen()
        self.render_today()

    def action_help(self) -> None:
        """Show the keys."""
        from pomoplan.ui.screens.help import HelpScreen

        screen = self.base_screen
        rows = [(key, t(label)) for key, label in SCREEN_KEYS.get(screen, ())]
        rows += [
            (display(spec.key), t(spec.label))
            for spec in self.keys
            if self.check_action(spec.action.split("(")[0], ())  # what acts where help was asked
        ]
        rows.append(("ctrl+p", t("key_palette")))
        legend = t(LEGENDS[screen]) if screen in LEGENDS else ""
        self.push_screen(HelpScreen(rows, legend))

    def action_command_palette(self) -> None:
        """The command palette, asking in the language in force."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(placeholder=t("palette_search"), id="--command-palette")
            )

    def action_help_quit(self) -> None:
        """ctrl+c: say which key quits, in the language in force (Textual's words are English)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    t("textual_quit_prompt", key=display(key)), title=t("textual_quit_title")
                )
                return

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast whose text is never markup: messages carry titles, reasons and paths, where a
        ``[`` is only a bracket. Control characters are shown as visible stand-ins."""
        super().notify(
            visible(message),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    async def action_quit(self) -> None:
        """Pause a running focus (or end a break), save, and leave."""
        if self.syncer is not None:
            self.syncer.stop.set()  # a merge under way ends now; the next start goes on
        self.handle(self.session.quit())
        self.exit(0)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            title, help_text = TEXTUAL_COMMANDS.get(command.help, (None, None))
            if title is None or help_text is None:
                yield command  # one a later Textual added: as Textual words it
            else:
                yield SystemCommand(t(title), t(help_text), command.callback, command.discover)
        for spec in self.keys:
            if spec.action == "quit" or not self.check_action(spec.action.split("(")[0], ()):
                continue  # quit is Textual's own command; the others only where they act
            yield SystemCommand(t(spec.label), display(spec.key), self._runner(spec.action))

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
