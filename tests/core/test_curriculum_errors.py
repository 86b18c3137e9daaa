"""Broken curricula are reported at the right file, line, column and field."""

from __future__ import annotations

import pytest

from pomoplan.core.curriculum import parse_curriculum
from pomoplan.core.errors import InputError

GOOD = """\
id: t
title: T
kind: calendar
weeks:
  - title: W1
    days:
      - days: mon
        blocks:
          - name: 上午
            slots:
              - title: 装饰器
"""


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_curriculum(text, "plan.yaml")
    return [str(p) for p in info.value.problems]


def test_good_file_loads() -> None:
    c = parse_curriculum(GOOD, "plan.yaml")
    assert [s.id for s in c.all_slots()] == ["w1-mon-b1-s1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("- title: 装饰器", "- titel: 装饰器"),
            "plan.yaml:11:17: weeks[0].days[0].blocks[0].slots[0].titel: unknown key",
        ),
        (
            GOOD.replace("- title: 装饰器", "- title: 装饰器\n                pomodoros: zero"),
            "plan.yaml:12:28: weeks[0].days[0].blocks[0].slots[0].pomodoros:",
        ),
        (
            GOOD.replace("days: mon", "days: mun"),
            "plan.yaml:7:15: weeks[0].days[0].days: 'mun' is not a weekday",
        ),
        (
            GOOD.replace("kind: calendar", "kind: weekly"),
            "plan.yaml:3:7: kind: unknown kind 'weekly'",
        ),
        (GOOD.replace("kind: calendar\n", ""), "plan.yaml:1:1: kind: required key is missing"),
        (GOOD.replace("title: T\n", ""), "plan.yaml:1:1: title: required key is missing"),
        (
            GOOD.replace(
                "          - name: 上午\n", "          - name: 上午\n            colour: red\n"
            ),
            "plan.yaml:10:13: weeks[0].days[0].blocks[0].colour: unknown key",
        ),
        (
            GOOD + "      - days: mon-tue\n        rest: true\n",
            "plan.yaml:5:5: weeks[0]: mon is planned twice",
        ),
        (GOOD.replace("title: W1", "title: [unclosed"), "plan.yaml:6:9: YAML:"),
        ("", "plan.yaml:1:1: file is empty"),
        ("- a\n- b\n", "plan.yaml:1:1: expected a mapping"),
    ],
)
def test_broken_files_are_located(text: str, expected: str) -> None:
    found = problems(text)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported() -> None:
    text = GOOD.replace("- title: 装饰器", "- titel: 装饰器\n                pomodoros: -1")
    found = problems(text)
    assert len(found) >= 2


def test_duplicate_explicit_ids_are_located() -> None:
    text = GOOD.replace("- title: 装饰器", "- {id: x, title: a}\n              - {id: x, title: b}")
    (p,) = problems(text)
    assert p.startswith("plan.yaml:12:22: weeks[0].days[0].blocks[0].slots[1].id: duplicate")


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb += f"{cur}: &{cur} [{', '.join('*' + prev for _ in range(10))}]\n"
    found = problems(bomb)
    assert "too many nodes" in found[0]


def test_deep_nesting_is_refused() -> None:
    found = problems("a: " + "[" * 500 + "]" * 500 + "\n")
    assert "deeper" in found[0] or "YAML" in found[0]
