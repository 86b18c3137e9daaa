"""``pomoplan import`` end to end: import -> validate -> start -> today, --dry-run, big notes."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_run import run_main

NOTES = Path(__file__).parent / "fixtures" / "notes"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8"}
    env.pop("LC_ALL", None)
    return run_main(args, env)


@pytest.mark.parametrize(
    ("note", "start", "on", "titles"),
    [
        (
            "en_week_plain.md",
            "2026-11-30",
            "2026-12-01",
            ["Ownership exercises", "Read Rust by Example"],
        ),
        (
            "zh_days_checklist.md",
            "2026-11-30",
            "2026-11-30",
            ["安装 Rust 工具链", "做 rustlings variables 练习", "复习 a[i][j] 与 Vec<T>"],
        ),
        ("zh_dated.md", "2026-12-09", "2026-12-10", ["读论文"]),
        (
            "seed_roadmap_002.md",
            "2026-12-01",
            "2026-12-02",
            [
                "学习内容：多模态定义、各种模态特性、模态间关系",
                "实践项目：构建简单的双模态（如图像-文本）数据集并进行探索性分析",
            ],
        ),
    ],
)
def test_import_validate_start_today(
    tmp_path: Path, note: str, start: str, on: str, titles: list[str]
) -> None:
    home, out = tmp_path / "home", tmp_path / "plan.yaml"
    result = run(home, "import", str(NOTES / note), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "warning" not in result.stderr
    assert run(home, "validate", str(out)).returncode == 0
    assert run(home, "start", str(out), "--on", start).returncode == 0
    today = run(home, "today", "--date", on, "--json")
    assert today.returncode == 0, today.stderr
    assert [s["title"] for s in json.loads(today.stdout)["slots"]] == titles
    shown = run(home, "today", "--date", on)
    assert all(t in shown.stdout for t in titles)  # brackets shown whole


def test_a_dated_note_says_which_day_to_start_on(tmp_path: Path) -> None:
    result = run(tmp_path, "import", str(NOTES / "zh_dated.md"), "-o", str(tmp_path / "d.yaml"))
    assert f"pomoplan start {tmp_path / 'd.yaml'} --on 2026-12-09" in result.stderr


def test_dry_run_prints_an_outline_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    result = run(tmp_path, "import", "--dry-run", str(NOTES / "en_week_plain.md"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert not out.exists()
    lines = result.stdout.splitlines()
    assert lines[0] == "Rust Week (en_week_plain, calendar)"
    assert "  Week 1" in lines
    assert "        Read chapter 1  ×2" in lines
    assert "        [TODO] review list[int] vs Vec<T>  ×1" in lines
    assert "    wed  rest" in lines


def test_warnings_are_located_and_one_line_each(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text("### Monday\n- Read\n\nA stray \x1b[2J line.\n", encoding="utf-8")
    result = run(tmp_path, "import", str(note), "--dry-run")
    assert result.returncode == 0
    [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning.startswith(f"pomoplan: {note}:4:1: warning: ")
    assert "\x1b" not in result.stderr


def test_a_100000_line_note_is_refused_in_one_line(tmp_path: Path) -> None:
    note = tmp_path / "big.md"
    note.write_text("- a\n" * 100_000, encoding="utf-8")
    result = run(tmp_path, "import", str(note))
    assert result.returncode == 2
    assert result.stderr == (
        f"pomoplan: {note}:1:1: the note has 100,000 lines; at most 5,000 are imported\n"
    )
