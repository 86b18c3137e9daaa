"""Building a calendar plan (weeks, days, blocks, slots) from the note's lines."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pomoplan.adapters.importer.labels import (
    _ALLOC_EN,
    _ALLOC_ZH,
    _BLOCK,
    _BLOCK_START,
    _BOLD_START,
    _BREAK_LABEL,
    _COLON_START,
    _GOAL_LABEL,
    _HOURS,
    _LABEL_END,
    _MINUTES,
    _PAREN_END,
    _PAREN_START,
    _POMODORO,
    _REST_LABEL,
    _REST_TEXT,
    _TIME_RANGE,
    MAX_POMODOROS,
    MAX_WEEK_RANGE,
    _is_break_text,
    _pomodoros_for,
    _week_range,
    _zh_number,
    day_sequence,
    format_days,
    parse_day_label,
    plan_date,
    take_count,
)
from pomoplan.adapters.importer.reading import (
    MAX_NESTING,
    Line,
    Link,
    Note,
    clean,
    inline,
    split_cell,
)
from pomoplan.adapters.importer.result import ImportWarning


@dataclass
class _Slot:
    title: str
    track: str | None
    pomodoros: int
    detail: list[str] = field(default_factory=list)
    resources: list[Link] = field(default_factory=list)


@dataclass
class _Block:
    name: str
    line: int
    column: int
    implicit: bool = False
    slots: list[_Slot] = field(default_factory=list)
    pending: _Slot | None = None
    """The block's own text (上午（2小时）：复习...), a slot unless items follow."""


@dataclass
class _Day:
    days: set[int]
    generic: bool
    line: int
    column: int
    title: str | None = None
    rest: bool = False
    rest_note: str | None = None
    notes: list[str] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    split: bool = False
    """Some of its weekdays were given their own entries (周五至周日 -> 周五, 周六, 周日)."""
    done: list[str] = field(default_factory=list)
    """Items ticked as done (``- [x]``): kept in the day's note, not planned again."""


@dataclass
class _Week:
    title: str | None
    line: int
    column: int
    level: int | None
    first: int = 1
    count: int = 1
    goal: list[str] = field(default_factory=list)
    days: list[_Day] = field(default_factory=list)
    seq: int | None = None
    """For days written as a sequence (Day 8, 12月7日): which week of it, from 0."""


@dataclass
class _Entry:
    """An open scope: a day, track, block, slot or ignored item, with the indent that owns it."""

    indent: int
    kind: str
    day: _Day | None = None
    block: _Block | None = None
    slot: _Slot | None = None
    track: str | None = None
    convertible: bool = False
    """A ``**Subject**：text`` slot that becomes a track if pomodoro items nest under it."""
    heading: int = 0
    """The level of the subject heading this track comes from (0: not a heading)."""


_RANK = {"day": 1, "track": 2, "block": 3, "slot": 4, "ignore": 4}


@dataclass
class _Label:
    kind: str
    text: str
    paren: str | None


