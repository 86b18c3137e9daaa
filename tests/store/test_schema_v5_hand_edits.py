"""Schema 5 rebuilds ``phases``: a schema 4 log a learner touched with the sqlite3 shell (a
view or a trigger of their own naming ``phases``, a column of their own, a row written with
its checks switched off) still moves to 5, with every row, rowid and object it had."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from logrows import log_row

from pomoplan.store import database
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import MIGRATIONS


def _v4_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *edits: str) -> Path:
    db = tmp_path / "p.db"
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS[:4])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 4)
    with LogStore(db) as store:
        store.record(
            [
                {**log_row(f"p{n}", "2026-11-25"), "source": "timer", "device": "d"}
                for n in range(3)
            ],
            None,
        )
    monkeypatch.undo()
    conn = sqlite3.connect(db)
    for sql in edits:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return db


def _phases(db: Path) -> list[Any]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT rowid, * FROM phases ORDER BY rowid").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "edits",
    [
        ["CREATE VIEW my_view AS SELECT id, focused_s FROM phases"],
        [
            "CREATE TABLE my_table (x)",
            "CREATE TRIGGER my_trigger AFTER INSERT ON my_table "
            "BEGIN UPDATE phases SET track = 'x' WHERE id = NEW.x; END",
        ],
    ],
    ids=["view", "trigger-on-another-table"],
)
def test_a_view_or_trigger_of_the_learner_naming_phases_does_not_stop_the_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edits: list[str]
) -> None:
    db = _v4_log(tmp_path, monkeypatch, *edits)
    before = _phases(db)
    with LogStore(db) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert names >= {"my_view"} or names >= {"my_trigger"}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if "my_view" in names:
            assert conn.execute("SELECT count(*) FROM my_view").fetchone() == (3,)
    assert _phases(db) == before


def test_a_column_the_learner_added_to_phases_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _v4_log(
        tmp_path,
        monkeypatch,
        "ALTER TABLE phases ADD COLUMN mood TEXT NOT NULL DEFAULT 'ok'",
        "UPDATE phases SET mood = 'tired' WHERE id = 'p1'",
    )
    before = _phases(db)
    with LogStore(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 5
        store.record([{**log_row("p9", "2026-11-25"), "source": "timer", "device": "d"}], None)
    after = _phases(db)
    assert after[:3] == before
    assert after[3][-1] == "ok"


def test_a_row_written_with_its_checks_off_is_kept_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old table held it: the move keeps the log as it is (what pomoplan writes from now
    on is still checked)."""
    db = _v4_log(
        tmp_path,
        monkeypatch,
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE phases SET kind = 'Focus' WHERE id = 'p1'",
    )
    before = _phases(db)
    with LogStore(db) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        assert conn.execute("PRAGMA ignore_check_constraints").fetchone() == (0,)
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE phases SET kind = 'nap' WHERE id = 'p2'")
    assert _phases(db) == before


def test_a_move_the_log_refuses_is_one_line_and_leaves_the_log_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever SQLite error a step meets (here a row breaking NOT NULL), the learner gets
    the one-line message, not a traceback, and the schema 4 log stays."""
    db = _v4_log(tmp_path, monkeypatch)
    before = _phases(db)

    def refused(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO phases (id) VALUES ('x')")

    monkeypatch.setattr(database, "MIGRATIONS", [*MIGRATIONS[:4], refused])
    with pytest.raises(database.StoreError, match="cannot write the log: NOT NULL"):
        LogStore(db)
    assert _phases(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone() == (4,)
    conn.close()


def test_a_quoted_column_of_their_own_its_index_and_their_trigger_all_keep_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _v4_log(
        tmp_path,
        monkeypatch,
        'ALTER TABLE phases ADD COLUMN "my mood" VARCHAR(10)',
        "UPDATE phases SET \"my mood\" = '🙂 [ok]' WHERE id != 'p1'",
        'CREATE INDEX my_mood ON phases ("my mood")',
        "CREATE TABLE my_inbox (id TEXT)",
        "CREATE TRIGGER my_inbox_seen AFTER INSERT ON my_inbox BEGIN "
        "UPDATE phases SET \"my mood\" = 'seen' WHERE id = NEW.id; END",
    )
    before = _phases(db)
    with LogStore(db) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        assert _phases(db) == before
        conn.execute("INSERT INTO my_inbox VALUES ('p1')")
        seen = conn.execute('SELECT "my mood" FROM phases WHERE id = ?', ("p1",)).fetchone()
        assert seen == ("seen",)
        plan = conn.execute('EXPLAIN QUERY PLAN SELECT id FROM phases WHERE "my mood" = ?', ("x",))
        assert "my_mood" in " ".join(r[-1] for r in plan)
        assert conn.execute("PRAGMA legacy_alter_table").fetchone()[0] == 0
