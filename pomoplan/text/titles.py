"""One heading for a plan day (plan, week, week title, weekday, day title), each part once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from pomoplan.core.schedule import DayView
from pomoplan.text.i18n import t, weekday_name

SEPARATOR = " · "

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+")
_WEEKDAY_WORDS = (
    ("mon", "monday"),
    ("tue", "tues", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thur", "thurs", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
)
_WEEKDAYS = {word: n for n, words in enumerate(_WEEKDAY_WORDS) for word in words}
_WEEKDAYS |= {char: n for n, char in enumerate("一二三四五六日")} | {"天": 6}
_WEEKDAY = re.compile(
    r"(?:(?:周|星期|礼拜)([一二三四五六日天]))|\b("
    + "|".join(sorted((w for words in _WEEKDAY_WORDS for w in words), key=len, reverse=True))
    + r")\b"
)
_UNIT = re.compile(r"(?:第(\d+)(周|天|日|阶段))|(?:\b(week|day|phase)(\d+))")
_KINDS = {"周": "week", "天": "day", "日": "day", "阶段": "phase"}


def _cn_int(text: str) -> int:
    """``十二`` -> 12, ``二十`` -> 20, ``一百零五`` -> 105 (the numbers plan titles use)."""
    total = 0
    current = 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[char]
    return total + current


def normal(text: str) -> str:
    """What a heading part says, for comparing: case, width, spacing and punctuation dropped,
    Chinese numbers as digits, ``第1周``/``Week 1`` and ``周四``/``Thursday`` spelled alike."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _WEEKDAY.sub(lambda m: f"\x00wd{_WEEKDAYS[m.group(1) or m.group(2)]}\x00", text)
    text = _CN_NUMBER.sub(lambda m: str(_cn_int(m.group())), text)
    text = re.sub(r"(?<=[a-z])\s+(?=\d)", "", text)  # "week 1" -> "week1"
    text = _UNIT.sub(
        lambda m: (
            f"\x00{_KINDS[m.group(2)]}{m.group(1)}\x00"
            if m.group(1)
            else f"\x00{m.group(3)}{m.group(4)}\x00"
        ),
        text,
    )
    return "".join(c for c in text if c == "\x00" or unicodedata.category(c)[0] in "LN")


def repeats(part: str, other: str) -> bool:
    """Whether ``part`` says nothing ``other`` does not: the same words, or the words
    ``other`` begins with (``Week 1`` before ``Week 1: Basics``; never ``Week 1`` before
    ``Week 10``)."""
    a, b = normal(part), normal(other)
    if not a:
        return True
    if not b.startswith(a):
        return False
    rest = b[len(a) :]
    return not rest or not (a[-1].isdigit() and rest[0].isdigit())


def join_distinct(parts: Iterable[str | None]) -> str:
    """The parts joined by `` · ``, leaving out empty ones and each one another part repeats
    (of two equal parts the last stays: the plan's own words come after pomoplan's labels)."""
    given = [p.strip() for p in parts if p and p.strip()]
    kept: list[str] = []
    for i, part in enumerate(given):
        said = normal(part)
        if not said or any(normal(o) == said for o in given[i + 1 :]):
            continue  # empty, or the same as a later part (the plan's words over our label)
        if any(normal(o) != said and repeats(part, o) for o in given):
            continue  # another part says it and more
        kept.append(part)
    return SEPARATOR.join(kept)


def day_heading(
    view: DayView,
    *,
    calendar: bool,
    plan: str | None = None,
    on: date | None = None,
    day_title: bool = True,
) -> str:
    """The heading of a plan day, the same in ``today`` and the app.

    Args:
        view: the plan day.
        calendar: a calendar plan (its days have a weekday).
        plan: the plan's title, first.
        on: the date, after the weekday (``Thu 2026-12-03``).
        day_title: with the day's own title (the app leaves it out: one line at 50 columns).
    """
    weekday = weekday_name(view.date.weekday()) if calendar or on else None
    when = f"{weekday} {on.isoformat()}" if weekday and on else weekday
    week = t("week_n", n=view.week) if view.week is not None else None
    title = view.day_title if day_title else None
    return join_distinct([plan, week, view.week_title, title, when])
