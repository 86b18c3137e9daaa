"""A log edited by hand (sqlite3 shell): values pomoplan never writes give a located line, never
a traceback, on every path that parses what is stored."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cli_run import run_main
from logrows import log_row

from pomoplan.store.log import LogStore


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8"}
    return run_main(args, env)


def edited(home: Path, column: str, value: object) -> Path:
    """A log of two focus periods, the second's ``column`` set to ``value`` by hand."""
    home.mkdir()
    db = home / "pomoplan.db"
    with LogStore(db) as store:
        store.record([log_row("good-1", "2026-11-23"), log_row("bad-2", "2026-11-24")], None)
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE records SET {column} = ? WHERE id = 'bad-2'", (value,))
    conn.commit()
    conn.close()
    return db


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("started_at", "yesterday 9am"),
        ("ended_at", "13:35"),
        ("focused_s", "abc"),
        ("study_date", "2026-11-24x"),
    ],
)
@pytest.mark.parametrize("fmt", ["ics", "md", "csv", "json"])
def test_an_export_leaves_a_hand_edited_row_out_and_says_where(
    tmp_path: Path, column: str, value: object, fmt: str
) -> None:
    # ics gave a ValueError traceback; md showed "am" as the time, or a TypeError traceback.
    db = edited(tmp_path / "home", column, value)
    out = run(tmp_path / "home", "export", "--format", fmt, "--since", "2026-11-01")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.splitlines() == [
        f"pomoplan: {db}: records row bad-2: {column}: {value!r} "
        + out.stderr.split(f"{value!r} ", 1)[1].splitlines()[0]
    ]
    assert out.stderr.rstrip().endswith("it was left out")
    if fmt == "md":  # no ids: one section per study day
        assert "## 🍅 2026-11-23" in out.stdout and "2026-11-24" not in out.stdout
    else:
        assert "good-1" in out.stdout and "bad-2" not in out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["review", "--week", "2026-W48"],
        ["stats", "--month", "2026-11"],
        ["stats", "--year", "2026"],
    ],
)
def test_figures_over_a_hand_edited_study_date_name_the_row(
    tmp_path: Path, args: list[str]
) -> None:
    db = edited(tmp_path / "home", "study_date", "2026-11-24x")
    out = run(tmp_path / "home", *args)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.startswith(f"pomoplan: {db}: records row bad-2: study_date: '2026-11-24x'")
    assert out.stderr.count("\n") == 1
    fixed = run(tmp_path / "home", "delete", "bad-2")  # what the line says to do works
    assert fixed.returncode == 0, fixed.stderr
    assert run(tmp_path / "home", *args).returncode == 0


def test_a_hand_edited_activation_names_its_event_and_start_replaces_it(tmp_path: Path) -> None:
    # date.fromisoformat("soon") was a traceback in every command that reads the plan.
    home = tmp_path / "home"
    assert run(home, "start", "one-month").returncode == 0
    conn = sqlite3.connect(home / "pomoplan.db")
    conn.execute("UPDATE events SET data = json_set(data, '$.start_date', 'soon')")
    conn.commit()
    conn.close()
    out = run(home, "today")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"pomoplan: {home / 'pomoplan.db'}: events row ")
    assert "`pomoplan start NAME`" in out.stderr and out.stderr.count("\n") == 1
    assert run(home, "start", "one-month").returncode == 0
    assert run(home, "today").returncode == 0


def test_an_event_whose_data_is_not_json_changes_nothing_and_breaks_nothing(
    tmp_path: Path,
) -> None:
    # history and sync's write-out gave a JSONDecodeError traceback.
    home = tmp_path / "home"
    assert run(home, "log", "--title", "read", "--note", "first").returncode == 0
    conn = sqlite3.connect(home / "pomoplan.db")
    conn.execute("UPDATE events SET data = '{not json' WHERE kind = 'log'")
    conn.commit()
    conn.close()
    (home / "config.yaml").write_text(f"sync_dir: {tmp_path / 'Sync'}\n", encoding="utf-8")
    (tmp_path / "Sync").mkdir()
    for args in (["history"], ["history", "--json"], ["sync"], ["export", "--format", "json"]):
        out = run(home, *args)
        assert out.returncode == 0 and "Traceback" not in out.stderr, (args, out.stderr)
