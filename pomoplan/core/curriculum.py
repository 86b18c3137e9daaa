"""Curriculum YAML: pydantic models of both kinds, located errors, and compiling to plain data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, TypeAdapter, field_validator, model_validator

from pomoplan.core.errors import InputError, Problem
from pomoplan.core.models_common import Resource as ResourceSpec
from pomoplan.core.models_common import Strict, TimerSpec
from pomoplan.core.plan import (
    WEEKDAYS,
    Curriculum,
    DayPlan,
    Resource,
    Slot,
    TimerLengths,
    Week,
)
from pomoplan.core.yamlfile import locate, parse_yaml, problems_from, read_text

__all__ = [
    "WEEKDAYS",
    "CalendarSpec",
    "Curriculum",
    "DayPlan",
    "Resource",
    "SelfPacedSpec",
    "Slot",
    "compile_spec",
    "json_schema",
    "load_curriculum",
    "parse_curriculum",
    "parse_days",
]

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


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("an id uses letters, digits, '.', '_' and '-' only")
    return value


Id = Annotated[str, AfterValidator(_check_id)]
"""A slot or curriculum id: letters, digits, '.', '_' and '-'."""


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

    id: Id | None = Field(
        default=None,
        description="Stable id (letters, digits, . _ -); derived from the position when left out.",
    )
    title: str = Field(min_length=1, description="What to do in these pomodoros.")
    detail: str | None = Field(default=None, description="How, with what, to what end.")
    track: str | None = Field(
        default=None, description="Subject for the review totals (Python, 深度学习...)."
    )
    pomodoros: int = Field(default=1, ge=1, le=32, description="How many focus periods it takes.")
    resources: list[ResourceSpec] = Field(
        default_factory=list, description="What to study it with."
    )
    checkpoint: bool = Field(default=False, description="A self-assessment rather than new study.")


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
    resources: list[ResourceSpec] = Field(default_factory=list, description="For the whole topic.")
    slots: list[SlotSpec] = Field(min_length=1, description="The slots, in order.")


class PhaseSpec(Strict):
    """A phase (stage) of a self-paced curriculum."""

    title: str = Field(min_length=1, description="第一阶段：...")
    goal: str | None = Field(default=None, description="What the phase is for.")
    track: str | None = Field(default=None, description="Default track of its slots.")
    topics: list[TopicSpec] = Field(min_length=1, description="The topics, in order.")


class _CurriculumBase(Strict):
    id: Id | None = Field(
        default=None, description="Stable id; the file name (without .yaml) when left out."
    )
    title: str = Field(min_length=1, description="The plan's name.")
    description: str | None = Field(default=None, description="What the plan is for.")
    language: str | None = Field(default=None, description="Language of the texts (zh, en...).")
    track: str | None = Field(default=None, description="Default track of every slot.")
    timer: TimerSpec | None = Field(default=None, description="Timer lengths for this plan.")
    resources: list[ResourceSpec] = Field(default_factory=list, description="For the whole plan.")


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


def _track(*candidates: str | None) -> str:
    for c in candidates:
        if c:
            return c
    return "general"


def _resources(items: list[ResourceSpec]) -> tuple[Resource, ...]:
    return tuple(Resource(r.title, r.kind, r.url) for r in items)


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
                    resources=_resources(s.resources),
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
                        resources=_resources(s.resources) + _resources(topic.resources),
                        checkpoint=s.checkpoint,
                        where=("phases", pi - 1, "topics", ti - 1, "slots", si - 1),
                    )
                )
    return out


def compile_spec(
    spec: CalendarSpec | SelfPacedSpec, cid: str, path: Path | None, bundled: bool
) -> Curriculum:
    """Resolve a validated spec into plain data: slot ids, inherited tracks, weekday plans."""
    timer = None
    if spec.timer is not None:
        t = spec.timer
        timer = TimerLengths(*(getattr(t, name) for name in TimerLengths._fields))
    if isinstance(spec, SelfPacedSpec):
        return Curriculum(
            id=cid,
            title=spec.title,
            kind=spec.kind,
            path=path,
            slots=tuple(_self_paced_slots(spec)),
            phase_titles=tuple(p.title for p in spec.phases),
            daily_pomodoros=spec.daily_pomodoros,
            timer=timer,
            description=spec.description,
            bundled=bundled,
            spec=spec,
        )
    weeks = []
    slots: list[Slot] = []
    for wi, w in enumerate(spec.weeks, start=1):
        days: list[DayPlan | None] = [None] * 7
        for di, day in enumerate(w.days):
            for wd in day.weekdays:
                day_slots = tuple(_day_slots(spec, wi, wd, di))
                days[wd] = DayPlan(wi, wd, w.title, day.title, day.rest, day.note, day_slots)
                slots.extend(day_slots)
        weeks.append(Week(w.title, w.goal, tuple(days)))
    return Curriculum(
        id=cid,
        title=spec.title,
        kind=spec.kind,
        path=path,
        slots=tuple(slots),
        weeks=tuple(weeks),
        timer=timer,
        description=spec.description,
        bundled=bundled,
        spec=spec,
    )


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
    curriculum = compile_spec(spec, cid, path, bundled)
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
