"""Heading parts said once, compared by what they say (both languages)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pomoplan.text.titles import join_distinct, normal, repeats


def test_the_same_week_in_either_language_or_numeral_is_one_part() -> None:
    assert join_distinct(["Plan", "第1周", "第一周"]) == "Plan · 第一周"
    assert join_distinct(["Plan", "Week 1", "第一周：入门"]) == "Plan · 第一周：入门"
    assert join_distinct(["Plan", "第12周", "第十二周 复习"]) == "Plan · 第十二周 复习"
    assert join_distinct(["Week 1", "Thu", "Week 1"]) == "Thu · Week 1"
    assert join_distinct(["Week 1", "WEEK  1 —", "Thursday", "Thu 2026-12-03"]) == (
        "WEEK  1 — · Thu 2026-12-03"
    )
    assert join_distinct(["周四", "星期四"]) == "星期四"


def test_a_longer_number_or_another_word_is_not_a_repeat() -> None:
    assert join_distinct(["Week 1", "Week 10 prep"]) == "Week 1 · Week 10 prep"
    assert join_distinct(["Month 1", "Mon"]) == "Month 1 · Mon"
    assert join_distinct(["第1周", "第一阶段"]) == "第1周 · 第一阶段"
    assert not repeats("Week 1", "Week 12")
    assert normal("Week 1") == normal("第一周") == normal("week1")


PART = st.sampled_from(
    ["Week 1", "第一周", "Thu", "周四", "Basics", "基础", "Week 10", ""]
) | st.text(max_size=8)


@given(st.lists(PART, max_size=6))
def test_kept_parts_are_given_in_order_distinct_and_none_repeats_another(parts: list[str]) -> None:
    out = join_distinct(parts)
    kept = out.split(" · ") if out else []
    given_parts = iter(p.strip() for p in parts)
    assert all(any(k == g for g in given_parts) for k in kept)  # a subsequence: order kept
    said = [normal(k) for k in kept]
    assert len(set(said)) == len(said)
    assert not any(a != b and normal(a) != normal(b) and repeats(a, b) for a in kept for b in kept)
    for part in parts:  # nothing said is lost
        assert not normal(part) or any(repeats(part, k) for k in kept)
