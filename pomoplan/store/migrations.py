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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]
"""MIGRATIONS[n] takes the schema from version n to n + 1."""
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {"phases", "activations", "timer_state"}
