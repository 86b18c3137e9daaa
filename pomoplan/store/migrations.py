"""The log's schema, version by version; each step runs once, in a transaction, after a backup."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

LOG_COLUMNS = (
    "id",
    "kind",
    "status",
    "curriculum_id",
    "slot_id",
    "slot_title",
    "track",
    "planned_s",
    "focused_s",
    "paused_s",
    "pauses",
    "started_at",
    "ended_at",
    "study_date",
    "reason",
)
"""The log's fields (SPEC section 4), in export order."""


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (``executescript`` would commit the migration's transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE phases (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('focus', 'short_break', 'long_break')),
            status TEXT NOT NULL CHECK (status IN ('completed', 'skipped', 'interrupted')),
            curriculum_id TEXT,
            slot_id TEXT,
            slot_title TEXT,
            track TEXT,
            planned_s INTEGER NOT NULL,
            focused_s INTEGER NOT NULL,
            paused_s INTEGER NOT NULL,
            pauses INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            study_date TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX idx_phases_study_date ON phases (study_date, kind, status);
        CREATE INDEX idx_phases_started_at ON phases (started_at);
        CREATE INDEX idx_phases_done ON phases (curriculum_id, kind, status, slot_id, study_date);
        CREATE TABLE activations (
            id INTEGER PRIMARY KEY,
            curriculum_id TEXT NOT NULL,
            path TEXT NOT NULL,
            start_date TEXT NOT NULL,
            activated_at TEXT NOT NULL
        );
        CREATE TABLE timer_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    )


_COUNTED = "kind = 'focus' AND status = 'completed'"
"""The phases the summaries count: completed focus periods."""


