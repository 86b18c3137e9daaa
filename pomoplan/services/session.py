"""A study session: the timer, the day's slots and the log, kept in step; no Textual here."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from pomoplan.core.clock import Clock
from pomoplan.core.plan import Slot
from pomoplan.core.schedule import DayView
from pomoplan.core.studyday import study_date
from pomoplan.core.timer import (
    Phase,
    PhaseEnded,
    SlotRef,
    Status,
    Timer,
    TimerEvent,
    TimerSettings,
    TimerState,
)
from pomoplan.services.context import Plan
from pomoplan.services.today import projected
from pomoplan.store import fallback
from pomoplan.store.database import StoreError
from pomoplan.store.log import LogStore
from pomoplan.store.state import check_state
from pomoplan.text.i18n import t

SectionKind = Literal["block", "backlog", "ahead", "next"]
WRITE_WAIT_MS = 100
"""How long a write waits for another process holding the log before the rows go to the side
file (the screen keeps moving; the usual 5 s wait froze it)."""
RETRY_S = 5.0
"""How soon a write that failed is tried again."""
SlotState = Literal["done", "current", "skipped", "pending"]


class Section(NamedTuple):
    """Where a listed slot belongs: a block of the day, the backlog, or the next planned day.

    Facts, not labels: the UI words them in the language in force.
    """

    kind: SectionKind
    block: str = ""
    """The block's name (``kind == "block"``)."""
    on: date | None = None
    """The next planned day (``kind == "ahead"``)."""


NEXT = Section("next")
"""A self-paced plan's next unfinished slots, once the day's goal is met."""


BACKLOG = Section("backlog")


class SlotEntry(NamedTuple):
    """A slot as listed on the today screen: its section, the plan date it belongs to."""

    slot: Slot
    date: date
    section: Section


