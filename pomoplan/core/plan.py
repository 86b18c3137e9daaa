"""A validated curriculum as plain data: what the schedule, the app and the cache work with.

No pydantic here: a curriculum read back from the cache needs neither YAML nor validators.
Immutable records here and across the start-up path are NamedTuples, not frozen dataclasses:
on Python 3.11 defining one costs ~0.07 ms against ~0.5 ms, and the app defines about twenty
of them before its first frame.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, overload

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Resource(NamedTuple):
    """A book, course, paper, survey, code repository or dataset that helps with a slot."""

    title: str
    kind: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        kind = f"[{self.kind}] " if self.kind else ""
        url = f" <{self.url}>" if self.url else ""
        return f"{kind}{self.title}{url}"


class Slot(NamedTuple):
    """A resolved slot: id made unique, track inherited, with where it sits in the plan."""

    id: str
    title: str
    detail: str | None
    track: str
    block: str
    pomodoros: int
    resources: tuple[Resource, ...]
    checkpoint: bool = False
    where: tuple[int | str, ...] = ()
    """The path to the slot in the file (for locating problems)."""


class DayPlan(NamedTuple):
    """What a calendar curriculum plans for one weekday of one week."""

    week: int
    weekday: int
    week_title: str
    title: str | None
    rest: bool
    note: str | None
    slots: tuple[Slot, ...]


class Week(NamedTuple):
    """One week of a calendar plan: its title and the plan of each weekday (None: not named)."""

    title: str
    goal: str | None
    days: tuple[DayPlan | None, ...]


class TimerLengths(NamedTuple):
    """Timer lengths a curriculum asks for, in seconds (None: not set)."""

    focus: int | None = None
    short_break: int | None = None
    long_break: int | None = None
    long_every: int | None = None


T = TypeVar("T")

_CHUNK = 256
"""Slots per packed chunk of a plan's slot list."""


class Packed(Sequence[T]):
    """A tuple kept as marshal chunks and decoded a chunk at a time, when first read.

    What the curriculum cache stores for a plan's slots and weeks: reading a 20,000-slot plan
    back then builds only the weeks and slots looked at (a day, its backlog, what is ahead),
    not every slot object. Equal to (and hashed like) the tuple it packs.
    """

    __slots__ = ("_blobs", "_chunk", "_len", "_parts")

    def __init__(self, blobs: tuple[bytes, ...], chunk: int, length: int) -> None:
        self._blobs = blobs
        self._chunk = chunk
        self._len = length
        self._parts: list[tuple[T, ...] | None] = [None] * len(blobs)

    def _decode(self, raw: Any) -> tuple[T, ...]:
        raise NotImplementedError

    def _part(self, k: int) -> tuple[T, ...]:
        part = self._parts[k]
        if part is None:
            part = self._parts[k] = self._decode(marshal.loads(self._blobs[k]))
        return part

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...

    def __getitem__(self, i: int | slice) -> T | Sequence[T]:
        if isinstance(i, slice):
            return tuple(self)[i]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        k, j = divmod(i, self._chunk)
        return self._part(k)[j]

    def __iter__(self) -> Iterator[T]:
        for k in range(len(self._blobs)):
            yield from self._part(k)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, Packed)):
            return len(other) == self._len and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({tuple(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self._blobs, self._chunk, self._len)


def _slot_raw(s: Slot) -> tuple[Any, ...]:
    resources = tuple(tuple(r) for r in s.resources)
    return (s.id, s.title, s.detail, s.track, s.block, s.pomodoros, resources, s.checkpoint,
            tuple(s.where))  # fmt: skip


def _slot_of(t: Any) -> Slot:
    resources = tuple(Resource(*r) for r in t[6]) if t[6] else ()
    return Slot(t[0], t[1], t[2], t[3], t[4], t[5], resources, t[7], t[8])


class PackedSlots(Packed[Slot]):
    """A plan's slots, packed (see :class:`Packed`)."""

    __slots__ = ()

    @classmethod
    def pack(cls, slots: Sequence[Slot]) -> PackedSlots:
        blobs = tuple(
            marshal.dumps(tuple(_slot_raw(s) for s in slots[k : k + _CHUNK]))
            for k in range(0, len(slots), _CHUNK)
        )
        return cls(blobs, _CHUNK, len(slots))

    def _decode(self, raw: Any) -> tuple[Slot, ...]:
        return tuple(_slot_of(t) for t in raw)


class PackedWeeks(Packed[Week]):
    """A calendar plan's weeks, packed one week a chunk (see :class:`Packed`)."""

    __slots__ = ()

    @classmethod
    def pack(cls, weeks: Sequence[Week]) -> PackedWeeks:
        blobs = tuple(
            marshal.dumps(
                (
                    w.title,
                    w.goal,
                    tuple(
                        None if d is None else (*d[:6], tuple(_slot_raw(s) for s in d.slots))
                        for d in w.days
                    ),
                )
            )
            for w in weeks
        )
        return cls(blobs, 1, len(weeks))

    def _decode(self, raw: Any) -> tuple[Week, ...]:
        title, goal, days = raw
        return (
            Week(
                title,
                goal,
                tuple(
                    None
                    if d is None
                    else DayPlan(d[0], d[1], d[2], d[3], d[4], d[5], tuple(map(_slot_of, d[6])))
                    for d in days
                ),
            ),
        )


@dataclass(frozen=True)
class Curriculum:
    """A loaded curriculum, resolved: every slot with its unique id and inherited track."""

    id: str
    title: str
    kind: str
    path: Path | None
    slots: Sequence[Slot]
    """Every slot in the file's order (read back from the cache: :class:`PackedSlots`)."""
    weeks: Sequence[Week] = ()
    """A calendar plan's weeks, seven days each (from the cache: :class:`PackedWeeks`)."""
    phase_titles: tuple[str, ...] = ()
    daily_pomodoros: int = 8
    timer: TimerLengths | None = None
    description: str | None = None
    bundled: bool = False
    spec: Any = field(default=None, compare=False, repr=False)
    """The validated pydantic model, when loaded from YAML now (not kept in the cache)."""

    def __getstate__(self) -> dict[str, Any]:
        """What the cache keeps: no pydantic model; slots and weeks packed, with the total."""
        state = dict(self.__dict__)
        state["spec"] = None
        state["total_pomodoros"] = self.total_pomodoros
        if not isinstance(self.slots, Packed):
            state["slots"] = PackedSlots.pack(self.slots)
        if not isinstance(self.weeks, Packed):
            state["weeks"] = PackedWeeks.pack(self.weeks)
        return state

    @cached_property
    def total_pomodoros(self) -> int:
        """Pomodoros of every slot (kept in the cache: a packed plan need not be unpacked)."""
        return sum(s.pomodoros for s in self.slots)

    def day_plan(self, week: int, weekday: int) -> DayPlan | None:
        """The plan of ``weekday`` (mon=0) in ``week`` (1-based), or None when nothing is named."""
        if not 1 <= week <= len(self.weeks):
            return None
        return self.weeks[week - 1].days[weekday]

    def all_slots(self) -> list[Slot]:
        """Every slot of the plan in order (a self-paced plan's order is its study order)."""
        return list(self.slots)

    def slot_by_id(self) -> dict[str, Slot]:
        """Slots keyed by id."""
        return {s.id: s for s in self.slots}
