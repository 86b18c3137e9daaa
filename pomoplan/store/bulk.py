"""Many phases and events at once (a sync merge): set-based, with the same result as one by one.

Row by row, every phase inserted fires ``phases_to_records`` and each record the summaries'
triggers (counts per day, per slot, per day and track, row and change counters), and each
corrected phase is recomputed with five queries: 100,000 entries took ~17 s. Here, inside the
caller's transaction, the triggers on ``phases`` and ``records`` are set aside (their SQL is kept
and they are created again, exactly as they were, before the transaction ends; no other
connection can write meanwhile), the new rows go in hundreds to a statement, the records of the
phases they touch are rebuilt in a few statements, and the summaries are recounted for the
study dates and slots those records had or have. When the summaries were true before, they
are then equal to a recount of the whole log, as the triggers would have left them.
"""

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from pomoplan.store import events as ev
from pomoplan.store.migrations import COUNTED, PHASE_COLUMNS, RECORD_COLUMNS, has_table

TRIGGERS = frozenset(
    {
        "phases_to_records",
        "phases_out_of_records",
        "phases_edit_records",
        *(
            f"records_{name}"
            for name in (
                "count_insert",
                "count_delete",
                "count_update_old",
                "count_update_new",
                "rows_insert",
                "rows_delete",
                "changed_insert",
                "changed_update",
                "changed_delete",
                "day_insert",
                "day_delete",
                "day_update_old",
                "day_update_new",
            )
        ),
    }
)
"""The triggers whose work ``import_facts`` does itself. A log with another trigger on
``phases`` or ``records`` (one this code does not know what it keeps) is not bulk-imported."""

_ID = itemgetter("id")
_IN = "(SELECT value FROM json_each(?))"
_KNOWN_PER_QUERY = 20_000


def usable(conn: sqlite3.Connection) -> bool:
    """Whether the log's triggers on ``phases`` and ``records`` are the ones this code knows."""
    found = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('phases', 'records')"
        )
    }
    return found == TRIGGERS


_EVENT_COLUMNS = "id, kind, target, data, made_at, made_us, device"


class Bound(NamedTuple):
    """A batch's values as ``import_facts`` binds them, each a flat list, row after row:
    the phases' in ``PHASE_COLUMNS`` order and by id, the events' in ``_EVENT_COLUMNS``
    order with their data as stored (JSON)."""

    phases: list[Any]
    events: list[Any]


def bind(phases: Iterable[Mapping[str, Any]], events: Iterable[ev.Event]) -> Bound:
    """The values ``import_facts`` binds for these phases and events. A merge's reader thread
    makes them while the log's thread is busy (90,000 phases' values are 1.5 million items,
    and every event's data is encoded): the log's thread then only slices them."""
    return Bound(
        list(chain.from_iterable(map(itemgetter(*PHASE_COLUMNS), sorted(phases, key=_ID)))),
        list(
            chain.from_iterable(
                (e.id, e.kind, e.target, ev.data_text(e.data), e.made_at, e.made_us, e.device)
                for e in events
            )
        ),
    )


