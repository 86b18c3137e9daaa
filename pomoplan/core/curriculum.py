"""Curriculum models (calendar and self-paced), resolved slots, and YAML loading with located errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter, field_validator, model_validator

from pomoplan.core.errors import InputError, Problem
from pomoplan.core.models_common import Resource, Strict, TimerSpec
from pomoplan.core.yamlfile import locate, parse_yaml, problems_from, read_text

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{d: i for i, d in enumerate(WEEKDAYS)},
    **{
        n: i
        for i, n in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{f"周{c}": i for i, c in enumerate("一二三四五六日")},
    "周天": 6,
}
_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")


def parse_days(text: str) -> tuple[int, ...]:
    """Parse ``mon``, ``mon-fri``, ``mon,wed,fri`` or ``周一至周五`` into weekday numbers (mon=0).

    Raises:
        ValueError: a name is not a weekday, or a range runs backwards.
    """
    out: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", text.strip().lower()):
        bounds = re.split(r"\s*(?:-|–|至|到|~)\s*", part)
        if len(bounds) > 2 or not all(bounds):
            raise ValueError(f"{text!r} is not a weekday or a range like mon-fri")
        try:
            nums = [_DAY_NAMES[b] for b in bounds]
        except KeyError as exc:
            raise ValueError(f"{exc.args[0]!r} is not a weekday (use mon..sun)") from None
        if len(nums) == 2 and nums[1] < nums[0]:
            raise ValueError(f"the range {part!r} runs backwards")
        out.extend(range(nums[0], nums[-1] + 1))
    if len(set(out)) != len(out):
        raise ValueError(f"{text!r} names a weekday twice")
    return tuple(out)


class SlotSpec(Strict):
    """One item of study: a topic for one or more pomodoros."""

    id: str | None = Field(
        default=None,
        description="Stable id (letters, digits, . _ -); derived from the position when left out.",
    )
    title: str = Field(min_length=1, description="What to do in these pomodoros.")
    detail: str | None = Field(default=None, description="How, with what, to what end.")
    track: str | None = Field(
        default=None, description="Subject for the review totals (Python, 深度学习...)."
    )
    pomodoros: int = Field(default=1, ge=1, le=32, description="How many focus periods it takes.")
    resources: list[Resource] = Field(default_factory=list, description="What to study it with.")
    checkpoint: bool = Field(default=False, description="A self-assessment rather than new study.")

    @field_validator("id")
    @classmethod
    def _id_chars(cls, value: str | None) -> str | None:
        if value is not None and not _ID.match(value):
            raise ValueError("an id uses letters, digits, '.', '_' and '-' only")
        return value


class BlockSpec(Strict):
    """A part of a day (上午, 下午, 全天...) holding slots."""

    name: str = Field(min_length=1, description="Shown as a heading: 上午, 下午, 全天, Morning...")
    track: str | None = Field(default=None, description="Default track of its slots.")
    slots: list[SlotSpec] = Field(min_length=1, description="The slots, in order.")


class DaySpec(Strict):
    """One weekday, a range of weekdays (each gets its own slot ids), or a rest day."""

    days: str = Field(description="mon, mon-fri, mon,wed,fri (or 周一至周五).")
    title: str | None = Field(default=None, description="What the day is about.")
    rest: bool = Field(default=False, description="A rest day: no slots are planned.")
    note: str | None = Field(default=None, description="Shown on the day (e.g. what to review).")
    track: str | None = Field(default=None, description="Default track of its slots.")
    blocks: list[BlockSpec] = Field(default_factory=list, description="Blocks of the day.")

    @field_validator("days")
    @classmethod
    def _valid_days(cls, value: str) -> str:
        parse_days(value)
        return value

    @model_validator(mode="after")
    def _rest_or_blocks(self) -> DaySpec:
        if self.rest and self.blocks:
            raise ValueError("a rest day has no blocks")
        if not self.rest and not self.blocks:
            raise ValueError("a study day needs blocks (or rest: true)")
        return self

    @property
    def weekdays(self) -> tuple[int, ...]:
        """The weekday numbers (mon=0) this entry covers."""
        return parse_days(self.days)


class WeekSpec(Strict):
    """One Monday-to-Sunday week of a calendar curriculum."""

    title: str = Field(min_length=1, description="第一周：...")
    goal: str | None = Field(default=None, description="What the week is for.")
    track: str | None = Field(default=None, description="Default track of its slots.")
    days: list[DaySpec] = Field(min_length=1, description="The days; weekdays not named are free.")

    @model_validator(mode="after")
    def _each_day_once(self) -> WeekSpec:
        seen: set[int] = set()
        for day in self.days:
            twice = seen.intersection(day.weekdays)
            if twice:
                raise ValueError(f"{WEEKDAYS[min(twice)]} is planned twice in this week")
            seen.update(day.weekdays)
        return self


class TopicSpec(Strict):
    """A topic of a self-paced phase, with its slots."""

    title: str = Field(min_length=1, description="The topic.")
    goal: str | None = Field(default=None, description="What to learn in it.")
    track: str | None = Field(default=None, description="Default track of its slots.")
    resources: list[Resource] = Field(default_factory=list, description="For the whole topic.")
    slots: list[SlotSpec] = Field(min_length=1, description="The slots, in order.")


class PhaseSpec(Strict):
    """A phase (stage) of a self-paced curriculum."""

    title: str = Field(min_length=1, description="第一阶段：...")
    goal: str | None = Field(default=None, description="What the phase is for.")
    track: str | None = Field(default=None, description="Default track of its slots.")
    topics: list[TopicSpec] = Field(min_length=1, description="The topics, in order.")


class _CurriculumBase(Strict):
    id: str | None = Field(
        default=None, description="Stable id; the file name (without .yaml) when left out."
    )
    title: str = Field(min_length=1, description="The plan's name.")
    description: str | None = Field(default=None, description="What the plan is for.")
    language: str | None = Field(default=None, description="Language of the texts (zh, en...).")
    track: str | None = Field(default=None, description="Default track of every slot.")
    timer: TimerSpec | None = Field(default=None, description="Timer lengths for this plan.")
    resources: list[Resource] = Field(default_factory=list, description="For the whole plan.")

    @field_validator("id")
    @classmethod
    def _id_chars(cls, value: str | None) -> str | None:
        if value is not None and not _ID.match(value):
            raise ValueError("an id uses letters, digits, '.', '_' and '-' only")
        return value


class CalendarSpec(_CurriculumBase):
    """A plan by calendar: weeks, days, blocks, slots. Week 1 holds the start date."""

    kind: Literal["calendar"] = Field(description="calendar")
    weeks: list[WeekSpec] = Field(min_length=1, description="The weeks, in order.")


class SelfPacedSpec(_CurriculumBase):
    """A plan by progress: phases, topics, slots; each day takes the next unfinished ones."""

    kind: Literal["self-paced"] = Field(description="self-paced")
    daily_pomodoros: int = Field(default=8, ge=1, le=48, description="Pomodoros planned a day.")
    phases: list[PhaseSpec] = Field(min_length=1, description="The phases, in order.")


CurriculumSpec = Annotated[CalendarSpec | SelfPacedSpec, Field(discriminator="kind")]
KINDS: dict[str, type[CalendarSpec] | type[SelfPacedSpec]] = {
    "calendar": CalendarSpec,
    "self-paced": SelfPacedSpec,
}


@dataclass(frozen=True)
class Slot:
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


@dataclass(frozen=True)
class DayPlan:
    """What a calendar curriculum plans for one weekday of one week."""

    week: int
    weekday: int
    week_title: str
    title: str | None
    rest: bool
    note: str | None
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Curriculum:
    """A loaded curriculum: its spec plus the resolved slots, ready for the schedule."""

    id: str
    spec: CalendarSpec | SelfPacedSpec
    path: Path | None
    bundled: bool = False

    @property
    def title(self) -> str:
        """The plan's name."""
        return self.spec.title

    @property
    def kind(self) -> str:
        """``calendar`` or ``self-paced``."""
        return self.spec.kind

    @property
    def timer(self) -> TimerSpec | None:
        """The timer lengths the plan asks for."""
        return self.spec.timer

    def day_plan(self, week: int, weekday: int) -> DayPlan | None:
        """The plan of ``weekday`` (mon=0) in ``week`` (1-based), or None when nothing is named."""
        spec = self.spec
        if not isinstance(spec, CalendarSpec) or not 1 <= week <= len(spec.weeks):
            return None
        w = spec.weeks[week - 1]
        for di, day in enumerate(w.days):
            if weekday in day.weekdays:
                slots = tuple(_day_slots(spec, week, weekday, di))
                return DayPlan(week, weekday, w.title, day.title, day.rest, day.note, slots)
        return None

    def all_slots(self) -> list[Slot]:
        """Every slot of the plan in order (a self-paced plan's order is its study order)."""
        spec = self.spec
        if isinstance(spec, SelfPacedSpec):
            return list(_self_paced_slots(spec))
        out: list[Slot] = []
        for wi, week in enumerate(spec.weeks, start=1):
            for di, day in enumerate(week.days):
                for wd in day.weekdays:
                    out.extend(_day_slots(spec, wi, wd, di))
        return out

    def slot_by_id(self) -> dict[str, Slot]:
        """Slots keyed by id."""
        return {s.id: s for s in self.all_slots()}


