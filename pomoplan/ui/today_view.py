"""The today screen's view model: a pure function from the session to what the screen shows.

No Textual here: the view is plain data, built and tested without a terminal. The screen holds
the latest view and each widget redraws only the part it shows when that part changes.
"""

from datetime import date
from typing import Literal, NamedTuple

from pomoplan.core.durations import format_clock
from pomoplan.core.timer import TimerState
from pomoplan.services.session import Section, SlotEntry, SlotState, StudySession
from pomoplan.text.i18n import cells, day_message, t
from pomoplan.text.safe import visible
from pomoplan.text.titles import day_heading

Look = Literal["idle", "focus", "break", "paused"]
SlotKey = tuple[str, date]
"""A listed slot's identity: its id and the plan date it belongs to."""


class SlotInfo(NamedTuple):
    """What the detail panel shows about one slot (user text, shown literally)."""

    title: str
    track: str
    block: str
    detail: str | None
    resources: tuple[str, ...]


class SlotRow(NamedTuple):
    """One slot of the list, with the heading of the section it is in."""

    key: SlotKey
    heading: str
    state: SlotState
    done: int
    pomodoros: int
    track: str
    title: str
    info: SlotInfo
    backlog: bool = False
    """A slot of an earlier day (not of the day shown, nor of the next planned day)."""


class TodayView(NamedTuple):
    """Everything the today screen shows, worded in the language in force."""

    title: str
    phase: str
    """``Focus · Ready``: the phase and the timer's state."""
    look: Look
    """How the timer panel looks: idle, focus, break or paused."""
    remaining: float
    """Seconds left in the phase (the countdown shows :attr:`clock`)."""
    planned: int
    """Seconds the phase lasts (the bar shows how far it came)."""
    clock: str
    current: str
    """The current slot's title (or that there is none)."""
    hint: str
    message: str
    """What to say about a day with no slots of its own ("" on a study day)."""
    rows: tuple[SlotRow, ...]
    current_key: SlotKey | None
    detail: SlotInfo | None
    """The current slot's detail (the panel shows the highlighted slot's once one is)."""
    ends: str = ""
    """When the plan would be done at the recent pace (``ends ~2027-03-05``), or ""."""

    @property
    def backlog(self) -> tuple[SlotRow, ...]:
        """The listed slots of earlier days."""
        return tuple(row for row in self.rows if row.backlog)


def key_of(entry: SlotEntry) -> SlotKey:
    """The identity of a listed slot."""
    return (entry.slot.id, entry.date)


def today_view(session: StudySession, *, lock_owner: int | None = None) -> TodayView:
    """What the today screen shows for ``session`` now.

    Args:
        session: the study session.
        lock_owner: the pid of the window that runs the timer, when this one only follows it.
    """
    timer = session.timer
    state = timer.state
    phase = timer.phase
    phase_name = t(str(phase))
    if state is TimerState.IDLE:
        label = f"{phase_name} · {t('idle')}"
        hint = t("press_space_break") if phase.is_break else t("press_space")
    else:
        label = f"{phase_name} · {t(str(state))}"
        hint = t("on_break") if phase.is_break else ""
    if session.readonly and lock_owner is not None:
        hint = t("another_instance", pid=lock_owner)
    remaining = timer.remaining()
    current = session.current
    return TodayView(
        title=title_of(session),
        phase=label,
        look=look_of(session),
        remaining=remaining,
        planned=timer.planned_s(),
        clock=format_clock(remaining),
        current=current.slot.title if current else t("no_slot"),
        hint=hint,
        message=message_of(session),
        rows=tuple(_row(session, entry) for entry in session.entries),
        current_key=key_of(current) if current else None,
        detail=info_of(current) if current else None,
        ends=ends_of(session),
    )


def ends_of(session: StudySession) -> str:
    """The projected end for the header ("" before the pace says anything)."""
    end = session.projected_end()
    return t("projected_short", date=end.isoformat()) if end else ""


def header(view: TodayView, width: int) -> str:
    """The header line as shown in ``width`` cells: the title, then the projected end when
    both fit (it goes first: the plan, week and date matter more)."""
    title = visible(view.title)
    if view.ends:
        full = f"{title} · {visible(view.ends)}"
        if cells(full) <= width:
            return full
    return title


def title_of(session: StudySession) -> str:
    """``Plan · Week 1 · Basics · Wed 2026-11-25``; a part another one repeats is left out."""
    calendar = session.plan.schedule.calendar
    plan = session.plan.curriculum.title
    return day_heading(session.view, calendar=calendar, plan=plan, on=session.day, day_title=False)


def message_of(session: StudySession) -> str:
    """What to say above the slots: a day with no slots of its own, or a self-paced day whose
    goal is met (its next slots follow)."""
    goal = session.daily_goal
    if goal is not None and goal[1] >= goal[0] and session.view.status == "study":
        return t("goal_met", n=goal[1], goal=goal[0])
    return day_message(session.view, session.plan.start, session.plan.schedule.end)


def look_of(session: StudySession) -> Look:
    """The timer panel's look: idle, focus, break or paused."""
    timer = session.timer
    if timer.state is TimerState.IDLE:
        return "idle"
    if timer.state is TimerState.PAUSED:
        return "paused"
    return "break" if timer.phase.is_break else "focus"


def heading(section: Section) -> str:
    """A section's heading in the language in force."""
    if section.kind == "backlog":
        return t("backlog")
    if section.kind == "ahead" and section.on is not None:
        return t("ahead_section", date=section.on.isoformat())
    if section.kind == "next":
        return t("next_section")
    return section.block


def info_of(entry: SlotEntry) -> SlotInfo:
    """A slot's detail."""
    s = entry.slot
    return SlotInfo(s.title, s.track, s.block, s.detail, tuple(str(r) for r in s.resources))


def _row(session: StudySession, entry: SlotEntry) -> SlotRow:
    slot = entry.slot
    return SlotRow(
        key=key_of(entry),
        heading=heading(entry.section),
        state=session.slot_state(entry),
        done=session.done.get(slot.id, 0),
        pomodoros=slot.pomodoros,
        track=slot.track,
        title=slot.title,
        info=info_of(entry),
        backlog=entry.section.kind == "backlog",
    )
