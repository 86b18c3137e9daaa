"""Where a calendar plan's days fall: the start date, then each re-plan in order (pure).

A calendar plan is a sequence of plan days (week 1 Monday, week 1 Tuesday, ... one per weekday
of each week, named or not). The layout gives each plan day one date, strictly increasing, and
may move single slots of past days (a catch-up) onto later dates. It is a pure function of the
start date, the placement mode and the re-plans: replaying the same re-plans gives the same
dates, and leaving one out (an undo) gives exactly the layout without it.

Placement modes (``pomoplan start --consecutive`` / ``--as-written``):

- ``weekends`` (the default): the plan's first day (the first weekday of week 1 it names) falls
  on the start date; each next plan day falls on the next date of its own kind (a
  Monday-Friday plan day on a weekday, a Saturday or Sunday plan day on a weekend day).
  Started on a Monday this is the plan as written; started on a Thursday, Monday and
  Tuesday's plan fall on Thursday and Friday, the rest of the first week's weekdays on the
  next Monday to Wednesday, and its weekend on the next weekend: from there on every day is
  on its own weekday again.
- ``consecutive``: plan days one after another from the start date, whatever the weekday.
- ``as-written``: plan days on the weekdays the plan names, week 1 being the week of the start
  date; days of week 1 before the start date are backlog from the first day.

Shifts and catch-ups are computed once, when the learner makes them, and stored with their
outcome (how many days, which slot to which date), so replaying them never depends on what was
done since.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple, overload

from pomoplan.core.plan import WEEKDAYS, Curriculum, Slot, Week

MODES = ("weekends", "consecutive", "as-written")
DEFAULT_MODE = "weekends"


class Replan(NamedTuple):
    """One re-plan as the layout replays it."""

    id: str
    kind: str
    """``shift`` or ``catch-up``."""
    start: date
    """Shift: the plan days laid on this date and later move. Catch-up: its first date."""
    days: int
    """Shift: by how many days (negative: earlier). Catch-up: how many dates it spreads over."""
    moves: tuple[tuple[str, date], ...] = ()
    """Catch-up: each backlog slot and the date it goes to."""


class ReplanError(ValueError):
    """A re-plan that cannot be made (nothing to move, no room earlier than today)."""


def _is_weekend(position: int) -> bool:
    return position % 7 >= 5


def _base_dates(positions: int, start: date, mode: str, first: int = 0) -> list[int]:
    """Ordinals of each plan day before any re-plan; ``first`` is the plan's first named day
    (days of week 1 before it name nothing and fall just before the start)."""
    if mode == "as-written":
        monday = start.toordinal() - start.weekday()
        return list(range(monday, monday + positions))
    begin = start.toordinal() - first
    if mode == "consecutive" or start.weekday() == first % 7:
        return list(range(begin, begin + positions))
    if mode != "weekends":
        raise ValueError(f"unknown placement mode {mode!r}")
    out = list(range(begin, start.toordinal() + 1))
    p = first + 1
    while p < positions:
        if p % 7 == 0 and date.fromordinal(out[-1]).weekday() == 6:
            # the plan's Sunday fell on a Sunday: from here each day is on its own weekday
            out.extend(range(out[-1] + 1, out[-1] + 1 + positions - p))
            break
        d = out[-1] + 1
        while (date.fromordinal(d).weekday() >= 5) != _is_weekend(p):
            d += 1
        out.append(d)
        p += 1
    return out


def first_named_day(curriculum: Curriculum) -> int:
    """The plan's first day: the first weekday of week 1 it names (study or rest)."""
    if not curriculum.weeks:
        return 0
    days = curriculum.weeks[0].days
    return next((i for i, plan in enumerate(days) if plan is not None), 0)


