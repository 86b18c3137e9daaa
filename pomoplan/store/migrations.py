"""The log's schema, version by version; each step runs once, in a transaction, after a backup."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable

LOG_COLUMNS: tuple[str, ...] = (
    "id", "kind", "status", "curriculum_id", "slot_id", "slot_title", "track", "planned_s",
    "focused_s", "paused_s", "pauses", "started_at", "ended_at", "study_date", "reason",
)  # fmt: skip
"""The log's fields, in export order: those of the timer's ``PhaseRecord`` (a copy, so that
a command reading the log need not import the timer; tests/test_one_source.py checks it). The
tables created by the steps below spell them out as they were then; a test checks that they
still agree."""


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


COUNTED = "kind = 'focus' AND status = 'completed'"
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
    _count_triggers(conn, "phases")
    rebuild_summaries(conn, "phases")


def _count_triggers(conn: sqlite3.Connection, table: str) -> None:
    """Create the triggers that keep the summaries in step with ``table``."""
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
    new = "NEW.kind = 'focus' AND NEW.status = 'completed'"  # as COUNTED, of the new row
    old = "OLD.kind = 'focus' AND OLD.status = 'completed'"
    for statement in (
        f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} WHEN {new} BEGIN {add} END",
        f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} WHEN {old} "
        f"BEGIN {remove} END",
        # An edit of a counted field: take the old row out, then put the new one in.
        f"CREATE TRIGGER {table}_count_update_old AFTER UPDATE OF {_FIELDS} ON {table} "
        f"WHEN {old} BEGIN {remove} END",
        f"CREATE TRIGGER {table}_count_update_new AFTER UPDATE OF {_FIELDS} ON {table} "
        f"WHEN {new} BEGIN {add} END",
        f"CREATE TRIGGER {table}_rows_insert AFTER INSERT ON {table} "
        f"BEGIN UPDATE summary_rows SET n = n + 1 WHERE name = '{table}'; END",
        f"CREATE TRIGGER {table}_rows_delete AFTER DELETE ON {table} "
        f"BEGIN UPDATE summary_rows SET n = n - 1 WHERE name = '{table}'; END",
    ):
        conn.execute(statement)


def _change_triggers(conn: sqlite3.Connection, table: str) -> None:
    """Count every change to ``table``, whoever makes it (a shell too), in ``summary_rows``:
    ``changes``; ``checked`` is the value it had when the summaries were last known true."""
    conn.execute("INSERT INTO summary_rows (name, n) VALUES ('changes', 0), ('checked', 0)")
    for op in ("INSERT", "UPDATE", "DELETE"):
        conn.execute(
            f"CREATE TRIGGER {table}_changed_{op.lower()} AFTER {op} ON {table} "
            "BEGIN UPDATE summary_rows SET n = n + 1 WHERE name = 'changes'; END"
        )


_FIELDS = "kind, status, study_date, curriculum_id, slot_id"
"""The fields the summaries depend on."""


def _day_track_triggers(conn: sqlite3.Connection) -> None:
    """Keep ``day_tracks`` (focus periods per study date and track) in step with ``records``."""
    add = (
        "INSERT INTO day_tracks (study_date, track, completed, focused_s, n) "
        "VALUES (NEW.study_date, coalesce(NEW.track, ''), NEW.status = 'completed', "
        "NEW.focused_s, 1) ON CONFLICT (study_date, track) DO UPDATE SET "
        "completed = completed + excluded.completed, focused_s = focused_s + excluded.focused_s, "
        "n = n + 1;"
    )
    remove = (
        "UPDATE day_tracks SET completed = completed - (OLD.status = 'completed'), "
        "focused_s = focused_s - OLD.focused_s, n = n - 1 "
        "WHERE study_date = OLD.study_date AND track = coalesce(OLD.track, ''); "
        "DELETE FROM day_tracks WHERE study_date = OLD.study_date "
        "AND track = coalesce(OLD.track, '') AND n <= 0;"
    )
    fields = "kind, status, study_date, track, focused_s"
    for statement in (
        f"CREATE TRIGGER records_day_insert AFTER INSERT ON records WHEN NEW.kind = 'focus' "
        f"BEGIN {add} END",
        f"CREATE TRIGGER records_day_delete AFTER DELETE ON records WHEN OLD.kind = 'focus' "
        f"BEGIN {remove} END",
        f"CREATE TRIGGER records_day_update_old AFTER UPDATE OF {fields} ON records "
        f"WHEN OLD.kind = 'focus' BEGIN {remove} END",
        f"CREATE TRIGGER records_day_update_new AFTER UPDATE OF {fields} ON records "
        f"WHEN NEW.kind = 'focus' BEGIN {add} END",
    ):
        conn.execute(statement)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the log has this table."""
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        is not None
    )