def _track(*candidates: str | None) -> str:
    for c in candidates:
        if c:
            return c
    return "general"


def _day_slots(spec: CalendarSpec, week: int, weekday: int, day_index: int) -> list[Slot]:
    w = spec.weeks[week - 1]
    day = w.days[day_index]
    out = []
    for bi, block in enumerate(day.blocks, start=1):
        for si, s in enumerate(block.slots, start=1):
            local = s.id or f"b{bi}-s{si}"
            out.append(
                Slot(
                    id=f"w{week}-{WEEKDAYS[weekday]}-{local}",
                    title=s.title,
                    detail=s.detail,
                    track=_track(s.track, block.track, day.track, w.track, spec.track),
                    block=block.name,
                    pomodoros=s.pomodoros,
                    resources=tuple(s.resources),
                    checkpoint=s.checkpoint,
                    where=("weeks", week - 1, "days", day_index, "blocks", bi - 1, "slots", si - 1),
                )
            )
    return out


def _self_paced_slots(spec: SelfPacedSpec) -> list[Slot]:
    out = []
    for pi, phase in enumerate(spec.phases, start=1):
        for ti, topic in enumerate(phase.topics, start=1):
            for si, s in enumerate(topic.slots, start=1):
                out.append(
                    Slot(
                        id=s.id or f"p{pi}-t{ti}-s{si}",
                        title=s.title,
                        detail=s.detail,
                        track=_track(s.track, topic.track, phase.track, spec.track),
                        block=topic.title,
                        pomodoros=s.pomodoros,
                        resources=tuple(s.resources) + tuple(topic.resources),
                        checkpoint=s.checkpoint,
                        where=("phases", pi - 1, "topics", ti - 1, "slots", si - 1),
                    )
                )
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the curriculum format, for editors (yaml-language-server)."""
    schema = TypeAdapter(CurriculumSpec).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pomoplan curriculum"
    return schema


def parse_curriculum(
    text: str, name: str, *, path: Path | None = None, bundled: bool = False
) -> Curriculum:
    """Validate curriculum YAML text; raise InputError with every located problem."""
    data, node = parse_yaml(text, name)
    if data is None:
        raise InputError([Problem(name, 1, 1, "", "file is empty")])
    if not isinstance(data, dict):
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        raise InputError([Problem(name, line, col, "", "expected a mapping of keys at the top")])
    kind = data.get("kind")
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        line, col, _ = locate(node, ("kind",))
        if isinstance(kind, list | dict | set):  # its repr may be huge or deep
            shown = f"(a {type(kind).__name__})"
        else:
            shown = repr(kind) if len(repr(kind)) <= 40 else repr(kind)[:40] + "..."
        msg = "required key is missing" if "kind" not in data else f"unknown kind {shown}"
        raise InputError([Problem(name, line, col, "kind", f"{msg} (calendar or self-paced)")])
    from pydantic import ValidationError

    try:
        spec = model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, node, name)) from None
    cid = spec.id or (path.stem if path else "curriculum")
    if not _ID.match(cid):
        cid = re.sub(r"[^A-Za-z0-9_.\-]+", "-", cid).strip("-") or "curriculum"
    curriculum = Curriculum(cid, spec, path, bundled)
    seen: dict[str, Slot] = {}
    problems = []
    for slot in curriculum.all_slots():
        if slot.id in seen:
            line, col, field = locate(node, (*slot.where, "id"))
            problems.append(Problem(name, line, col, field, f"duplicate slot id {slot.id!r}"))
        seen[slot.id] = slot
    if problems:
        raise InputError(problems)
    return curriculum


def load_curriculum(path: Path, *, bundled: bool = False) -> Curriculum:
    """Read and validate a curriculum file; raise InputError with every located problem."""
    return parse_curriculum(read_text(path), str(path), path=path, bundled=bundled)
