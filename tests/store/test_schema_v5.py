"""Schema 5 (fewer index entries and cheaper checks per phase): a schema 4 log moves to it with
every row, rowid, note and count it had, and its checks and triggers still hold."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from logrows import log_row

from pomoplan.store import database
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import MIGRATIONS, SCHEMA_VERSION

WHEN = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def rows() -> list[dict[str, Any]]:
    days = ["2026-11-22", "2026-11-23", "2026-11-25"]
    out = []
    for n in range(30):
        kind = "focus" if n % 3 else "short_break"
        status = ("completed", "skipped", "interrupted")[n % 5 % 3]
        out.append(
            {
                **log_row(f"p{n:02d}", days[n % 3], kind=kind, status=status),
                "slot_id": f"s{n % 4}",
                "slot_title": "[b]装饰器[/b] 🍅" if n % 2 else "x",
                "source": "timer",
                "device": "dev-a",
            }
        )
    return out


def snapshot(store: LogStore) -> tuple[Any, ...]:
    conn = store.conn
    return (
        conn.execute("SELECT rowid, * FROM phases ORDER BY rowid").fetchall(),
        conn.execute("SELECT * FROM records ORDER BY id").fetchall(),
        conn.execute("SELECT * FROM focus_days ORDER BY 1").fetchall(),
        conn.execute("SELECT * FROM slot_done ORDER BY 1, 2").fetchall(),
        conn.execute("SELECT * FROM day_tracks ORDER BY 1, 2").fetchall(),
        store.done_counts_split("mini", date(2026, 11, 23)),
        store.recent_study_days("mini", date(2026, 11, 30)),
    )


@pytest.fixture
def old_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, tuple[Any, ...]]:
    """A schema 4 log with phases, a note, an amendment and a deletion; and what it showed."""
    db = tmp_path / "p.db"
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS[:4])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 4)
    with LogStore(db) as store:
        store.record(rows(), None)
        store.new_event("note", WHEN, target="p01", data={"note": "读了 [链接]"})
        store.new_event("amend", WHEN, target="p02", data={"focused_s": 600})
        store.new_event("delete", WHEN, target="p04")
        before = snapshot(store)
    monkeypatch.undo()
    return db, before


def test_a_schema_4_log_moves_to_5_with_every_row_rowid_and_count(old_log) -> None:
    db, before = old_log
    with LogStore(db) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert snapshot(store) == before
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "idx_phases_started_at" not in indexes and "idx_phases_history" in indexes


def test_after_the_move_the_triggers_keep_records_and_counts(old_log) -> None:
    db, _ = old_log
    with LogStore(db) as store:
        done = store.done_counts("mini")
        store.record([{**log_row("new", "2026-11-25", slot_id="s9"), "device": "dev-a"}], None)
        assert store.done_counts("mini") == {**done, "s9": 1}
        store.new_event("delete", WHEN, target="new")
        assert store.done_counts("mini") == done
        gone = store.conn.execute("SELECT count(*) FROM records WHERE id = 'new'").fetchone()
        assert gone == (0,)


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "nap"), ("status", "done"), ("source", "phone"), ("kind", None)]
)
def test_after_the_move_the_log_still_refuses_what_pomoplan_never_writes(
    old_log, field: str, value: Any
) -> None:
    db, _ = old_log
    with LogStore(db) as store:
        row = {**log_row("bad", "2026-11-25"), "source": "timer", field: value}
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(
                f"INSERT INTO phases ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )


def test_the_per_slot_counts_are_read_from_the_index_alone(old_log) -> None:
    """The index of completed focus periods holds only those: the per-slot questions must
    still be answered from it without reading the table (``today`` asks them at every start)."""
    db, _ = old_log
    with LogStore(db) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        store.done_counts_split("mini", date(2026, 11, 23))
        store.recent_study_days("mini", date(2026, 11, 30), days=99)  # the whole-history way
        store.conn.set_trace_callback(None)
        # (the windowed pace asks by date on purpose: "+curriculum_id")
        by_plan = [s for s in statements if "records" in s and "+curriculum_id" not in s]
        assert len(by_plan) == 2
        for sql in by_plan:
            plan = " ".join(r[-1] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "COVERING INDEX idx_records_done" in plan, (sql, plan)
