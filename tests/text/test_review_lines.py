"""The review's one rendering (plain lines with looks), built without a terminal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from pomoplan.core.curriculum import load_curriculum
from pomoplan.core.review import DayTotals, Interruption, NoteLine, build_review
from pomoplan.core.schedule import Schedule
from pomoplan.text.i18n import set_language
from pomoplan.text.review_lines import plain, review_lines, review_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCHEDULE = Schedule(load_curriculum(FIXTURES / "mini.yaml"), date(2026, 11, 23))


def a_week():
    review = build_review(
        date(2026, 11, 23), date(2026, 11, 25), SCHEDULE,
        {date(2026, 11, 23): DayTotals(completed=2, skipped=1, focused_s=2400)},
        [("Py[b]thon", 2, 2400)],
        [Interruption("2026-11-23T10:20:00+08:00", "Read\x1b[2J", "skipped", "phone [red]")],
        [date(2026, 11, 23)], {},
    )  # fmt: skip
    note = NoteLine(date(2026, 11, 23), "2026-11-23T09:00:00+08:00", "Read", "saw\x07 it")
    return replace(review, notes=[note])


def test_the_command_prints_the_lines_the_screen_draws() -> None:
    set_language("en")
    review = a_week()
    lines = review_lines(review, "Plan", 16)
    text = review_text(review, "Plan")
    assert text.split("\n")[:9] == [
        "Weekly review 2026-W48 · Plan",
        "",
        *(plain(line) for line in lines.days),
    ]
    assert plain(lines.days[0]).startswith("  Mon 11-23  2/")
    assert "↷1 ✗0" in plain(lines.days[0]) and plain(lines.days[2]).startswith("▶ Wed")
    assert "\n  Py[b]thon: 2🍅 40 min\n" in text  # brackets are text, not markup
    assert "\n  11-23 10:20 skipped Read^[[2J — phone [red]\n" in text  # controls shown
    assert "\n  Mon 11-23\n    09:00 Read: saw^G it\n" in text
    assert plain(lines.summary).startswith("This week 2/")


def test_every_part_has_a_known_look_and_chinese_words() -> None:
    set_language("zh")
    try:
        lines = review_lines(a_week(), "计划")
        sections = [[lines.title], lines.days, [lines.summary], *lines[3:]]
        looks = {look for section in sections for line in section for _, look in line}
        assert looks <= {"", "bold", "dim", "green", "yellow", "dim italic"}
        assert plain(lines.tracks[0]) == "按方向" and plain(lines.title).startswith(
            "周回顾 2026-W48"
        )
    finally:
        set_language("en")
