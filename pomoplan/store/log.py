"""The study log: record ended phases and the running state together, and query them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from pomoplan.store.database import StoreError, connect
from pomoplan.store.migrations import LOG_COLUMNS, SUMMARIES_SINCE, check_summaries
from pomoplan.store.state import SELECT_STATE, TIMER_KEY, decode_state

_INSERT = (
    f"INSERT INTO phases ({', '.join(LOG_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in LOG_COLUMNS)}) ON CONFLICT (id) DO NOTHING"
)
"""A phase already recorded (same id) is not recorded again; any other violation fails loudly."""


class Activation(NamedTuple):
    """Which curriculum is active and from which date."""

    curriculum_id: str
    path: str
    start_date: date


class LogStore:
    """One SQLite file: the ``phases`` log, ``activations`` and the saved ``timer_state``."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.conn = connect(path, readonly=readonly)
        self._db: Any = None
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        self.summaries = version >= SUMMARIES_SINCE and check_summaries(
            self.conn, repair=not readonly
        )
        """The trigger-kept counts exist and are true. Otherwise figures are counted from the
        rows: a log of an older pomoplan read without migrating it (as read-only commands
        do), or one a shell edit left off that cannot be recounted now (read-only, locked)."""

    @property
    def db(self) -> Any:
        """sqlite-utils' view of the same connection, for queries that return rows as dicts."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> LogStore:
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
            self.conn.executemany(_INSERT, [tuple(r[c] for c in LOG_COLUMNS) for r in rows])
            if state is not None:
                self._put_state(state)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """A short write transaction; any SQLite failure becomes a one-line StoreError."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot write the log: {exc}") from None

    def save_state(self, state: Mapping[str, Any]) -> None:
        """Save the running timer (crash resume)."""
        self.record([], state)

    def _put_state(self, state: Mapping[str, Any]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO timer_state (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (TIMER_KEY, json.dumps(state, ensure_ascii=False), now),
        )

    def activate(self, curriculum_id: str, path: str, start: date) -> None:
        """Make a curriculum active from ``start``."""
        with self._transaction():
            self.conn.execute(
                "INSERT INTO activations (curriculum_id, path, start_date, activated_at) "
                "VALUES (?, ?, ?, ?)",
                (
                    curriculum_id,
                    path,
                    start.isoformat(),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )

    # -- reading -------------------------------------------------------------------------

    def load_state(self) -> dict[str, Any] | None:
        """The saved timer state, if any."""
        row = self.conn.execute(SELECT_STATE, (TIMER_KEY,)).fetchone()
        return decode_state(row[0] if row else None)

    def active(self) -> Activation | None:
        """The latest activation, if any."""
        row = self.conn.execute(
            "SELECT curriculum_id, path, start_date FROM activations ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return Activation(row[0], row[1], date.fromisoformat(row[2]))

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
                "SELECT slot_id, count(*), sum(study_date < ?) FROM phases "
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
            for slot_id, n in self.conn.execute(
                "SELECT slot_id, count(*) FROM phases WHERE study_date >= ? "
                "AND kind = 'focus' AND status = 'completed' AND curriculum_id = ? "
                "AND slot_id IS NOT NULL GROUP BY slot_id",
                (day.isoformat(), curriculum_id),
            ):
                before[slot_id] = before.get(slot_id, 0) - n
        return done, {k: v for k, v in before.items() if v > 0}

    def unfinished_slot_ids(self, day: date) -> set[str]:
        """Slots with a skipped or interrupted focus on study date ``day``."""
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT slot_id FROM phases WHERE study_date = ? AND kind = 'focus' "
                "AND status != 'completed' AND slot_id IS NOT NULL",
                (day.isoformat(),),
            )
        }

    def rows(
        self, since: date | None = None, until: date | None = None
    ) -> Iterator[dict[str, Any]]:
        """Log rows by study date (inclusive bounds), oldest first."""
        sql = f"SELECT {', '.join(LOG_COLUMNS)} FROM phases"
        where, args = [], []
        if since is not None:
            where.append("study_date >= ?")
            args.append(since.isoformat())
        if until is not None:
            where.append("study_date <= ?")
            args.append(until.isoformat())
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started_at, ended_at"
        yield from self.db.query(sql, args)

    # -- the weekly review ---------------------------------------------------------------

    def week_totals(self, first: date, last: date) -> dict[date, tuple[int, int, int, int]]:
        """(completed, skipped, interrupted, focused seconds) of focus periods per study date."""
        out: dict[date, list[int]] = {}
        for day, status, n, secs in self.conn.execute(
            "SELECT study_date, status, count(*), sum(focused_s) FROM phases "
            "WHERE kind = 'focus' AND study_date BETWEEN ? AND ? GROUP BY study_date, status",
            (first.isoformat(), last.isoformat()),
        ):
            row = out.setdefault(date.fromisoformat(day), [0, 0, 0, 0])
            row[("completed", "skipped", "interrupted").index(status)] += n
            row[3] += secs or 0
        return {d: (r[0], r[1], r[2], r[3]) for d, r in out.items()}

    def week_tracks(self, first: date, last: date) -> list[tuple[str | None, int, int]]:
        """(track, completed focus periods, focused seconds) over the dates."""
        return [
            (r[0], r[1], r[2])
            for r in self.conn.execute(
                "SELECT track, sum(status = 'completed'), sum(focused_s) FROM phases "
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
                "SELECT ended_at, slot_title, status, reason FROM phases WHERE kind = 'focus' "
                "AND status != 'completed' AND study_date BETWEEN ? AND ? ORDER BY ended_at",
                (first.isoformat(), last.isoformat()),
            )
        )

    def study_dates_until(self, last: date) -> Generator[date, None, None]:
        """Dates with a completed focus, up to ``last``, newest first (for the streak).

        Lazy, from the per-day summary: a streak reads back only to its first gap, and even a
        five-year streak reads one row a day (the log's rows: 11 ms for 50,000).
        """
        sql = (
            "SELECT study_date FROM focus_days WHERE study_date <= ? ORDER BY study_date DESC"
            if self.summaries
            else "SELECT DISTINCT study_date FROM phases WHERE kind = 'focus' "
            "AND status = 'completed' AND study_date <= ? ORDER BY study_date DESC"
        )
        cursor = self.conn.execute(sql, (last.isoformat(),))
        try:
            for (day,) in cursor:
                yield date.fromisoformat(day)
        finally:  # also when the caller stops early: no statement left open on the log
            cursor.close()
