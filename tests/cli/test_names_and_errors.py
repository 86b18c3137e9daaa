"""Curricula by name (a user plan may share a bundled plan's id), plan-day headings said once,
and one-line errors that point into a file only when there is one (run in-process)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pomoplan.__main__ import main

WEEKLY = """\
id: {id}
title: {title}
kind: calendar
weeks:
  - title: {week}
    days:
      - days: mon-sun
        title: {day}
        blocks:
          - name: morning
            slots:
              - title: Read a chapter
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def user_plan(home: Path, stem: str, *, id: str, week: str = "Basics", day: str = "Day") -> Path:
    folder = home / "curricula"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.yaml"
    path.write_text(WEEKLY.format(id=id, title="My month", week=week, day=day), encoding="utf-8")
    return path


def listing(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "curricula", "--json")
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def active(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(r["source"], r["title"]) for r in rows if r["active"]]


def test_a_user_plan_named_like_a_bundled_one_shadows_it_and_one_is_active(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_plan(home, "one-month", id="one-month")
    assert active(listing(capsys)) == [("bundled", "一个月学习计划")]  # the default, not mine
    assert run(capsys, "start", "one-month")[0] == 0
    assert active(listing(capsys)) == [("user", "My month")]
    assert run(capsys, "start", "bundled:one-month")[0] == 0  # it was mine again before
    assert active(listing(capsys)) == [("bundled", "一个月学习计划")]
    _code, out, _ = run(capsys, "today")
    assert out.startswith("一个月学习计划")
    _, out, _ = run(capsys, "curricula")
    starred = [line for line in out.splitlines() if line.startswith("*")]
    assert len(starred) == 1 and "bundled:one-month" in starred[0]
    assert "your own one-month has its name" in out


def test_a_user_plan_with_a_bundled_plans_id_in_its_file_is_not_marked_active_with_it(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_plan(home, "mine", id="one-month")
    assert run(capsys, "start", "mine")[0] == 0
    assert active(listing(capsys)) == [("user", "My month")]
    assert run(capsys, "start", "one-month")[0] == 0
    assert active(listing(capsys)) == [("bundled", "一个月学习计划")]
    code, out, _ = run(capsys, "today", "--curriculum", "mine")  # not the bundled plan's start
    assert code == 0 and out.startswith("My month")


def test_a_plan_started_from_elsewhere_is_listed_by_its_path(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = user_plan(tmp_path / "elsewhere", "one-month", id="one-month")
    assert run(capsys, "start", str(path))[0] == 0
    rows = listing(capsys)
    assert [(r["name"], r["active"]) for r in rows if r["active"]] == [(str(path), True)]


@pytest.mark.parametrize(
    ("week", "day", "heading"),
    [
        ("Week 1", "Week 1", "My month · Week 1 · Mon 2026-11-30"),
        ("Week 1: Basics", "Monday", "My month · Week 1: Basics · Mon 2026-11-30"),
        ("第一周", "周一", "My month · 第一周 · Mon 2026-11-30"),
        ("Week 10 prep", "Reading", "My month · Week 1 · Week 10 prep · Reading · Mon 2026-11-30"),
    ],
)
def test_today_says_each_part_of_the_heading_once(
    home: Path, capsys: pytest.CaptureFixture[str], week: str, day: str, heading: str
) -> None:
    user_plan(home, "mine", id="mine", week=f'"{week}"', day=f'"{day}"')
    assert run(capsys, "start", "mine", "--on", "2026-11-30")[0] == 0
    _, out, _ = run(capsys, "today", "--date", "2026-11-30")
    assert out.splitlines()[0] == heading


def test_today_in_chinese_does_not_repeat_the_week(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_plan(home, "mine", id="mine", week="第一周", day="周一")
    (home / "config.yaml").write_text("language: zh\n", encoding="utf-8")
    assert run(capsys, "start", "mine", "--on", "2026-11-30")[0] == 0
    _code, out, _ = run(capsys, "today", "--date", "2026-11-30", "--json")
    assert json.loads(out)["day_title"] == "第一周 · 周一"
    _, out, _ = run(capsys, "today", "--date", "2026-11-30")
    assert out.splitlines()[0] == "My month · 第一周 · 周一 2026-11-30"


ERRORS = [
    (["start", "no-such-plan"], "pomoplan: no curriculum named 'no-such-plan' (known: "),
    (["start", "bundled:mine"], "pomoplan: no bundled curriculum 'mine' (known: "),
    (["start", "./missing.yaml"], "pomoplan: ./missing.yaml: no such file"),
    (["today", "--curriculum", "nope"], "pomoplan: no curriculum named 'nope'"),
    (["review", "--week", "2026-W60"], "pomoplan: --week: "),
    (["stats", "--month", "2026-13"], "pomoplan: --month: "),
    (["stats", "--year", "twenty"], "pomoplan: --year: "),
    (["history", "--since", "2026-02-02", "--until", "2026-01-01"], "pomoplan: --since: "),
    (
        ["export", "--format", "csv", "--since", "2026-02-02", "--until", "2026-01-01"],
        "pomoplan: --since: ",
    ),
    (["validate", "missing.yaml"], "pomoplan: missing.yaml: no such file"),
    (["import", "missing.md"], "pomoplan: missing.md: "),
    (["--curriculum", "nope", "today"], "pomoplan: "),
]


@pytest.mark.parametrize(("argv", "start"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors_about_things_that_are_not_files_have_no_line_and_column(
    home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], start: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith(start), err
    assert not re.search(r":\d+:\d+:", err), err
    assert "Traceback" not in out + err


def test_a_problem_inside_a_file_is_still_located(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nkind: weekly\n", encoding="utf-8")
    code, _, err = run(capsys, "today", "--curriculum", str(bad))
    assert code == 2 and err.startswith(f"pomoplan: {bad}:3:7: kind: "), err
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 2 and out.startswith(f"{bad}:3:7: kind: ") and err == ""


def test_prose_on_a_terminal_breaks_at_its_width_by_the_rules(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "41")
    code, out, _ = run(capsys, "start", "one-month", "--on", "2026-11-30")
    lines = out.splitlines()
    assert code == 0 and len(lines) > 2
    assert all(len(line) <= 40 for line in lines), lines
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    code, piped, _ = run(capsys, "start", "one-month", "--on", "2026-11-30")
    assert len(piped.splitlines()) == 1  # piped: one line for scripts
    assert " ".join(lines).split() == piped.split()  # the same words, none cut in two
