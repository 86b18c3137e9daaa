"""The log: creation, privacy, records with state in one transaction, refusal of foreign files."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import PhaseEnded, SlotRef, Timer, TimerSettings
from pomoplan.store.database import StoreError
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import SCHEMA_VERSION


def finished_rows(n: int = 1) -> list[dict]:
    clock = FakeClock()
    timer = Timer(clock, TimerSettings(), slot=SlotRef("mini", "w1-mon-b1-s1", "装饰器", "Python"))
    rows = []
    for _ in range(n):
        timer.start()
        clock.advance(1500)
        rows += [e.record.as_row() for e in timer.tick() if isinstance(e, PhaseEnded)]
        timer.skip()
    return rows


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_log_is_private_wal_and_versioned(tmp_path: Path) -> None:
    db = tmp_path / "data" / "pomoplan.db"
    store = LogStore(db)
    store.record(finished_rows(), {"version": 1})
    store.close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM phases").fetchone()[0] == 1


def test_recording_the_same_phase_twice_keeps_one_row(tmp_path: Path) -> None:
    store = LogStore(tmp_path / "p.db")
    rows = finished_rows()
    store.record(rows, None)
    store.record(rows, None)
    assert len(list(store.rows())) == 1
    assert store.done_counts("mini") == {"w1-mon-b1-s1": 1}


def test_state_and_records_commit_together(tmp_path: Path) -> None:
    store = LogStore(tmp_path / "p.db")
    store.record(finished_rows(), {"version": 1, "current": None})
    assert store.load_state() == {"version": 1, "current": None}
    bad = finished_rows()
    bad[0]["kind"] = "nap"  # violates the CHECK constraint: nothing of this call may land
    with pytest.raises(StoreError):
        store.record(bad, {"version": 1, "current": "changed"})
    assert store.load_state() == {"version": 1, "current": None}
    assert len(list(store.rows())) == 1


def test_rows_filter_by_study_date_and_activation(tmp_path: Path) -> None:
    store = LogStore(tmp_path / "p.db")
    store.record(finished_rows(2), None)
    day = date(2026, 11, 23)
    assert len(list(store.rows(since=day, until=day))) == 2
    assert list(store.rows(since=date(2026, 11, 24))) == []
    assert store.active() is None
    store.activate("mini", "/x/mini.yaml", day, FakeClock().now())
    assert store.active().start_date == day


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    db.write_bytes(b"this is my thesis, not a database" * 100)
    before = digest(db)
    with pytest.raises(StoreError, match="not a readable pomoplan log"):
        LogStore(db)
    assert digest(db) == before


def test_a_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError, match="not a pomoplan log"):
        LogStore(db)
    assert digest(db) == before


def test_a_newer_log_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    LogStore(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError, match="newer pomoplan"):
        LogStore(db)
    assert digest(db) == before


def test_migration_keeps_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pomoplan.store import database, migrations

    db = tmp_path / "p.db"
    store = LogStore(db)
    store.record(finished_rows(), None)
    store.close()

    def v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE phases ADD COLUMN mood TEXT")

    now = SCHEMA_VERSION
    monkeypatch.setattr(database, "MIGRATIONS", [*migrations.MIGRATIONS, v2])
    monkeypatch.setattr(database, "SCHEMA_VERSION", now + 1)
    store = LogStore(db)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == now + 1
    assert len(list(store.rows())) == 1
    backup = tmp_path / f"p.db.v{now}.bak"
    assert backup.exists() and stat.S_IMODE(backup.stat().st_mode) == 0o600
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == now


def test_a_full_disk_is_a_one_line_store_error_and_the_log_stays_sound(tmp_path: Path) -> None:
    store = LogStore(tmp_path / "p.db")
    store.record(finished_rows(), None)
    conn = store.conn
    conn.execute("CREATE TABLE filler (b TEXT)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for size in (500, 100, 10, 1):  # use up the free space inside the allowed pages
        with pytest.raises(sqlite3.OperationalError, match="full"):
            for _ in range(10_000):
                conn.execute("INSERT INTO filler VALUES (?)", ("x" * size,))
    with pytest.raises(StoreError, match="cannot write the log") as info:
        store.record(finished_rows(100), {"version": 1})
    assert "\n" not in str(info.value)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(list(store.rows())) == 1


def test_several_processes_writing_at_once_lose_no_rows(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "p.db"
    LogStore(db).close()
    script = (
        "import sys\n"
        "from pomoplan.store.log import LogStore\n"
        "who = sys.argv[2]\n"
        "store = LogStore(__import__('pathlib').Path(sys.argv[1]))\n"
        "for i in range(40):\n"
        "    row = dict(id=f'{who}-{i}', kind='focus', status='completed', curriculum_id='c',\n"
        "               slot_id='s', slot_title='t', track='k', planned_s=1, focused_s=1,\n"
        "               paused_s=0, pauses=0, started_at='2026-11-25T10:00:00+08:00',\n"
        "               ended_at='2026-11-25T10:00:01+08:00', study_date='2026-11-25', reason=None)\n"
        "    store.record([row], {'who': who, 'i': i})\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db), f"p{n}"]) for n in range(4)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    with LogStore(db) as store:
        assert len(list(store.rows())) == 160
        assert store.load_state()["i"] == 39
