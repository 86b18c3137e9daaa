"""A log that existed before ``sync_dir`` was set: a command does not write it all out before
it returns (it says so in one line and the next sync does), and a write-out killed midway
loses nothing."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from logrows import log_row

from pomoplan.adapters.sync import DEFER_FROM, journaling, sync
from pomoplan.store.log import LogStore


def pomoplan(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "pomoplan", *args], env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def old_log(home: Path, n: int) -> set[str]:
    """``n`` phases recorded before sync was set up; their ids."""
    home.mkdir(parents=True, exist_ok=True)
    rows = [log_row(f"old-{i:06d}", f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}") for i in range(n)]
    with LogStore(home / "pomoplan.db") as store:
        store.record(rows, None)
    return {r["id"] for r in rows}


def journal_ids(folder: Path) -> list[str]:
    out = []
    for path in folder.glob("*/*.jsonl"):
        for raw in path.read_bytes().splitlines():
            with contextlib.suppress(ValueError):  # a line a kill cut short
                out.append(json.loads(raw)["id"])
    return out


def test_the_first_command_after_setting_sync_dir_leaves_a_big_backlog_to_sync(
    tmp_path: Path,
) -> None:
    home, shared = tmp_path / "home", tmp_path / "Sync"
    shared.mkdir()
    ids = old_log(home, DEFER_FROM + 10)
    (home / "config.yaml").write_text(f"sync_dir: {shared}\nlanguage: en\n")
    done = pomoplan(home, "log", "--title", "read")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0] == (
        f"pomoplan: warning: {DEFER_FROM + 12} earlier entries of this log are not in {shared} "
        "yet: the next pomoplan sync (or the app) writes them out"
    )
    assert journal_ids(shared) == []
    synced = pomoplan(home, "sync", "--json")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["written"] == DEFER_FROM + 12  # phases, the log event
    assert ids <= set(journal_ids(shared))
    again = pomoplan(home, "log", "--title", "more")  # caught up: written at once, silently
    assert again.returncode == 0 and again.stderr == ""
    assert len(journal_ids(shared)) == DEFER_FROM + 14


def test_a_small_backlog_is_written_out_by_the_command_itself(tmp_path: Path) -> None:
    home, shared = tmp_path / "home", tmp_path / "Sync"
    shared.mkdir()
    ids = old_log(home, 5)
    (home / "config.yaml").write_text(f"sync_dir: {shared}\nlanguage: en\n")
    done = pomoplan(home, "log", "--title", "read")
    assert done.returncode == 0 and done.stderr == ""
    assert ids <= set(journal_ids(shared)) and len(journal_ids(shared)) == 7


KILLED_MIDWAY = """
import os, signal, sys
from pomoplan.adapters.sync import journal

real, calls = journal._append, []

def dying(path, chunk):
    calls.append(path)
    if len(calls) == 3:  # the third month file: half of its bytes, then kill -9
        data = b"".join(chunk)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.write(fd, data[: len(data) // 2 + 7])
        os.kill(os.getpid(), signal.SIGKILL)
    real(path, chunk)

journal._append = dying
from pomoplan.__main__ import main
sys.exit(main(["sync"]))
"""


def test_a_write_out_killed_midway_loses_nothing(tmp_path: Path) -> None:
    home, shared = tmp_path / "home", tmp_path / "Sync"
    shared.mkdir()
    ids = old_log(home, 600)
    (home / "config.yaml").write_text(f"sync_dir: {shared}\nlanguage: en\n")
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "C.UTF-8"}
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MIDWAY], env=env, capture_output=True, timeout=120
    )
    assert killed.returncode == -9
    partial = journal_ids(shared)
    assert 0 < len(partial) < len(ids)  # it died with some of the journal written
    assert pomoplan(home, "sync").returncode == 0  # the next sync writes it out again
    assert ids <= set(journal_ids(shared))
    # Another laptop merges it all: every phase once, the cut line one located warning.
    warnings: list[str] = []
    with LogStore(tmp_path / "other.db") as other:
        sync(other, shared, warnings.append)
        got = [r[0] for r in other.conn.execute("SELECT id FROM records WHERE id LIKE 'old-%'")]
        assert sorted(got) == sorted(ids)
    assert len(warnings) == 1 and "not valid JSON" in warnings[0]
    assert warnings[0].startswith(str(shared)) and ".jsonl:" in warnings[0]


def test_journaling_without_deferring_writes_a_backlog_of_any_size(tmp_path: Path) -> None:
    """Tests and the app's worker (``sync``) write everything; only commands defer."""
    shared = tmp_path / "Sync"
    shared.mkdir()
    with LogStore(tmp_path / "a.db") as store:
        store.record([log_row(f"r{i}", "2026-12-01") for i in range(DEFER_FROM + 1)], None)
        journaling(store, shared, lambda m: None)
        store.record([log_row("last", "2026-12-01")], None)
    assert len(journal_ids(shared)) == DEFER_FROM + 2
