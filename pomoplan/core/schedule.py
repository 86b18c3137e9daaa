"""From a date to the plan: today's slots, the backlog, progress and planned pomodoros."""

from collections.abc import Mapping, Sequence, Set
from datetime import date, timedelta
from typing import Literal, NamedTuple

from pomoplan.core.layout import DEFAULT_MODE, Layout, Replan
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


class Schedule:
    """A curriculum placed on the calendar from ``start`` (calendar plans: by ``mode``, then
    moved by ``replans``; see core/layout.py)."""

    __slots__ = ("_by_id", "_layout", "curriculum", "mode", "replans", "start")

    def __init__(
        self,
        curriculum: Curriculum,
        start: date,
        mode: str = DEFAULT_MODE,
        replans: Sequence[Replan] = (),
    ) -> None:
        self.curriculum = curriculum
        self.start = start
        self.mode = mode
        self.replans = replans
        self._by_id: dict[str, Slot] = {}
        self._layout: Layout | None = None

    def __eq__(self, other: object) -> bool:
        if type(other) is not Schedule:
            return NotImplemented
        mine = (self.curriculum, self.start, self.mode, tuple(self.replans))
        return mine == (other.curriculum, other.start, other.mode, tuple(other.replans))

    __hash__ = None  # type: ignore[assignment]  # it caches its layout: not a key

    def __repr__(self) -> str:
        return (
            f"Schedule(curriculum={self.curriculum.id!r}, start={self.start!r}, "
            f"mode={self.mode!r}, replans={len(self.replans)})"
        )

    @property
    def week1_monday(self) -> date:
        """The Monday of the start date's week."""
        return monday(self.start)

    @property
    def calendar(self) -> bool:
        """A plan by calendar (else self-paced)."""
        return self.curriculum.kind == "calendar"

    @property
    def layout(self) -> Layout:
        """Where each plan day and slot falls now (built once)."""
        if self._layout is None:
            self._layout = Layout(self.curriculum, self.start, self.mode, self.replans)
        return self._layout

    def original(self) -> "Schedule":
        """The same plan before any re-plan."""
        if not self.replans:
            return self
        return Schedule(self.curriculum, self.start, self.mode)

    @property
    def end(self) -> date | None:
        """The last date of a calendar plan (None for self-paced)."""
        if self.calendar:
            return self.layout.last_date
        return None

    def slot(self, slot_id: str) -> Slot | None:
        """The slot with this id, if the plan has it."""
        if self.calendar and not self._by_id:  # its plan day, without indexing every slot
            p = self.layout.plan_day_of(slot_id)
            if p is None:
                return None
            return next(s for s in self.layout.day_slots[p] if s.id == slot_id)
        if not self._by_id:
            self._by_id = self.curriculum.slot_by_id()
        return self._by_id.get(slot_id)

    def day(self, day: date, done_before: Mapping[str, int] | None = None) -> DayView:
        """The plan for ``day``; a self-paced plan needs what was done before that day."""
        if day < self.start:
            return DayView(day, "before_start")
        if not self.calendar:
            return self._self_paced_day(day, done_before or {})
        layout = self.layout
        p = layout.plan_day_on(day)
        slots = layout.slots_on(day)
        plan = None
        week = week_title = None
        if p is not None:
            week = p // 7 + 1
            week_title = self.curriculum.weeks[week - 1].title
            plan = self.curriculum.day_plan(week, p % 7)
        if slots:
            title = plan.title if plan is not None else None
            note = plan.note if plan is not None else None
            return DayView(day, "study", slots, week, week_title, title, note)
        if plan is not None and plan.rest:
            return DayView(day, "rest", (), week, week_title, plan.title, plan.note)
        last = layout.last_date
        if last is None or day > last:
            return DayView(day, "after_end")
        return DayView(day, "free", week=week, week_title=week_title)

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

    def next_unfinished(self, done: Mapping[str, int], after: Set[str] = frozenset()) -> list[Slot]:
        """A self-paced plan's next unfinished slots not among ``after`` (today's), about one
        day's worth (``daily_pomodoros``)."""
        out: list[Slot] = []
        budget = self.curriculum.daily_pomodoros
        for slot in self.curriculum.all_slots():
            left = slot.pomodoros - done.get(slot.id, 0)
            if left <= 0 or slot.id in after:
                continue
            out.append(slot)
            budget -= left
            if budget <= 0:
                break
        return out

    def planned_on(self, day: date) -> int:
        """Pomodoros planned for ``day``: the day's slots, or ``daily_pomodoros`` (self-paced)."""
        if day < self.start:
            return 0
        if not self.calendar:
            return self.curriculum.daily_pomodoros
        return sum(s.pomodoros for s in self.layout.slots_on(day))

    def next_study_day(self, after: date) -> DayView | None:
        """The first day after ``after`` with slots (to study ahead); None at the plan's end."""
        if not self.calendar:
            return None
        after = max(after, self.start - timedelta(days=1))
        for day in self.layout.study_dates_from(after + timedelta(days=1)):
            last = self.layout.last_date
            if last is None or day > last:
                return None
            view = self.day(day)
            if view.status == "study":
                return view
        return None

    def backlog(self, today: date, done: Mapping[str, int]) -> list[BacklogItem]:
        """Slots on dates before ``today`` that are not done (calendar plans), by date."""
        if not self.calendar:
            return []
        out: list[BacklogItem] = []
        for slot, day in self.layout.slots_before(today):
            missing = slot.pomodoros - done.get(slot.id, 0)
            if missing > 0:
                out.append(BacklogItem(slot, day, missing))
        return out

    def progress(self, done: Mapping[str, int]) -> tuple[int, int]:
        """(pomodoros done, pomodoros in the plan); extra pomodoros on a slot do not count twice.

        Every slot counts, whatever the start day: none is out of reach.
        """
        finished = 0
        for slot_id, n in done.items():  # the slots done, not every slot of a long plan
            slot = self.slot(slot_id)
            if slot is not None:
                finished += min(n, slot.pomodoros)
        return finished, self.curriculum.total_pomodoros


def _phase_title(curriculum: Curriculum, slot: Slot) -> str | None:
    if slot.where and slot.where[0] == "phases":
        index = slot.where[1]
        if isinstance(index, int) and index < len(curriculum.phase_titles):
            return curriculum.phase_titles[index]
    return None
