"""Import a Markdown/Obsidian study plan (weeks, days, blocks, 番茄 items) as curriculum YAML."""

from __future__ import annotations

import hashlib
import re
from copy import deepcopy
from dataclasses import dataclass, field
from importlib import resources
from pathlib import PurePath
from typing import Any

import yaml

from pomoplan.core.curriculum import WEEKDAYS, parse_curriculum, parse_days
from pomoplan.core.errors import InputError, Problem

MAX_POMODOROS = 32
"""Most pomodoros one slot may hold (the curriculum model's limit)."""
MAX_WEEK_RANGE = 52
"""A heading such as 第二周至第四周 is repeated for each week; longer ranges are kept once."""


@dataclass(frozen=True)
class ImportWarning:
    """A line of the note inside the plan that the importer could not place (1-based)."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    """The imported curriculum: its data, the YAML to write, what it holds, and the warnings."""

    spec: dict[str, Any]
    """Curriculum data that ``CalendarSpec`` validates."""
    yaml_text: str
    """The YAML to write, starting with a yaml-language-server schema line."""
    weeks: int
    """Weeks in the calendar (a 第二周至第四周 section counts three)."""
    days: int
    """Weekdays planned over all weeks, rest days included (a mon-fri entry counts five)."""
    slots: int
    """Slots over all planned weekdays."""
    pomodoros: int
    """Pomodoros over all planned weekdays."""
    warnings: list[ImportWarning]
    """Lines it could not place, and the guesses it made, in line order."""


def default_schema_url() -> str:
    """The file URI of the curriculum JSON Schema shipped inside the installed package."""
    path = resources.files("pomoplan.curricula").joinpath("curriculum.schema.json")
    return PurePath(str(path)).as_uri() if PurePath(str(path)).is_absolute() else str(path)


def import_note(
    text: str,
    name: str,
    *,
    curriculum_id: str | None = None,
    schema_url: str | None = None,
) -> ImportResult:
    """Turn a Markdown/Obsidian study plan into calendar-curriculum data and YAML.

    Args:
        text: the note.
        name: its file name, for messages, the default title and the default id.
        curriculum_id: the id to give the curriculum; a slug of the file name when left out.
        schema_url: where the YAML's schema line points; the packaged schema file by default.

    Returns:
        The curriculum data, its YAML text, its size and the warnings.

    Raises:
        InputError: the note holds no plan (no days, blocks or pomodoro items).
    """
    parser = _Parser(text)
    parser.run()
    weeks = parser.weeks_out()
    if not weeks:
        reason = (
            "the note is empty: no study plan to import"
            if not text.strip()
            else parser.no_plan_reason()
        )
        line, col = parser.no_plan_location()
        raise InputError([Problem(name, line, col, "", reason)])
    spec: dict[str, Any] = {
        "id": _curriculum_id(curriculum_id, name),
        "title": parser.title or _title_from_name(name),
        "kind": "calendar",
        "language": "zh" if parser.zh else "en",
        "weeks": weeks,
    }
    schema = _one_line(schema_url or default_schema_url())
    header = (
        f"# yaml-language-server: $schema={schema}\n"
        f"# Imported from {_one_line(PurePath(name).name)} by pomoplan import.\n"
    )
    yaml_text = header + yaml.dump(
        spec, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096
    )
    try:
        curriculum = parse_curriculum(yaml_text, name)
    except InputError as exc:  # a bug here, not a mistake in the note
        raise RuntimeError(f"the importer wrote an invalid curriculum: {exc}") from exc
    slots = curriculum.all_slots()
    days = sum(len(parse_days(d["days"])) for w in weeks for d in w["days"])
    return ImportResult(
        spec=spec,
        yaml_text=yaml_text,
        weeks=len(weeks),
        days=days,
        slots=len(slots),
        pomodoros=sum(s.pomodoros for s in slots),
        warnings=sorted(parser.warnings, key=lambda w: (w.line, w.column)),
    )


# ---------------------------------------------------------------------------------------------
# Text clean-up: Obsidian and Markdown markup to plain text


_EMBED = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)")
_WIKI = re.compile(r"\[\[([^\]]*)\]\]")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_HTML_TAG = re.compile(
    r"</?(?:font|span|mark|u|b|i|em|strong|sup|sub|small|big|s|del|ins|code|kbd|br|center|div|p)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"%%.*?%%|<!--.*?-->")
_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`]*)`")
_ITALIC = re.compile(r"(?<![*A-Za-z0-9])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*A-Za-z0-9])")
_SPACES = re.compile(r"[ \t\u00a0]+")


def _wiki_text(match: re.Match[str]) -> str:
    target, _, alias = match.group(1).partition("|")
    if alias.strip():
        return alias.strip()
    note, _, heading = target.partition("#")
    note = note.strip().rstrip("/").rsplit("/", 1)[-1].removesuffix(".md").strip()
    heading = heading.strip().lstrip("^")
    if note and heading:
        return f"{note} > {heading}"
    return note or heading


def clean(text: str) -> str:
    """Plain text of a Markdown/Obsidian fragment: links, tags, embeds and emphasis removed."""
    text = _COMMENT.sub("", text)
    text = _EMBED.sub("", text)
    text = _WIKI.sub(_wiki_text, text)
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _HIGHLIGHT.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = text.replace("**", "")
    text = _ITALIC.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


# ---------------------------------------------------------------------------------------------
# Recognising labels


_NUM = r"[0-9０-９一二三四五六七八九十两〇零]+"
_WEEK_ZH = re.compile(
    rf"^第\s*(?P<a>{_NUM})\s*(?:周)?(?:\s*(?:至|到|-|–|—|~|～)\s*第?\s*(?P<b>{_NUM})\s*)?周"
)
_EN_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_EN_NUM = r"(?:\d+|" + "|".join(_EN_NUMBERS) + r")"
_WEEK_EN = re.compile(
    rf"^weeks?\s*#?\s*(?P<a>{_EN_NUM})(?:\s*(?:-|–|—|~|to|through|thru|and|&)\s*(?:weeks?\s*)?"
    rf"(?P<b>{_EN_NUM}))?\b",
    re.IGNORECASE,
)

_ZH_DAY_CHARS = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6, "七": 6}
_ZH_DAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天1-7])")
_ZH_BARE_DAY = re.compile(r"([一二三四五六日天])")
_EN_DAYS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tues": 1, "tue": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_EN_DAY = re.compile(r"(" + "|".join(sorted(_EN_DAYS, key=len, reverse=True)) + r")\b\.?")
_RANGE_SEP = re.compile(r"\s*(?:至|到|~|～|-|–|—|to\b|through\b|thru\b|until\b)\s*", re.I)
_LIST_SEP = re.compile(r"\s*(?:、|,|，|和|与|及|以及|/|and\b|&)\s*", re.I)
_GENERIC_DAYS: dict[str, tuple[frozenset[int], bool]] = {
    **dict.fromkeys(
        ("每天", "每日", "天天", "每一天", "every day", "everyday", "daily", "each day"),
        (frozenset(range(7)), True),
    ),
    **dict.fromkeys(
        ("工作日", "平日", "weekdays", "weekday", "workdays"), (frozenset(range(5)), False)
    ),
    **dict.fromkeys(("周末", "双休日", "weekend", "weekends"), (frozenset({5, 6}), False)),
}

_BLOCK_WORDS_ZH = (
    "清晨|早晨|早上|上午|中午|午间|午后|下午|傍晚|晚上|晚间|夜晚|夜间|深夜|全天|白天|整天"
)
_BLOCK_WORDS_EN = (
    "early morning|late morning|morning|noon|midday|lunchtime|late afternoon|afternoon|"
    "evening|late night|night|all[ -]day|full[ -]day|whole day"
)
_TIME_RANGE = re.compile(r"(\d{1,2})[:：](\d{2})\s*(?:-|–|—|~|～|至|到|to)\s*(\d{1,2})[:：](\d{2})")
_DURATION = (
    r"(?:\d+(?:\.\d+)?\s*(?:个)?(?:小时|h|hrs?|hours?|分钟|mins?|minutes?)"
    r"|\d{1,2}[:：]\d{2}\s*(?:-|–|—|~|～|至|到|to)\s*\d{1,2}[:：]\d{2})"
)
_BLOCK = re.compile(
    rf"^(?P<name>(?:{_BLOCK_WORDS_ZH})(?:时段|时间|学习)?|(?:{_BLOCK_WORDS_EN})(?:\s+(?:session|block|study))?)"
    rf"\s*(?P<dur>{_DURATION})?$",
    re.IGNORECASE,
)
_BLOCK_START = re.compile(rf"^(?:{_BLOCK_WORDS_ZH}|{_BLOCK_WORDS_EN})", re.IGNORECASE)
_POMODORO = re.compile(
    r"^(?:(?:番茄(?:钟|时间|时段)?|pomodoros?|🍅)\s*#?\s*(?P<a>\d+)"
    r"(?:\s*(?:-|–|—|~|～|至|到|to)\s*(?:番茄|#)?\s*(?P<b>\d+))?"
    r"|第\s*(?P<c>\d+)(?:\s*(?:-|–|—|~|～|至|到)\s*(?P<d>\d+))?\s*个?番茄(?:钟|时间)?)$",
    re.IGNORECASE,
)
_ALLOC_ZH = re.compile(
    r"^(?:分配|安排|用|使用|投入|共|花)?\s*(?P<n>\d+)\s*个\s*番茄(?:钟|时间|时段)?"
    r"\s*(?:[（(][^）)]*[）)])?\s*[，,：:]?\s*(?:进行|用于|来|做)?\s*"
)
_ALLOC_EN = re.compile(
    r"^(?:allocate|spend|use|plan|schedule|do|dedicate)?\s*(?P<n>\d+)\s+pomodoros?\b"
    r"\s*(?:\([^)]*\))?\s*(?:to\b|for\b|on\b|:)?\s*",
    re.IGNORECASE,
)
_BREAK_LABEL = re.compile(
    r"^(?:(?:长|短|小|课间)休息(?:时间)?|休息\s*\d+(?:\s*[-–~～]\s*\d+)?\s*分钟|午休|午餐|午饭|用餐|"
    r"(?:short|long|lunch|coffee|quick|\d+[- ]?min(?:ute)?s?)?\s*break(?:\s*time)?)$",
    re.IGNORECASE,
)
_BREAK_TEXT = re.compile(
    r"长休息|短休息|休息\s*\d+\s*分钟|休息\s*[（(]\s*\d|午休|"
    r"\b(?:short|long|lunch|coffee)\s+break\b|\bbreak\s*\(\s*\d|\b\d+[- ]?min(?:ute)?s?\s+break\b|"
    r"\btake\s+a\s+break\b",
    re.IGNORECASE,
)
_REST_LABEL = re.compile(
    r"^(?:休息|休息日|休息一天|全天休息|放松|rest|rest day|day off|off|free day|free)$", re.I
)
_REST_TEXT = re.compile(r"^(?:休息|放松|rest\b|day off\b|off day\b|free day\b|no study\b)", re.I)
_GOAL_LABEL = re.compile(
    r"(?:本周|今日|当天)?(?:学习)?(?:目标|目的)|goals?|objectives?|aims?", re.IGNORECASE
)
_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:个)?(?:小时|h\b|hrs?\b|hours?\b)", re.IGNORECASE)
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:分钟|mins?\b|minutes?\b)", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_LIST = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?(.*)$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_BOLD_START = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)")
_PAREN_START = re.compile(r"^\s*[（(]([^）)]*)[）)]")
_PAREN_END = re.compile(r"\s*[（(]([^）)]*)[）)]\s*$")
_COLON_START = re.compile(r"^\s*[：:]\s*")
_LABEL_END = re.compile(r"^\s*(?:[：:]|[（(]|$)")


def _is_break_text(text: str) -> bool:
    """Whether the text is about a break (its first sentence names one), not study work."""
    m = _BREAK_TEXT.search(text)
    if not m:
        return False
    end = re.search(r"[。；;！？!?]|\.\s", text)
    return end is None or m.start() < end.start()


def _number(text: str) -> int | None:
    """An Arabic, full-width or Chinese numeral (up to 99) as an int."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).lower()
    if text.isdigit():
        return int(text)
    if text in _EN_NUMBERS:
        return _EN_NUMBERS[text]
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
    digits |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if not text or any(c not in digits and c != "十" for c in text):
        return None
    if "十" not in text:
        return digits[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def _zh_number(n: int) -> str:
    """An int in Chinese numerals (第十二周); 100 and up stay Arabic."""
    chars = "零一二三四五六七八九"
    if not 0 <= n < 100:
        return str(n)
    if n < 10:
        return chars[n]
    tens, ones = divmod(n, 10)
    return (chars[tens] if tens > 1 else "") + "十" + (chars[ones] if ones else "")


def _week_range(label: str, *, whole: bool = False) -> tuple[int, int] | None:
    """The week numbers a week heading starts with (第二周至第四周：... -> 2, 4), or None.

    With ``whole``, the label must be nothing but the week (第一周的目标是... is not one).
    """
    m = _WEEK_ZH.match(label) or _WEEK_EN.match(label)
    if not m or (whole and m.end() != len(label.rstrip())):
        return None
    a = _number(m.group("a"))
    b = _number(m.group("b")) if m.group("b") else a
    if a is None or b is None:
        return None
    return a, b


def parse_day_label(label: str) -> tuple[frozenset[int], bool] | None:
    """The weekdays (mon=0) a day label names, and whether it means every day; None if none.

    Reads 周一至周五, 周一至五, 星期六, 周一、周三, Monday to Friday, Mon-Fri, Mon, Wed & Fri,
    每天, Every day, Weekdays, Weekend.
    """
    text = label.strip().rstrip("：:").strip()
    generic = _GENERIC_DAYS.get(text.lower())
    if generic:
        return generic
    lower = text.lower()
    pos = 0
    days: set[int] = set()
    prev: int | None = None
    zh = False
    range_next = False
    while True:
        m = _ZH_DAY.match(lower, pos)
        if m:
            d = _ZH_DAY_CHARS.get(m.group(1))
            d = int(m.group(1)) - 1 if d is None else d
            zh = True
        else:
            m = (_ZH_BARE_DAY.match(lower, pos) if zh and prev is not None else None) or (
                _EN_DAY.match(lower, pos)
            )
            if not m:
                return None
            day = m.group(1)
            d = _ZH_DAY_CHARS[day] if day in _ZH_DAY_CHARS else _EN_DAYS[day]
        pos = m.end()
        if range_next:
            assert prev is not None
            if d < prev:
                return None
            days.update(range(prev, d + 1))
        else:
            days.add(d)
        prev = d
        if pos == len(lower):
            return frozenset(days), False
        sep = _RANGE_SEP.match(lower, pos)
        range_next = bool(sep)
        if not sep:
            sep = _LIST_SEP.match(lower, pos)
            if not sep:
                return None
        pos = sep.end()


def format_days(days: frozenset[int] | set[int]) -> str:
    """Weekday numbers as the curriculum spells them: ``mon-fri``, ``sat``, ``mon,wed-fri``."""
    parts: list[str] = []
    ordered = sorted(days)
    start = prev = ordered[0]
    for d in [*ordered[1:], None]:
        if d is not None and d == prev + 1:
            prev = d
            continue
        parts.append(WEEKDAYS[start] if start == prev else f"{WEEKDAYS[start]}-{WEEKDAYS[prev]}")
        if d is not None:
            start = prev = d
    return ",".join(parts)


def _pomodoros_for(duration: str | None) -> int | None:
    """Pomodoros that fit a block of the given length (25 minutes + 5 of break each)."""
    if not duration:
        return None
    minutes: float | None = None
    if m := _TIME_RANGE.search(duration):
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        minutes = (h2 * 60 + m2) - (h1 * 60 + m1)
    elif m := _HOURS.search(duration):
        minutes = float(m.group(1)) * 60
    elif m := _MINUTES.search(duration):
        minutes = float(m.group(1))
    if minutes is None or minutes <= 0:
        return None
    return max(1, round(minutes / 30))


# ---------------------------------------------------------------------------------------------
# Parsing


@dataclass
class _Slot:
    title: str
    track: str | None
    pomodoros: int
    detail: list[str] = field(default_factory=list)


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

    def __init__(self, text: str) -> None:
        self.lines = text.removeprefix("\ufeff").splitlines()
        self.zh = bool(_CJK.search(text))
        self.title: str | None = None
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
        in_fence = False
        fence_warned = False
        in_comment = False
        front = bool(self.lines) and self.lines[0].strip() == "---"
        front_lines: list[str] = []
        for lineno, raw in enumerate(self.lines, start=1):
            self.line = lineno
            if front:
                if lineno > 1 and raw.strip() in ("---", "..."):
                    front = False
                    self._front_matter("\n".join(front_lines))
                elif lineno > 1:
                    front_lines.append(raw)
                continue
            if _FENCE.match(raw):
                in_fence = not in_fence
                if in_fence and self.active and not fence_warned:
                    self.column = raw.index(raw.strip()[0]) + 1
                    self.warn("code block inside the plan: ignored")
                    fence_warned = True
                continue
            if in_fence:
                continue
            if in_comment:
                if "%%" not in raw:
                    continue
                raw = raw[raw.index("%%") + 2 :]
                in_comment = False
            raw = _COMMENT.sub("", raw)
            if raw.count("%%") % 2 == 1:
                raw = raw[: raw.index("%%")]
                in_comment = True
            raw = raw.expandtabs(4)
            stripped = raw.strip()
            if not stripped or _RULE.match(raw):
                continue
            self.column = len(raw) - len(raw.lstrip()) + 1
            if self.first_content is None:
                self.first_content = (lineno, self.column)
            heading = _HEADING.match(raw)
            if heading:
                self._heading(len(heading.group(1)), heading.group(2) or "")
                continue
            if not clean(stripped) and not self._is_table(stripped):
                continue  # an embed, an image or empty markup
            item = _LIST.match(raw)
            if item:
                self._line(item.group(2), len(item.group(1)), True, raw)
            else:
                # inside a list item only when indented to its text; otherwise a paragraph
                indent = self.column - 1
                top = self.stack[-1].indent if self.stack else -1
                self._line(stripped, indent, top >= 0 and indent >= top + 2, raw)
        self._end_week()

    def _front_matter(self, text: str) -> None:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            return
        if isinstance(data, dict) and isinstance(data.get("title"), str) and data["title"]:
            self.title = clean(data["title"]) or None

    @staticmethod
    def _is_table(text: str) -> bool:
        return text.startswith("|")

    # -- weeks

    def _start_structure(self) -> None:
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
        if label.kind in ("day", "block"):
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
        if not self.active and label.kind not in ("day", "block", "pomodoro"):
            return  # prose before the plan
        if label.kind == "day":
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

    def _day(self, label: _Label, inline: str, indent: int, nested: bool) -> None:
        parsed = parse_day_label(label.text)
        assert parsed is not None
        days, generic = parsed
        self._start_structure()
        self._pop(indent, nested, "day")
        parent = self._current_day()
        title = label.paren if label.paren and _pomodoros_for(label.paren) is None else None
        if parent is not None and days == parent.days and not parent.split:
            day = parent  # the same days again, one level down
        elif parent is not None and days <= parent.days:
            parent.days -= days
            parent.split = True
            day = self._new_day(days, generic, clean(title) if title else None)
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
                count = _pomodoros_for(label.paren) or 1
                block = self._block_for(day, inline)
                block.slots.append(_Slot(inline, self._current_track(), self._clamp(count)))

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
            count = _pomodoros_for(m.group("dur")) or _pomodoros_for(label.paren) or 1
            block.pending = _Slot(inline, self._current_track(), self._clamp(count))
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
        slot = _Slot(title, self._current_track(), self._clamp(count))
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
        slot = _Slot(inline, name, 1)
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
            return
        top = self.stack[-1] if self.stack else None
        if nested and top is not None and indent > top.indent:
            if top.kind == "slot":
                assert top.slot is not None
                top.slot.detail.append(text)
                return
            if top.kind == "ignore":
                return
        if _is_break_text(text):
            self._pop(indent, nested, "ignore")
            if nested:
                self.stack.append(_Entry(indent, "ignore"))
            return
        if not nested:
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
        slot = _Slot(text, self._current_track(), 1)
        block.slots.append(slot)
        self.stack.append(_Entry(indent, "slot", slot=slot))

    # -- output

    def weeks_out(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for week in self.finished:
            ordered = sorted(week.days, key=lambda d: min(d.days, default=7))
            days = [d for d in (self._day_out(day) for day in ordered) if d is not None]
            if not days:
                if week.title is not None or week.days:
                    self.warn("week has no days with study items: left out", week.line, week.column)
                continue
            for copy in range(week.count):
                title = week.title or (
                    f"第{_zh_number(len(out) + 1)}周" if self.zh else f"Week {len(out) + 1}"
                )
                if week.count > 1:  # 第二周至第四周 -> one week each, saying which
                    n = week.first + copy
                    title += f"（第{_zh_number(n)}周）" if self.zh else f" (week {n})"
                w: dict[str, Any] = {"title": title}
                if week.goal:
                    w["goal"] = "\n".join(week.goal)
                w["days"] = deepcopy(days) if copy else days
                out.append(w)
        return out

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
        if not blocks:
            if not day.rest:
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
    out["pomodoros"] = slot.pomodoros
    return out


# ---------------------------------------------------------------------------------------------
# Names and YAML


def _curriculum_id(given: str | None, name: str) -> str:
    """The id given, or a slug of the file name (with a hash of it when letters were lost)."""
    if given and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", given):
        return given
    raw = given or PurePath(name).stem
    slug = re.sub(r"[^A-Za-z0-9_.\-]+", "-", raw).strip("-.").lower()
    if slug and not re.search(r"[^\x00-\x7f]", raw):
        return slug
    digest = hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else f"plan-{digest}"


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text)


def _title_from_name(name: str) -> str:
    stem = PurePath(name).stem.strip()
    return stem if stem and stem not in ("-", "<stdin>") else "Imported plan"


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key and writes multi-line text as ``|`` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)