class _Parser:
    """One pass over the note's lines, keeping a stack of open scopes (day, track, block, slot).

    A list item's scope is its indent; a label outside lists (``**周一至周五**``, a heading)
    closes the scopes of its own rank and below: day < track < block < slot.
    """

    def __init__(self, note: Note, *, zh: bool, title: str | None, today: date) -> None:
        self.note = note
        self.today = today
        self.description: list[str] = []
        self.resources: list[tuple[Link, str | None]] = []
        self.section: str | None = None
        """Outside the plan: ``resources`` (a kind may follow) or ``description`` sections."""
        self.section_kind: str | None = None
        self.kind = "text"
        self.checked: bool | None = None
        self.links: list[Link] = []
        self.tags: list[str] = []
        self.seq_first: date | None = None
        self.start_date: date | None = None
        self.zh = zh
        self.title = title
        self.warnings: list[ImportWarning] = []
        self.finished: list[_Week] = []
        self.week: _Week | None = None
        self.stack: list[_Entry] = []
        self.active = False
        self.first_content: tuple[int, int] | None = None
        self.seen_weeks = 0
        self.seen_days = 0
        self.line = 0
        self.column = 1

    # -- reporting

    def warn(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.warnings.append(ImportWarning(line or self.line, column or self.column, message))

    def warn_unplaced(self, raw: str) -> None:
        excerpt = clean(raw) or raw.strip()
        if len(excerpt) > 30:
            excerpt = excerpt[:30] + "…"
        self.warn(
            "not part of the plan (not a week, day, block, pomodoro item or break); "
            f'ignored: "{excerpt}"'
        )

    def no_plan_reason(self) -> str:
        if self.seen_days:
            return "no study plan found: its days hold no study items"
        if self.seen_weeks:
            return "no study plan found: week headings but no days, blocks or pomodoro items"
        return (
            "no study plan found: no days (周一至周五, Monday), blocks (上午, Morning) "
            "or pomodoro items (番茄1, Pomodoro 1)"
        )

    def no_plan_location(self) -> tuple[int, int]:
        return self.first_content or (1, 1)

    # -- the walk

    def run(self) -> None:
        for ln in self.note.lines:
            self.line, self.column = ln.line, ln.column
            if ln.kind == "code":
                if self.active:
                    self.warn("code block inside the plan: ignored")
                continue
            if ln.kind == "deep":
                self.warn(f"nested deeper than {MAX_NESTING} levels: not read")
                continue
            if self.first_content is None:
                self.first_content = (ln.line, ln.column)
            if ln.kind == "table":
                self._table(ln)
                continue
            if ln.kind == "heading":
                self._heading(ln.level, ln.text)
                continue
            if not clean(ln.text) and not self._is_table(ln.text):
                continue  # an embed, an image or empty markup
            read = inline(ln.text)
            self.kind, self.checked, self.links, self.tags = (
                ln.kind,
                ln.checked,
                read.links,
                read.tags,
            )
            if ln.kind == "item":
                self._line(ln.text, ln.indent, True, ln.source)
            else:
                # inside a list item only when indented to its text; otherwise a paragraph
                top = self.stack[-1].indent if self.stack else -1
                self._line(ln.text, ln.indent, top >= 0 and ln.indent >= top + 2, ln.source)
        self._end_week()

    @staticmethod
    def _is_table(text: str) -> bool:
        return text.startswith("|")

    # -- weeks

    def _start_structure(self) -> None:
        self.section = None
        if not self.active or self.week is None:
            self.active = True
            self.week = _Week(None, self.line, self.column, None)
            self.stack = []

    def _end_week(self) -> None:
        self._close(0)
        if self.week is not None:
            self.finished.append(self.week)
        self.week = None
        self.stack = []

    def _heading(self, level: int, raw_text: str) -> None:
        text = clean(raw_text).rstrip("：:").strip()
        weeks = _week_range(text)
        if weeks is not None:
            self._end_week()
            self.seen_weeks += 1
            self.active = True
            a, b = weeks
            count = b - a + 1
            if count < 1 or count > MAX_WEEK_RANGE:
                self.warn(f"week range {a}-{b} is not 1 to {MAX_WEEK_RANGE} weeks: imported once")
                count = 1
            title = text or raw_text.strip()
            self.week = _Week(title, self.line, self.column, level, a, count)
            return
        label = self._classify(text, None)
        if label.kind in ("day", "block", "dayseq", "date"):
            self._pop_headings(level)
            self._line(raw_text, 0, False, raw_text, heading=True)
            return
        if self.title is None and level == 1 and not self.active and text:
            self.title = text
            return
        week_level = self.week.level if self.week is not None and self.active else None
        if week_level is not None and level > week_level and text:
            self._pop_headings(level)
            self._pop_rank(_RANK["track"])
            self.stack.append(_Entry(-1, "track", track=text, heading=level))
            return
        if self.active:
            self._end_week()
            self.active = False
        self.section, self.section_kind = _section(text)

    def _new_implicit_week(self) -> None:
        self._end_week()
        self.active = True
        self.week = _Week(None, self.line, self.column, None)

    # -- the scope stack

    def _close(self, index: int) -> None:
        """Close the entries from ``index`` up; a block's own text becomes its slot if it has none."""
        for entry in reversed(self.stack[index:]):
            block = entry.block
            if entry.kind == "block" and block is not None and block.pending is not None:
                if not block.slots:
                    block.slots.append(block.pending)
                block.pending = None
        del self.stack[index:]

    def _pop_indent(self, indent: int) -> None:
        for i, entry in enumerate(self.stack):
            if entry.indent >= indent:
                self._close(i)
                return

    def _pop_rank(self, rank: int) -> None:
        """A label outside any list: close the lists, then the scopes of this rank and below.

        A subject heading (#### 深度学习) stays open over the day labels under it.
        """
        self._pop_indent(0)
        for i, entry in enumerate(self.stack):
            if _RANK[entry.kind] >= rank and not entry.heading:
                self._close(i)
                return

    def _pop_headings(self, level: int) -> None:
        """A heading closes the subject headings of its level and deeper, and all inside them."""
        for i, entry in enumerate(self.stack):
            if entry.heading >= level:
                self._close(i)
                return

    def _current_day(self) -> _Day | None:
        for entry in reversed(self.stack):
            if entry.kind == "day":
                return entry.day
        return None

    def _current_block(self) -> _Block | None:
        for entry in reversed(self.stack):
            if entry.kind == "day":
                return None
            if entry.kind == "block":
                return entry.block
        return None

    def _current_track(self) -> str | None:
        for entry in reversed(self.stack):
            if entry.kind == "track":
                return entry.track
        return None

    # -- labels

    def _split(self, content: str) -> tuple[str | None, str, str | None]:
        """Split ``**label**（paren）：text`` into label, text and paren (no label: None)."""
        bold = _BOLD_START.match(content)
        if (
            bold
            and _LABEL_END.match(content[bold.end() :]) is None
            and self._classify(clean(bold.group(1)), None).kind not in ("pomodoro", "break")
        ):
            bold = None  # **周一**是... : bold words starting a sentence, not a label
        if bold:
            label = bold.group(1)
            rest = content[bold.end() :]
            if re.search(r"[：:]", label) and not _TIME_RANGE.search(label):
                label, _, extra = re.split(r"([：:])", label, maxsplit=1)
                rest = extra + rest
            paren: str | None = None
            pm = _PAREN_END.search(label)
            if pm:
                paren = pm.group(1)
                label = label[: pm.start()]
            pm = _PAREN_START.match(rest)
            if pm:
                paren = pm.group(1) if paren is None else f"{paren}, {pm.group(1)}"
                rest = rest[pm.end() :]
            rest = _COLON_START.sub("", rest, count=1)
            return label, rest, paren
        # no bold: "番茄1（25分钟）：...", "周六：...", "Short break (5 min)", "休息"
        colon = self._label_colon(content)
        head, rest = (content[:colon], content[colon + 1 :]) if colon >= 0 else (content, "")
        paren = None
        pm = _PAREN_END.search(head)
        if pm:
            paren = pm.group(1)
            head = head[: pm.start()]
        if self._known_label(clean(head)):
            return head, rest.strip(), paren
        return None, content, None

    @staticmethod
    def _label_colon(content: str) -> int:
        """Index of the first colon outside brackets within the first 40 characters, or -1."""
        depth = 0
        for i, c in enumerate(content[:40]):
            if c in "(（[":
                depth += 1
            elif c in ")）]":
                depth = max(0, depth - 1)
            elif c in ":：" and depth == 0:
                if c == ":" and content[i + 1 : i + 3] == "//":
                    return -1
                return i
        return -1

    def _known_label(self, text: str) -> bool:
        return self._classify(text, None).kind not in ("generic", "plain")

    def _classify(self, label: str, paren: str | None) -> _Label:
        text = label.strip().rstrip("：:").strip()
        if _week_range(text, whole=True) is not None:
            return _Label("week", text, paren)
        if _POMODORO.match(text):
            return _Label("pomodoro", text, paren)
        if parse_day_label(text) is not None:
            return _Label("day", text, paren)
        if day_sequence(text) is not None:
            return _Label("dayseq", text, paren)
        if plan_date(text, self.today) is not None:
            return _Label("date", text, paren)
        if _BLOCK.match(text):
            return _Label("block", text, paren)
        if _BREAK_LABEL.match(text):
            return _Label("break", text, paren)
        if _REST_LABEL.match(text):
            has_duration = bool(paren and (_MINUTES.search(paren) or _HOURS.search(paren)))
            return _Label("break" if has_duration else "rest", text, paren)
        if _GOAL_LABEL.fullmatch(text):
            return _Label("goal", text, paren)
        return _Label("generic" if text else "plain", text, paren)

    # -- one line

    def _line(
        self, content: str, indent: int, nested: bool, raw: str, *, heading: bool = False
    ) -> None:
        if not clean(content):
            return  # an embed or empty markup
        label_raw, rest, paren = self._split(content)
        if label_raw is None:
            self._plain(content, indent, nested, raw)
            return
        label = self._classify(clean(label_raw), paren)
        inline = clean(rest)
        if label.kind == "generic" and not nested and _week_range(label.text) is not None:
            label.kind = "week"  # **第一周 基础知识** on a line of its own
        if label.kind == "week":
            if nested or heading:
                self._plain(content, indent, nested, raw)
            else:
                self._heading(7, label_raw + (f"：{rest}" if rest else ""))
            return
        if not self.active and label.kind not in ("day", "block", "pomodoro", "dayseq", "date"):
            self._outside(content, raw)
            return
        if self.checked and nested and label.kind not in ("day", "block", "dayseq", "date"):
            self._done(clean(content), indent, raw)
            return
        if label.kind in ("dayseq", "date"):
            self._seq_day(label, inline, indent, nested, heading)
        elif label.kind == "day":
            self._day(label, inline, indent, nested)
        elif label.kind == "block":
            self._block(label, inline, indent, nested)
        elif label.kind == "pomodoro":
            self._pomodoro(label, inline, indent, nested)
        elif label.kind == "break":
            self._pop(indent, nested, "ignore")
            self.stack.append(_Entry(indent if nested else -1, "ignore"))
        elif label.kind == "rest":
            self._rest(inline, indent, nested, raw)
        elif label.kind == "goal":
            self._goal(inline, indent, nested, raw)
        else:
            self._subject(label, inline, indent, nested, raw)

    def _pop(self, indent: int, nested: bool, kind: str) -> None:
        if nested:
            self._pop_indent(indent)
        else:
            self._pop_rank(_RANK[kind])

    def _push(self, entry: _Entry, nested: bool) -> None:
        if not nested:
            entry.indent = -1
        self.stack.append(entry)

    def _ensure_day(self) -> _Day:
        """The day in scope; a plan that names no day is planned for every day (with a warning)."""
        self._start_structure()
        day = self._current_day()
        if day is not None:
            return day
        day = self._add_day(frozenset(range(7)), True, None)
        self.warn("no day named above this item: planned for every day (mon-sun)")
        self.stack.insert(0, _Entry(-1, "day", day=day))
        return day

    def _block_for(self, day: _Day, text: str) -> _Block:
        """The block in scope, or the day's own block (named after the text's day part, or 全天)."""
        block = self._current_block()
        if block is not None:
            return block
        part = _BLOCK_START.match(text)
        name = part.group(0) if part else ("全天" if self.zh else "All day")
        for b in day.blocks:
            if b.implicit and b.name == name:
                return b
        block = _Block(name, self.line, self.column, implicit=True)
        day.blocks.append(block)
        return block

    def _day(
        self,
        label: _Label,
        inline: str,
        indent: int,
        nested: bool,
        given: frozenset[int] | None = None,
        given_title: str | None = None,
    ) -> None:
        if given is None:
            parsed = parse_day_label(label.text)
            assert parsed is not None
            days, generic = parsed
        else:
            days, generic = given, False
        self._start_structure()
        self._pop(indent, nested, "day")
        parent = self._current_day()
        title = label.paren if label.paren and _pomodoros_for(label.paren) is None else None
        if given_title is not None:
            title = given_title
        if parent is not None and days == parent.days and not parent.split:
            day = parent  # the same days again, one level down
        elif parent is not None and days <= parent.days:
            parent.days -= days
            parent.split = True
            day = self._new_day(days, generic, clean(title) if title else None)
        elif given is not None:
            day = self._add_day(days, generic, title)
        else:
            if parent is not None:  # names days outside the range it sits in: a sibling
                self._close(next(i for i, e in enumerate(self.stack) if e.day is parent))
            day = self._add_day(days, generic, clean(title) if title else None)
        self._push(_Entry(indent, "day", day=day), nested)
        if inline:
            if _REST_TEXT.match(inline) and not _is_break_text(inline):
                day.rest = True
                day.rest_note = inline if not _REST_LABEL.match(inline) else None
            else:
                given_count = _pomodoros_for(label.paren)
                block = self._block_for(day, inline)
                block.slots.append(
                    self._slot(inline, self._current_track(), given_count or 1, given_count)
                )

    def _new_day(self, days: frozenset[int], generic: bool, title: str | None) -> _Day:
        assert self.week is not None
        self.seen_days += 1
        day = _Day(set(days), generic, self.line, self.column, title)
        self.week.days.append(day)
        return day

    def _add_day(self, days: frozenset[int], generic: bool, title: str | None) -> _Day:
        """Add a day to the week; one that names a weekday again starts a new week."""
        assert self.week is not None
        overlapping = [d for d in self.week.days if d.days & days]
        if any(not d.generic or not (d.days - days) for d in overlapping):
            self._new_implicit_week()
        else:
            for d in overlapping:
                d.days -= days
        return self._new_day(days, generic, title)

    def _block(self, label: _Label, inline: str, indent: int, nested: bool) -> None:
        m = _BLOCK.match(label.text)
        assert m is not None
        self._start_structure()
        self._pop(indent, nested, "block")
        self._convert_parent()
        day = self._ensure_day()
        block = _Block(m.group("name"), self.line, self.column)
        day.blocks.append(block)
        if inline:
            given_count = _pomodoros_for(m.group("dur")) or _pomodoros_for(label.paren)
            block.pending = self._slot(inline, self._current_track(), given_count or 1, given_count)
        self._push(_Entry(indent, "block", block=block), nested)

    def _convert_parent(self) -> None:
        """Items nested under ``**Subject**：text``: the subject was a track, not a slot."""
        if self.stack and self.stack[-1].convertible:
            entry = self.stack[-1]
            for day_entry in reversed(self.stack):
                if day_entry.day is not None:
                    for block in day_entry.day.blocks:
                        if entry.slot in block.slots:
                            block.slots.remove(entry.slot)
                    break
            entry.track = entry.slot.track if entry.slot is not None else None
            entry.kind, entry.slot, entry.convertible = "track", None, False

    def _clamp(self, count: int) -> int:
        if count > MAX_POMODOROS:
            self.warn(f"{count} pomodoros in one item: kept {MAX_POMODOROS}, the most a slot holds")
            return MAX_POMODOROS
        return count

    def _add_slot(self, title: str, count: int, indent: int, nested: bool) -> None:
        self._start_structure()
        self._pop(indent, nested, "slot")
        self._convert_parent()
        day = self._ensure_day()
        block = self._block_for(day, title)
        slot = self._slot(title, self._current_track(), count, count)
        block.slots.append(slot)
        self._push(_Entry(indent, "slot", slot=slot), nested)

    def _pomodoro(self, label: _Label, inline: str, indent: int, nested: bool) -> None:
        m = _POMODORO.match(label.text)
        assert m is not None
        a = int(m.group("a") or m.group("c"))
        b_text = m.group("b") or m.group("d")
        b = int(b_text) if b_text else a
        count = b - a + 1
        if count < 1:
            self.warn(f"pomodoro range {a}-{b} runs backwards: counted as 1")
            count = 1
        self._add_slot(inline or label.text, count, indent, nested)

    def _rest(self, inline: str, indent: int, nested: bool, raw: str) -> None:
        self._pop(indent, nested, "ignore")
        day = self._current_day()
        if self._current_block() is not None:
            pass  # 休息 inside a block is a break
        elif day is not None:
            day.rest = True
            if inline:
                day.rest_note = f"{day.rest_note}\n{inline}" if day.rest_note else inline
        else:
            self.warn_unplaced(raw)
        self._push(_Entry(indent, "ignore"), nested)

    def _goal(self, inline: str, indent: int, nested: bool, raw: str) -> None:
        self._pop(indent, nested, "slot")
        day = self._current_day()
        if not inline:
            self.warn_unplaced(raw)
        elif day is not None:
            day.notes.append(inline)
        elif self.week is not None:
            self.week.goal.append(inline)
        self._push(_Entry(indent, "ignore"), nested)

    def _subject(self, label: _Label, inline: str, indent: int, nested: bool, raw: str) -> None:
        top = self.stack[-1] if self.stack else None
        if nested and top is not None and top.kind == "slot" and indent > top.indent:
            assert top.slot is not None
            top.slot.detail.append(clean(raw.strip().lstrip("-*+ ")))
            top.slot.resources.extend(self.links)
            return
        if nested and top is not None and top.kind == "ignore" and indent > top.indent:
            return
        self._pop(indent, nested, "track")
        name = label.text
        if label.paren and _pomodoros_for(label.paren) is None:
            name = f"{name}（{clean(label.paren)}）" if self.zh else f"{name} ({label.paren})"
        if not inline:
            self._push(_Entry(indent, "track", track=name), nested)
            return
        day = self._current_day()
        if day is None:
            self.warn_unplaced(raw)
            self._push(_Entry(indent, "ignore"), nested)
            return
        block = self._block_for(day, inline)
        slot = self._slot(inline, name, 1, None)
        block.slots.append(slot)
        self._push(_Entry(indent, "slot", slot=slot, convertible=True), nested)

    def _plain(self, content: str, indent: int, nested: bool, raw: str) -> None:
        text = clean(content)
        if self._is_table(content.strip()):
            if self.active:
                self.warn("table inside the plan: ignored")
            return
        alloc = _ALLOC_ZH.match(text) or _ALLOC_EN.match(text)
        if alloc and int(alloc.group("n")) > 0 and (self.active or nested):
            count = int(alloc.group("n"))
            title = text[alloc.end() :].strip()
            title = title[:1].upper() + title[1:] if title else text
            self._add_slot(title, count, indent, nested)
            return
        if not self.active:
            self._outside(content, raw)
            return
        if self.checked and nested:
            self._done(text, indent, raw)
            return
        top = self.stack[-1] if self.stack else None
        if nested and top is not None and indent > top.indent:
            if top.kind == "slot":
                assert top.slot is not None
                top.slot.detail.append(text)
                top.slot.resources.extend(self.links)
                return
            if top.kind == "ignore":
                return
        if _is_break_text(text):
            self._pop(indent, nested, "ignore")
            if nested:
                self.stack.append(_Entry(indent, "ignore"))
            return
        if not nested:
            if top is not None and top.kind == "day" and top.day is not None and top.indent < 0:
                self._day_text(top.day, text, indent)
            else:
                self.warn_unplaced(raw)
            return
        self._pop_indent(indent)
        day = self._current_day()
        if day is None:
            self.warn_unplaced(raw)
            return
        if _REST_TEXT.match(text) and self._current_block() is None:
            day.rest = True
            note = None if _REST_LABEL.match(text) else text
            if note:
                day.rest_note = f"{day.rest_note}\n{note}" if day.rest_note else note
            self.stack.append(_Entry(indent, "ignore"))
            return
        if _REST_TEXT.match(text):
            self.stack.append(_Entry(indent, "ignore"))  # 休息一下 inside a block: a break
            return
        self._convert_parent()
        block = self._block_for(day, text)
        slot = self._slot(text, self._current_track(), 1, None)
        block.slots.append(slot)
        self.stack.append(_Entry(indent, "slot", slot=slot))

    def _table(self, ln: Line) -> None:
        """A table whose rows are days and whose columns are blocks (日期 | 上午 | 下午)."""
        rows = ln.rows
        firsts = [clean(row[0]) if row else "" for row in rows[1:]]
        if len(rows) < 2 or len(rows[0]) < 2 or not any(self._is_day(f) for f in firsts):
            if self.active:
                self.warn("table inside the plan: ignored")
            else:
                self.warn("table with no days in its first column: ignored")
            return
        names = [clean(cell) or ("全天" if self.zh else "All day") for cell in rows[0]]
        for row, first, line in zip(rows[1:], firsts, ln.row_lines[1:], strict=False):
            self.line = line
            if not self._is_day(first):
                if any(clean(cell) for cell in row):
                    self.warn_unplaced(" | ".join(row))
                continue
            self.kind, self.checked, self.links, self.tags = "text", None, [], []
            self._line(row[0], 0, False, ln.source)
            day = self._current_day()
            if day is None:
                continue
            rest: list[str] = []
            for name, cell in zip(names[1:], row[1:], strict=False):
                block = _Block(name, line, ln.column)
                for part in split_cell(cell):
                    text = clean(part)
                    if not text or text in ("-", "—", "–", "/", "无", "none", "n/a"):
                        continue
                    if _REST_TEXT.match(text) and not _is_break_text(text):
                        rest.append(text)
                        continue
                    read = inline(part)
                    self.links, self.tags = read.links, read.tags
                    block.slots.append(self._slot(text, self._current_track(), 1, None))
                if block.slots:
                    day.blocks.append(block)
            if rest and not any(b.slots for b in day.blocks):
                day.rest = True
                notes = [r for r in rest if not _REST_LABEL.match(r.rstrip(".。!！"))]
                if notes:
                    day.rest_note = "\n".join(dict.fromkeys(notes))
        self._pop_rank(_RANK["day"])

    def _is_day(self, text: str) -> bool:
        return bool(parse_day_label(text) or day_sequence(text) or plan_date(text, self.today))

    def _slot(self, title: str, track: str | None, count: int, given: int | None) -> _Slot:
        """A slot; without a count from its label, one written in its text (``(2 pomodoros)``)."""
        if given is None:
            rest, found = take_count(title)
            if found:
                title, count = rest, found
        if track is None and self.tags:
            track = self.tags[0]
        return _Slot(title, track, self._clamp(count), resources=list(self.links))

    def _done(self, text: str, indent: int, raw: str) -> None:
        """A ticked item (``- [x]``) is done already: noted on its day, not planned again."""
        self._pop_indent(indent)
        day = self._current_day()
        if day is None:
            self.warn_unplaced(raw)
            return
        day.done.append(take_count(text)[0])
        self.stack.append(_Entry(indent, "ignore"))

    def _day_text(self, day: _Day, text: str, indent: int) -> None:
        """A paragraph right under a day: a rest sentence, an item with a count, or its note."""
        if _REST_TEXT.match(text) and not _is_break_text(text):
            day.rest = True
            if not _REST_LABEL.match(text.rstrip(".。!！")):
                day.rest_note = f"{day.rest_note}\n{text}" if day.rest_note else text
            return
        title, count = take_count(text)
        if count:
            self._add_slot(title, count, indent, False)
        else:
            day.notes.append(text)

    def _outside(self, content: str, raw: str) -> None:
        """A line outside the plan: a resource, part of the description, or a warning."""
        text = clean(content)
        if not text:
            return
        if self.section == "resources" and self.kind == "item":
            url = next((link.url for link in self.links if link.url), None)
            self.resources.append((Link(text, url), self.section_kind))
        elif self.section == "description" or (
            self.kind == "text" and not self.finished and self.week is None
        ):
            self.description.append(text)
        else:
            self.warn_unplaced(raw)

    def _seq_day(
        self, label: _Label, inline: str, indent: int, nested: bool, heading: bool
    ) -> None:
        """A day of a sequence (Day 1, 第3天, Day 1-3) or a dated day (12月7日, 2026-12-07)."""
        span = day_sequence(label.text)
        if span is None:
            found = plan_date(label.text, self.today)
            assert found is not None
            if self.seq_first is None:
                self.seq_first = self.start_date = found
            monday = self.seq_first - timedelta(days=self.seq_first.weekday())
            first = last = (found - monday).days
            if first < 0:
                self.warn(f"{found.isoformat()} is before the plan's first date: not placed")
                self.stack.append(_Entry(indent if nested else -1, "ignore"))
                return
        else:
            first, last = span[0] - 1, span[1] - 1
        week = first // 7
        if last // 7 != week:
            self.warn(f"{label.text} runs into the next week: planned to the week's end only")
            last = week * 7 + 6
        if self.week is None or not self.active or self.week.seq != week:
            if (
                self.week is not None
                and self.active
                and self.week.seq is None
                and not self.week.days
            ):
                self.week.seq = week  # a week heading, then its days as a sequence
            else:
                self._end_week()
                self.active = True
                self.week = _Week(None, self.line, self.column, None, seq=week)
        days = frozenset(range(first % 7, last % 7 + 1))
        title = label.text
        if heading and inline:
            title, inline = f"{label.text}：{inline}" if self.zh else f"{label.text}: {inline}", ""
        self._day(label, inline, indent, nested, given=days, given_title=title)

    # -- output

    def weeks_out(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        last_seq: int | None = None
        for week in self.finished:
            if week.seq is not None and any(d.days for d in week.days):
                start = 0 if last_seq is None else last_seq + 1
                for n in range(start, week.seq):
                    out.append(self._empty_week(n + 1))
                last_seq = week.seq
            ordered = sorted(week.days, key=lambda d: min(d.days, default=7))
            days = [d for d in (self._day_out(day) for day in ordered) if d is not None]
            if not days:
                if week.title is not None or week.days:
                    self.warn("week has no days with study items: left out", week.line, week.column)
                continue
            for copy in range(week.count):
                number = week.seq + 1 if week.seq is not None else len(out) + 1
                title = week.title or (f"第{_zh_number(number)}周" if self.zh else f"Week {number}")
                if week.count > 1:  # 第二周至第四周 -> one week each, saying which
                    n = week.first + copy
                    title += f"（第{_zh_number(n)}周）" if self.zh else f" (week {n})"
                w: dict[str, Any] = {"title": title}
                if week.goal:
                    w["goal"] = "\n".join(week.goal)
                w["days"] = deepcopy(days) if copy else days
                out.append(w)
        return out

    def _empty_week(self, number: int) -> dict[str, Any]:
        """A week the note skips between dated or numbered days: one rest entry saying so."""
        title = f"第{_zh_number(number)}周" if self.zh else f"Week {number}"
        note = "笔记中这一周没有安排" if self.zh else "The note plans nothing this week"
        return {"title": title, "days": [{"days": "mon-sun", "rest": True, "note": note}]}

    def _day_out(self, day: _Day) -> dict[str, Any] | None:
        blocks = [b for b in (self._block_out(block) for block in day.blocks) if b is not None]
        if not day.days:
            if blocks:
                self.warn(
                    "every weekday of this day was planned on its own: its items are left out",
                    day.line,
                    day.column,
                )
            return None
        out: dict[str, Any] = {"days": format_days(day.days)}
        if day.title:
            out["title"] = day.title
        notes = list(day.notes)
        if day.done:
            joined = ("；" if self.zh else "; ").join(day.done)
            notes.append(f"已完成：{joined}" if self.zh else f"Done: {joined}")
        if not blocks:
            if not day.rest:
                if day.done:
                    out["rest"] = True
                    out["note"] = "\n".join(notes)
                    return out
                if not day.split:
                    message = "day has no study items and is not a rest day: left out"
                    self.warn(message, day.line, day.column)
                return None
            out["rest"] = True
            if day.rest_note:
                notes.insert(0, day.rest_note)
        elif day.rest_note:
            notes.append(day.rest_note)
        if notes:
            out["note"] = "\n".join(notes)
        if blocks:
            out["blocks"] = blocks
        return out

    def _block_out(self, block: _Block) -> dict[str, Any] | None:
        slots = list(block.slots)
        if not slots and block.pending is not None:
            slots.append(block.pending)
        if not slots:
            if not block.implicit:
                self.warn("block has no study items: left out", block.line, block.column)
            return None
        out: dict[str, Any] = {"name": block.name}
        tracks = {s.track for s in slots}
        shared = tracks.pop() if len(tracks) == 1 else None
        if shared:
            out["track"] = shared
        out["slots"] = [_slot_out(s, None if shared else s.track) for s in slots]
        return out


def _slot_out(slot: _Slot, track: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"title": slot.title}
    detail = [d for d in slot.detail if d]
    if detail:
        out["detail"] = "\n".join(detail)
    if track:
        out["track"] = track
    resources = resources_out(slot.resources)
    if resources:
        out["resources"] = resources
    out["pomodoros"] = slot.pomodoros
    return out


def resources_out(links: list[Link], kind: str | None = None) -> list[dict[str, str]]:
    """Links as curriculum resources, each once: an Obsidian link is a note, by its name."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for link in links:
        if not link.text or link.text in seen:
            continue
        seen.add(link.text)
        item = {"title": link.text}
        if kind:
            item["kind"] = kind
        if link.url:
            item["url"] = link.url
        elif not kind:
            item["kind"] = "note"
        out.append(item)
    return out


_SECTIONS = (
    (re.compile(r"书|教材|books?|reading", re.I), "resources", "book"),
    (re.compile(r"课程|courses?|videos?|视频", re.I), "resources", "course"),
    (re.compile(r"代码|code|repos?|github", re.I), "resources", "code"),
    (re.compile(r"数据集|datasets?|data", re.I), "resources", "dataset"),
    (re.compile(r"论文|papers?", re.I), "resources", "paper"),
    (re.compile(r"资源|资料|参考|工具|链接|resources?|references?|links?|tools?", re.I),
     "resources", None),
    (re.compile(r"概述|简介|总结|目标|建议|说明|提示|overview|summary|about|goals?|tips?|advice|notes?",
                re.I), "description", None),
)  # fmt: skip


def _section(heading: str) -> tuple[str | None, str | None]:
    """What a heading outside the plan starts: a list of resources (of a kind), or prose."""
    for pattern, section, kind in _SECTIONS:
        if pattern.search(heading):
            return section, kind
    return None, None