def import_facts(
    conn: sqlite3.Connection,
    phases: Sequence[Mapping[str, Any]],
    events: Sequence[ev.Event],
    bound: Bound | None = None,
) -> tuple[int, set[str]]:
    """Store the phases and events not stored yet (by id) and bring the records and the
    summaries up to date, in the caller's transaction; return how many were new and the
    study dates whose records they may have changed.

    Each phase row carries its ``source`` and ``device``; ``bound``, when given, is
    ``bind(phases, events)``. Call only when ``usable``.
    """
    if bound is None:
        bound = bind(phases, events)
    _scratch(conn)
    _insert_values(
        conn, f"INSERT OR IGNORE INTO temp.bulk_events ({_EVENT_COLUMNS})", 7, bound.events
    )
    conn.execute("DELETE FROM temp.bulk_events WHERE id IN (SELECT id FROM events)")
    saved = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('phases', 'records') ORDER BY name"
        )
    ]
    for name in sorted(TRIGGERS):
        conn.execute(f"DROP TRIGGER {name}")
    # pomoplan never deletes phases: the new ones are those after the highest rowid now.
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM phases").fetchone()[0]
    # Straight in, many rows a statement (see ``_insert_values``), in the key's order: the ids
    # the log has are passed over (ON CONFLICT names the key: a row failing a CHECK still fails).
    _insert_values(
        conn,
        f"INSERT INTO phases ({', '.join(PHASE_COLUMNS)})",
        len(PHASE_COLUMNS),
        bound.phases,
        " ON CONFLICT (id) DO NOTHING",
    )
    new_phases = conn.execute("SELECT count(*) FROM phases WHERE rowid > ?", (top,)).fetchone()[0]
    new_events = conn.execute("SELECT count(*) FROM temp.bulk_events").fetchone()[0]
    if not new_phases and not new_events:
        for sql in saved:
            conn.execute(sql)
        return 0, set()
    top_event = conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0]
    conn.execute(
        f"INSERT INTO events ({_EVENT_COLUMNS}) "
        f"SELECT {_EVENT_COLUMNS} FROM temp.bulk_events ORDER BY id"
    )
    kinds = ", ".join(f"'{k}'" for k in ev.RECORD_KINDS)
    # Phases recorded before whose events arrived now (an undo: the phase of what it undoes).
    conn.execute(
        "INSERT OR IGNORE INTO temp.bulk_touched (id) SELECT p.id FROM temp.bulk_events e "
        f"JOIN phases p ON p.id = e.target WHERE e.kind IN ({kinds}) AND p.rowid <= ?",
        (top,),
    )
    conn.execute(
        "INSERT OR IGNORE INTO temp.bulk_touched (id) SELECT p.id FROM temp.bulk_events u "
        f"JOIN events e ON e.id = u.target AND e.kind IN ({kinds}) JOIN phases p ON p.id = e.target "
        "WHERE u.kind = 'undo' AND p.rowid <= ?",
        (top,),
    )
    given: dict[str, ev.Event] = {}
    for e in events:
        given.setdefault(e.id, e)  # as ``INSERT OR IGNORE``: the first of an id is stored
    _rebuild_records(conn, top, top_event, given)
    for sql in saved:
        conn.execute(sql)
    # A record's study date is its phase's (no event amends it).
    days = {
        r[0]
        for r in conn.execute(
            "SELECT study_date FROM phases WHERE rowid > ? UNION "
            "SELECT study_date FROM phases WHERE id IN (SELECT id FROM temp.bulk_touched)",
            (top,),
        )
    }
    return int(new_phases + new_events), days


_ROWS = 500
"""Rows per statement of ``_insert_values`` (at most)."""


def _insert_many(
    conn: sqlite3.Connection,
    head: str,
    width: int,
    rows: Iterable[Sequence[Any]],
    tail: str = "",
) -> None:
    """``executemany(head + " VALUES (?, ...)" + tail, rows)``, many rows a statement (see
    ``_insert_values``)."""
    _insert_values(conn, head, width, list(chain.from_iterable(rows)), tail)


def _insert_values(
    conn: sqlite3.Connection, head: str, width: int, values: Sequence[Any], tail: str = ""
) -> None:
    """Insert the rows of ``width`` values each, one after another in ``values``, as
    statements of many rows each (as many as SQLite's limit on parameters lets one hold, up
    to ``_ROWS``).

    ``executemany`` runs the statement once per row, and the interpreter is let go of and
    taken back each time, which with the merge's reader thread parsing beside it cost 3-4 times
    the insert itself. Here that happens once per statement.
    """
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(_ROWS, limit // width)) * width
    one = f"({', '.join('?' * width)})"
    full = f"{head} VALUES {', '.join([one] * (per // width))}{tail}"
    for start in range(0, len(values), per):
        chunk = values[start : start + per]
        sql = (
            full
            if len(chunk) == per
            else f"{head} VALUES {', '.join([one] * (len(chunk) // width))}{tail}"
        )
        conn.execute(sql, chunk)


def _scratch(conn: sqlite3.Connection) -> None:
    """Empty scratch tables on this connection (temporary: never in the log's file)."""
    counted = "(study_date, kind, status, curriculum_id, slot_id, track, focused_s)"
    for name, ddl in (
        ("bulk_events", "(id TEXT PRIMARY KEY, kind, target, data, made_at, made_us, device)"),
        ("bulk_touched", "(id TEXT PRIMARY KEY) WITHOUT ROWID"),
        ("bulk_corrected", "(id TEXT PRIMARY KEY) WITHOUT ROWID"),
        ("bulk_old", counted),
        ("bulk_new", counted),
    ):
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} {ddl}")
        conn.execute(f"DELETE FROM temp.{name}")