def rebuild_summaries(conn: sqlite3.Connection, table: str | None = None) -> None:
    """Recount the summaries from ``table`` (the counted one by default), in the caller's
    transaction."""
    table = table or counted_table(conn)
    if table == "records" and has_table(conn, "day_tracks"):
        _run(
            conn,
            """
            DELETE FROM day_tracks;
            INSERT INTO day_tracks (study_date, track, completed, focused_s, n)
                SELECT study_date, coalesce(track, ''), sum(status = 'completed'),
                    sum(focused_s), count(*)
                FROM records WHERE kind = 'focus' GROUP BY study_date, coalesce(track, '')
            """,
        )
    _run(
        conn,
        f"""
        DELETE FROM focus_days;
        DELETE FROM slot_done;
        DELETE FROM summary_rows WHERE name NOT IN ('changes', 'checked');
        INSERT INTO focus_days (study_date, completed)
            SELECT study_date, count(*) FROM {table} WHERE {COUNTED} GROUP BY study_date;
        INSERT INTO slot_done (curriculum_id, slot_id, completed)
            SELECT curriculum_id, slot_id, count(*) FROM {table}
            WHERE {COUNTED} AND curriculum_id IS NOT NULL AND slot_id IS NOT NULL
            GROUP BY curriculum_id, slot_id;
        INSERT INTO summary_rows (name, n) VALUES ('{table}', (SELECT count(*) FROM {table}))
        """,
    )
    mark_checked(conn)


