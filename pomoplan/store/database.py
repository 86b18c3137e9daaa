"""Open the log safely: refuse damaged, foreign or newer files untouched; migrate with a backup."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from pomoplan.store.migrations import MIGRATIONS, SCHEMA_VERSION, tables_of
from pomoplan.store.paths import make_private_dir, sqlite_uri

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The log cannot be used; the message is one line naming the file."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused
        """The log refused what was written (a CHECK, a missing field): retrying cannot help."""


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """A short write transaction on the log at ``path``: committed when the block ends, rolled
    back when it raises; any SQLite failure becomes a one-line StoreError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        refused = isinstance(exc, sqlite3.IntegrityError | sqlite3.InterfaceError)
        raise StoreError(f"{path}: cannot write the log: {exc}", refused=refused) from None


_READONLY = 8
_CORRUPT = 11
_CANTOPEN = 14
_NOTADB = 26
"""SQLite's primary result codes that decide what an open failure is called."""


def open_error(path: Path, exc: sqlite3.Error, verb: str) -> StoreError:
    """Say what really went wrong: a folder that cannot be written is not a damaged log."""
    code = getattr(exc, "sqlite_errorcode", None)
    folder = path.parent
    if code in (_CANTOPEN, _READONLY) and not os.access(folder, os.W_OK):
        wal = path.with_name(path.name + "-wal")
        if verb == "read" and wal.exists() and wal.stat().st_size > 0:
            return StoreError(
                f"{path}: cannot read the log: its folder {folder} is read-only and its last "
                f"changes are still in {wal.name}, which SQLite can read only with "
                f"{path.name}-shm beside it; open it once where the folder can be written"
            )
        return StoreError(
            f"{path}: cannot {verb} the log: its folder {folder} is read-only "
            "(SQLite needs to create pomoplan.db-wal and pomoplan.db-shm beside it)"
        )
    if code in (_NOTADB, _CORRUPT):
        return StoreError(f"{path}: not a readable pomoplan log ({exc}); it was left untouched")
    return StoreError(f"{path}: cannot {verb} the log: {exc}")


def connect_ro(path: Path) -> sqlite3.Connection:
    """Open read-only; in a read-only folder with no unmerged WAL, read the file as it is."""
    timeout = BUSY_TIMEOUT_MS / 1000
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True, timeout=timeout)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.Error as exc:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        folder_ro = not os.access(path.parent, os.W_OK)
        has_wal = wal.exists() and wal.stat().st_size > 0
        if getattr(exc, "sqlite_errorcode", None) != _CANTOPEN or not folder_ro or has_wal:
            raise
    # A WAL log in a folder nobody can write: nobody can change it either (no -wal can be
    # made), so it is read as an immutable file instead of failing to create the -shm.
    return sqlite3.connect(sqlite_uri(path, mode="ro", immutable="1"), uri=True, timeout=timeout)


def _inspect(path: Path, *, migrating: bool) -> tuple[int, set[str], sqlite3.Connection]:
    """Read the schema version and table names without writing a byte; the read-only
    connection that read them is returned open (a reader goes on with it, a writer closes
    it)."""
    try:
        conn = connect_ro(path)
    except sqlite3.Error as exc:
        raise open_error(path, exc, "read") from None
    try:
        conn.execute("BEGIN")  # version and tables from one snapshot, even while one is created
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        conn.execute("COMMIT")
        if migrating and 0 < version < SCHEMA_VERSION:
            # Before migrating, make sure the file is sound (it grows with the log: only here).
            bad = conn.execute("PRAGMA quick_check").fetchone()[0]
            if bad != "ok":
                raise StoreError(f"{path}: the log is damaged ({bad}); it was left untouched")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise open_error(path, exc, "read") from None
    except BaseException:
        conn.close()
        raise
    return int(version), tables, conn


def _create(path: Path) -> None:
    """Make a new log, complete or not at all: built under a private temporary name, then
    linked into place. Several first runs at once all end with the same one log; a dangling
    symlink gets its target made, private like the rest."""
    target = Path(os.path.realpath(path))  # a dangling symlink: create what it points to
    make_private_dir(target.parent)
    # A name of its own (mkstemp: 0600, never an existing file), also for two threads of one
    # process (a pid-named file was shared, and truncated under the other: "disk I/O error").
    import tempfile  # here, not at import: ~5 ms of every command (shutil, random)

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA recursive_triggers = ON")
            _migrate(conn)
        finally:
            conn.close()  # the last connection: the WAL is merged and removed
        try:
            os.link(tmp, target)
        except FileExistsError:
            pass  # another first run won: its log is as good as ours
        except OSError:  # a filesystem without hard links: a rename, unless one appeared
            if not target.exists():
                os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _backup(path: Path, version: int) -> None:
    """Copy the log through SQLite (WAL content included), then check the copy before
    anything is changed.

    Raises:
        StoreError: the copy could not be made or is not whole; the log was left untouched.
    """
    backup = path.with_name(f"{path.name}.v{version}.bak")
    tmp: Path | None = None
    import tempfile  # a name of its own per call (0600), as _create's

    try:
        fd, name = tempfile.mkstemp(prefix=f".{backup.name}.", suffix=".new", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        src = connect_ro(path)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
            src.close()
        _check_copy(tmp, version)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, backup)
    except (OSError, sqlite3.Error) as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise StoreError(
            f"{path}: cannot back the log up before upgrading it ({reason}); it was left untouched"
        ) from None


def _check_copy(copy: Path, version: int) -> None:
    """The copy opens, passes quick_check, and holds the version and tables of the original."""
    conn = sqlite3.connect(sqlite_uri(copy, mode="ro"), uri=True)
    try:
        bad = conn.execute("PRAGMA quick_check").fetchone()[0]
        got = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    if bad != "ok" or got != version or not tables >= tables_of(version):
        raise sqlite3.DatabaseError(f"the copy is not whole: {bad}, schema {got}")


def _check_schema(path: Path, version: int, tables: set[str]) -> None:
    """StoreError unless the file is a pomoplan log this version can open."""
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


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating or migrating when allowed) the log at ``path``.

    Raises:
        StoreError: the file is damaged, foreign, newer than this pomoplan, or cannot be written.
    """
    if not path.exists():
        if readonly:
            raise StoreError(f"{path}: no log yet")
        try:
            _create(path)
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise StoreError(f"{path}: cannot create the log: {reason}") from None
    version, tables, reader = _inspect(path, migrating=not readonly)
    try:
        _check_schema(path, version, tables)
    except StoreError:
        reader.close()
        raise
    if readonly:
        return reader  # the connection that read the schema: no second open for a reader
    reader.close()
    if 0 < version < SCHEMA_VERSION:
        _backup(path, version)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise open_error(path, exc, "write") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # A REPLACE must run the delete triggers of the row it replaces (summaries stay true).
        conn.execute("PRAGMA recursive_triggers = ON")
        if version < SCHEMA_VERSION:
            _migrate(conn)
    except sqlite3.Error as exc:  # a step's IntegrityError too: one line, never a traceback
        conn.close()
        raise open_error(path, exc, "write") from None
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
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