_SUMMARY_FIELDS = "study_date, kind, status, curriculum_id, slot_id, track, focused_s"


def _rebuild_records(
    conn: sqlite3.Connection, top: int, top_event: int, given: Mapping[str, ev.Event]
) -> None:
    """Recompute the records of the phases after rowid ``top`` and of ``temp.bulk_touched``,
    and move the summaries as the triggers would have: the old records' counts out, the new
    ones' in (the triggers on ``records`` are set aside: this does their work).

    The events after rowid ``top_event`` were stored just now from ``given`` (by id): those
    are taken as given, not decoded again from their stored JSON."""
    columns = ", ".join(PHASE_COLUMNS)
    kinds = ", ".join(f"'{k}'" for k in ev.RECORD_KINDS)
    touched = "(SELECT id FROM temp.bulk_touched)"
    # The summaries count focus periods only (a correction never changes a record's kind).
    conn.execute(
        f"INSERT INTO temp.bulk_old SELECT {_SUMMARY_FIELDS} FROM records WHERE id IN {touched} "
        "AND kind = 'focus'"
    )
    gone = conn.execute(f"DELETE FROM records WHERE id IN {touched}").rowcount
    # The phases some event is about: their events applied in the one order (time, device, id).
    grouped: dict[str, list[ev.Event]] = {}
    # This batch's own events about them, taken as given: their ids come in one row (row by
    # row, the log's thread had to take the interpreter back from the reader's at every row,
    # up to 10,000 of them a batch), found from the new events ("+": not by the index of
    # kinds, which holds every event the log has).
    (fresh,) = conn.execute(
        "SELECT json_group_array(e.id) FROM events e JOIN phases p ON p.id = e.target "
        f"WHERE e.rowid > ? AND +e.kind IN ({kinds}) AND (p.rowid > ? OR p.id IN {touched})",
        (top_event, top),
    ).fetchone()
    for event_id in json.loads(fresh):
        event = given[event_id]
        grouped.setdefault(event.target or "", []).append(event)
    # The events stored before: about a touched phase, or one that came before its phase.
    # Phase by phase ("CROSS JOIN": phases first): the work follows the batch, not the
    # events the log holds ("+": not by the index of kinds, all of them).
    for where, args in (("p.rowid > ?", (top,)), (f"p.id IN {touched}", ())):
        for r in conn.execute(
            "SELECT e.id, e.kind, e.target, e.data, e.made_at, e.made_us, e.device "
            f"FROM phases p CROSS JOIN events e ON e.target = p.id AND +e.kind IN ({kinds}) "
            f"AND e.rowid <= ? WHERE {where}",
            (top_event, *args),
        ):
            grouped.setdefault(r[2], []).append(ev.row_event(r))
    _insert_many(conn, "INSERT INTO temp.bulk_corrected (id)", 1, [(k,) for k in sorted(grouped)])
    corrected = "(SELECT id FROM temp.bulk_corrected)"
    undone = {
        r[0]
        for r in conn.execute(
            "SELECT u.target FROM events e JOIN events u ON u.target = e.id AND u.kind = 'undo' "
            f"WHERE e.target IN {corrected}"
        )
    }
    records = []
    for r in conn.execute(f"SELECT {columns} FROM phases WHERE id IN {corrected}"):
        record = ev.effective(dict(zip(PHASE_COLUMNS, r, strict=True)), grouped[r[0]], undone)
        if record is not None:
            records.append(record)
    _insert_many(
        conn,
        f"INSERT INTO records ({', '.join(RECORD_COLUMNS)})",
        len(RECORD_COLUMNS),
        map(itemgetter(*RECORD_COLUMNS), records),
    )
    conn.execute(
        f"INSERT INTO temp.bulk_new SELECT {_SUMMARY_FIELDS} FROM records WHERE id IN {corrected} "
        "AND kind = 'focus'"
    )
    added = len(records)
    # The others: the record is the phase as written.
    for where, args in (("p.rowid > ?", (top,)), (f"p.id IN {touched}", ())):
        plain = f"FROM phases p WHERE {where} AND p.id NOT IN {corrected}"
        added += conn.execute(
            f"INSERT INTO records ({columns}, note) SELECT {columns}, NULL {plain}", args
        ).rowcount
        conn.execute(
            f"INSERT INTO temp.bulk_new SELECT {_SUMMARY_FIELDS} {plain} AND p.kind = 'focus'", args
        )
    _move_summaries(conn)
    conn.execute("UPDATE summary_rows SET n = n + ? WHERE name = 'records'", (added - gone,))