class StudySession:
    """Owns the timer and writes every ended phase, with the running state, to the log."""

    def __init__(
        self,
        *,
        clock: Clock,
        plan: Plan,
        settings: TimerSettings,
        store: LogStore | None,
        day: date,
        today: date,
        readonly: bool = False,
        new_id: Callable[[], str] | None = None,
        take_over: Callable[[], bool] | None = None,
    ) -> None:
        self.clock = clock
        self.plan = plan
        self.store = store
        self.day = day
        self.today = today
        self.readonly = readonly or store is None
        self.pending: list[dict[str, Any]] = []
        self.write_error: str | None = None
        self.kept_aside = True
        """What the log could not take is on disk beside it (False: only in memory)."""
        self.write_notices: list[str] = []
        """Lines about writes to show once (rows the log refused and where they were kept)."""
        self._retry_at = 0.0
        self._take_over = take_over if self.readonly and store is not None else None
        """A following window asks this (the timer lock) at each tick: True once the window
        that ran the timer is gone, and this one runs it from then on."""
        self._new_id = new_id
        if store is not None and not self.readonly:
            store.wait_briefly(WRITE_WAIT_MS)
        self.restored = False
        self.notices: list[str] = []
        """One line for each thing the user should know about the saved state (shown once)."""
        self._mirrored: object = None
        self.follows_today = day == today
        """Showing the current study day (not a ``--date``): it turns over at ``day_starts_at``."""
        self._seen_version = store.data_version() if store is not None else None
        """The log's data version when this session last read it (see :meth:`follow_log`)."""
        self._load_day()
        self.timer = self._make_timer(settings, new_id)
        self._choose_current()
        self.startup_events = self._apply(self.timer.tick(), save=False)
        if self.timer.set_back_s > 0:
            # Saved by a clock that was ahead: its phase counts from now, dated by the clock now.
            self.notices.append(t("state_from_future", hours=f"{self.timer.set_back_s / 3600:.1f}"))

    # -- building ------------------------------------------------------------------------

    def _load_day(self) -> None:
        """Read what the plan and the log say about the day shown."""
        store, cid = self.store, self.plan.curriculum.id
        self.done, before = store.done_counts_split(cid, self.day) if store else ({}, {})
        self.done_before: dict[str, int] = before
        """Completed pomodoros per slot before the day shown (a self-paced day's goal)."""
        self.view: DayView = self.plan.schedule.day(self.day, before)
        self.skipped_today: set[str] = store.unfinished_slot_ids(self.today) if store else set()
        self.entries: list[SlotEntry] = self._entries()
        self._projected: tuple[object, date | None] = (None, None)

    def reload(self) -> None:
        """Read the day again from the log (another device's records were merged into it).

        A current slot the other device finished is left for the next one, unless a focus on
        it is counting here (that focus stays with the slot it began on)."""
        self._load_day()
        if self.timer.state is TimerState.IDLE or self.timer.phase.is_break:
            self._advance()

    def _choose_current(self) -> None:
        self.current: SlotEntry | None = self._initial_current()
        timer = self.timer
        if self.current is not None and (timer.state is TimerState.IDLE or timer.phase.is_break):
            # The next focus is for the slot shown as current (a saved one may be yesterday's).
            timer.set_slot(self._ref(self.current))

    def _entries(self) -> list[SlotEntry]:
        """The day's slots, then the backlog (every day), then what comes next once the day's
        own slots are done (the next plan day; a self-paced plan's next unfinished slots)."""
        schedule = self.plan.schedule
        out = []
        if self.view.status == "study":
            out = [SlotEntry(s, self.day, Section("block", s.block)) for s in self.view.slots]
        out += [SlotEntry(b.slot, b.date, BACKLOG) for b in schedule.backlog(self.day, self.done)]
        if self.view.status != "study" or self._own_done(out):
            out += self._next_entries(out)
        return out

    def _own_done(self, entries: list[SlotEntry]) -> bool:
        """The day's own slots (and a self-paced plan's next ones listed so far) are done."""
        return all(
            self.done.get(e.slot.id, 0) >= e.slot.pomodoros
            for e in entries
            if e.section.kind in ("block", "next")
        )

    def _next_entries(self, listed: list[SlotEntry]) -> list[SlotEntry]:
        """What to study next once the day's slots are done (not already listed)."""
        schedule = self.plan.schedule
        shown = {e.slot.id for e in listed}
        if schedule.calendar:
            ahead = schedule.next_study_day(self.day)
            if ahead is None:
                return []
            section = Section("ahead", on=ahead.date)
            return [SlotEntry(s, ahead.date, section) for s in ahead.slots if s.id not in shown]
        return [SlotEntry(s, self.day, NEXT) for s in schedule.next_unfinished(self.done, shown)]

    def projected_end(self) -> date | None:
        """When the plan would be done at the recent pace (read again when the counts move)."""
        key = (self.today, sum(self.done.values()))
        if self._projected[0] != key:
            try:
                end = projected(self.plan.schedule, self.done, self.store, self.today)
            except StoreError:  # a row edited by hand: the review says which; no projection
                end = None
            self._projected = (key, end)
        return self._projected[1]

    @property
    def daily_goal(self) -> tuple[int, int] | None:
        """A self-paced plan's (daily pomodoros, done on the day shown); None for a calendar."""
        if self.plan.schedule.calendar:
            return None
        done = sum(self.done.values()) - sum(self.done_before.values())
        return self.plan.curriculum.daily_pomodoros, done

    def _make_timer(self, settings: TimerSettings, new_id: Callable[[], str] | None) -> Timer:
        kwargs: dict[str, Any] = {} if new_id is None else {"new_id": new_id}
        state = self._checked(self.store.load_state()) if self.store is not None else None
        if self.store is not None and not self.readonly:
            side = self._checked(fallback.load(fallback.fallback_path(self.store.path)))
            if side is not None and (state is None or _saved_at(side) >= _saved_at(state)):
                state = side  # the log could not be written last time: this is newer
        if state is not None and not self.readonly:
            self.pending = [r for r in state.get("pending", []) if isinstance(r, dict)]
            try:
                timer = Timer.restore(state, self.clock, settings, new_id)
            except ValueError:
                timer = None
            if timer is not None:
                self.restored = timer.state is not TimerState.IDLE
                if state.get("study_date") != self.today.isoformat():
                    timer.reset_cycle()  # the long-break count starts afresh each study day
                return timer
        return Timer(self.clock, settings, **kwargs)

    def _checked(self, doc: dict[str, Any] | None) -> dict[str, Any] | None:
        """``doc`` with what is damaged or out of range dropped, each drop noted in one line."""
        checked = check_state(doc)
        self.notices += [t("state_dropped", problem=line) for line in checked.dropped]
        return checked.state

    def _initial_current(self) -> SlotEntry | None:
        """The timer's slot when listed; but an idle timer's slot of an earlier day (now in
        the backlog) gives way to the day's next unfinished slot."""
        slot_id = self.timer.current_slot.slot_id
        keep_any = self.readonly or self.timer.state is not TimerState.IDLE
        for entry in self.entries:
            if entry.slot.id == slot_id and (keep_any or entry.section.kind != "backlog"):
                return entry
        return self._next_unfinished(None)

    def _next_unfinished(self, after: SlotEntry | None) -> SlotEntry | None:
        if not self.entries:
            return None
        # ``after`` may be listed no more: a backlog slot done elsewhere leaves the backlog
        start = self.entries.index(after) + 1 if after in self.entries else 0
        order = self.entries[start:] + self.entries[:start]
        for entry in order:
            if self.done.get(entry.slot.id, 0) < entry.slot.pomodoros:
                return entry
        return None

    def _ref(self, entry: SlotEntry) -> SlotRef:
        s = entry.slot
        return SlotRef(self.plan.curriculum.id, s.id, s.title, s.track)

    # -- state for display ---------------------------------------------------------------

    def slot_state(self, entry: SlotEntry) -> SlotState:
        """done, current, skipped or pending."""
        if self.current is not None and entry.slot.id == self.current.slot.id:
            return "current"
        if self.done.get(entry.slot.id, 0) >= entry.slot.pomodoros:
            return "done"
        if entry.slot.id in self.skipped_today:
            return "skipped"
        return "pending"

    # -- actions -------------------------------------------------------------------------

    def tick(self) -> list[TimerEvent]:
        """Advance time; record what ended. Retries writes that failed before."""
        if self.readonly:
            if self._take_over is None or not self._take_over():
                self._mirror()
                return []
            self._become_owner()
        events = self.timer.tick()
        if events or (self.pending and self.clock.monotonic() >= self._retry_at):
            return self._apply(events)
        return events

    def _mirror(self) -> None:
        """A second window shows the timer the first one runs, read from the log."""
        if self.store is None:
            return
        state = check_state(self.store.load_state()).state
        if state is None or state.get("saved_at") == self._mirrored:
            if self.timer.deadline() is not None:
                self.timer.tick()  # move the shown countdown on; nothing is recorded here
            return
        try:
            timer = Timer.restore(state, self.clock, self.timer.settings)
        except ValueError:
            return
        self._mirrored = state.get("saved_at")
        self.timer = timer
        self._load_day()  # the other window may have finished a pomodoro
        self.current = self._initial_current()

    def now(self) -> datetime:
        """The timer's time now as an aware local time: what the learner's changes are dated
        by (a wall clock set ahead does not move it)."""
        return self.clock.local(self.timer.time_now())

    def study_date_now(self) -> date:
        """The study date now, by the timer's time (a wall clock set ahead does not move it)."""
        timer = self.timer
        return study_date(self.clock.local(timer.time_now()), timer.settings.day_starts_at)

    def _become_owner(self) -> None:
        """The window that ran the timer is gone: run it from what it saved (its phases are in
        the log or its side file, by id: none is recorded twice)."""
        assert self.store is not None
        self.readonly = False
        self._take_over = None
        self.store.wait_briefly(WRITE_WAIT_MS)
        seen = len(self.notices)
        self.timer = self._make_timer(self.timer.settings, self._new_id)
        if self.timer.set_back_s > 0:
            self.notices.append(t("state_from_future", hours=f"{self.timer.set_back_s / 3600:.1f}"))
        self._load_day()
        self._choose_current()
        self.write_notices.append(t("took_over"))
        self.write_notices += self.notices[seen:]  # what a window started first says at start

    def turn_over(self, today: date) -> bool:
        """A new study day began while open: show it once the timer is idle. True if it did."""
        if today == self.today or self.timer.state is not TimerState.IDLE:
            return False
        self.today = today
        if self.follows_today:
            self.day = today
        self.timer.reset_cycle()
        self._load_day()
        self._choose_current()
        self._save([])
        return True

    def toggle(self) -> list[TimerEvent]:
        """Start, pause or resume."""
        if self.readonly:
            return []
        return self._apply(self.timer.toggle())

    def skip(self) -> list[TimerEvent]:
        """Skip the phase."""
        if self.readonly:
            return []
        return self._apply(self.timer.skip())

    def interrupt(self, reason: str | None) -> list[TimerEvent]:
        """Interrupt the focus with a reason."""
        if self.readonly:
            return []
        return self._apply(self.timer.interrupt(reason))

    def select(self, entry: SlotEntry) -> None:
        """Make ``entry`` the current slot (the running focus counts for it too)."""
        self.current = entry
        if not self.readonly:
            self.timer.set_slot(self._ref(entry))
            self._save([])

    def quit(self) -> list[TimerEvent]:
        """Leaving: a running focus is paused and saved; a break ends as skipped."""
        if self.readonly:
            return []
        timer = self.timer
        if timer.state is TimerState.IDLE:
            return self._apply([])
        if timer.phase.is_break:
            return self._apply(timer.skip())
        if timer.state is TimerState.RUNNING:
            return self._apply(timer.pause())
        return self._apply([])

    # -- recording -----------------------------------------------------------------------

    def _apply(self, events: list[TimerEvent], *, save: bool = True) -> list[TimerEvent]:
        rows = []
        advanced = False
        for event in events:
            if not isinstance(event, PhaseEnded):
                continue
            record = event.record
            rows.append(record.as_row())
            if record.kind is Phase.FOCUS and record.slot_id:
                if record.status is Status.COMPLETED:
                    self.done[record.slot_id] = self.done.get(record.slot_id, 0) + 1
                    advanced = True
                else:
                    self.skipped_today.add(record.slot_id)
        if advanced:
            self._advance()
        if rows or save or self.pending:
            self._save(rows)
        return events

    def _advance(self) -> None:
        """The current slot is full: the next focus counts for the next unfinished slot (the
        next plan day's, or a self-paced plan's next, once the day's are done)."""
        cur = self.current
        if cur is None or self.done.get(cur.slot.id, 0) < cur.slot.pomodoros:
            return
        if self._own_done(self.entries):
            self.entries += self._next_entries(self.entries)
        nxt = self._next_unfinished(cur)
        if nxt is not None:
            self.current = nxt
            self.timer.set_slot(self._ref(nxt))

    def state_document(self) -> dict[str, Any]:
        """What is saved for crash resume: the timer, and rows not yet written."""
        return {
            **self.timer.snapshot(),
            "pending": list(self.pending),
            "day": self.day.isoformat(),
            "study_date": self.today.isoformat(),
        }

    def _save(self, rows: list[dict[str, Any]]) -> None:
        if self.readonly or self.store is None:
            return
        batch = self.pending + rows
        self.pending = []
        side = fallback.fallback_path(self.store.path)
        try:
            refused = self.store.record_each(batch, self.state_document())
        except StoreError as exc:
            self.pending = batch
            self.write_error = str(exc)
            # On disk (fsync'd) before anyone is told it is safe; retried a little later.
            self.kept_aside = fallback.save(side, self.state_document())
            self._retry_at = self.clock.monotonic() + RETRY_S
            return
        if refused:
            aside = fallback.set_aside_path(self.store.path)
            if fallback.set_aside(aside, refused):
                self.write_notices.append(
                    t("rows_set_aside", n=len(refused), error=refused[0][1], path=aside)
                )
            else:  # not even set aside: keep them with the state, the others went in
                self.pending = [row for row, _ in refused]
                self.write_error = refused[0][1]
                self.kept_aside = fallback.save(side, self.state_document())
                return
        self.write_error = None
        self.kept_aside = True
        fallback.clear(side)

    def follow_log(self) -> bool:
        """Read the day (and the plan's re-plans) again when another process changed the log
        since this session last looked: a ``log``, ``amend``, ``delete``, ``undo`` or
        ``replan`` made in another terminal shows without a restart. One cheap query a call
        (SQLite's data version); True when something was read again."""
        store = self.store
        if store is None:
            return False
        version = store.data_version()
        if version is None or version == self._seen_version:
            return False
        self._seen_version = version
        plan = self.plan
        if plan.schedule.calendar and plan.activation_id:
            from pomoplan.services.replanning import replans_in_force

            replans = replans_in_force(store, plan.activation_id)
            if replans != tuple(plan.replans):
                self.replanned(plan._replace(replans=replans))
                return True
        self.reload()
        return True

    def replanned(self, plan: Plan) -> None:
        """The plan's dates changed (a re-plan): list the day again; a running focus keeps
        its slot."""
        self.plan = plan
        self._load_day()
        self._choose_current()

    def unsaved(self) -> list[dict[str, Any]]:
        """Ended phases that are neither in the log nor on disk beside it (say so on quit)."""
        return [] if self.kept_aside else list(self.pending)

    def adopt(self, slot: Slot, on: date) -> SlotEntry:
        """Make a slot of another day (the backlog) current, listing it if it is not listed."""
        for entry in self.entries:
            if entry.slot.id == slot.id:
                self.select(entry)
                return entry
        entry = SlotEntry(slot, on, BACKLOG)
        self.entries.append(entry)
        self.select(entry)
        return entry


def _saved_at(state: dict[str, Any]) -> float:
    value = state.get("saved_at", 0.0)
    return float(value) if isinstance(value, int | float) else 0.0