class PlanDays(Sequence[tuple[Slot, ...]]):
    """The slots of each plan day (empty for a rest or unnamed day), read from the plan's weeks
    when asked: a plan read back from the cache unpacks only the weeks looked at."""

    __slots__ = ("_weeks",)

    def __init__(self, weeks: Sequence[Week]) -> None:
        self._weeks = weeks

    def __len__(self) -> int:
        return 7 * len(self._weeks)

    @overload
    def __getitem__(self, p: int) -> tuple[Slot, ...]: ...

    @overload
    def __getitem__(self, p: slice) -> Sequence[tuple[Slot, ...]]: ...

    def __getitem__(self, p: int | slice) -> tuple[Slot, ...] | Sequence[tuple[Slot, ...]]:
        if isinstance(p, slice):
            return [self[i] for i in range(len(self))[p]]
        if p < 0:
            p += len(self)
        if not 0 <= p < len(self):
            raise IndexError(p)
        plan = self._weeks[p // 7].days[p % 7]
        return () if plan is None or plan.rest else plan.slots


class Layout:
    """A calendar plan's dates after its re-plans."""

    def __init__(
        self,
        curriculum: Curriculum,
        start: date,
        mode: str = DEFAULT_MODE,
        replans: Iterable[Replan] = (),
    ) -> None:
        self.curriculum = curriculum
        self.start = start
        self.mode = mode
        days = PlanDays(curriculum.weeks)
        self.day_slots = days
        """The slots of each plan day (empty for a rest or unnamed day)."""
        self._position: dict[str, int] | None = None
        self.first = first_named_day(curriculum)
        """The plan's first day (plan days before it name nothing)."""
        self._original = _base_dates(len(days), start, mode, self.first)
        self._starts: list[int] = [0]
        self._offsets: list[int] = [0]
        """The shifts so far, as runs of plan days: plan days from ``_starts[i]`` to the next
        start moved ``_offsets[i]`` days. Applied to the dates when they are read, so a
        hundred shifts of a long plan cost one pass over its days, not a hundred."""
        self._firsts: list[int] = [self._original[0]] if self._original else []
        """The date of each run's first plan day (strictly increasing, as all dates are)."""
        self._dates: list[int] | None = self._original
        self.moved: dict[str, int] = {}
        """Slots a catch-up put on another date than their plan day's (ordinals)."""
        self._by_date: dict[int, list[Slot]] | None = None
        for replan in replans:
            self.apply(replan)

    @property
    def position(self) -> dict[str, int]:
        """Each slot's plan day (built when first asked: a plan without catch-ups rarely is)."""
        if self._position is None:
            self._position = {s.id: p for p, slots in enumerate(self.day_slots) for s in slots}
        return self._position

    def plan_day_of(self, slot_id: str) -> int | None:
        """A slot's plan day, read from its id (``w3-tue-...``) without indexing every slot."""
        week, _, rest = slot_id.partition("-")
        weekday = rest.partition("-")[0]
        if week[:1] == "w" and week[1:].isdigit() and weekday in WEEKDAYS:
            p = (int(week[1:]) - 1) * 7 + WEEKDAYS.index(weekday)
            if 0 <= p < len(self.day_slots) and any(s.id == slot_id for s in self.day_slots[p]):
                return p
        return self.position.get(slot_id)

    @property
    def dates(self) -> list[int]:
        """Each plan day's date (ordinal), strictly increasing."""
        if self._dates is None:
            out: list[int] = []
            original, starts, offsets = self._original, self._starts, self._offsets
            for i, begin in enumerate(starts):
                end = starts[i + 1] if i + 1 < len(starts) else len(original)
                offset = offsets[i]
                out += (
                    original[begin:end] if not offset else [d + offset for d in original[begin:end]]
                )
            self._dates = out
        return self._dates

    def _date_at(self, p: int) -> int:
        if self._dates is not None:
            return self._dates[p]
        return self._original[p] + self._offsets[bisect_right(self._starts, p) - 1]

    def _add_shift(self, k: int, n: int) -> None:
        """Move plan days ``k`` and later ``n`` days."""
        starts, offsets, firsts = self._starts, self._offsets, self._firsts
        i = bisect_left(starts, k)
        if i == len(starts) or starts[i] != k:  # a new run from k, moved as the one it splits
            starts.insert(i, k)
            offsets.insert(i, offsets[i - 1])
            firsts.insert(i, self._original[k] + offsets[i - 1])
        for j in range(i, len(starts)):
            offsets[j] += n
            firsts[j] += n
        self._dates = None

    def _first_on_or_after(self, ordinal: int) -> int:
        """The first plan day on ``ordinal`` or later (len: none)."""
        if self._dates is not None:
            return bisect_left(self._dates, ordinal)
        i = bisect_right(self._firsts, ordinal) - 1  # the run whose dates reach ``ordinal``
        if i < 0:
            return 0
        end = self._starts[i + 1] if i + 1 < len(self._starts) else len(self._original)
        return bisect_left(self._original, ordinal - self._offsets[i], self._starts[i], end)

    # -- replaying -----------------------------------------------------------------------

    def apply(self, replan: Replan) -> None:
        """Replay one re-plan (as stored: its outcome was decided when it was made)."""
        self._by_date = None
        if replan.kind == "shift":
            origin = replan.start.toordinal()
            k = self._first_on_or_after(origin)
            size = len(self._original)
            n = replan.days
            if n < 0 and 0 < k < size:  # never onto the plan day in front
                n = max(n, self._date_at(k - 1) + 1 - self._date_at(k))
            if k < size and n:
                self._add_shift(k, n)
            for slot_id, at in self.moved.items():
                if at >= origin:
                    self.moved[slot_id] = at + n
        elif replan.kind == "catch-up":
            for slot_id, to in replan.moves:
                if self.plan_day_of(slot_id) is not None:
                    self.moved[slot_id] = to.toordinal()

    # -- reading -------------------------------------------------------------------------

    def slot_date(self, slot_id: str) -> date | None:
        """The date a slot is on now."""
        if slot_id in self.moved:
            return date.fromordinal(self.moved[slot_id])
        p = self.plan_day_of(slot_id)
        return None if p is None else date.fromordinal(self.dates[p])

    def original_date(self, slot_id: str) -> date | None:
        """The date the plan first gave a slot (before any re-plan)."""
        p = self.plan_day_of(slot_id)
        return None if p is None else date.fromordinal(self._original[p])

    def plan_day_on(self, day: date) -> int | None:
        """The plan day laid on ``day``, if any."""
        dates = self.dates
        i = bisect_left(dates, day.toordinal())
        return i if i < len(dates) and dates[i] == day.toordinal() else None

    def original_plan_day_on(self, day: date) -> int | None:
        """The plan day the plan first laid on ``day``, if any."""
        i = bisect_left(self._original, day.toordinal())
        return i if i < len(self._original) and self._original[i] == day.toordinal() else None

    def _moved_in(self) -> dict[int, list[Slot]]:
        if self._by_date is None:
            by_date: dict[int, list[Slot]] = {}
            for slot_id, d in self.moved.items():
                p = self._known(slot_id)
                by_date.setdefault(d, []).append(
                    next(s for s in self.day_slots[p] if s.id == slot_id)
                )
            for slots in by_date.values():
                slots.sort(key=self.order)
            self._by_date = by_date
        return self._by_date

    def order(self, slot: Slot) -> tuple[int, int]:
        """A slot's place in plan order: (plan day, place in that day)."""
        p = self._known(slot.id)
        return p, self.day_slots[p].index(slot)

    def _known(self, slot_id: str) -> int:
        p = self.plan_day_of(slot_id)
        if p is None:
            raise KeyError(slot_id)
        return p

    def slots_on(self, day: date) -> tuple[Slot, ...]:
        """The slots on ``day`` now: its plan day's (less those moved away), then those moved
        there, in plan order."""
        own: tuple[Slot, ...] = ()
        p = self.plan_day_on(day)
        if p is not None:
            own = tuple(s for s in self.day_slots[p] if s.id not in self.moved)
        extra = self._moved_in().get(day.toordinal())
        if not extra:
            return own
        return tuple(sorted((*own, *extra), key=self.order))

    def original_slots_on(self, day: date) -> tuple[Slot, ...]:
        """What the plan first put on ``day``."""
        p = self.original_plan_day_on(day)
        return () if p is None else self.day_slots[p]

    @property
    def last_date(self) -> date | None:
        """The last date anything is on."""
        if not self.dates:
            return None
        last = self.dates[-1]
        if self.moved:
            last = max(last, max(self.moved.values()))
        return date.fromordinal(last)

    def slots_before(self, day: date) -> list[tuple[Slot, date]]:
        """Every slot on a date before ``day``, with that date, by date then plan order."""
        dates, moved = self.dates, self.moved
        end = bisect_left(dates, day.toordinal())
        out = [
            (s, date.fromordinal(dates[p]))
            for p in range(end)
            for s in self.day_slots[p]
            if s.id not in moved
        ]
        if not moved:  # already by date, then plan order
            return out
        out += [
            (s, date.fromordinal(d))
            for d, slots in self._moved_in().items()
            if d < day.toordinal()
            for s in slots
        ]
        out.sort(key=lambda item: (item[1], self.order(item[0])))
        return out

    def study_dates_from(self, day: date) -> Iterable[date]:
        """Dates from ``day`` on with a plan day that has slots, in order; then, past the plan's
        last day, every following date (so a catch-up always finds room)."""
        dates = self.dates
        last = dates[-1] if dates else day.toordinal() - 1
        for p in range(bisect_left(dates, day.toordinal()), len(dates)):
            if self.day_slots[p]:
                yield date.fromordinal(dates[p])
        d = max(last + 1, day.toordinal())
        while True:
            yield date.fromordinal(d)
            d += 1

    def snapshot(self) -> tuple[tuple[int, ...], tuple[tuple[str, int], ...]]:
        """Everything the layout says, comparable: plan-day dates and moved slots."""
        return tuple(self.dates), tuple(sorted(self.moved.items()))


# -- making re-plans (decided once, then stored) -----------------------------------------


def plan_shift(layout: Layout, origin: date, days: int, today: date) -> int:
    """How many days a shift of ``days`` from ``origin`` really moves the plan.

    A negative shift never moves a plan day before today, nor onto or before the plan day in
    front of it: it closes the gap as far as it can.

    Raises:
        ReplanError: nothing would move.
    """
    dates = layout.dates
    k = bisect_left(dates, origin.toordinal())
    moved_any = any(d >= origin.toordinal() for d in layout.moved.values())
    if days == 0 or (k >= len(dates) and not moved_any):
        raise ReplanError(f"no plan day on or after {origin.isoformat()} to move")
    if days > 0:
        return days
    first = dates[k] if k < len(dates) else min(d for d in layout.moved.values())
    floor = today.toordinal()
    if k > 0:
        floor = max(floor, dates[k - 1] + 1)
    allowed = max(days, floor - first)
    if allowed >= 0:
        raise ReplanError(
            f"the plan day on {date.fromordinal(first).isoformat()} cannot move earlier "
            "(not before today, nor onto the day before it)"
        )
    return allowed


def plan_catch_up(
    layout: Layout, today: date, done: Mapping[str, int], per_day: int
) -> list[tuple[str, date]]:
    """Spread the backlog (slots before ``today`` not done) over the coming study days, in plan
    order, at most ``per_day`` extra pomodoros a day (a bigger slot gets a day to itself).

    Raises:
        ReplanError: no backlog, or ``per_day`` below 1.
    """
    if per_day < 1:
        raise ReplanError("--per-day must be at least 1")
    backlog = [s for s, _ in layout.slots_before(today) if done.get(s.id, 0) < s.pomodoros]
    if not backlog:
        raise ReplanError("no backlog to catch up")
    backlog.sort(key=layout.order)
    extra: dict[int, int] = {}
    for slot_id, d in layout.moved.items():
        if d >= today.toordinal():
            extra[d] = extra.get(d, 0) + _missing(layout, slot_id, done)
    moves: list[tuple[str, date]] = []
    days = iter(layout.study_dates_from(today))
    day = next(days)
    for slot in backlog:
        need = slot.pomodoros - done.get(slot.id, 0)
        while extra.get(day.toordinal(), 0) and extra[day.toordinal()] + need > per_day:
            day = next(days)
        extra[day.toordinal()] = extra.get(day.toordinal(), 0) + need
        moves.append((slot.id, day))
    return moves


def _missing(layout: Layout, slot_id: str, done: Mapping[str, int]) -> int:
    p = layout._known(slot_id)
    slot = next(s for s in layout.day_slots[p] if s.id == slot_id)
    return max(0, slot.pomodoros - done.get(slot_id, 0))
