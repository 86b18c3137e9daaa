"""Statistics past a week: streaks, planned against done, and a heatmap that lines up in
English and Chinese."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from pomoplan.core.curriculum import load_curriculum
from pomoplan.core.schedule import Schedule
from pomoplan.core.stats import (
    build_stats,
    heat_level,
    longest_streak,
    parse_month,
    parse_year,
)
from pomoplan.text.heatmap import cells, heatmap
from pomoplan.text.i18n import set_language

FIXTURES = Path(__file__).parent.parent / "fixtures"
SCHEDULE = Schedule(load_curriculum(FIXTURES / "mini.yaml"), date(2026, 11, 30))


def test_longest_streak_and_ranges() -> None:
    days = [date(2026, 1, 1) + timedelta(days=n) for n in (0, 1, 2, 5, 6, 9)]
    assert longest_streak(days) == 3
    assert longest_streak([]) == 0
    assert parse_month("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert parse_month("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert parse_year("2026") == (date(2026, 1, 1), date(2026, 12, 31))
    for bad in ("2026-13", "2026-1", "26-01"):
        with pytest.raises(ValueError):
            parse_month(bad)


def test_plan_tracks_count_due_by_today_and_cap_extra_pomodoros() -> None:
    stats = build_stats(
        date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 1), SCHEDULE,
        {date(2026, 12, 1): (3, 3600)}, [("Python", 3, 3600)], [date(2026, 12, 1)],
        [date(2026, 12, 1)], {"w1-mon-b1-s1": 3},
    )  # fmt: skip
    python = next(p for p in stats.plan_tracks if p.track == "Python")
    assert (python.due, python.done, python.behind) == (2, 1, 1)  # Mon and Tue; 3 on one slot
    assert stats.to_json()["days"][0] == {
        "date": "2026-12-01", "planned": 4, "completed": 3, "focus_minutes": 60,
    }  # fmt: skip


def at_cell(line: str, index: int) -> str:
    """The character that starts at terminal cell ``index`` of ``line``."""
    pos = 0
    for ch in line:
        if pos == index:
            return ch
        pos += cells(ch)
    return " "


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("period", [("2026-12-01", "2026-12-31"), ("2026-01-01", "2026-12-31")])
def test_heatmap_cells_line_up_under_the_labels(language: str, period: tuple[str, str]) -> None:
    set_language(language)
    try:
        first, last = (date.fromisoformat(p) for p in period)
        totals = {first + timedelta(days=n): (n % 9, 1500 * (n % 9)) for n in range(0, 40, 3)}
        today = date(2026, 12, 3)
        stats = build_stats(first, last, today, SCHEDULE, totals, [], [], [], {})
        lines = heatmap(stats)
        width = 1 if last.month != first.month else 4
        label = 5 if language == "zh" else 4
        monday = first - timedelta(days=first.weekday())
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1)):
            row = lines[1 + day.weekday()]
            glyph = at_cell(row, label + (day - monday).days // 7 * width)
            completed = totals.get(day, (0, 0))[0]
            if day > today:
                assert glyph in "○ ", day
            else:
                assert glyph == "·░▒▓█"[heat_level(completed)], day
        assert max(cells(line) for line in lines) <= 80
    finally:
        set_language("en")


def test_stats_tracks_are_built_like_the_reviews_and_add_up_to_the_range() -> None:
    # Stats rounded each track and day on its own: two 40-second focus periods on two tracks
    # and two days read "1 min" in total beside "1 min" twice, or "0 min" beside a "1".
    from pomoplan.core.review import build_review, track_figures

    first, last = date(2026, 12, 1), date(2026, 12, 2)
    totals = {first: (1, 40), last: (1, 40)}
    tracks = [("Python", 1, 40), ("Rust", 1, 40)]
    stats = build_stats(first, last, last, SCHEDULE, totals, tracks, [], [], {})
    doc = stats.to_json()
    assert sum(t["focus_minutes"] for t in doc["tracks"]) == 1 == stats.focus_minutes
    assert sum(d["focus_minutes"] for d in doc["days"]) == 1
    assert doc["tracks"] == [t.to_json() for t in track_figures(tracks, most_done_first=True)]
    review = build_review(first, last, SCHEDULE, {}, tracks, [], [], {})
    assert list(review.to_json()["tracks"][0]) == list(doc["tracks"][0])  # one shape
