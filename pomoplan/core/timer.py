"""The pomodoro state machine: phases, deadlines, pauses, suspend, records; no I/O, time injected."""

import math
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple

from pomoplan.core.clock import Clock
from pomoplan.core.settings import TimerSettings as TimerSettings  # its home: the settings
from pomoplan.core.studyday import study_date

SUSPEND_THRESHOLD_S = 5.0
"""How far the wall clock must run ahead of the monotonic clock to count as a suspend, and how
far behind the timer's time it must fall to count as set back."""
LATE_S = 120.0
"""A phase noticed ending more than this after its deadline was not lived through (the process
was stopped or the clocks jumped): it ends at its deadline, and nothing starts after it."""
STATE_VERSION = 1


class Phase(StrEnum):
    """The three kinds of period."""

    FOCUS = "focus"
    SHORT_BREAK = "short_break"
    LONG_BREAK = "long_break"

    @property
    def is_break(self) -> bool:
        """True for either break."""
        return self is not Phase.FOCUS


class TimerState(StrEnum):
    """Whether the current phase is counting."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"


class Status(StrEnum):
    """How a phase ended."""

    COMPLETED = "completed"
    SKIPPED = "skipped"
    INTERRUPTED = "interrupted"


class SlotRef(NamedTuple):
    """What a focus period is spent on."""

    curriculum_id: str | None = None
    slot_id: str | None = None
    title: str | None = None
    track: str | None = None


class PhaseRecord(NamedTuple):
    """One ended phase, as it goes into the log: its fields are the log's columns, in order."""

    id: str
    kind: Phase
    status: Status
    curriculum_id: str | None
    slot_id: str | None
    slot_title: str | None
    track: str | None
    planned_s: int
    focused_s: int
    paused_s: int
    pauses: int
    started_at: datetime
    ended_at: datetime
    study_date: date
    reason: str | None = None

    def as_row(self) -> dict[str, Any]:
        """The log row: ISO 8601 times with their UTC offset, plain strings and numbers."""
        return {
            **self._asdict(),
            "kind": str(self.kind),
            "status": str(self.status),
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "ended_at": self.ended_at.isoformat(timespec="seconds"),
            "study_date": self.study_date.isoformat(),
        }


class PhaseStarted(NamedTuple):
    """A phase began counting at ``at`` (epoch seconds)."""

    phase: Phase
    at: float
    planned_s: int
    slot: SlotRef


class PhaseEnded(NamedTuple):
    """A phase ended; ``record`` goes into the log."""

    record: PhaseRecord


class SuspendDetected(NamedTuple):
    """The machine slept for ``seconds`` (the wall clock ran ahead of the monotonic one)."""

    seconds: float
    counted_as_pause: bool


TimerEvent = PhaseStarted | PhaseEnded | SuspendDetected


class _Running:
    """The phase in progress (running or paused)."""

    __slots__ = (
        "deadline", "paused_s", "paused_since", "pauses", "phase", "planned_s", "slot",
        "started_at",
    )  # fmt: skip

    def __init__(
        self,
        phase: Phase,
        slot: SlotRef,
        planned_s: int,
        started_at: float,
        deadline: float,
        paused_s: float = 0.0,
        pauses: int = 0,
        paused_since: float | None = None,
    ) -> None:
        self.phase = phase
        self.slot = slot
        self.planned_s = planned_s
        self.started_at = started_at
        self.deadline = deadline
        self.paused_s = paused_s
        self.pauses = pauses
        self.paused_since = paused_since


