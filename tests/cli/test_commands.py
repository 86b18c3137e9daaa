"""The installed ``pomoplan`` command: JSON keys, exit codes, one-line errors, POMOPLAN_HOME."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_run import run_main
from logrows import log_row

from pomoplan.store.log import LogStore
from pomoplan.store.migrations import LOG_COLUMNS


def run(
    home: Path, *args: str, cwd: Path | None = None, lang: str = "en_US.UTF-8"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": lang}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    return run_main(args, env, cwd)


def seed_log(home: Path, rows: list[dict]) -> None:
    with LogStore(home / "pomoplan.db") as store:
        store.record(rows, None)


def row(n: int, day: str, status: str = "completed", slot: str = "w1-mon-b1-s1", **kw) -> dict:
    focused = 1500 if status == "completed" else 300
    return log_row(f"r{n}", day, **{"status": status, "slot_id": slot, "focused_s": focused, **kw})


def test_help_lists_every_command(home: Path) -> None:
    out = run(home, "--help").stdout
    for command in (
        "run", "today", "curricula", "start", "validate", "schema",
        "review", "status", "export", "import", "config",
    ):  # fmt: skip
        assert command in out


def test_today_json_on_the_default_curriculum(home: Path) -> None:
    result = run(home, "today", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) >= {"date", "curriculum_id", "day_title", "rest", "slots"}
    assert doc["curriculum_id"] == "one-month"
    if not doc["rest"]:
        slot = doc["slots"][0]
        assert set(slot) == {"id", "title", "detail", "track", "block", "pomodoros", "done"}


def test_start_then_today_for_a_date(home: Path, mini: Path) -> None:
    assert run(home, "start", str(mini), "--on", "2026-11-25", "--as-written").returncode == 0
    doc = json.loads(run(home, "today", "--date", "2026-11-28", "--json").stdout)
    assert doc["curriculum_id"] == "mini"
    assert [(s["id"], s["pomodoros"]) for s in doc["slots"]] == [("w1-sat-project", 4)]
    sunday = json.loads(run(home, "today", "--date", "2026-11-29", "--json").stdout)
    assert sunday["rest"] is True and sunday["slots"] == []
    before = json.loads(run(home, "today", "--date", "2026-11-24", "--json").stdout)
    assert before["rest"] is False and before["slots"] == []
    text = run(home, "today", "--date", "2026-11-29").stdout
    assert "Rest day" in text and "2026-11-30" in text  # offers the next planned day


def test_done_counts_completed_pomodoros(home: Path, mini: Path) -> None:
    run(home, "start", str(mini), "--on", "2026-11-25", "--as-written")
    seed_log(
        home,
        [
            row(1, "2026-11-28", slot="w1-sat-project"),
            row(2, "2026-11-28", "skipped", slot="w1-sat-project"),
        ],
    )
    doc = json.loads(run(home, "today", "--date", "2026-11-28", "--json").stdout)
    assert doc["slots"][0]["done"] == 1


def test_curricula_json_marks_the_active_one(home: Path, mini: Path) -> None:
    rows = json.loads(run(home, "curricula", "--json").stdout)
    ids = {r["id"]: r for r in rows}
    assert {"one-month", "dl-spring-react-week", "multimodal-roadmap"} <= set(ids)
    assert ids["one-month"]["active"] is True and ids["one-month"]["start_date"] is None
    assert set(rows[0]) >= {"id", "title", "kind", "path", "active", "start_date"}
    run(home, "start", "multimodal-roadmap", "--on", "2026-11-02")
    rows = json.loads(run(home, "curricula", "--json").stdout)
    active = [r for r in rows if r["active"]]
    assert [(r["id"], r["kind"], r["start_date"]) for r in active] == [
        ("multimodal-roadmap", "self-paced", "2026-11-02")
    ]


def test_validate_reports_each_problem_on_one_line(home: Path, tmp_path: Path, mini: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        mini.read_text(encoding="utf-8").replace("pomodoros: 2", "pomodoros: lots"),
        encoding="utf-8",
    )
    result = run(home, "validate", str(mini), str(bad))
    assert result.returncode == 2
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{mini}: ok (calendar,")
    assert lines[1].startswith(f"{bad}:21:") and "pomodoros" in lines[1]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["today", "--date", "2026-13-01"],
        ["--focus", "forever"],
        ["start", "no-such-plan"],
        ["review", "--week", "2026-W60"],
        ["review", "--week", "last week"],
        ["export", "--format", "xml"],
        ["nonsense"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(home: Path, args: list[str]) -> None:
    result = run(home, *args)
    assert result.returncode == 2, result
    assert result.stderr.startswith("pomoplan: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_broken_config_is_located(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.yaml").write_text("focus: 25m\nlong_every: many\n", encoding="utf-8")
    result = run(home, "today")
    assert result.returncode == 2
    assert (
        result.stderr
        == f"pomoplan: {home}/config.yaml:2:13: long_every: Input should be a valid integer, "
        "unable to parse string as an integer\n"
    )


def test_a_damaged_log_is_exit_1_and_untouched(home: Path) -> None:
    home.mkdir(parents=True)
    db = home / "pomoplan.db"
    db.write_bytes(b"not sqlite" * 50)
    result = run(home, "export", "--format", "json")
    assert result.returncode == 1
    assert result.stderr.startswith(f"pomoplan: {db}: not a readable pomoplan log")
    assert db.read_bytes() == b"not sqlite" * 50


def test_export_json_and_csv_have_the_log_fields(home: Path, tmp_path: Path) -> None:
    seed_log(home, [row(1, "2026-11-23"), row(2, "2026-11-24", "interrupted", reason="电话")])
    rows = json.loads(run(home, "export", "--format", "json").stdout)
    assert [list(r) for r in rows] == [[*LOG_COLUMNS, "note"]] * 2
    assert rows[1]["reason"] == "电话"
    only = json.loads(run(home, "export", "--format", "json", "--since", "2026-11-24").stdout)
    assert [r["id"] for r in only] == ["r2"]
    out = tmp_path / "log.csv"
    assert (
        run(home, "export", "--format", "csv", "--until", "2026-11-23", "-o", str(out)).returncode
        == 0
    )
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in table] == ["r1"] and list(table[0]) == [*LOG_COLUMNS, "note"]


def test_export_on_an_empty_home_is_an_empty_array(home: Path) -> None:
    assert json.loads(run(home, "export", "--format", "json").stdout) == []
    assert not (home / "pomoplan.db").exists()  # reading never creates the log


def test_schema_is_json_schema_for_both_kinds(home: Path) -> None:
    schema = json.loads(run(home, "schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    text = json.dumps(schema)
    assert "CalendarSpec" in text and "SelfPacedSpec" in text


def test_bundled_schema_file_is_current(home: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "curricula" / "curriculum.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == json.loads(run(home, "schema").stdout)


def test_config_shows_paths_and_sources(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.yaml").write_text("short_break: 7m\n", encoding="utf-8")
    out = run(home, "config").stdout
    assert f"{home}/config.yaml" in out and f"{home}/pomoplan.db" in out
    assert "short_break:        7m         (config)" in out
    assert "long_break:         15m        (curriculum)" in out
    assert "long_every:         4          (curriculum)" in out
    assert "focus:              25m        (curriculum)" in out


def test_status_line_and_json(home: Path, mini: Path) -> None:
    assert run(home, "status").stdout == ""
    assert json.loads(run(home, "status", "--json").stdout)["state"] == "idle"
    import time

    now = time.time()
    slot = {"slot_id": "s1", "title": "复习Python高级特性", "curriculum_id": "x", "track": "Python"}
    state = {
        "version": 1,
        "saved_at": now,
        "completed_focus": 0,
        "next_phase": "focus",
        "slot": slot,
        "current": {
            "phase": "focus",
            "slot": slot,
            "planned_s": 1500,
            "started_at": now - 1500 + 18 * 60 + 42.5,
            "deadline": now + 18 * 60 + 42.5,
            "paused_s": 0.0,
            "pauses": 0,
            "paused_since": None,
        },
    }
    with LogStore(home / "pomoplan.db") as store:
        store.save_state(state)
    assert run(home, "status").stdout in (
        "🍅 18:43 复习Python高级特性\n",
        "🍅 18:42 复习Python高级特性\n",
    )
    doc = json.loads(run(home, "status", "--json").stdout)
    assert doc["state"] == "running" and doc["phase"] == "focus" and doc["slot_id"] == "s1"
    assert 18 * 60 + 38 <= doc["remaining_s"] <= 18 * 60 + 43
    assert run(home, "status", "--format", "{phase}|{slot_id}").stdout == "focus|s1\n"
    state["current"]["paused_since"] = now
    with LogStore(home / "pomoplan.db") as store:
        store.save_state(state)
    assert run(home, "status").stdout.startswith("⏸ 18:43")
    bad = run(home, "status", "--format", "{nope}")
    assert bad.returncode == 2 and bad.stderr.startswith("pomoplan: --format")


def test_review_json_keys(home: Path, mini: Path) -> None:
    run(home, "start", str(mini), "--on", "2026-11-25", "--as-written")
    seed_log(home, [row(1, "2026-11-25", slot="w1-wed-b1-s1")])
    doc = json.loads(run(home, "review", "--week", "2026-W48", "--json").stdout)
    assert set(doc) == {
        "week",
        "days",
        "tracks",
        "adherence",
        "streak",
        "interruptions",
        "backlog",
        "progress",
        "projected_end",
    }
    assert doc["week"] == "2026-W48" and len(doc["days"]) == 7
    wed = doc["days"][2]
    assert wed == {
        "date": "2026-11-25",
        "planned": 4,
        "completed": 1,
        "skipped": 0,
        "interrupted": 0,
        "focus_minutes": 25,
        "planned_original": 4,
    }
    assert doc["days"][0]["planned"] == 0  # before the start date (its slots are backlog)
    assert doc["progress"] == {"done": 1, "total": 25}
    text = run(home, "review", "--week", "2026-W48").stdout
    assert "2026-W48" in text and "█" in text


def test_home_is_created_private(home: Path, mini: Path) -> None:
    run(home, "start", str(mini))
    assert (home.stat().st_mode & 0o777) == 0o700
    assert ((home / "pomoplan.db").stat().st_mode & 0o777) == 0o600
    with LogStore(home / "pomoplan.db") as store:  # an open log has its WAL files beside it
        store.save_state({"version": 1})
        for extra in ("pomoplan.db-wal", "pomoplan.db-shm"):
            assert ((home / extra).stat().st_mode & 0o777) == 0o600, extra
    conn = sqlite3.connect(home / "pomoplan.db")
    assert conn.execute(
        "SELECT json_extract(data, '$.curriculum_id') FROM events WHERE kind = 'activate'"
    ).fetchall() == [("mini",)]


def test_runs_from_any_directory(home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(home, "curricula", cwd=elsewhere)
    assert result.returncode == 0 and "one-month" in result.stdout


def test_study_date_default_is_today(home: Path) -> None:
    doc = json.loads(run(home, "today", "--json").stdout)
    today = date.today()
    assert doc["date"] in {today.isoformat(), (today - timedelta(days=1)).isoformat()}


def test_messages_follow_lang_and_config(home: Path, mini: Path) -> None:
    zh = "zh_CN.UTF-8"
    assert (
        "从 2026-11-25 开始"
        in run(home, "start", str(mini), "--on", "2026-11-25", "--as-written", lang=zh).stdout
    )
    assert "休息日" in run(home, "today", "--date", "2026-11-29", lang=zh).stdout
    assert "配置文件:" in run(home, "config", lang=zh).stdout
    (home / "config.yaml").write_text("language: en\n", encoding="utf-8")
    assert "Rest day" in run(home, "today", "--date", "2026-11-29", lang=zh).stdout


def test_import_writes_a_curriculum_that_validates_and_starts(home: Path, tmp_path: Path) -> None:
    notes = Path(__file__).resolve().parents[1] / "adapters" / "fixtures" / "notes"
    out = tmp_path / "spring.yaml"
    result = run(home, "import", str(notes / "zh_spring_react.md"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "pomodoros" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert run(home, "validate", str(out)).returncode == 0
    assert run(home, "start", str(out), "--on", "2026-11-23").returncode == 0
    doc = json.loads(run(home, "today", "--date", "2026-11-24", "--json").stdout)
    assert any("Spring" in s["title"] for s in doc["slots"])


def test_import_of_a_note_without_a_plan_is_exit_2(home: Path, tmp_path: Path) -> None:
    note = tmp_path / "prose.md"
    note.write_text("# 随笔\n\n今天天气很好，没有计划。\n", encoding="utf-8")
    result = run(home, "import", str(note))
    assert result.returncode == 2
    assert result.stderr.startswith(f"pomoplan: {note}:") and result.stderr.count("\n") == 1


def test_import_output_is_written_whole_or_not_at_all(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As an export: the curriculum goes to a temp file renamed onto ``-o`` once whole, so a
    write that fails half-way (here: the disk fills) leaves the learner's old file as it was."""
    import builtins

    notes = Path(__file__).resolve().parents[1] / "adapters" / "fixtures" / "notes"
    out = tmp_path / "spring.yaml"
    out.write_text("# my own plan, edited by hand\n", encoding="utf-8")
    real_open = builtins.open

    class FullDisk:
        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    def opening(file: Any, *args: Any, **kwargs: Any) -> Any:
        fh = real_open(file, *args, **kwargs)
        return FullDisk(fh) if str(file).endswith(".tmp") else fh

    monkeypatch.setattr("pomoplan.cli.commands.open", opening, raising=False)
    result = run(home, "import", str(notes / "zh_spring_react.md"), "-o", str(out))
    monkeypatch.undo()
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "No space left" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "# my own plan, edited by hand\n"
    assert [p.name for p in tmp_path.iterdir()] == ["spring.yaml"]
