"""A validated curriculum as plain data: what the schedule, the app and the cache work with.

No pydantic here: a curriculum read back from the cache needs neither YAML nor validators.
Immutable records here and across the start-up path are NamedTuples or plain classes, not
dataclasses: on Python 3.11 defining a frozen dataclass costs ~0.5 ms against ~0.07 ms for a
NamedTuple, and importing ``dataclasses`` (with ``inspect``) costs every command ~15 ms here.
"""

import marshal
from collections.abc import Iterator, Sequence
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

    def __init__(self, blobs: Sequence[bytes], chunk: int, length: int) -> None:
        self._blobs = blobs
        self._chunk = chunk
        self._len = length
        self._parts: list[tuple[T, ...] | None] = [None] * len(blobs)

    def _decode(self, raw: Any) -> tuple[T, ...]:
        raise NotImplementedError

    @property
    def blobs(self) -> Sequence[bytes]:
        """The marshal chunks (the cache keeps them as they are)."""
        return self._blobs

    @property
    def chunk(self) -> int:
        """Items per chunk."""
        return self._chunk

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
        return type(self), (tuple(self._blobs), self._chunk, self._len)


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
    def pack(cls, slots: Sequence[Slot]) -> "PackedSlots":
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
    def pack(cls, weeks: Sequence[Week]) -> "PackedWeeks":
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


class ReadOnly:
    """A record set once by its ``__init__`` (through ``_set``), then read-only. Unlike a
    NamedTuple it has a ``__dict__``, so a ``cached_property`` can keep what it derives;
    equal and hashed by the fields named in ``_COMPARED``."""

    _COMPARED: tuple[str, ...] = ()

    def _set(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a {type(self).__name__} is read-only (cannot set {name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a {type(self).__name__} is read-only (cannot delete {name})")

    def _compared(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[name] for name in self._COMPARED)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())


class Curriculum(ReadOnly):
    """A loaded curriculum, resolved: every slot with its unique id and inherited track.

    Read-only; equal when every field but ``spec`` is.
    """

    id: str
    title: str
    kind: str
    path: Path | None
    slots: Sequence[Slot]
    """Every slot in the file's order (read back from the cache: :class:`PackedSlots`)."""
    weeks: Sequence[Week]
    """A calendar plan's weeks, seven days each (from the cache: :class:`PackedWeeks`)."""
    phase_titles: tuple[str, ...]
    daily_pomodoros: int
    timer: TimerLengths | None
    description: str | None
    bundled: bool
    spec: Any
    """The validated pydantic model, when loaded from YAML now (not kept in the cache)."""

    _COMPARED = (
        "id", "title", "kind", "path", "slots", "weeks", "phase_titles", "daily_pomodoros",
        "timer", "description", "bundled",
    )  # fmt: skip

    def __init__(
        self,
        id: str,
        title: str,
        kind: str,
        path: Path | None,
        slots: Sequence[Slot],
        weeks: Sequence[Week] = (),
        phase_titles: tuple[str, ...] = (),
        daily_pomodoros: int = 8,
        timer: TimerLengths | None = None,
        description: str | None = None,
        bundled: bool = False,
        spec: Any = None,
    ) -> None:
        self._set(
            id=id,
            title=title,
            kind=kind,
            path=path,
            slots=slots,
            weeks=weeks,
            phase_titles=phase_titles,
            daily_pomodoros=daily_pomodoros,
            timer=timer,
            description=description,
            bundled=bundled,
            spec=spec,
        )

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self._COMPARED)
        return f"Curriculum({shown})"

    @cached_property
    def total_pomodoros(self) -> int:
        """Pomodoros of every slot (the cache keeps it: a packed plan need not be unpacked)."""
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
