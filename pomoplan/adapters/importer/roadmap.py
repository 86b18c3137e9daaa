"""Building a self-paced plan from a roadmap: phases, numbered topics, what to learn and build."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pomoplan.adapters.importer.calendar import resources_out
from pomoplan.adapters.importer.labels import MAX_POMODOROS, take_count
from pomoplan.adapters.importer.reading import Line, Link, Note, clean, inline
from pomoplan.adapters.importer.result import ImportWarning

_PHASE = re.compile(
    r"^(?:第\s*[0-9一二三四五六七八九十]+\s*(?:阶段|部分|步)|阶段\s*[0-9一二三四五六七八九十]+"
    r"|(?:phase|stage|part|level|step)\s*(?:\d+|[ivx]+|one|two|three|four|five|six)\b)",
    re.IGNORECASE,
)
_FIELDS = (
    ("content", re.compile(r"^(?:学习内容|内容|学习要点|知识点|学习|核心概念|learn(?:ing)?(?: content)?"
                           r"|content|topics|concepts|study|key ideas)$", re.I)),
    ("project", re.compile(r"^(?:实践项目|实践|项目|练习|作业|动手|project|projects|practice|exercises?"
                           r"|lab|labs|homework|build)$", re.I)),
    ("resources", re.compile(r"^(?:推荐资源|资源|学习资源|资料|参考资料|参考|阅读|推荐阅读|resources?"
                             r"|reading|references?|materials?|links?)$", re.I)),
    ("assessment", re.compile(r"^(?:阶段考核|考核|阶段评估|评估|自测|检验|测验|assessment|checkpoint"
                              r"|quiz|exam|test|self-check)$", re.I)),
    ("goal", re.compile(r"^(?:目标|学习目标|goal|goals|objective|objectives|aim)$", re.I)),
)  # fmt: skip
_LABEL = re.compile(
    r"^\*\*(?P<l>[^*]+?)\*\*\s*[：:]?\s*(?P<r>.*)$|^(?P<l2>[^：:]{1,20})[：:]\s*(?P<r2>.*)$"
)
_SECTION_RESOURCES = (
    (re.compile(r"书|教材|books?", re.I), "book"),
    (re.compile(r"课程|courses?|videos?", re.I), "course"),
    (re.compile(r"代码|code|repos?", re.I), "code"),
    (re.compile(r"数据集|datasets?", re.I), "dataset"),
    (re.compile(r"论文|papers?", re.I), "paper"),
    (re.compile(r"资源|资料|参考|工具|resources?|references?|tools?|links?", re.I), None),
)
_SECTION_ASSESS = re.compile(r"评估|考核|自测|assessments?|checkpoints?|exams?", re.I)
_SECTION_TEXT = re.compile(
    r"概述|简介|总结|建议|目标|说明|overview|summary|about|tips|advice|goals?", re.I
)
_DAILY = re.compile(
    r"每天\s*(\d+)\s*个?\s*番茄|(\d+)\s*(?:pomodoros?|poms?)\s*(?:a|per|each)\s*day", re.I
)
_SPLIT = re.compile(r"[、，,；;]")
DEFAULT_DAILY = 8
"""Pomodoros a day when the note does not say (the bundled roadmap's pace)."""


@dataclass
class _Topic:
    title: str
    goal: list[str] = field(default_factory=list)
    resources: list[Link] = field(default_factory=list)
    slots: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Phase:
    title: str
    goal: list[str] = field(default_factory=list)
    topics: list[_Topic] = field(default_factory=list)


def is_roadmap(note: Note) -> bool:
    """Whether the note is a roadmap: a heading names a phase (第一阶段, Phase 1, Stage 1)."""
    return any(ln.kind == "heading" and _PHASE.match(clean(ln.text)) for ln in note.lines)


class Roadmap:
    """One pass over a roadmap's lines: phases, topics, labelled items, and what follows them."""

    def __init__(self, note: Note, *, zh: bool, title: str | None) -> None:
        self.note = note
        self.zh = zh
        self.title = title
        self.description: list[str] = []
        self.resources: list[tuple[Link, str | None]] = []
        self.warnings: list[ImportWarning] = []
        self.phases: list[_Phase] = []
        self.topic: _Topic | None = None
        self.phase_level = 0
        self.section: str | None = None
        self.section_kind: str | None = None
        self.assessments: list[tuple[str, int, int]] = []
        self.field: str | None = None
        self.field_indent = -1
        self.field_slot: dict[str, Any] | None = None
        self.daily: int | None = None
        self.line = self.column = 1

    def warn(self, message: str) -> None:
        self.warnings.append(ImportWarning(self.line, self.column, message))

    def warn_unplaced(self, source: str) -> None:
        excerpt = clean(source.strip()) or source.strip()
        excerpt = excerpt[:30] + "…" if len(excerpt) > 30 else excerpt
        self.warn(
            f'not part of the roadmap (not a phase, topic or labelled item); ignored: "{excerpt}"'
        )

    def run(self) -> None:
        for ln in self.note.lines:
            self.line, self.column = ln.line, ln.column
            if ln.kind in ("code", "table", "deep"):
                self.warn(
                    f"{'code block' if ln.kind == 'code' else ln.kind} in the roadmap: ignored"
                )
                continue
            text = clean(ln.text)
            if not text:
                continue
            if self.daily is None and (m := _DAILY.search(text)):
                self.daily = int(m.group(1) or m.group(2))
            if ln.kind == "heading":
                self._heading(ln.level, text)
            elif self.phases and self.section is None:
                self._in_phase(ln, text)
            else:
                self._outside(ln, text)
        self._attach_assessments()

    def _heading(self, level: int, text: str) -> None:
        self.field, self.field_slot = None, None
        if _PHASE.match(text):
            self.phases.append(_Phase(text))
            self.phase_level, self.topic, self.section = level, None, None
            return
        if self.phases and self.section is None and level > self.phase_level:
            self.topic = _Topic(text)
            self.phases[-1].topics.append(self.topic)
            return
        if level == 1 and self.title is None and not self.phases:
            self.title = text
            return
        self.topic = None
        self.section, self.section_kind = "other", None
        if _SECTION_ASSESS.search(text):
            self.section = "assessment"
        elif any(p.search(text) for p, _ in _SECTION_RESOURCES):
            self.section = "resources"
            self.section_kind = next(k for p, k in _SECTION_RESOURCES if p.search(text))
        elif _SECTION_TEXT.search(text) or not self.phases:
            self.section = "description"

    def _outside(self, ln: Line, text: str) -> None:
        if self.section == "resources" and ln.kind == "item":
            links = inline(ln.text).links
            url = next((link.url for link in links if link.url), None)
            self.resources.append((Link(text, url), self.section_kind))
        elif self.section == "assessment" and ln.kind == "item":
            self.assessments.append((text, ln.line, ln.column))
        elif self.section == "description" or (not self.phases and ln.kind == "text"):
            self.description.append(text)
        else:
            self.warn_unplaced(ln.source)

    def _in_phase(self, ln: Line, text: str) -> None:
        phase = self.phases[-1]
        if self.topic is None:
            if ln.kind == "text":
                phase.goal.append(text)
                return
            self.topic = _Topic(phase.title)  # items straight under a phase: its own topic
            phase.topics.append(self.topic)
        topic = self.topic
        links = inline(ln.text).links
        if ln.kind == "text" and ln.indent <= self.field_indent + 1:
            topic.goal.append(text)
            return
        if ln.kind == "item" and ln.indent > self.field_indent >= 0:
            self._sub_item(topic, text, links)
            return
        label, rest = _label(ln.text)
        kind = _field(label) if label else None
        self.field, self.field_indent, self.field_slot = kind or "other", ln.indent, None
        if ln.checked:
            topic.goal.append(("已完成：" if self.zh else "Done: ") + text)
            self.field = "done"
            return
        if kind == "resources":
            if rest:
                topic.resources.append(Link(rest, next((k.url for k in links if k.url), None)))
        elif kind == "goal":
            if rest:
                topic.goal.append(rest)
        elif kind in ("content", "project", "assessment"):
            if rest:
                self.field_slot = self._add(
                    topic, kind, f"{label}：{rest}" if self.zh else f"{label}: {rest}", rest, links
                )
        else:
            self.field_slot = self._add(topic, "other", text, text, links)

    def _sub_item(self, topic: _Topic, text: str, links: list[Link]) -> None:
        if self.field == "resources":
            topic.resources.append(Link(text, next((k.url for k in links if k.url), None)))
        elif self.field == "goal":
            topic.goal.append(text)
        elif self.field == "done":
            topic.goal.append(("已完成：" if self.zh else "Done: ") + text)
        elif self.field_slot is not None:
            detail = self.field_slot.get("detail")
            self.field_slot["detail"] = f"{detail}\n{text}" if detail else text
            self.field_slot.setdefault("_links", []).extend(links)
        else:
            self._add(topic, self.field or "other", text, text, links)

    def _add(
        self, topic: _Topic, kind: str, title: str, body: str, links: list[Link]
    ) -> dict[str, Any]:
        title, count = take_count(title)
        if count is None:
            if kind == "content":
                count = max(2, min(6, 2 * len([p for p in _SPLIT.split(body) if p.strip()])))
            else:
                count = {"project": 4, "assessment": 2}.get(kind, 2)
        slot: dict[str, Any] = {"title": title, "pomodoros": min(count, MAX_POMODOROS)}
        if kind == "assessment":
            slot["checkpoint"] = True
        slot["_links"] = list(links)
        topic.slots.append(slot)
        return slot

    def _attach_assessments(self) -> None:
        for i, (text, line, column) in enumerate(self.assessments):
            self.line, self.column = line, column
            if i >= len(self.phases) or not self.phases[i].topics:
                self.warn(f'assessment with no phase to check: "{text[:30]}"')
                continue
            self._add(self.phases[i].topics[-1], "assessment", text, text, [])

    # -- output

    def phases_out(self) -> list[dict[str, Any]]:
        out = []
        for phase in self.phases:
            topics = []
            for topic in phase.topics:
                if not topic.slots:
                    self._add(topic, "other", topic.title, topic.title, [])
                t: dict[str, Any] = {"title": topic.title}
                if topic.goal:
                    t["goal"] = "\n".join(topic.goal)
                resources = resources_out(topic.resources)
                if resources:
                    t["resources"] = resources
                t["slots"] = [_slot_out(s) for s in topic.slots]
                topics.append(t)
            if not topics:
                continue
            p: dict[str, Any] = {"title": phase.title}
            if phase.goal:
                p["goal"] = "\n".join(phase.goal)
            p["topics"] = topics
            out.append(p)
        return out


def _slot_out(slot: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": slot["title"]}
    if slot.get("detail"):
        out["detail"] = slot["detail"]
    resources = resources_out(slot.get("_links", []))
    if resources:
        out["resources"] = resources
    if slot.get("checkpoint"):
        out["checkpoint"] = True
    out["pomodoros"] = slot["pomodoros"]
    return out


def _label(md_text: str) -> tuple[str | None, str]:
    """``**学习内容**：text`` or ``Project: text`` -> the label and the text after it."""
    m = _LABEL.match(md_text.strip())
    if not m:
        return None, clean(md_text)
    label = clean(m.group("l") or m.group("l2") or "").rstrip("：:").strip()
    return label, clean(m.group("r") if m.group("l") else m.group("r2") or "")


def _field(label: str) -> str | None:
    for kind, pattern in _FIELDS:
        if pattern.match(label):
            return kind
    return None