def _move_summaries(conn: sqlite3.Connection) -> None:
    """Take ``temp.bulk_old``'s counts out of the summaries and put ``temp.bulk_new``'s in,
    as the triggers on ``records`` do row by row (a count that reaches 0 goes). Both hold
    focus periods only: the summaries count nothing else."""
    both = "(SELECT *, 1 AS sign FROM temp.bulk_new UNION ALL SELECT *, -1 FROM temp.bulk_old)"
    conn.execute(
        "INSERT INTO focus_days (study_date, completed) "
        f"SELECT study_date, sum(sign) FROM {both} WHERE {COUNTED} GROUP BY study_date "
        "ON CONFLICT (study_date) DO UPDATE SET completed = completed + excluded.completed"
    )
    # Only a count some record left can reach 0.
    conn.execute(
        "DELETE FROM focus_days WHERE completed <= 0 "
        "AND study_date IN (SELECT study_date FROM temp.bulk_old)"
    )
    conn.execute(
        "INSERT INTO slot_done (curriculum_id, slot_id, completed) "
        f"SELECT curriculum_id, slot_id, sum(sign) FROM {both} WHERE {COUNTED} "
        "AND curriculum_id IS NOT NULL AND slot_id IS NOT NULL GROUP BY curriculum_id, slot_id "
        "ON CONFLICT (curriculum_id, slot_id) DO UPDATE SET completed = completed + excluded.completed"
    )
    conn.execute(
        "DELETE FROM slot_done WHERE completed <= 0 AND (curriculum_id, slot_id) IN "
        "(SELECT curriculum_id, slot_id FROM temp.bulk_old)"
    )
    if has_table(conn, "day_tracks"):
        conn.execute(
            "INSERT INTO day_tracks (study_date, track, completed, focused_s, n) "
            "SELECT study_date, coalesce(track, ''), sum(sign * (status = 'completed')), "
            f"sum(sign * focused_s), sum(sign) FROM {both} WHERE kind = 'focus' "
            "GROUP BY study_date, coalesce(track, '') "
            "ON CONFLICT (study_date, track) DO UPDATE SET "
            "completed = completed + excluded.completed, "
            "focused_s = focused_s + excluded.focused_s, n = n + excluded.n"
        )
        conn.execute(
            "DELETE FROM day_tracks WHERE n <= 0 AND (study_date, track) IN "
            "(SELECT study_date, coalesce(track, '') FROM temp.bulk_old)"
        )


def known(conn: sqlite3.Connection, table: str, ids: list[str]) -> set[str]:
    """Which of ``ids`` the table (``phases`` or ``events``) has."""
    found: set[str] = set()
    for start in range(0, len(ids), _KNOWN_PER_QUERY):
        chunk = ids[start : start + _KNOWN_PER_QUERY]
        found.update(
            r[0]
            for r in conn.execute(f"SELECT id FROM {table} WHERE id IN {_IN}", (json.dumps(chunk),))
        )
    return found
