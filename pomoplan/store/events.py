"""Events: every change a learner makes, kept as a fact; the effective records derive from them.

A recorded phase is never rewritten. A note, an amendment, a deletion, a manual log, an undo, a
re-plan or a plan activation is an event with a UUID, the time it was made and the device that
made it. ``records`` (the table every figure counts) is the phases with their events applied:
recomputed for a phase from scratch whenever an event about it arrives, in a fixed order
(time made, then device, then id), so any set of events gives the same records whatever order
they arrived in. That is what makes merging two devices' events (sync) a plain union.
"""

import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from pomoplan.store.migrations import AMENDABLE, PHASE_COLUMNS, RECORD_COLUMNS
from pomoplan.store.queries import select_in

RECORD_KINDS = ("note", "amend", "delete", "log")
"""Events about one recorded phase (their ``target`` is the phase's id)."""
UNDOABLE = ("log", "note", "amend", "delete", "replan")
"""What ``undo`` takes back, newest first."""
KINDS = (*RECORD_KINDS, "undo", "replan", "activate")


class Event(NamedTuple):
    """One change, as stored and as synced."""

    id: str
    kind: str
    target: str | None
    data: dict[str, Any]
    made_at: str
    """ISO 8601 with the UTC offset of the device that made it."""
    made_us: int
    """Microseconds since the epoch: the order events are applied in."""
    device: str


def new_event(
    kind: str,
    when: datetime,
    device: str,
    *,
    target: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> Event:
    """A new event made at ``when`` (an aware datetime) on ``device``."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    if when.tzinfo is None:
        raise ValueError("an event's time needs its UTC offset")
    return Event(
        _new_id(),
        kind,
        target,
        dict(data or {}),
        when.isoformat(timespec="seconds"),
        round(when.timestamp() * 1_000_000),
        device,
    )


_SELECT = "SELECT id, kind, target, data, made_at, made_us, device FROM events"


_DATA = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""One encoder for every event's data (``json.dumps`` with options builds one per call)."""


def data_text(data: Mapping[str, Any]) -> str:
    """An event's data as stored: JSON, keys sorted, text as it is."""
    return _DATA.encode(data)


def data_of(text: Any) -> dict[str, Any]:
    """An event's stored data: a JSON object, else none (pomoplan writes one; a hand edit may
    not have: such an event changes nothing, and reading it is never a traceback)."""
    try:
        data = json.loads(text) if isinstance(text, str | bytes) and text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _event(row: tuple[Any, ...]) -> Event:
    return Event(row[0], row[1], row[2], data_of(row[3]), *row[4:])


def row_event(row: tuple[Any, ...]) -> Event:
    """The event of a row of ``id, kind, target, data, made_at, made_us, device``."""
    return _event(row)


def insert_events(conn: sqlite3.Connection, events: Iterable[Event]) -> list[Event]:
    """Store events not seen before (by id) and bring the records they touch up to date.

    Runs in the caller's transaction. Returns the events that were new.
    """
    fresh: list[Event] = []
    for ev in events:
        cursor = conn.execute(
            "INSERT INTO events (id, kind, target, data, made_at, made_us, device) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (
                ev.id,
                ev.kind,
                ev.target,
                data_text(ev.data),
                ev.made_at,
                ev.made_us,
                ev.device,
            ),
        )
        if cursor.rowcount:
            fresh.append(ev)
    phases: set[str] = set()
    for ev in fresh:
        if ev.kind in RECORD_KINDS and ev.target:
            phases.add(ev.target)
        elif ev.kind == "undo" and ev.target:
            row = conn.execute(
                "SELECT kind, target FROM events WHERE id = ?", (ev.target,)
            ).fetchone()
            if row and row[0] in RECORD_KINDS and row[1]:
                phases.add(row[1])
    refresh_records(conn, phases)
    return fresh


def events_about(conn: sqlite3.Connection, phase_ids: Iterable[str]) -> set[str]:
    """Which of ``phase_ids`` have events (a phase that arrived after its corrections)."""
    sql = "SELECT DISTINCT target FROM events WHERE target IN ({ids})"
    return {r[0] for r in select_in(conn, sql, phase_ids)}