class Timer:
    """The pomodoro cycle, driven by actions and by ``tick``; every method returns what happened.

    Time is a deadline: remaining = deadline - now. The timer's time is the wall clock, but
    never later than a ceiling moved only by the clocks no one can set (monotonic, and boot
    time for sleep): a wall clock set ahead is not followed past it, one set back is followed
    (and followed up again to the ceiling when it is put right). When the timer's time jumps,
    the phase in progress moves with it: only time that passed shortens it, and no duration
    is ever negative. Only lived time
    chains phases: a phase that ends while the app is closed, the machine sleeps or the
    process is stopped ends at its deadline, and the timer then waits for the learner.
    """

    def __init__(
        self,
        clock: Clock,
        settings: TimerSettings | None = None,
        slot: SlotRef | None = None,
        new_id: Callable[[], str] | None = None,
        completed_focus: int = 0,
        next_phase: Phase = Phase.FOCUS,
    ) -> None:
        self.clock = clock
        self.settings = TimerSettings() if settings is None else settings
        self.slot = SlotRef() if slot is None else slot
        self.new_id = _uuid4 if new_id is None else new_id
        self.completed_focus = completed_focus
        self.next_phase = next_phase
        self.set_back_s = 0.0
        """How far the timer's time was moved back to the wall clock (it had run ahead)."""
        self._current: _Running | None = None
        self._closed = 0.0
        self._last_wall = clock.wall()
        self._last_mono = clock.monotonic()
        self._last_boot: float | None = clock.boottime()
        self._now = self._last_wall
        self._ceiling = self._last_wall

    # -- reading -------------------------------------------------------------------------

    @property
    def state(self) -> TimerState:
        """Idle, running or paused."""
        if self._current is None:
            return TimerState.IDLE
        return TimerState.PAUSED if self._current.paused_since is not None else TimerState.RUNNING

    @property
    def phase(self) -> Phase:
        """The phase in progress, or the one that starts next when idle."""
        return self._current.phase if self._current else self.next_phase

    @property
    def current_slot(self) -> SlotRef:
        """The slot of the phase in progress (a break: of the focus before it), else the next."""
        return self._current.slot if self._current else self.slot

    @property
    def now(self) -> float:
        """The timer's current time (epoch seconds) as of the last observation."""
        return self._now

    def time_now(self) -> float:
        """The timer's time at this instant, without moving it (nothing ends here).

        The wall clock, unless it is ahead of what the clocks no one can set say has passed.
        """
        wall, mono, boot = self.clock.wall(), self.clock.monotonic(), self.clock.boottime()
        passed = max(0.0, mono - self._last_mono)
        if boot is not None and self._last_boot is not None:
            passed = max(passed, boot - self._last_boot)
        else:
            passed = max(passed, wall - self._last_wall)
        return min(wall, self._ceiling + passed)

    def planned_s(self) -> int:
        """Length of the phase in progress, or of the next one."""
        if self._current:
            return self._current.planned_s
        return self.settings.planned(self.next_phase)

    def remaining(self) -> float:
        """Seconds left in the phase (full length when idle); never negative."""
        cur = self._current
        if cur is None:
            return float(self.settings.planned(self.next_phase))
        at = cur.paused_since if cur.paused_since is not None else self._now
        return max(0.0, cur.deadline - at)

    def elapsed_fraction(self) -> float:
        """How much of the phase has passed, 0.0 to 1.0."""
        planned = self.planned_s()
        return 0.0 if planned <= 0 else min(1.0, max(0.0, 1 - self.remaining() / planned))

    def deadline(self) -> float | None:
        """When the running phase ends (epoch seconds), or None when idle or paused."""
        cur = self._current
        if cur is None or cur.paused_since is not None:
            return None
        return cur.deadline

    # -- time ----------------------------------------------------------------------------

    def tick(self) -> list[TimerEvent]:
        """Read the clocks, end every phase whose deadline has passed; return what happened."""
        wall, mono, boot = self.clock.wall(), self.clock.monotonic(), self.clock.boottime()
        lived = max(0.0, mono - self._last_mono)  # a faked monotonic clock can go back
        if boot is not None and self._last_boot is not None:
            slept = max(0.0, boot - self._last_boot - lived)
        else:
            # No clock counts sleep: a wall clock running ahead of the monotonic one is taken
            # as sleep (it may be the clock being set; nothing here can tell).
            slept = max(0.0, wall - self._last_wall - lived)
            if slept <= SUSPEND_THRESHOLD_S:
                slept = 0.0  # the two readings were not taken at the same instant
        self._last_wall, self._last_mono, self._last_boot = wall, mono, boot
        closed, self._closed = self._closed, 0.0
        self._ceiling += lived + slept
        jump = min(wall, self._ceiling) - (self._now + lived + slept + closed)
        if abs(jump) > SUSPEND_THRESHOLD_S:
            # The wall clock was set back (follow it: nothing is dated after what it says), or
            # put right again (follow it back up, never past the ceiling). The phase in
            # progress moves with the jump and keeps its length.
            self._shift(jump)
        events: list[TimerEvent] = []
        self._now += lived
        events += self._end_due(lived=True)
        if slept > SUSPEND_THRESHOLD_S:
            as_pause = self.settings.suspend_policy == "pause" and self.state is TimerState.RUNNING
            events.append(SuspendDetected(slept, as_pause))
            if as_pause and self._current is not None:
                self._current.paused_s += slept
                self._current.pauses += 1
                self._current.deadline += slept
        self._now += slept + closed
        events += self._end_due(lived=False)
        return events

    def _shift(self, seconds: float) -> None:
        """Move the timer's time, and the phase in progress with it, by ``seconds``."""
        self._now += seconds
        self.set_back_s = max(0.0, self.set_back_s - seconds)
        cur = self._current
        if cur is not None:
            cur.started_at += seconds
            cur.deadline += seconds
            if cur.paused_since is not None:
                cur.paused_since += seconds

    def _end_due(self, *, lived: bool) -> list[TimerEvent]:
        """End the running phase if its deadline passed; the next starts only in lived time."""
        events: list[TimerEvent] = []
        while (
            self._current is not None
            and self._current.paused_since is None
            and self._current.deadline <= self._now
        ):
            cur = self._current
            chain = lived and self._now - cur.deadline <= LATE_S
            events += self._finish(Status.COMPLETED, cur.deadline, None, chain=chain)
        return events

    # -- actions -------------------------------------------------------------------------

    def start(self) -> list[TimerEvent]:
        """Start the next phase (idle only)."""
        events = self.tick()
        if self._current is None:
            events += self._begin(self.next_phase, self._now)
        return events

    def pause(self) -> list[TimerEvent]:
        """Pause the running phase."""
        events = self.tick()
        cur = self._current
        if cur is not None and cur.paused_since is None:
            cur.paused_since = self._now
            cur.pauses += 1
        return events

    def resume(self) -> list[TimerEvent]:
        """Resume a paused phase; the deadline moves by the time paused."""
        events = self.tick()
        cur = self._current
        if cur is not None and cur.paused_since is not None:
            held = self._now - cur.paused_since
            cur.paused_s += held
            cur.deadline += held
            cur.paused_since = None
        return events

    def toggle(self) -> list[TimerEvent]:
        """``space``: start when idle, pause when running, resume when paused."""
        state = self.state
        if state is TimerState.IDLE:
            return self.start()
        if state is TimerState.RUNNING:
            return self.pause()
        return self.resume()

    def skip(self) -> list[TimerEvent]:
        """End the phase now as skipped; after it the timer waits for the next focus."""
        events = self.tick()
        if self._current is not None:
            events += self._finish(Status.SKIPPED, self._now, None, chain=False)
        elif self.next_phase.is_break:
            self.next_phase = Phase.FOCUS
        return events

    def interrupt(self, reason: str | None = None) -> list[TimerEvent]:
        """Interrupt a focus (running or paused) with an optional reason; breaks are not affected."""
        events = self.tick()
        cur = self._current
        if cur is not None and cur.phase is Phase.FOCUS:
            text = (reason or "").strip() or None
            events += self._finish(Status.INTERRUPTED, self._now, text, chain=False)
        return events

    def set_slot(self, slot: SlotRef) -> None:
        """Make ``slot`` current: the focus in progress (if any) and the next ones count for it."""
        self.slot = slot
        if self._current is not None and self._current.phase is Phase.FOCUS:
            self._current.slot = slot

    def set_settings(self, settings: TimerSettings) -> None:
        """New lengths apply from the next phase on."""
        self.settings = settings

    # -- internals -----------------------------------------------------------------------

    def _begin(self, phase: Phase, at: float, slot: SlotRef | None = None) -> list[TimerEvent]:
        planned = self.settings.planned(phase)
        use = slot if slot is not None else self.slot
        self._current = _Running(phase, use, planned, at, at + planned)
        return [PhaseStarted(phase, at, planned, use)]

    def _finish(
        self, status: Status, end: float, reason: str | None, *, chain: bool = True
    ) -> list[TimerEvent]:
        cur = self._current
        assert cur is not None
        paused = cur.paused_s
        if cur.paused_since is not None:
            paused += max(0.0, end - cur.paused_since)
        end = max(end, cur.started_at)
        # Whole seconds, so that focused + paused equals ended - started exactly.
        total = round(end) - round(cur.started_at)
        focused_s = max(0, min(total, round(end - cur.started_at - paused)))
        record = self._record(cur, status, end, focused_s, total - focused_s, reason)
        self._current = None
        events: list[TimerEvent] = [PhaseEnded(record)]
        if cur.phase is Phase.FOCUS and status is Status.COMPLETED:
            self.completed_focus += 1
            every = max(1, self.settings.long_every)
            brk = Phase.LONG_BREAK if self.completed_focus % every == 0 else Phase.SHORT_BREAK
            self.next_phase = brk
            if chain and self.settings.auto_start_breaks:
                events += self._begin(brk, end, cur.slot)
        else:
            self.next_phase = Phase.FOCUS
            if (
                chain
                and cur.phase.is_break
                and status is Status.COMPLETED
                and self.settings.auto_start_focus
            ):
                events += self._begin(Phase.FOCUS, end)
        return events

    def _record(
        self,
        cur: _Running,
        status: Status,
        end: float,
        focused: int,
        paused: int,
        reason: str | None,
    ) -> PhaseRecord:
        started = self.clock.local(round(cur.started_at))
        ended = self.clock.local(round(end))
        return PhaseRecord(
            id=self.new_id(),
            kind=cur.phase,
            status=status,
            curriculum_id=cur.slot.curriculum_id,
            slot_id=cur.slot.slot_id,
            slot_title=cur.slot.title,
            track=cur.slot.track,
            planned_s=cur.planned_s,
            focused_s=focused,
            paused_s=paused,
            pauses=cur.pauses,
            started_at=started,
            ended_at=ended,
            study_date=study_date(started, self.settings.day_starts_at),
            reason=reason,
        )

    # -- saving --------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """A JSON-able picture of the timer, enough to resume it in another process."""
        cur = self._current
        boot, boot_id = self._last_boot, self.clock.boot_id()  # as of the last tick, as _ceiling
        return {
            "version": STATE_VERSION,
            "saved_at": self._now,
            "ceiling": self._ceiling,
            "boot": None if boot is None or boot_id is None else {"id": boot_id, "at": boot},
            "completed_focus": self.completed_focus,
            "next_phase": str(self.next_phase),
            "slot": _slot_dict(self.slot),
            "current": None
            if cur is None
            else {
                "phase": str(cur.phase),
                "slot": _slot_dict(cur.slot),
                "planned_s": cur.planned_s,
                "started_at": cur.started_at,
                "deadline": cur.deadline,
                "paused_s": cur.paused_s,
                "pauses": cur.pauses,
                "paused_since": cur.paused_since,
            },
        }

    @classmethod
    def restore(
        cls,
        data: dict[str, Any],
        clock: Clock,
        settings: TimerSettings,
        new_id: Callable[[], str] | None = None,
    ) -> "Timer":
        """Rebuild a timer from ``snapshot()``, as it stood when saved.

        The time since it was saved is time the app was closed: at the next ``tick`` a phase
        whose deadline passed meanwhile ends at its deadline and nothing starts after it. A
        snapshot saved at a time later than the wall clock now (a clock that was ahead) is
        taken as saved now.

        Raises:
            ValueError: the data is not a snapshot this version understands.
        """
        try:
            if data.get("version") != STATE_VERSION:
                raise ValueError(f"unknown timer state version {data.get('version')!r}")
            kwargs: dict[str, Any] = {} if new_id is None else {"new_id": new_id}
            timer = cls(
                clock=clock,
                settings=settings,
                slot=SlotRef(**data["slot"]),
                completed_focus=int(data["completed_focus"]),
                next_phase=Phase(data["next_phase"]),
                **kwargs,
            )
            saved_at = _finite(data["saved_at"])
            cur = data["current"]
            if cur is not None:
                paused_since = cur["paused_since"]
                timer._current = _Running(
                    phase=Phase(cur["phase"]),
                    slot=SlotRef(**cur["slot"]),
                    planned_s=int(cur["planned_s"]),
                    started_at=_finite(cur["started_at"]),
                    deadline=_finite(cur["deadline"]),
                    paused_s=_finite(cur["paused_s"]),
                    pauses=int(cur["pauses"]),
                    paused_since=None if paused_since is None else _finite(paused_since),
                )
        except (KeyError, TypeError, AttributeError, OverflowError) as exc:
            raise ValueError(f"damaged timer state: {exc}") from None
        timer._now = saved_at
        timer._ceiling = timer._last_wall
        boot, saved_boot = clock.boottime(), data.get("boot")
        if boot is not None and isinstance(saved_boot, dict) and "ceiling" in data:
            try:
                at, ceiling = _finite(saved_boot["at"]), _finite(data["ceiling"])
                if saved_boot.get("id") == clock.boot_id() and boot >= at:
                    # Same boot: the time since it was saved is known, whatever the wall says.
                    timer._ceiling = ceiling + boot - at
            except (KeyError, TypeError, ValueError, OverflowError):
                pass  # no usable boot reading: the wall clock alone says how long it was closed
        now = min(timer._last_wall, timer._ceiling)
        if now >= saved_at:
            timer._closed = now - saved_at
        elif saved_at - now > SUSPEND_THRESHOLD_S:
            timer._shift(now - saved_at)  # saved by a clock that was ahead: as if saved now
        return timer

    def reset_cycle(self) -> None:
        """Start counting toward the long break afresh (a new study day)."""
        self.completed_focus = 0


def _uuid4() -> str:
    import uuid  # here, not at import: uuid imports platform (~3 ms for every command)

    return str(uuid.uuid4())


def _finite(value: Any) -> float:
    """A number that is neither NaN nor infinite (ValueError otherwise)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


def _slot_dict(slot: SlotRef) -> dict[str, Any]:
    return {
        "curriculum_id": slot.curriculum_id,
        "slot_id": slot.slot_id,
        "title": slot.title,
        "track": slot.track,
    }


__all__ = [
    "Phase",
    "PhaseEnded",
    "PhaseRecord",
    "PhaseStarted",
    "SlotRef",
    "Status",
    "SuspendDetected",
    "Timer",
    "TimerEvent",
    "TimerSettings",
    "TimerState",
]
