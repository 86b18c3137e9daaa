"""Counts read as words do: 1 day, 2 days; 1 slot moved (stats, the re-plan dialog)."""

from __future__ import annotations

from datetime import date

from pomoplan.core.stats import Stats
from pomoplan.text.heatmap import summary_lines
from pomoplan.text.i18n import set_language, t


def test_a_one_day_streak_is_one_day() -> None:
    set_language("en")
    day = date(2026, 12, 3)
    stats = Stats(day, day, day, [], [], 1, 2, [], [])
    assert "Current streak: 1 day " in summary_lines(stats)[0] + " "
    assert "Longest streak: 2 days" in summary_lines(stats)[0]


def test_one_day_and_one_slot_in_the_replan_words() -> None:
    set_language("en")
    assert t("plan_shift_one", n="+1").endswith("+1 day")
    assert t("replanned_one").startswith("Re-planned: 1 slot moved")
