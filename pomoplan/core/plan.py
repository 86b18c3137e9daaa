"""A validated curriculum as plain data: what the schedule, the app and the cache work with.

No pydantic here: a curriculum read back from the cache needs neither YAML nor validators.
Immutable records here and across the start-up path are NamedTuples, not frozen dataclasses:
on Python 3.11 defining one costs ~0.07 ms against ~0.5 ms, and the app defines about twenty
of them before its first frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

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


@dataclass(frozen=True)
class Curriculum:
    """A loaded curriculum, resolved: every slot with its unique id and inherited track."""

    id: str
    title: str
    kind: str
    path: Path | None
    slots: tuple[Slot, ...]
    weeks: tuple[Week, ...] = ()
    phase_titles: tuple[str, ...] = ()
    daily_pomodoros: int = 8
    timer: TimerLengths | None = None
    description: str | None = None
    bundled: bool = False
    spec: Any = field(default=None, compare=False, repr=False)
    """The validated pydantic model, when loaded from YAML now (not kept in the cache)."""

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["spec"] = None
        return state

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