def effective(
    base: Mapping[str, Any], events: Iterable[Event], undone: set[str]
) -> dict[str, Any] | None:
    """A phase with its events applied: the record that counts, or None when deleted.

    Pure: the same phase and the same set of events give the same record in any order.
    """
    record = dict(base)
    record.setdefault("note", None)
    deleted = False
    for ev in sorted(events, key=lambda e: (e.made_us, e.device, e.id)):
        if ev.kind == "log" and ev.id in undone:
            deleted = True  # taking back a manual log takes the record away
        if ev.id in undone:
            continue
        if (
            ev.kind == "log" and "note" in ev.data
        ) or ev.kind == "note":  # ``log --note``: one change, one undo
            note = ev.data.get("note")
            record["note"] = note if isinstance(note, str) and note else None
        elif ev.kind == "amend":
            for key in AMENDABLE:
                if key in ev.data:
                    record[key] = ev.data[key]
        elif ev.kind == "delete":
            deleted = True
    return None if deleted else record


def undone_among(conn: sqlite3.Connection, event_ids: Iterable[str]) -> set[str]:
    """Which of ``event_ids`` an ``undo`` event takes back."""
    ids = list(event_ids)
    if not ids:
        return set()
    return {
        r[0]
        for r in conn.execute(
            f"SELECT target FROM events WHERE kind = 'undo' AND target IN "
            f"({', '.join('?' for _ in ids)})",
            ids,
        )
    }


def refresh_records(conn: sqlite3.Connection, phase_ids: Iterable[str]) -> None:
    """Recompute the records of ``phase_ids`` from their phases and events (caller's
    transaction). The summaries follow through the triggers on ``records``."""
    columns = ", ".join(PHASE_COLUMNS)
    for pid in phase_ids:
        row = conn.execute(f"SELECT {columns} FROM phases WHERE id = ?", (pid,)).fetchone()
        if row is None:
            continue  # the phase has not arrived yet: its events wait for it
        base = dict(zip(PHASE_COLUMNS, row, strict=True))
        events = [_event(r) for r in conn.execute(f"{_SELECT} WHERE target = ?", (pid,))]
        events = [e for e in events if e.kind in RECORD_KINDS]
        record = effective(base, events, undone_among(conn, [e.id for e in events]))
        current = conn.execute(
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM records WHERE id = ?", (pid,)
        ).fetchone()
        if record is None:
            if current is not None:
                conn.execute("DELETE FROM records WHERE id = ?", (pid,))
            continue
        values = tuple(record[c] for c in RECORD_COLUMNS)
        if current is None:
            conn.execute(
                f"INSERT INTO records ({', '.join(RECORD_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in RECORD_COLUMNS)})",
                values,
            )
        elif tuple(current) != values:
            changed = [
                c for c, old, new in zip(RECORD_COLUMNS, current, values, strict=True) if old != new
            ]
            conn.execute(
                f"UPDATE records SET {', '.join(f'{c} = ?' for c in changed)} WHERE id = ?",
                (*(record[c] for c in changed), pid),
            )


def events_of(
    conn: sqlite3.Connection, kind: str | None = None, target: str | None = None
) -> list[Event]:
    """Stored events, oldest first (by time made, device, id)."""
    where, args = [], []
    if kind is not None:
        where.append("kind = ?")
        args.append(kind)
    if target is not None:
        where.append("target = ?")
        args.append(target)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY made_us, device, id"
    return [_event(r) for r in conn.execute(sql, args)]


def events_with_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> list[Event]:
    """The stored events of these ids (those this log has)."""
    return [_event(r) for r in select_in(conn, _SELECT + " WHERE id IN ({ids})", ids)]


def events_targeting(conn: sqlite3.Connection, targets: Iterable[str]) -> list[Event]:
    """The record events about these phases, oldest first."""
    kinds = ", ".join("?" for _ in RECORD_KINDS)
    sql = _SELECT + " WHERE target IN ({ids}) AND kind IN (" + kinds + ")"
    out = [_event(r) for r in select_in(conn, sql, targets, RECORD_KINDS)]
    out.sort(key=lambda e: (e.made_us, e.device, e.id))
    return out


def last_undoable(conn: sqlite3.Connection, device: str) -> Event | None:
    """The newest change made on ``device`` that is not taken back yet.

    Newest by the order this log stored them, not by the time they carry: one made while the
    wall clock was set a year ahead must not stay "newest" once the clock is put right.
    """
    row = conn.execute(
        f"{_SELECT} AS e WHERE kind IN ({', '.join('?' for _ in UNDOABLE)}) AND device = ? "
        "AND NOT EXISTS (SELECT 1 FROM events u WHERE u.kind = 'undo' AND u.target = e.id) "
        "ORDER BY e.rowid DESC LIMIT 1",
        (*UNDOABLE, device),
    ).fetchone()
    return _event(row) if row else None


def _new_id() -> str:
    import uuid  # here, not at import: uuid imports platform (~3 ms for every command)

    return str(uuid.uuid4())
