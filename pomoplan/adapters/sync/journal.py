"""This device's journal: append what the log has and the journal misses to ``sync_dir/<device>/``.

The log is the source of truth. ``sync_out`` keeps, per table, the highest rowid already
appended; a catch-up appends every later phase and event of this device, fsyncs, and only then
moves the mark. A failure leaves the mark where it was, so the next catch-up writes the same
lines again: a line may be written twice (readers import by id), none is lost. A log that
existed before ``sync_dir`` was set has its mark at 0 and is written out whole, once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pomoplan.adapters.sync import lines
from pomoplan.store import events as ev
from pomoplan.store.database import StoreError, write_transaction
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import PHASE_COLUMNS

SUFFIX = ".jsonl"
_MONTH = re.compile(r"^\d{4}-\d{2}")


@contextlib.contextmanager
def held(store: LogStore) -> Iterator[None]:
    """One sync at a time per log (the app and a command may both write out or merge)."""
    path = store.path.with_name(store.path.name + ".sync.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def own_folder(sync_dir: Path, device: str) -> Path:
    """``sync_dir/<device>``, created private; never a link to somewhere else.

    Raises:
        OSError: it cannot be made, or it is not a plain folder.
    """
    folder = sync_dir / device
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if folder.is_symlink() or not folder.is_dir():
            raise OSError(
                f"{folder}: not a plain folder; pomoplan writes only to its own"
            ) from None
    return folder


def backlog(store: LogStore) -> int:
    """How many of this device's phases and events its journal misses."""
    marks = dict(store.conn.execute("SELECT name, seen FROM sync_out"))
    (phases,) = store.conn.execute(
        "SELECT count(*) FROM phases WHERE rowid > ? AND (device = ? OR device IS NULL)",
        (marks.get("phases", 0), store.device),
    ).fetchone()
    (events,) = store.conn.execute(
        "SELECT count(*) FROM events WHERE rowid > ? AND device = ?",
        (marks.get("events", 0), store.device),
    ).fetchone()
    return int(phases + events)


def write_out(store: LogStore, sync_dir: Path) -> int:
    """Append this device's phases and events the journal misses; return how many.

    Raises:
        OSError: the journal cannot be written (the mark stays: retried next time).
        StoreError: the log cannot be read or written.
    """
    device = store.device
    try:
        marks = dict(store.conn.execute("SELECT name, seen FROM sync_out"))
        # The newest rows first, then what lies between: a row committed meanwhile has a
        # higher rowid than this, so it waits for the next catch-up instead of being passed.
        # The marks move past other devices' rows too: they are never scanned again.
        tops = {
            table: store.conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
            for table in ("phases", "events")
        }
        phase_rows = store.conn.execute(
            f"SELECT rowid, {', '.join(PHASE_COLUMNS)} FROM phases WHERE rowid > ? "
            "AND rowid <= ? AND (device = ? OR device IS NULL) ORDER BY rowid",
            (marks.get("phases", 0), tops["phases"], device),
        ).fetchall()
        event_rows = store.conn.execute(
            "SELECT rowid, id, kind, target, data, made_at, made_us, device FROM events "
            "WHERE rowid > ? AND rowid <= ? AND device = ? ORDER BY rowid",
            (marks.get("events", 0), tops["events"], device),
        ).fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"{store.path}: cannot read the log: {exc}") from None
    moved = {t: top for t, top in tops.items() if top > marks.get(t, 0)}
    if not phase_rows and not event_rows:
        if moved:
            _set_marks(store, moved)
        return 0
    files: dict[str, list[bytes]] = {}
    for i, r in enumerate(phase_rows):
        if i % 256 == 255:
            time.sleep(0)  # beside the app: the screen's thread gets the interpreter back
        row = dict(zip(PHASE_COLUMNS, r[1:], strict=True))
        row["device"] = device
        files.setdefault(_month(row["ended_at"]), []).append(lines.encode(lines.phase_line(row)))
    for i, r in enumerate(event_rows):
        if i % 256 == 255:
            time.sleep(0)
        event = ev.Event(r[1], r[2], r[3], ev.data_of(r[4]), *r[5:])
        files.setdefault(_month(event.made_at), []).append(lines.encode(lines.event_line(event)))
    folder = own_folder(sync_dir, device)
    for month, chunk in sorted(files.items()):
        _append(folder / f"{month}{SUFFIX}", chunk)
    _set_marks(store, moved)
    return len(phase_rows) + len(event_rows)


def _month(moment: Any) -> str:
    """The journal file a line goes to: the month of its time (a strange time: ``undated``)."""
    text = moment if isinstance(moment, str) else ""
    return text[:7] if _MONTH.match(text) else "undated"


def _append(path: Path, chunk: list[bytes]) -> None:
    """Append whole lines durably. A last line left unfinished (a crash mid-write) is closed
    first, so it stays one damaged line instead of swallowing the next one."""
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        size = os.fstat(fd).st_size
        data = b"".join(chunk)
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _set_marks(store: LogStore, marks: dict[str, int]) -> None:
    with write_transaction(store.conn, store.path):
        store.conn.executemany(
            "INSERT INTO sync_out (name, seen) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET seen = max(seen, excluded.seen)",
            list(marks.items()),
        )
