"""Recognising labels in Chinese and English: weeks, days, blocks, pomodoro counts, breaks, rest."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pomoplan.core.curriculum import WEEKDAYS

MAX_POMODOROS = 32
"""Most pomodoros one slot may hold (the curriculum model's limit)."""
MAX_WEEK_RANGE = 52
"""A heading such as 第二周至第四周 is repeated for each week; longer ranges are kept once."""

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
_REST_TEXT = re.compile(
    r"^(?:休息|放松|rest\b|day off\b|off day\b|off\b|free day\b|no study\b|nothing\b)", re.I
)
_GOAL_LABEL = re.compile(
    r"(?:本周|今日|当天)?(?:学习)?(?:目标|目的)|goals?|objectives?|aims?", re.IGNORECASE
)
_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:个)?(?:小时|h\b|hrs?\b|hours?\b)", re.IGNORECASE)
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:分钟|mins?\b|minutes?\b)", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")

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
# Pomodoro counts anywhere in an item, day sequences and dates

CYCLE_MINUTES = 30
"""A pomodoro and its break (25 + 5 minutes): a duration or time range is divided by this."""
_COUNT_WORD = r"(?:个\s*)?(?:番茄(?:钟|时间)?|pomodoros?|poms?)"
_TRAILING_COUNT = re.compile(
    rf"\s*(?:[（(]\s*(?P<a>\d+)\s*{_COUNT_WORD}\s*[)）]"
    rf"|(?:[—–:：,，]|\s-|--)?\s*(?P<b>\d+)\s*{_COUNT_WORD}\.?"
    r"|(?:\s+[xX]|\s*[×✕])\s*(?P<c>\d+))\s*$",
    re.IGNORECASE,
)
_LEADING_COUNT = re.compile(rf"^(?P<n>\d+)\s*{_COUNT_WORD}\s*[:：—–-]\s*", re.IGNORECASE)
_TOMATOES = re.compile(r"^\s*(🍅+)\s*|\s*(🍅+)\s*$")
_TRAILING_DURATION = re.compile(
    r"\s*[（(]\s*(?P<d>(?:约|大约|about|~)?\s*\d+(?:\.\d+)?\s*(?:个)?\s*"
    r"(?:小时|分钟|h|hrs?|hours?|mins?|minutes?))\s*[)）]\s*$",
    re.IGNORECASE,
)
_LEADING_RANGE = re.compile(
    r"^(?P<r>\d{1,2}[:：]\d{2}\s*(?:-|–|—|~|～|至|到|to)\s*\d{1,2}[:：]\d{2})\s*[:：,，-]?\s*"
)


def take_count(text: str) -> tuple[str, int | None]:
    """Split a pomodoro count out of an item's text: the title left, and the count (or None).

    Reads ``X (2 pomodoros)``, ``X — 3 pomodoros``, ``X（2个番茄）``, ``X ×2``, ``🍅🍅 X``,
    ``2 pomodoros: X``, ``X (50 min)``, ``X（1小时）`` and ``09:00-10:40 X``.
    """
    if m := _TOMATOES.search(text):
        rest = (text[: m.start()] + text[m.end() :]).strip()
        if rest:
            return rest, len(m.group(1) or m.group(2))
    if m := _LEADING_COUNT.match(text):
        rest = text[m.end() :].strip()
        if rest and int(m.group("n")) > 0:
            return rest, int(m.group("n"))
    if m := _TRAILING_COUNT.search(text):
        rest = text[: m.start()].strip()
        n = int(m.group("a") or m.group("b") or m.group("c"))
        if rest and n > 0:
            return rest, n
    if m := _TRAILING_DURATION.search(text):
        rest = text[: m.start()].strip()
        fits = _pomodoros_for(m.group("d"))
        if rest and fits:
            return rest, fits
    if m := _LEADING_RANGE.match(text):
        rest = text[m.end() :].strip()
        fits = _pomodoros_for(m.group("r"))
        if rest and fits:
            return rest, fits
    return text, None


_DAY_SEQ = re.compile(
    rf"^(?:day\s*(?P<a>\d+)(?:\s*(?:-|–|—|~|to)\s*(?:day\s*)?(?P<b>\d+))?"
    rf"|第\s*(?P<c>{_NUM})\s*(?:天)?(?:\s*(?:-|–|—|~|～|至|到)\s*第?\s*(?P<d>{_NUM})\s*)?天)$",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(
    r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:\s*[（(][^)）]*[)）])?$"
)
_DATE_ZH = re.compile(
    r"^(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"(?:\s*[（(]?\s*(?:周|星期)[一二三四五六日天]\s*[)）]?)?$"
)


def day_sequence(label: str) -> tuple[int, int] | None:
    """The day numbers a label names (``Day 1``, ``Day 1-3``, ``第1天``, ``第一至三天``), or None."""
    m = _DAY_SEQ.match(label.strip().rstrip("：:").strip())
    if not m:
        return None
    a = _number(m.group("a") or m.group("c"))
    b_text = m.group("b") or m.group("d")
    b = _number(b_text) if b_text else a
    if a is None or b is None or a < 1 or b < a or b > 7 * MAX_WEEK_RANGE * 2:
        return None
    return a, b


def plan_date(label: str, today: date) -> date | None:
    """The date a label names (``2026-12-07``, ``12月7日``), the year from ``today`` if left out.

    A date without a year more than two months before today is taken as next year's.
    """
    text = label.strip().rstrip("：:").strip()
    m = _DATE_ISO.match(text) or _DATE_ZH.match(text)
    if not m:
        return None
    year = int(m.group("y")) if m.group("y") else today.year
    try:
        found = date(year, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    if not m.group("y") and found < today - timedelta(days=60):
        try:
            found = found.replace(year=year + 1)
        except ValueError:
            return None
    return found
