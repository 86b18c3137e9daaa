"""A merge killed (kill -9) in the middle of a bulk batch, its phases in and the triggers set
aside: the log is as the last whole batch left it, and the next merge does the rest."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from helpers import figures
from logrows import log_row

from pomoplan.adapters.sync import sync
from pomoplan.adapters.sync.journal import write_out
from pomoplan.store import bulk
from pomoplan.store.events import new_event
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import rebuild_summaries

KILLED_MID_BATCH = """
import importlib, os, signal, sys
from pathlib import Path
from pomoplan.adapters.sync import sync
from pomoplan.store import bulk
from pomoplan.store.log import LogStore

# several batches, each one imported set-based (from 200 entries on)
importlib.import_module("pomoplan.adapters.sync.merge").BATCH = 300
real, calls = bulk._rebuild_records, []

def dying(conn, top, *rest):
    calls.append(top)
    if len(calls) == 2:  # the second batch: its phases inserted, the triggers dropped
        assert conn.execute("SELECT count(*) FROM phases WHERE rowid > ?", (top,)).fetchone()[0]
        os.kill(os.getpid(), signal.SIGKILL)
    real(conn, top, *rest)

bulk._rebuild_records = dying
with LogStore(Path(sys.argv[1])) as store:
    sync(store, Path(sys.argv[2]), print)
"""


def recounted(conn: sqlite3.Connection) -> tuple[Any, ...]:
    conn.execute("BEGIN")
    try:
        rebuild_summaries(conn, "records")
        return figures(conn), conn.execute("SELECT * FROM day_tracks ORDER BY 1, 2").fetchall()
    finally:
        conn.execute("ROLLBACK")


def test_a_merge_killed_mid_batch_leaves_a_whole_log_and_the_next_merge_finishes(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    days = [f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(1000)]
    with LogStore(tmp_path / "other.db") as other:
        other.conn.execute("UPDATE meta SET value = 'bravo' WHERE key = 'device'")
        other._device = None
        other.record([log_row(f"p{i:04d}", d) for i, d in enumerate(days)], None)
        t0 = datetime(2026, 12, 1, 9, tzinfo=UTC)
        other.add_events(
            [
                new_event("amend", t0 + timedelta(minutes=i), "bravo", target=f"p{i * 7:04d}",
                          data={"status": "skipped"})
                for i in range(100)
            ]
        )  # fmt: skip
        write_out(other, shared)
        expected = figures(other.conn)[:3]
    here = tmp_path / "here.db"
    LogStore(here).close()
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MID_BATCH, str(here), str(shared)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with LogStore(here) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert bulk.usable(conn)  # every trigger back, as the schema has it
        merged = conn.execute("SELECT count(*) FROM phases").fetchone()[0]
        assert merged == 300  # the first batch, whole; nothing of the second
        assert (figures(conn), conn.execute("SELECT * FROM day_tracks ORDER BY 1, 2").fetchall()) \
            == recounted(conn)  # fmt: skip
        assert sync(store, shared, print).imported == 1100 - merged
        assert figures(conn)[:3] == expected
        assert (figures(conn), conn.execute("SELECT * FROM day_tracks ORDER BY 1, 2").fetchall()) \
            == recounted(conn)  # fmt: skip
        assert sync(store, shared, print).imported == 0
    assert not os.path.exists(str(here) + "-journal")