def counted_table(conn: sqlite3.Connection) -> str:
    """The table the figures and summaries count: ``records`` from schema 3, ``phases`` before."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    has_records = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'records'"
    ).fetchone()
    return "records" if version >= RECORDS_SINCE or has_records else "phases"


_MARKS = (
    "SELECT (SELECT n FROM summary_rows WHERE name = 'changes'), "
    "(SELECT n FROM summary_rows WHERE name = 'checked')"
)


def summaries_fresh(conn: sqlite3.Connection) -> bool:
    """Whether nothing changed the counted rows since the summaries were last known true
    (two rows read: the cost does not grow with the log)."""
    changes, checked = conn.execute(_MARKS).fetchone()
    return changes is not None and changes == checked


def mark_checked(conn: sqlite3.Connection) -> None:
    """Record that the summaries are true as the rows stand (in the caller's transaction)."""
    conn.execute(
        "UPDATE summary_rows SET n = (SELECT n FROM summary_rows WHERE name = 'changes') "
        "WHERE name = 'checked'"
    )


def check_summaries(conn: sqlite3.Connection, *, repair: bool) -> bool:
    """Whether the summaries can be trusted: equal to the rows, or recounted now.

    pomoplan's own connections turn ``recursive_triggers`` on, and so does sqlite-utils; an
    ``INSERT OR REPLACE`` from the sqlite3 shell without it deletes the replaced row without
    its delete triggers, and the row count the triggers kept then differs from the table's.
    Counting the table grows with the log (25 ms for 500,000 rows), so it is done only when
    something other than pomoplan changed the rows since the last check: triggers count every
    change (``changes``, a shell's too), and pomoplan's own writes, which cannot drift, mark
    theirs as checked (``LogStore``). Otherwise this reads two rows.

    With ``repair`` the summaries are recounted when they are off, and marked checked; a log
    that cannot be written now (read-only, or locked by another writer) is not an error:
    False tells the caller to count from the rows instead. A log without the change counter
    (schema 2, read without migrating) is counted every time.
    """
    if summaries_fresh(conn):
        return True
    table = counted_table(conn)
    if repair:
        (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
        try:
            conn.execute("PRAGMA busy_timeout = 200")  # a recount is not worth waiting long for
            conn.execute("BEGIN IMMEDIATE")
            try:
                if _counts_match(conn, table):
                    mark_checked(conn)
                else:
                    rebuild_summaries(conn, table)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return True
        except sqlite3.OperationalError:
            pass  # read-only or locked: see whether they are true all the same
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return _counts_match(conn, table)


def _counts_match(conn: sqlite3.Connection, table: str) -> bool:
    """The row count the triggers kept equals the table's (reads the whole table's index)."""
    kept, rows = conn.execute(  # one statement: one snapshot, even with a writer beside us
        f"SELECT (SELECT n FROM summary_rows WHERE name = '{table}'), (SELECT count(*) FROM {table})"
    ).fetchone()
    return bool(kept == rows)


RECORDS_SINCE = 3
"""The schema version that has ``events`` and ``records``."""

RECORD_EXTRA = ("note", "source", "device")
"""Fields a record has beyond the log's: the note, where it came from, which device made it."""
PHASE_COLUMNS = (*LOG_COLUMNS, "source", "device")
"""The columns of ``phases`` (schema 3 on): the log's fields, where it came from, which device."""
RECORD_COLUMNS = (*LOG_COLUMNS, *RECORD_EXTRA)
"""The columns of ``records``."""

AMENDABLE = ("focused_s", "curriculum_id", "slot_id", "slot_title", "track", "status", "note")
"""Fields an ``amend`` event may change in a record."""


def _v3(conn: sqlite3.Connection) -> None:
    """Corrections as events; the figures count an index of effective records.

    ``phases`` stays what the timer (or ``log``) wrote, never rewritten; it gains ``source``
    (``timer`` or ``manual``) and ``device``. ``events`` holds every change a learner makes
    (note, amend, delete, log, undo, replan, activate), each with a UUID, the time it was made
    (ISO 8601 with offset, plus microseconds since the epoch for ordering) and the device: the
    unit of sync. ``records`` is derived: one row per phase that counts, with its notes and
    amendments applied and deleted ones left out; the summaries' triggers move onto it, and
    every figure reads it. ``activations`` become ``activate`` events. ``meta`` keeps this
    log's device id. ``day_tracks`` (trigger-kept, like the other summaries) holds the focus
    periods per study date and track for ``stats`` and the review; ``idx_records_study_date``
    covers the same sums when a log is counted from its rows; ``idx_phases_history`` lets
    ``history`` page newest first.
    """
    import uuid

    _run(
        conn,
        """
        ALTER TABLE phases ADD COLUMN source TEXT NOT NULL DEFAULT 'timer'
            CHECK (source IN ('timer', 'manual'));
        ALTER TABLE phases ADD COLUMN device TEXT;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            target TEXT,
            data TEXT NOT NULL DEFAULT '{}',
            made_at TEXT NOT NULL,
            made_us INTEGER NOT NULL,
            device TEXT NOT NULL
        );
        CREATE INDEX idx_events_target ON events (target);
        CREATE INDEX idx_events_kind ON events (kind, made_us);
        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
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
            reason TEXT,
            note TEXT,
            source TEXT NOT NULL DEFAULT 'timer',
            device TEXT
        );
        CREATE INDEX idx_records_study_date
            ON records (study_date, kind, status, track, focused_s);
        CREATE INDEX idx_phases_history ON phases (study_date, started_at, id);
        CREATE INDEX idx_records_started_at ON records (started_at);
        CREATE INDEX idx_records_done ON records (curriculum_id, kind, status, slot_id, study_date);
        DROP INDEX idx_phases_study_date;
        DROP INDEX idx_phases_done;
        DROP TRIGGER phases_count_insert;
        DROP TRIGGER phases_count_delete;
        DROP TRIGGER phases_count_update_old;
        DROP TRIGGER phases_count_update_new;
        DROP TRIGGER phases_rows_insert;
        DROP TRIGGER phases_rows_delete
        """,
    )
    device = uuid.uuid4().hex[:12]
    conn.execute("INSERT INTO meta (key, value) VALUES ('device', ?)", (device,))
    conn.execute("UPDATE phases SET device = ?", (device,))
    columns = ", ".join(PHASE_COLUMNS)
    conn.execute(f"INSERT INTO records ({columns}) SELECT {columns} FROM phases")
    # What the timer writes becomes a record at once, by whatever writes it (a shell too).
    new = ", ".join(f"NEW.{c}" for c in PHASE_COLUMNS)
    conn.execute(
        f"CREATE TRIGGER phases_to_records AFTER INSERT ON phases "
        f"BEGIN INSERT OR IGNORE INTO records ({columns}) VALUES ({new}); END"
    )
    conn.execute(
        "CREATE TRIGGER phases_out_of_records AFTER DELETE ON phases "
        "BEGIN DELETE FROM records WHERE id = OLD.id; END"
    )
    # A hand edit of a phase no event corrects is that record's new truth (a corrected phase
    # keeps its corrections: pomoplan never lets a shell edit silently undo a learner's amend).
    sets = ", ".join(f"{c} = NEW.{c}" for c in PHASE_COLUMNS)
    conn.execute(
        "CREATE TRIGGER phases_edit_records AFTER UPDATE ON phases "
        "WHEN NOT EXISTS (SELECT 1 FROM events WHERE target = OLD.id) "
        f"BEGIN UPDATE records SET {sets} WHERE id = OLD.id; END"
    )
    for made_at, curriculum_id, path, start in conn.execute(
        "SELECT activated_at, curriculum_id, path, start_date FROM activations ORDER BY id"
    ).fetchall():
        when = _parse_instant(made_at)
        conn.execute(
            "INSERT INTO events (id, kind, target, data, made_at, made_us, device) "
            "VALUES (?, 'activate', NULL, ?, ?, ?, ?)",
            (
                str(uuid.uuid4()),
                json.dumps(
                    {"curriculum_id": curriculum_id, "path": path, "start_date": start},
                    ensure_ascii=False,
                ),
                made_at,
                when,
                device,
            ),
        )
    conn.execute("DROP TABLE activations")
    conn.execute("DROP TABLE summary_rows")
    _run(
        conn, "CREATE TABLE summary_rows (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID"
    )
    # Focus periods per study date and track: a year of stats reads ~1,000 rows, not 50,000.
    _run(
        conn,
        """
        CREATE TABLE day_tracks (
            study_date TEXT NOT NULL,
            track TEXT NOT NULL,
            completed INTEGER NOT NULL,
            focused_s INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (study_date, track)
        ) WITHOUT ROWID
        """,
    )
    _count_triggers(conn, "records")
    _change_triggers(conn, "records")
    _day_track_triggers(conn)
    rebuild_summaries(conn, "records")


def _parse_instant(text: str) -> int:
    """Microseconds since the epoch of an ISO 8601 time (UTC when it names no offset)."""
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round(moment.timestamp() * 1_000_000)


def _v4(conn: sqlite3.Connection) -> None:
    """Sync bookkeeping: how far this device's journal is written, and how far
    each other device's journal file was read.

    ``sync_out``: per table (``phases``, ``events``), the highest rowid of this device's rows
    already appended to its journal in ``sync_dir`` (pomoplan never deletes either table's
    rows, so rowids only grow). ``sync_files``: per journal file read, its size and mtime when
    last read, the byte offset and line number read up to (a truncated last line is read again
    later), and the bytes just before that offset (a file rewritten rather than appended to is
    read again from its start).
    """
    _run(
        conn,
        """
        CREATE TABLE sync_out (name TEXT PRIMARY KEY, seen INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE sync_files (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            offset INTEGER NOT NULL,
            line INTEGER NOT NULL,
            tail BLOB NOT NULL
        ) WITHOUT ROWID
        """,
    )


def _one_of(column: str, choices: tuple[str, ...]) -> str:
    """A CHECK that ``column`` is one of ``choices``, as a chain of ``=``: SQLite evaluates a
    CHECK's ``IN (...)`` list by building it afresh for every row written, which took a
    third of the time of inserting a phase."""
    return " OR ".join(f"{column} = '{choice}'" for choice in choices)


_PHASES_V5 = (
    "id TEXT PRIMARY KEY",
    f"kind TEXT NOT NULL CHECK ({_one_of('kind', ('focus', 'short_break', 'long_break'))})",
    f"status TEXT NOT NULL CHECK ({_one_of('status', ('completed', 'skipped', 'interrupted'))})",
    "curriculum_id TEXT",
    "slot_id TEXT",
    "slot_title TEXT",
    "track TEXT",
    "planned_s INTEGER NOT NULL",
    "focused_s INTEGER NOT NULL",
    "paused_s INTEGER NOT NULL",
    "pauses INTEGER NOT NULL",
    "started_at TEXT NOT NULL",
    "ended_at TEXT NOT NULL",
    "study_date TEXT NOT NULL",
    "reason TEXT",
    f"source TEXT NOT NULL DEFAULT 'timer' CHECK ({_one_of('source', ('timer', 'manual'))})",
    "device TEXT",
)
"""The columns of ``phases`` from schema 5 (PHASE_COLUMNS, with their types and checks)."""
_DECLARED_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9_ ]*(\([0-9, ]*\))?")


def _name(name: str) -> str:
    """An identifier quoted for SQL, whatever it holds."""
    return '"' + name.replace('"', '""') + '"'


def _v5(conn: sqlite3.Connection) -> None:
    """Less work per phase recorded (a first sync merge records 100,000 of them).

    ``phases`` is made again with the same columns, rows and rowids (``sync_out`` counts by
    rowid), its CHECKs as chains of ``=`` (see ``_one_of``), and its triggers and indexes as
    they were, but for ``idx_phases_started_at``: unread since schema 3 (times are read from
    ``records``). ``idx_records_done`` serves the per-slot counts of completed focus periods:
    it now holds those rows only (about half of ``records``) with the same columns, so the
    same queries read it as a covering index.

    A log edited by hand keeps what was added to it: a column added to ``phases`` (with its
    values, declared type, NOT NULL and default), indexes and triggers on it, views and other
    tables' triggers that read or write it, and rows written with the checks switched off.
    """
    kept = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'phases' AND sql IS NOT NULL "
            "AND type IN ('index', 'trigger') AND name != 'idx_phases_started_at' "
            "ORDER BY type, name"
        )
    ]
    found = conn.execute("PRAGMA table_info(phases)").fetchall()
    added = [
        " ".join(
            [_name(name)]
            + ([kind] if _DECLARED_TYPE.fullmatch(kind or "") else [])
            + (["NOT NULL"] if notnull else [])
            + ([f"DEFAULT {default}"] if default is not None else [])
        )
        for _, name, kind, notnull, default, _ in found
        if name not in PHASE_COLUMNS
    ]
    columns = ", ".join(_name(r[1]) for r in found)
    conn.execute(f"CREATE TABLE phases_v5 ({', '.join((*_PHASES_V5, *added))})")
    (unchecked,) = conn.execute("PRAGMA ignore_check_constraints").fetchone()
    (legacy,) = conn.execute("PRAGMA legacy_alter_table").fetchone()
    try:
        # Every row as the old table held it, one written with the checks off too: the move
        # changes no row (what is written from now on is checked).
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(
            f"INSERT INTO phases_v5 (rowid, {columns}) SELECT rowid, {columns} FROM phases "
            "ORDER BY rowid"
        )
        conn.execute(f"PRAGMA ignore_check_constraints = {int(unchecked)}")
        conn.execute("DROP TABLE phases")
        # Views and other tables' triggers naming ``phases`` are left as they are and read
        # the new table (SQLite's recipe for remaking a table): its own renaming would check
        # them while no ``phases`` exists, and fail.
        conn.execute("PRAGMA legacy_alter_table = ON")
        conn.execute("ALTER TABLE phases_v5 RENAME TO phases")
    finally:
        conn.execute(f"PRAGMA legacy_alter_table = {int(legacy)}")
        conn.execute(f"PRAGMA ignore_check_constraints = {int(unchecked)}")
    for sql in kept:
        conn.execute(sql)
    _run(
        conn,
        """
        DROP INDEX IF EXISTS idx_records_done;
        CREATE INDEX idx_records_done
            ON records (curriculum_id, kind, status, slot_id, study_date)
            WHERE kind = 'focus' AND status = 'completed'
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5]
"""MIGRATIONS[n] takes the schema from version n to n + 1."""
SCHEMA_VERSION = len(MIGRATIONS)
SUMMARIES_SINCE = 2
"""The schema version that has ``focus_days`` and ``slot_done``."""
OUR_TABLES = {"phases", "timer_state"}
SUMMARY_TABLES = {"focus_days", "slot_done", "summary_rows"}
"""The summaries every log of schema 2 or later has (``day_tracks`` too from schema 3)."""
EVENT_TABLES = {"events", "records", "meta"}
SYNC_SINCE = 4
"""The schema version that has the sync bookkeeping (``sync_out``, ``sync_files``)."""
SYNC_TABLES = {"sync_out", "sync_files"}


def tables_of(version: int) -> set[str]:
    """The tables a log of schema ``version`` must have."""
    return (
        OUR_TABLES
        | ({"activations"} if version < RECORDS_SINCE else EVENT_TABLES)
        | (SUMMARY_TABLES if version >= SUMMARIES_SINCE else set())
        | (SYNC_TABLES if version >= SYNC_SINCE else set())
    )