def _v2(conn: sqlite3.Connection) -> None:
    """Summaries kept by triggers, so the review and the app stay instant after years of log.

    ``focus_days``: completed focus periods per study date (the streak walks this, at most one
    row a day, instead of every row of the log). ``slot_done``: completed focus periods per
    curriculum slot (progress and backlog). ``summary_rows``: how many rows of ``phases`` the
    triggers have seen, so a write that slipped past them is noticed (see ``check_summaries``).
    """
    _run(
        conn,
        """
        CREATE TABLE focus_days (
            study_date TEXT PRIMARY KEY,
            completed INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE slot_done (
            curriculum_id TEXT NOT NULL,
            slot_id TEXT NOT NULL,
            completed INTEGER NOT NULL,
            PRIMARY KEY (curriculum_id, slot_id)
        ) WITHOUT ROWID;
        CREATE TABLE summary_rows (
            name TEXT PRIMARY KEY,
            n INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
    )
    # Trigger bodies hold semicolons: one statement each, not through _run.
    add = (
        "INSERT INTO focus_days (study_date, completed) VALUES (NEW.study_date, 1) "
        "ON CONFLICT (study_date) DO UPDATE SET completed = completed + 1; "
        "INSERT INTO slot_done (curriculum_id, slot_id, completed) "
        "SELECT NEW.curriculum_id, NEW.slot_id, 1 "
        "WHERE NEW.curriculum_id IS NOT NULL AND NEW.slot_id IS NOT NULL "
        "ON CONFLICT (curriculum_id, slot_id) DO UPDATE SET completed = completed + 1;"
    )
    remove = (
        "UPDATE focus_days SET completed = completed - 1 WHERE study_date = OLD.study_date; "
        "DELETE FROM focus_days WHERE study_date = OLD.study_date AND completed <= 0; "
        "UPDATE slot_done SET completed = completed - 1 "
        "WHERE curriculum_id = OLD.curriculum_id AND slot_id = OLD.slot_id; "
        "DELETE FROM slot_done WHERE curriculum_id = OLD.curriculum_id "
        "AND slot_id = OLD.slot_id AND completed <= 0;"
    )
    new = "NEW.kind = 'focus' AND NEW.status = 'completed'"  # as _COUNTED, of the new row
    old = "OLD.kind = 'focus' AND OLD.status = 'completed'"
    for statement in (
        f"CREATE TRIGGER phases_count_insert AFTER INSERT ON phases WHEN {new} BEGIN {add} END",
        f"CREATE TRIGGER phases_count_delete AFTER DELETE ON phases WHEN {old} BEGIN {remove} END",
        # An edit of a counted field: take the old row out, then put the new one in.
        f"CREATE TRIGGER phases_count_update_old AFTER UPDATE OF {_FIELDS} ON phases "
        f"WHEN {old} BEGIN {remove} END",
        f"CREATE TRIGGER phases_count_update_new AFTER UPDATE OF {_FIELDS} ON phases "
        f"WHEN {new} BEGIN {add} END",
        "CREATE TRIGGER phases_rows_insert AFTER INSERT ON phases "
        "BEGIN UPDATE summary_rows SET n = n + 1 WHERE name = 'phases'; END",
        "CREATE TRIGGER phases_rows_delete AFTER DELETE ON phases "
        "BEGIN UPDATE summary_rows SET n = n - 1 WHERE name = 'phases'; END",
    ):
        conn.execute(statement)
    rebuild_summaries(conn)


_FIELDS = "kind, status, study_date, curriculum_id, slot_id"
"""The fields the summaries depend on."""


def rebuild_summaries(conn: sqlite3.Connection) -> None:
    """Recount the summaries from the phases (in the caller's transaction)."""
    _run(
        conn,
        f"""
        DELETE FROM focus_days;
        DELETE FROM slot_done;
        INSERT INTO focus_days (study_date, completed)
            SELECT study_date, count(*) FROM phases WHERE {_COUNTED} GROUP BY study_date;
        INSERT INTO slot_done (curriculum_id, slot_id, completed)
            SELECT curriculum_id, slot_id, count(*) FROM phases
            WHERE {_COUNTED} AND curriculum_id IS NOT NULL AND slot_id IS NOT NULL
            GROUP BY curriculum_id, slot_id;
        INSERT INTO summary_rows (name, n) VALUES ('phases', (SELECT count(*) FROM phases))
            ON CONFLICT (name) DO UPDATE SET n = excluded.n
        """,
    )


def check_summaries(conn: sqlite3.Connection, *, repair: bool) -> bool:
    """Whether the summaries can be trusted: equal to the rows, or recounted now.

    pomoplan's own connections turn ``recursive_triggers`` on, and so does sqlite-utils; an
    ``INSERT OR REPLACE`` from the sqlite3 shell without it deletes the replaced row without
    its delete triggers. The row count the triggers kept then differs from the table's, which
    costs two tiny queries to see. With ``repair`` the summaries are recounted; a log that
    cannot be written now (read-only, or locked by another writer) is not an error: False
    tells the caller to count from the rows instead.
    """
    kept, rows = conn.execute(  # one statement: one snapshot, even with a writer beside us
        "SELECT (SELECT n FROM summary_rows WHERE name = 'phases'), (SELECT count(*) FROM phases)"
    ).fetchone()
    if kept == rows:
        return True
    if not repair:
        return False
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    try:
        conn.execute("PRAGMA busy_timeout = 200")  # a recount is not worth waiting long for
        conn.execute("BEGIN IMMEDIATE")
        try:
            rebuild_summaries(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return True


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]
"""MIGRATIONS[n] takes the schema from version n to n + 1."""
SCHEMA_VERSION = len(MIGRATIONS)
SUMMARIES_SINCE = 2
"""The schema version that has ``focus_days`` and ``slot_done``."""
OUR_TABLES = {"phases", "activations", "timer_state"}
SUMMARY_TABLES = {"focus_days", "slot_done", "summary_rows"}


def tables_of(version: int) -> set[str]:
    """The tables a log of schema ``version`` must have."""
    return OUR_TABLES | (SUMMARY_TABLES if version >= SUMMARIES_SINCE else set())
