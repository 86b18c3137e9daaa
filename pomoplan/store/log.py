"""The study log: record ended phases and the running state together, and query them."""

import json
import sqlite3
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pomoplan.store import events as ev
from pomoplan.store.database import StoreError, connect, write_transaction
from pomoplan.store.migrations import (
    LOG_COLUMNS,
    PHASE_COLUMNS,
    RECORDS_SINCE,
    SUMMARIES_SINCE,
    check_summaries,
    has_table,
    mark_checked,
    summaries_fresh,
)
from pomoplan.store.queries import select_in
from pomoplan.store.state import EARLIEST, LATEST, SELECT_STATE, TIMER_KEY, decode_state
from pomoplan.store.values import row_problem, stored_day

if TYPE_CHECKING:
    from pomoplan.store.bulk import Bound

_INSERT = (
    f"INSERT INTO phases ({', '.join(PHASE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in PHASE_COLUMNS)}) ON CONFLICT (id) DO NOTHING"
)
"""A phase already recorded (same id) is not recorded again; any other violation fails loudly."""
BULK_FROM = 200
"""Entries from which a merge imports set-based (store/bulk.py): below, one by one costs less
than setting the triggers aside and back."""
_INSERT_OLD = (
    f"INSERT INTO phases ({', '.join(LOG_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in LOG_COLUMNS)}) ON CONFLICT (id) DO NOTHING"
)


class Activation(NamedTuple):
    """Which curriculum is active and from which date."""

    curriculum_id: str
    path: str
    start_date: date
    id: str = ""
    """The ``activate`` event's id (re-plans name the activation they move)."""
    mode: str = "as-written"
    """How the plan's days are laid from the start date (core/layout.py); activations made
    before there was a choice followed the weekdays as written."""
    ahead: str = ""
    """When the activation was made (``made_at``) if that is after the time now: the clock
    was ahead then ("" otherwise)."""


AHEAD_SLACK_S = 300.0
"""How far after now an event's time may be (another device's clock, a slow sync) before it
counts as made by a clock that was ahead."""


class Merged(NamedTuple):
    """What ``LogStore.merge_in`` stored."""

    new: int
    """Phases and events this log did not have."""
    days: frozenset[str]
    """The study dates (ISO) whose records they may have changed."""


class HistoryEntry(NamedTuple):
    """One recorded phase as ``history`` shows it."""

    shown: dict[str, Any]
    """Its fields with the changes applied (a deleted one: as it was before the deletion)."""
    record: dict[str, Any] | None
    """The record that counts; None when it was deleted."""
    changes: list[ev.Event]
    """The events about it, oldest first."""
    undone: set[str]
    """Which of those were taken back."""

    @property
    def deleted(self) -> bool:
        """Left out of every figure."""
        return self.record is None


RECENT_WINDOW_DAYS = 120
"""How far back the pace first looks for a plan's last study days."""


