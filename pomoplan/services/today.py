"""What a study day offers beyond its own slots: the backlog, study-ahead, the pace, the goal."""

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from pomoplan.core.pace import projected_end
from pomoplan.core.plan import Slot
from pomoplan.core.schedule import DayView, Schedule
from pomoplan.store.log import LogStore


class Extras(NamedTuple):
    """Beside a day's own slots."""

    backlog: list[tuple[Slot, date]]
    """Slots of earlier dates not done, oldest first."""
    ahead: list[tuple[Slot, date]]
    """The next plan day's slots (a self-paced plan: the next unfinished ones), to study
    ahead; empty at the plan's end."""
    ahead_date: date | None
    projected_end: date | None
    daily_goal: tuple[int, int] | None
    """Self-paced: (daily pomodoros, done today); None for a calendar plan."""


def extras(
    schedule: Schedule,
    view: DayView,
    done: Mapping[str, int],
    before: Mapping[str, int],
    store: LogStore | None,
    today: date,
) -> Extras:
    """The backlog, study-ahead, projected end and daily goal for ``view``'s day."""
    day = view.date
    backlog = [(b.slot, b.date) for b in schedule.backlog(day, done)]
    ahead: list[tuple[Slot, date]] = []
    ahead_date = None
    goal = None
    if schedule.calendar:
        nxt = schedule.next_study_day(day)
        if nxt is not None:
            ahead_date = nxt.date
            ahead = [(s, nxt.date) for s in nxt.slots]
    else:
        daily = schedule.curriculum.daily_pomodoros
        goal = (daily, sum(done.values()) - sum(before.values()))
        shown = {s.id for s in view.slots}
        ahead = [(s, day) for s in schedule.next_unfinished(done, shown) if s.id not in shown]
    return Extras(backlog, ahead, ahead_date, projected(schedule, done, store, today), goal)


def projected(
    schedule: Schedule, done: Mapping[str, int], store: LogStore | None, today: date
) -> date | None:
    """When the plan's last slot would be done at the pace of the last 14 study days."""
    finished, total = schedule.progress(done)
    recent = store.recent_study_days(schedule.curriculum.id, today) if store else []
    return projected_end(total - finished, recent, today)


def slot_json(slot: Slot, on: date, done: Mapping[str, int]) -> dict[str, Any]:
    """A backlog or study-ahead slot in ``today --json``."""
    return {
        "slot_id": slot.id,
        "title": slot.title,
        "date": on.isoformat(),
        "pomodoros": slot.pomodoros,
        "done": done.get(slot.id, 0),
    }
