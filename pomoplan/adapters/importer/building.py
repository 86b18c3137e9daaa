"""Building the plan: front matter, the calendar or roadmap reading, and the checked result."""

from __future__ import annotations

from datetime import date
from typing import Any

from pomoplan.adapters.importer.calendar import _Parser
from pomoplan.adapters.importer.reading import Link, Note, clean
from pomoplan.adapters.importer.result import ImportResult, ImportWarning
from pomoplan.adapters.importer.roadmap import DEFAULT_DAILY, Roadmap, is_roadmap
from pomoplan.adapters.importer.writing import curriculum_id, dump, title_from_name
from pomoplan.core.curriculum import parse_curriculum, parse_days
from pomoplan.core.errors import InputError, Problem

MAX_SLOTS = 5_000
"""Most slots an imported plan may hold (a mon-fri day counts each weekday): years of study."""


class FrontMatter:
    """What the importer takes from a note's YAML front matter: title, tags, description."""

    def __init__(self, text: str | None) -> None:
        self.title: str | None = None
        self.tags: list[str] = []
        self.description: str | None = None
        self.daily: int | None = None
        self.problem: str | None = None
        if not text or not text.strip():
            return
        from pomoplan.core.yamlfile import parse_yaml

        try:
            data, _ = parse_yaml(text, "front matter")
        except InputError as exc:
            self.problem = exc.problems[0].message
            return
        if not isinstance(data, dict):
            return
        title = data.get("title")
        if isinstance(title, str) and title.strip():
            self.title = clean(title) or None
        tags = data.get("tags")
        if isinstance(tags, str):
            tags = [t for t in tags.replace(",", " ").split() if t]
        if isinstance(tags, list):
            self.tags = [str(t).lstrip("#") for t in tags if isinstance(t, str | int) and str(t)]
        daily = data.get("daily_pomodoros")
        if isinstance(daily, int) and not isinstance(daily, bool) and 1 <= daily <= 48:
            self.daily = daily
        for key in ("description", "summary", "goal"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                self.description = clean(value)
                break


def build(
    note: Note,
    name: str,
    *,
    zh: bool,
    curriculum_id: str | None,
    schema_url: str | None,
    today: date,
) -> ImportResult:
    """Build the curriculum from a note read, write it as YAML, and check it."""
    front = FrontMatter(note.front_matter)
    parser = _Parser(note, zh=zh, title=front.title, today=today)
    if front.problem:
        parser.warn(f"front matter is not readable YAML ({front.problem}): ignored", 1, 1)
    parser.run()
    weeks = parser.weeks_out()
    if not weeks and not parser.seen_days and is_roadmap(note):
        return _roadmap(
            note, name, front, zh=zh, curriculum_id=curriculum_id, schema_url=schema_url
        )
    if not weeks:
        empty = not any(line.strip() for line in note.source_lines) or (
            not note.lines and note.front_matter is not None
        )
        reason = "the note is empty: no study plan to import" if empty else parser.no_plan_reason()
        line, col = parser.no_plan_location()
        raise InputError([Problem(name, line, col, "", reason)])
    planned = sum(
        len(parse_days(d["days"])) * sum(len(b["slots"]) for b in d.get("blocks", []))
        for w in weeks
        for d in w["days"]
    )
    if planned > MAX_SLOTS:
        reason = f"the plan has {planned:,} slots over its days; at most {MAX_SLOTS:,} are imported"
        raise InputError([Problem(name, 1, 1, "", reason)])
    spec: dict[str, Any] = {
        "id": _id(curriculum_id, name),
        "title": parser.title or title_from_name(name),
        "kind": "calendar",
        "language": "zh" if zh else "en",
    }
    description = [front.description] if front.description else []
    description += parser.description
    if description:
        spec["description"] = "\n".join(description)
    if front.tags:
        spec["track"] = front.tags[0]
    resources = [_resource(link, kind) for link, kind in parser.resources]
    if resources:
        spec["resources"] = resources
    spec["weeks"] = weeks
    yaml_text = dump(spec, name, schema_url)
    curriculum = _check(yaml_text, name)
    slots = curriculum.all_slots()
    days = sum(len(parse_days(d["days"])) for w in weeks for d in w["days"])
    return ImportResult(
        spec=spec,
        yaml_text=yaml_text,
        weeks=len(weeks),
        days=days,
        slots=len(slots),
        pomodoros=sum(s.pomodoros for s in slots),
        warnings=_ordered(parser.warnings),
        start_date=parser.start_date,
    )


def _roadmap(
    note: Note,
    name: str,
    front: FrontMatter,
    *,
    zh: bool,
    curriculum_id: str | None,
    schema_url: str | None,
) -> ImportResult:
    """A roadmap (phases, topics) as a self-paced curriculum."""
    road = Roadmap(note, zh=zh, title=front.title)
    if front.problem:
        road.warnings.append(
            ImportWarning(1, 1, f"front matter is not readable YAML ({front.problem}): ignored")
        )
    road.run()
    phases = road.phases_out()
    if not phases:
        reason = "no study plan found: phase headings but no topics or items under them"
        raise InputError([Problem(name, 1, 1, "", reason)])
    spec: dict[str, Any] = {
        "id": _id(curriculum_id, name),
        "title": road.title or title_from_name(name),
        "kind": "self-paced",
        "language": "zh" if zh else "en",
    }
    description = ([front.description] if front.description else []) + road.description
    if description:
        spec["description"] = "\n".join(description)
    if front.tags:
        spec["track"] = front.tags[0]
    spec["daily_pomodoros"] = front.daily or road.daily or DEFAULT_DAILY
    resources = [_resource(link, kind) for link, kind in road.resources]
    if resources:
        spec["resources"] = resources
    spec["phases"] = phases
    yaml_text = dump(spec, name, schema_url)
    slots = _check(yaml_text, name).all_slots()
    return ImportResult(
        spec=spec,
        yaml_text=yaml_text,
        weeks=0,
        days=0,
        slots=len(slots),
        pomodoros=sum(s.pomodoros for s in slots),
        warnings=_ordered(road.warnings),
        kind="self-paced",
        phases=len(phases),
        topics=sum(len(p["topics"]) for p in phases),
    )


def _resource(link: Link, kind: str | None) -> dict[str, str]:
    out = {"title": link.text}
    if kind:
        out["kind"] = kind
    if link.url:
        out["url"] = link.url
    return out


def _id(given: str | None, name: str) -> str:
    return curriculum_id(given, name)


def _ordered(warnings: list[ImportWarning]) -> list[ImportWarning]:
    return sorted(warnings, key=lambda w: (w.line, w.column))


def _check(yaml_text: str, name: str) -> Any:
    """Validate the written YAML as ``start`` will; a plan past the curriculum limits is refused."""
    try:
        return parse_curriculum(yaml_text, name)
    except InputError as exc:
        problem = exc.problems[0]
        reason = f"the imported plan is not a valid curriculum: {problem.message}"
        raise InputError([Problem(name, 1, 1, "", reason)]) from None
