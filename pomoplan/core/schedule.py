"""From a date to the plan: today's slots, the backlog, progress and planned pomodoros."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from pomoplan.core.plan import Curriculum, Slot

DayStatus = Literal["study", "rest", "before_start", "after_end", "free", "finished"]
"""study: slots planned; rest: a rest day; before_start/after_end: outside the plan;
free: a weekday the plan does not name; finished: a self-paced plan with nothing left."""


def monday(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


class DayView(NamedTuple):
    """What the plan says about one study date."""

    date: date
    status: DayStatus
    slots: tuple[Slot, ...] = ()
    week: int | None = None
    week_title: str | None = None
    day_title: str | None = None
    note: str | None = None

    @property
    def rest(self) -> bool:
        """A rest day of the plan."""
        return self.status == "rest"

    @property
    def planned_pomodoros(self) -> int:
        """Pomodoros the plan asks for on this day."""
        return sum(s.pomodoros for s in self.slots)

    def blocks(self) -> list[tuple[str, list[Slot]]]:
        """Slots grouped by block (上午, 下午...), in plan order."""
        out: list[tuple[str, list[Slot]]] = []
        for slot in self.slots:
            if out and out[-1][0] == slot.block:
                out[-1][1].append(slot)
            else:
                out.append((slot.block, [slot]))
        return out


class BacklogItem(NamedTuple):
    """A slot of a past day that is not done yet."""

    slot: Slot
    date: date
    missing: int


@dataclass
class Schedule:
    """A curriculum placed on the calendar from ``start``."""

    curriculum: Curriculum
    start: date
    _by_id: dict[str, Slot] = field(default_factory=dict, init=False, repr=False)

    @property
    def week1_monday(self) -> date:
        """Week 1 is the Monday-Sunday week that holds the start date."""
        return monday(self.start)

    @property
    def calendar(self) -> bool:
        """A plan by calendar (else self-paced)."""
        return self.curriculum.kind == "calendar"

    @property
    def end(self) -> date | None:
        """The last date of a calendar plan (None for self-paced)."""
        if self.calendar:
            return self.week1_monday + timedelta(days=7 * len(self.curriculum.weeks) - 1)
        return None

    def slot(self, slot_id: str) -> Slot | None:
        """The slot with this id, if the plan has it."""
        if not self._by_id:
            self._by_id = self.curriculum.slot_by_id()
        return self._by_id.get(slot_id)

    def day(self, day: date, done_before: Mapping[str, int] | None = None) -> DayView:
        """The plan for ``day``; a self-paced plan needs what was done before that day."""
        if day < self.start:
            return DayView(day, "before_start")
        if not self.calendar:
            return self._self_paced_day(day, done_before or {})
        week = (monday(day) - self.week1_monday).days // 7 + 1
        if week > len(self.curriculum.weeks):
            return DayView(day, "after_end")
        plan = self.curriculum.day_plan(week, day.weekday())
        week_title = self.curriculum.weeks[week - 1].title
        if plan is None:
            return DayView(day, "free", week=week, week_title=week_title)
        return DayView(
            day,
            "rest" if plan.rest else "study",
            plan.slots,
            week,
            week_title,
            plan.title,
            plan.note,
        )

    def _self_paced_day(self, day: date, done_before: Mapping[str, int]) -> DayView:
        budget = self.curriculum.daily_pomodoros
        chosen: list[Slot] = []
        for slot in self.curriculum.all_slots():
            left = slot.pomodoros - done_before.get(slot.id, 0)
            if left <= 0:
                continue
            chosen.append(slot)
            budget -= left
            if budget <= 0:
                break
        if not chosen:
            return DayView(day, "finished")
        phase = _phase_title(self.curriculum, chosen[0])
        return DayView(day, "study", tuple(chosen), week_title=phase)

    def planned_on(self, day: date) -> int:
        """Pomodoros planned for ``day``: the day's slots, or ``daily_pomodoros`` (self-paced)."""
        if day < self.start:
            return 0
        if not self.calendar:
            return self.curriculum.daily_pomodoros
        return self.day(day).planned_pomodoros

    def next_study_day(self, after: date, limit_days: int = 60) -> DayView | None:
        """The first day after ``after`` with slots planned (to study ahead)."""
        if not self.calendar:
            return None
        for offset in range(1, limit_days + 1):
            view = self.day(after + timedelta(days=offset))
            if view.status == "study":
                return view
            if view.status == "after_end":
                return None
        return None

    def backlog(self, today: date, done: Mapping[str, int]) -> list[BacklogItem]:
        """Slots of days from the start up to yesterday that are not done (calendar plans)."""
        if not self.calendar:
            return []
        out: list[BacklogItem] = []
        day = self.start
        last = min(today - timedelta(days=1), self.end or today)
        while day <= last:
            for slot in self.day(day).slots:
                missing = slot.pomodoros - done.get(slot.id, 0)
                if missing > 0:
                    out.append(BacklogItem(slot, day, missing))
            day += timedelta(days=1)
        return out

    def progress(self, done: Mapping[str, int]) -> tuple[int, int]:
        """(pomodoros done, pomodoros in the plan); extra pomodoros on a slot do not count twice.

        Days of week 1 before the start are not part of the plan.
        """
        slots = self.curriculum.all_slots()
        if self.calendar:
            skipped = self._slots_before_start()
            slots = [s for s in slots if s.id not in skipped]
        total = sum(s.pomodoros for s in slots)
        finished = sum(min(done.get(s.id, 0), s.pomodoros) for s in slots)
        return finished, total

    def _slots_before_start(self) -> set[str]:
        out: set[str] = set()
        day = self.week1_monday
        while day < self.start:
            plan = self.curriculum.day_plan(1, day.weekday())
            if plan:
                out.update(s.id for s in plan.slots)
            day += timedelta(days=1)
        return out


def _phase_title(curriculum: Curriculum, slot: Slot) -> str | None:
    if slot.where and slot.where[0] == "phases":
        index = slot.where[1]
        if isinstance(index, int) and index < len(curriculum.phase_titles):
            return curriculum.phase_titles[index]
    return None