class LogStore:
    """One SQLite file: the ``phases`` log, the ``events`` that change it, the ``records`` that
    count, and the saved ``timer_state``."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.conn = connect(path, readonly=readonly)
        self._db: Any = None
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        self.version: int = version
        self.table = "records" if version >= RECORDS_SINCE else "phases"
        """What the figures count: effective records (schema 3), or the rows of an older log."""
        self._device: str | None = None
        self.on_change: Callable[[], None] | None = None
        """Called after a write that added phases or events (sync appends them to this
        device's journal); it must not raise."""
        self.summaries = version >= SUMMARIES_SINCE and check_summaries(
            self.conn, repair=not readonly
        )
        """The trigger-kept counts exist and are true. Otherwise figures are counted from the
        rows: a log of an older pomoplan read without migrating it (as read-only commands
        do), or one a shell edit left off that cannot be recounted now (read-only, locked)."""
        self.day_tracks = self.summaries and has_table(self.conn, "day_tracks")
        """Focus totals per study date and track are kept (stats and the review read them)."""

    @property
    def db(self) -> Any:
        """sqlite-utils' view of the same connection, for queries that return rows as dicts."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @property
    def device(self) -> str:
        """This log's device id, made once when the log was created or migrated."""
        if self._device is None:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'device'").fetchone()
            self._device = str(row[0])
        return self._device

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "LogStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def record(self, rows: Sequence[Mapping[str, Any]], state: Mapping[str, Any] | None) -> None:
        """Add ended phases and save the timer state in one transaction (never twice: ids).

        Raises:
            StoreError: the log cannot be written (disk full, read-only...).
        """
        with self._transaction():
            if rows and self.version < RECORDS_SINCE:  # an older schema, kept as it is
                self.conn.executemany(_INSERT_OLD, [tuple(r[c] for c in LOG_COLUMNS) for r in rows])
            elif rows:
                device = self.device
                self.conn.executemany(
                    _INSERT,
                    [
                        (
                            *(r[c] for c in LOG_COLUMNS),
                            r.get("source") or "timer",
                            r.get("device") or device,
                        )
                        for r in rows
                    ],
                )
                # A phase whose corrections arrived first (sync) gets them applied now.
                ev.refresh_records(self.conn, ev.events_about(self.conn, [r["id"] for r in rows]))
            if state is not None:
                self._put_state(state)
        if rows:
            self._changed()

    def add_events(self, events: Sequence[ev.Event]) -> list[ev.Event]:
        """Store events (those already stored are skipped) and update the records they touch.

        Raises:
            StoreError: the log cannot be written.
        """
        with self._transaction():
            fresh = ev.insert_events(self.conn, events)
        if fresh:
            self._changed()
        return fresh

    def merge_in(
        self,
        phases: Sequence[Mapping[str, Any]],
        events: Sequence[ev.Event],
        *,
        bound: "Bound | None" = None,
        bulk_from: int = BULK_FROM,
    ) -> Merged:
        """Store other devices' phases (each with its ``source`` and ``device``) and events,
        those not stored yet.

        From ``bulk_from`` entries on, in one transaction, set-based (store/bulk.py: the same
        records and summaries as one by one, without a trigger run per row); fewer go through
        ``record`` then ``add_events``. ``bound``: ``bulk.bind(phases, events)``, made
        beforehand (by a merge's reader thread). ``on_change`` is not called: these are not
        this device's writes.

        Raises:
            StoreError: the log cannot be written.
        """
        from pomoplan.store import bulk

        if len(phases) + len(events) >= bulk_from and bulk.usable(self.conn):
            self.conn.execute("PRAGMA temp_store = MEMORY")  # bulk's scratch tables
            with self._transaction():
                new, days = bulk.import_facts(self.conn, phases, events, bound)
            return Merged(new, frozenset(days))
        hook, self.on_change = self.on_change, None
        try:
            known = bulk.known(self.conn, "phases", [r["id"] for r in phases])
            fresh = list({r["id"]: r for r in phases if r["id"] not in known}.values())
            if fresh:
                self.record(fresh, None)
            added = self.add_events(events) if events else []
        finally:
            self.on_change = hook
        targets = {r["id"] for r in fresh}
        undone = [e.target for e in added if e.kind == "undo" and e.target]
        targets.update(e.target for e in added if e.kind in ev.RECORD_KINDS and e.target)
        targets.update(e.target for e in self.events_by_id(undone) if e.target)
        return Merged(len(fresh) + len(added), frozenset(self.study_dates_of(targets)))

    def events_by_id(self, ids: Sequence[str]) -> list[ev.Event]:
        """The stored events of these ids (those this log has)."""
        return ev.events_with_ids(self.conn, ids)

    def study_dates_of(self, phase_ids: set[str]) -> set[str]:
        """The study dates (ISO) of these phases (those this log has)."""
        sql = "SELECT study_date FROM phases WHERE id IN ({ids})"
        return {r[0] for r in select_in(self.conn, sql, sorted(phase_ids))}

    def new_event(
        self,
        kind: str,
        when: datetime,
        *,
        target: str | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> ev.Event:
        """Make and store one event of this device, made at ``when``."""
        event = ev.new_event(kind, when, self.device, target=target, data=data)
        self.add_events([event])
        return event

    def events(self, kind: str | None = None, target: str | None = None) -> list[ev.Event]:
        """Stored events, oldest first."""
        if self.version < RECORDS_SINCE:
            return []
        return ev.events_of(self.conn, kind, target)

    def undone(self, event_ids: Sequence[str]) -> set[str]:
        """Which of these events were taken back."""
        if self.version < RECORDS_SINCE:
            return set()
        return ev.undone_among(self.conn, event_ids)

    def log_manual(
        self, row: Mapping[str, Any], when: datetime, note: str | None = None
    ) -> ev.Event:
        """Record a focus done away from the keyboard: its phase (``source`` manual) and the
        ``log`` event that makes it the learner's, in one transaction (one ``undo`` takes both
        back, the note with them)."""
        event = ev.new_event(
            "log", when, self.device, target=row["id"], data={"note": note} if note else None
        )
        with self._transaction():
            self.conn.execute(
                _INSERT,
                (*(row[c] for c in LOG_COLUMNS), "manual", row.get("device") or self.device),
            )
            ev.insert_events(self.conn, [event])
        self._changed()  # sync journals the phase and its event like any other
        return event

    def undo_last(self, when: datetime) -> ev.Event | None:
        """Take back this device's newest change; returns the event taken back, or None."""
        with self._transaction():
            last = ev.last_undoable(self.conn, self.device)
            if last is None:
                return None
            ev.insert_events(self.conn, [ev.new_event("undo", when, self.device, target=last.id)])
        self._changed()
        return last

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A short write transaction that keeps the summaries' check mark (write_transaction)."""
        with write_transaction(self.conn, self.path):
            # Our own changes cannot drift the summaries (recursive triggers are on): when
            # nothing else changed the rows before them, the next open need not count them.
            fresh = self.summaries and summaries_fresh(self.conn)
            yield
            if fresh:
                mark_checked(self.conn)

    def record_each(
        self, rows: Sequence[Mapping[str, Any]], state: Mapping[str, Any] | None
    ) -> list[tuple[dict[str, Any], str]]:
        """Like :meth:`record`, but a row the log refuses does not keep the others out: it is
        returned with the reason, and the rest (and the state) are written.

        Raises:
            StoreError: the log cannot be written now (disk full, busy, read-only...).
        """
        try:
            self.record(rows, state)
            return []
        except StoreError as exc:
            if not exc.refused:
                raise
        except (KeyError, TypeError, ValueError):
            pass  # a row missing a field or holding a value SQLite cannot take
        refused: list[tuple[dict[str, Any], str]] = []
        for row in rows:  # one at a time: ids make a row already written a no-op
            try:
                self.record([row], None)
            except StoreError as exc:
                if not exc.refused:
                    raise
                refused.append((dict(row), str(exc).split(": ", 1)[-1]))
            except (KeyError, TypeError, ValueError) as exc:
                refused.append((dict(row), f"cannot write the log: bad row ({exc!r})"))
        if state is not None:
            self.record([], state)
        return refused

    def data_version(self) -> int | None:
        """A number that moves when another connection (another process: a command in another
        terminal, a sync) committed to the log; this connection's own commits leave it. None
        when the log cannot be read now (it is only asked again later)."""
        try:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def wait_briefly(self, ms: int) -> None:
        """Give up a write after ``ms`` when another process holds the log (the app's screen
        must not freeze for the usual 5 s; the caller keeps the rows and retries)."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")

    def save_state(self, state: Mapping[str, Any]) -> None:
        """Save the running timer (crash resume)."""
        self.record([], state)

    def _put_state(self, state: Mapping[str, Any]) -> None:
        # Dated by the timer's own time (``saved_at``: a wall clock set ahead is not believed).
        saved = state.get("saved_at")
        now = ""
        if isinstance(saved, int | float) and EARLIEST <= saved <= LATEST:
            now = datetime.fromtimestamp(saved, UTC).isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO timer_state (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (TIMER_KEY, json.dumps(state, ensure_ascii=False), now),
        )

    def activate(
        self,
        curriculum_id: str,
        path: str,
        start: date,
        when: datetime,
        mode: str | None = None,
    ) -> Activation:
        """Make a curriculum active from ``start`` (an ``activate`` event made at ``when``),
        its days laid by ``mode`` (None: as written)."""
        made = when
        data = {"curriculum_id": curriculum_id, "path": path, "start_date": start.isoformat()}
        if mode is not None:
            data["layout"] = mode
        current = self._in_force(when.timestamp()) if self.version >= RECORDS_SINCE else None
        if current is not None:
            # Named, not only dated after it: a clock behind (or one that was ahead for the
            # activation in force) cannot leave the one in force in place, now or later. By
            # its id alone: one whose data was edited by hand is replaced like any other.
            data["replaces"] = current[0]
        event = self.new_event("activate", made, data=data)
        return Activation(curriculum_id, path, start, event.id, mode or "as-written")

    # -- reading -------------------------------------------------------------------------

    def load_state(self) -> dict[str, Any] | None:
        """The saved timer state, if any."""
        row = self.conn.execute(SELECT_STATE, (TIMER_KEY,)).fetchone()
        return decode_state(row[0] if row else None)

    def active(self, now: float | None = None) -> Activation | None:
        """The activation in force, if any: of those no later activation replaces (each names
        the one it replaced), the latest.

        With ``now`` (the trusted time, epoch seconds): an activation dated after it (more
        than ``AHEAD_SLACK_S``; made by a clock that was ahead) yields to every activation
        dated before it, so one made since with the clock right wins; ``Activation.ahead``
        says when the one in force is such (the learner is told).
        """
        if self.version < RECORDS_SINCE:
            row = self.conn.execute(
                "SELECT curriculum_id, path, start_date FROM activations ORDER BY id DESC LIMIT 1"
            ).fetchone()
            return None if row is None else Activation(row[0], row[1], date.fromisoformat(row[2]))
        found = self._in_force(now)
        if found is None:
            return None
        try:
            data = json.loads(found[1])
            mode = data.get("layout")
            start = stored_day(data["start_date"])
            if start is None or not all(
                isinstance(data[k], str) for k in ("curriculum_id", "path")
            ):
                raise ValueError
        except (ValueError, TypeError, KeyError, AttributeError):
            raise StoreError(
                f"{self.path}: events row {found[0]}: an activation whose data is not "
                f"curriculum_id, path and start_date (YYYY-MM-DD) (edited by hand?); "
                "`pomoplan start NAME` makes a new one"
            ) from None
        return Activation(
            data["curriculum_id"],
            data["path"],
            start,
            found[0],
            mode if isinstance(mode, str) else "as-written",
            found[2] if found[3] else "",
        )

    def _in_force(self, now: float | None) -> tuple[str, str, str, int] | None:
        """(id, data, made_at, made ahead of ``now``) of the activation in force (``active``)."""
        limit = 2**62 if now is None else round((now + AHEAD_SLACK_S) * 1_000_000)
        row = self.conn.execute(
            # NOT IN: the replaced ids are gathered once (NOT EXISTS read them again for every
            # activation: 1.8 s for 933 of them, 1.9 ms this way).
            "SELECT id, data, made_at, made_us > ? FROM events WHERE kind = 'activate' "
            "AND id NOT IN (SELECT json_extract(data, '$.replaces') FROM events "
            "WHERE kind = 'activate' AND json_valid(data) "
            "AND json_extract(data, '$.replaces') IS NOT NULL) "
            "ORDER BY made_us > ?, made_us DESC, device DESC, id DESC LIMIT 1",
            (limit, limit),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3])

    def done_counts(self, curriculum_id: str) -> dict[str, int]:
        """Completed focus periods per slot id, all time."""
        return self.done_counts_split(curriculum_id, date.max)[0]

    def done_counts_split(
        self, curriculum_id: str, day: date
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Completed focus periods per slot: (all of them, those before study date ``day``)."""
        done: dict[str, int] = {}
        before: dict[str, int] = {}
        if not self.summaries:
            for slot_id, total, earlier in self.conn.execute(
                f"SELECT slot_id, count(*), sum(study_date < ?) FROM {self.table} "
                "WHERE curriculum_id = ? AND kind = 'focus' AND status = 'completed' "
                "AND slot_id IS NOT NULL GROUP BY slot_id",
                (day.isoformat(), curriculum_id),
            ):
                done[slot_id] = total
                if earlier:
                    before[slot_id] = earlier
            return done, before
        done = dict(
            self.conn.execute(
                "SELECT slot_id, completed FROM slot_done WHERE curriculum_id = ?", (curriculum_id,)
            )
        )
        before = dict(done)
        if day < date.max:  # take away what was done on or after ``day``: usually a few rows
            # Slot by slot, each a range of the (curriculum, kind, status, slot, date) index:
            # only the entries on or after ``day`` are read (filtering on the date alone
            # read every completed focus of the curriculum: 36 ms on 500,000 rows).
            for slot_id, n in self.conn.execute(
                f"SELECT s.slot_id, (SELECT count(*) FROM {self.table} r "
                "WHERE r.curriculum_id = s.curriculum_id AND r.kind = 'focus' "
                "AND r.status = 'completed' AND r.slot_id = s.slot_id AND r.study_date >= ?) "
                "FROM slot_done s WHERE s.curriculum_id = ?",
                (day.isoformat(), curriculum_id),
            ):
                before[slot_id] = before.get(slot_id, 0) - n
        return done, {k: v for k, v in before.items() if v > 0}

    def unfinished_slot_ids(self, day: date) -> set[str]:
        """Slots with a skipped or interrupted focus on study date ``day``."""
        return {
            r[0]
            for r in self.conn.execute(
                f"SELECT DISTINCT slot_id FROM {self.table} WHERE study_date = ? AND kind = 'focus' "
                "AND status != 'completed' AND slot_id IS NOT NULL",
                (day.isoformat(),),
            )
        }

    def rows(
        self,
        since: date | None = None,
        until: date | None = None,
        *,
        by_day: bool = False,
        bad: Callable[[str], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Log rows of the study dates ``since``..``until`` (inclusive), oldest first, one at a
        time (a five-year log never sits in memory), each with its ``note``; ``by_day``:
        grouped by study date.

        A row holding a value pomoplan does not write (edited by hand: a time that is not ISO
        8601, a duration that is text) is left out and said to ``bad`` in one located line;
        without ``bad`` it is a StoreError naming the row (never a traceback further on).
        """
        note = "note" if self.version >= RECORDS_SINCE else "NULL AS note"
        sql = f"SELECT {', '.join(LOG_COLUMNS)}, {note} FROM {self.table}"
        where, args = _study_dates(since, until)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + ("study_date, " if by_day else "") + "started_at, ended_at"
        for row in self.db.query(sql, args):
            problem = row_problem(row)
            if problem is None:
                yield row
                continue
            message = f"{self.path}: {self.table} row {row.get('id')}: {problem}"
            if bad is None:
                raise StoreError(f"{message} (edited by hand?); `pomoplan delete ID` drops it")
            bad(f"{message}; it was left out")

    def _day(self, value: object) -> date:
        """A study date read back from the log, or a StoreError naming a row that holds it."""
        day = stored_day(value)
        if day is not None:
            return day
        found = self.conn.execute(
            f"SELECT id FROM {self.table} WHERE study_date IS ? LIMIT 1", (value,)
        ).fetchone()
        where = f"{self.table} row {found[0]}" if found else self.table
        raise StoreError(
            f"{self.path}: {where}: study_date: {value!r} is not a date (YYYY-MM-DD) "
            "(edited by hand?); `pomoplan delete ID` drops it"
        )

    def resolve(self, prefix: str) -> str:
        """The id of the one recorded phase whose id starts with ``prefix`` (like git).

        Raises:
            LookupError: no phase, or several (the message names a few of them).
        """
        if not prefix:
            raise LookupError("an id is needed")
        found = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM phases WHERE id >= ? AND id < ? ORDER BY id LIMIT 4",
                (prefix, prefix + "\U0010ffff"),
            )
        ]
        if not found:
            raise LookupError(f"no record has an id starting with {prefix!r}")
        if len(found) > 1 and prefix not in found:
            shown = ", ".join(f[: len(prefix) + 4] for f in found[:3])
            raise LookupError(
                f"{prefix!r} is the start of several ids ({shown}{', ...' if len(found) > 3 else ''}): "
                "give more of it"
            )
        return prefix if prefix in found else found[0]

    def is_record(self, phase_id: str) -> bool:
        """Whether the phase counts (it exists and is not deleted)."""
        return (
            self.conn.execute(f"SELECT 1 FROM {self.table} WHERE id = ?", (phase_id,)).fetchone()
            is not None
        )

    def last_focus(self) -> dict[str, Any] | None:
        """The newest focus that counts: its id, slot title, note and study date."""
        note = "note" if self.version >= RECORDS_SINCE else "NULL"
        row = self.conn.execute(
            f"SELECT id, slot_title, {note}, study_date FROM {self.table} WHERE kind = 'focus' "
            "ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return dict(zip(("id", "slot_title", "note", "study_date"), row, strict=True))

    def week_notes(self, first: date, last: date) -> list[tuple[str, str, str | None, str]]:
        """(study date, started at, slot title, note) of the focus periods with a note."""
        if self.version < RECORDS_SINCE:
            return []
        return list(
            self.conn.execute(
                "SELECT study_date, started_at, slot_title, note FROM records "
                "WHERE study_date BETWEEN ? AND ? AND kind = 'focus' AND note IS NOT NULL "
                "ORDER BY study_date, started_at",
                (first.isoformat(), last.isoformat()),
            )
        )

    def record_of(self, phase_id: str) -> dict[str, Any] | None:
        """The effective record of a phase (None when deleted or unknown)."""
        cols = (*LOG_COLUMNS, "note") if self.version >= RECORDS_SINCE else LOG_COLUMNS
        row = self.conn.execute(
            f"SELECT {', '.join(cols)} FROM {self.table} WHERE id = ?", (phase_id,)
        ).fetchone()
        return None if row is None else dict(zip(cols, row, strict=True))

    def history(
        self, since: date | None = None, until: date | None = None, page: int = 200
    ) -> Iterator[HistoryEntry]:
        """Every recorded phase, deleted ones too, newest first, with the changes made to it.

        Pages through the log (``page`` phases a query, by study date, start and id) so the
        first lines come at once and memory stays flat whatever the log's length.
        """
        if self.version < RECORDS_SINCE:
            for r in reversed(list(self.rows(since, until))):
                yield HistoryEntry(r, r, [], set())
            return
        cols = PHASE_COLUMNS
        where, args = _study_dates(since, until)
        key: tuple[str, str, str] | None = None
        while True:
            conds = list(where)
            page_args: list[Any] = list(args)
            if key is not None:
                conds.append("(study_date, started_at, id) < (?, ?, ?)")
                page_args.extend(key)
            sql = f"SELECT {', '.join(cols)} FROM phases"
            if conds:
                sql += " WHERE " + " AND ".join(conds)
            sql += " ORDER BY study_date DESC, started_at DESC, id DESC LIMIT ?"
            rows = [
                dict(zip(cols, r, strict=True)) for r in self.conn.execute(sql, (*page_args, page))
            ]
            if not rows:
                return
            ids = [r["id"] for r in rows]
            changes: dict[str, list[ev.Event]] = {}
            for e in ev.events_targeting(self.conn, ids):
                changes.setdefault(e.target or "", []).append(e)
            undone = ev.undone_among(self.conn, [e.id for es in changes.values() for e in es])
            for r in rows:
                events = changes.get(r["id"], [])
                record = ev.effective(r, events, undone)
                if record is None:  # deleted: show it as it was before the deletion
                    kept = [e for e in events if e.kind != "delete"]
                    logs = {e.id for e in events if e.kind == "log"}
                    shown = ev.effective(r, kept, undone - logs) or r
                else:
                    shown = record
                yield HistoryEntry(shown, record, events, undone)
            last = rows[-1]
            key = (last["study_date"], last["started_at"], last["id"])

    # -- the weekly review ---------------------------------------------------------------

    def week_totals(self, first: date, last: date) -> dict[date, tuple[int, int, int, int]]:
        """(completed, skipped, interrupted, focused seconds) of focus periods per study date."""
        out: dict[date, list[int]] = {}
        for day, status, n, secs in self.conn.execute(
            f"SELECT study_date, status, count(*), sum(focused_s) FROM {self.table} "
            "WHERE kind = 'focus' AND study_date BETWEEN ? AND ? GROUP BY study_date, status",
            (first.isoformat(), last.isoformat()),
        ):
            row = out.setdefault(self._day(day), [0, 0, 0, 0])
            row[("completed", "skipped", "interrupted").index(status)] += n
            row[3] += secs or 0
        return {d: (r[0], r[1], r[2], r[3]) for d, r in out.items()}

    def week_tracks(self, first: date, last: date) -> list[tuple[str | None, int, int]]:
        """(track, completed focus periods, focused seconds) over the dates."""
        if self.day_tracks:
            return [
                (r[0] or None, r[1], r[2])
                for r in self.conn.execute(
                    "SELECT track, sum(completed), sum(focused_s) FROM day_tracks "
                    "WHERE study_date BETWEEN ? AND ? GROUP BY track",
                    (first.isoformat(), last.isoformat()),
                )
            ]
        return [
            (r[0], r[1], r[2])
            for r in self.conn.execute(
                f"SELECT track, sum(status = 'completed'), sum(focused_s) FROM {self.table} "
                "WHERE kind = 'focus' AND study_date BETWEEN ? AND ? GROUP BY track",
                (first.isoformat(), last.isoformat()),
            )
        ]

    def week_interruptions(
        self, first: date, last: date
    ) -> list[tuple[str, str | None, str, str | None]]:
        """(ended_at, slot_title, status, reason) of skipped or interrupted focus periods."""
        return list(
            self.conn.execute(
                f"SELECT ended_at, slot_title, status, reason FROM {self.table} WHERE kind = 'focus' "
                "AND status != 'completed' AND study_date BETWEEN ? AND ? ORDER BY ended_at",
                (first.isoformat(), last.isoformat()),
            )
        )

    def day_totals(self, first: date, last: date) -> dict[date, tuple[int, int]]:
        """(completed focus periods, seconds focused in any focus) per study date."""
        if self.day_tracks:
            return {
                self._day(day): (n, secs)
                for day, n, secs in self.conn.execute(
                    "SELECT study_date, sum(completed), sum(focused_s) FROM day_tracks "
                    "WHERE study_date BETWEEN ? AND ? GROUP BY study_date",
                    (first.isoformat(), last.isoformat()),
                )
            }
        return {
            self._day(day): (n, secs or 0)
            for day, n, secs in self.conn.execute(
                f"SELECT study_date, sum(status = 'completed'), sum(focused_s) FROM {self.table} "
                "WHERE study_date BETWEEN ? AND ? AND kind = 'focus' GROUP BY study_date",
                (first.isoformat(), last.isoformat()),
            )
        }

    def study_dates(self) -> Iterator[date]:
        """Every date with a completed focus, oldest first (one summary row a day)."""
        sql = (
            "SELECT study_date FROM focus_days ORDER BY study_date"
            if self.summaries
            else f"SELECT DISTINCT study_date FROM {self.table} WHERE kind = 'focus' "
            "AND status = 'completed' ORDER BY study_date"
        )
        for (day,) in self.conn.execute(sql):
            yield self._day(day)

    def study_dates_until(self, last: date) -> Generator[date, None, None]:
        """Dates with a completed focus, up to ``last``, newest first (for the streak).

        Lazy, from the per-day summary: a streak reads back only to its first gap, and even a
        five-year streak reads one row a day (the log's rows: 11 ms for 50,000).
        """
        sql = (
            "SELECT study_date FROM focus_days WHERE study_date <= ? ORDER BY study_date DESC"
            if self.summaries
            else f"SELECT DISTINCT study_date FROM {self.table} WHERE kind = 'focus' "
            "AND status = 'completed' AND study_date <= ? ORDER BY study_date DESC"
        )
        cursor = self.conn.execute(sql, (last.isoformat(),))
        try:
            for (day,) in cursor:
                yield self._day(day)
        finally:  # also when the caller stops early: no statement left open on the log
            cursor.close()

    def recent_study_days(
        self, curriculum_id: str, until: date, days: int = 14
    ) -> list[tuple[date, int]]:
        """(study date, completed focus periods) of a plan's last ``days`` study days up to
        ``until``, newest first (the pace of ``projected_end``).

        Asked first of the last ``RECENT_WINDOW_DAYS`` days through the study-date index (a
        few thousand rows at most); only a plan studied on fewer days than that in the window
        is counted over its whole history (years of one plan: ~30 ms at each start).
        """
        sql = (
            f"SELECT study_date, count(*) FROM {self.table} WHERE study_date <= ? {{since}}"
            "AND kind = 'focus' AND status = 'completed' AND {curriculum} = ? "
            "GROUP BY study_date ORDER BY study_date DESC LIMIT ?"
        )
        since = (until - timedelta(days=RECENT_WINDOW_DAYS)).isoformat()
        args = (until.isoformat(), curriculum_id, days)
        rows = self.conn.execute(  # "+": by the date index, not the plan's
            sql.format(since="AND study_date > ? ", curriculum="+curriculum_id"),
            (args[0], since, *args[1:]),
        ).fetchall()
        if len(rows) < days:
            rows = self.conn.execute(
                sql.format(since="", curriculum="curriculum_id"), args
            ).fetchall()
        return [(self._day(d), n) for d, n in rows]


def _study_dates(since: date | None, until: date | None) -> tuple[list[str], list[Any]]:
    """SQL conditions and arguments for study dates ``since``..``until`` (inclusive, open ends)."""
    where: list[str] = []
    args: list[Any] = []
    if since is not None:
        where.append("study_date >= ?")
        args.append(since.isoformat())
    if until is not None:
        where.append("study_date <= ?")
        args.append(until.isoformat())
    return where, args
