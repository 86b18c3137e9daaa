"""Open the log safely: refuse damaged, foreign or newer files untouched; migrate with a backup."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from pomoplan.store.migrations import MIGRATIONS, SCHEMA_VERSION, tables_of

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The log cannot be used; the message is one line naming the file."""


def _inspect(path: Path, *, migrating: bool) -> tuple[int, set[str]]:
    """Read the schema version and table names without writing a byte."""
    uri = f"file:{path}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the log: {exc}") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if migrating and 0 < version < SCHEMA_VERSION:
            # Before migrating, make sure the file is sound (it grows with the log: only here).
            bad = conn.execute("PRAGMA quick_check").fetchone()[0]
            if bad != "ok":
                raise StoreError(f"{path}: the log is damaged ({bad}); it was left untouched")
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path}: not a readable pomoplan log ({exc}); it was left untouched"
        ) from None
    finally:
        conn.close()
    return int(version), tables


def _create_private(path: Path) -> None:
    """Create an empty file readable by its owner only, before SQLite writes to it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating or migrating when allowed) the log at ``path``.

    Raises:
        StoreError: the file is damaged, foreign, newer than this pomoplan, or cannot be written.
    """
    if not path.exists():
        if readonly:
            raise StoreError(f"{path}: no log yet")
        try:
            _create_private(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the log: {exc.strerror}") from None
        version, tables = 0, set[str]()
    else:
        version, tables = _inspect(path, migrating=not readonly)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: the log was written by a newer pomoplan (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); it was left untouched"
        )
    if version == 0 and tables:
        raise StoreError(
            f"{path}: not a pomoplan log (it holds other tables); it was left untouched"
        )
    if version > 0 and not tables >= tables_of(version):
        raise StoreError(f"{path}: not a pomoplan log (tables are missing); it was left untouched")
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        return conn
    if 0 < version < SCHEMA_VERSION:
        backup = path.with_name(f"{path.name}.v{version}.bak")
        shutil.copy2(path, backup)
        os.chmod(backup, 0o600)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # A REPLACE must run the delete triggers of the row it replaces (summaries stay true).
        conn.execute("PRAGMA recursive_triggers = ON")
        if version < SCHEMA_VERSION:
            _migrate(conn, version)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path}: cannot write the log: {exc}") from None
    return conn


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(current, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {step + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
