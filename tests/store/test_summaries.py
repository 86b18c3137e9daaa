"""The trigger-kept counts (schema 2) equal the counts over the log's rows, whatever writes it."""

from __future__ import annotations

import re
import sqlite3
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.store import database
from pomoplan.store.database import StoreError
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import LOG_COLUMNS, MIGRATIONS, counted_table

DAYS = ["2026-11-21", "2026-11-22", "2026-11-23", "2026-11-25"]
SLOTS = [None, "s1", "s2"]
CURRICULA = [None, "mini", "one-month"]


def row(n: int, **fields: Any) -> dict[str, Any]:
    day = fields.pop("study_date", DAYS[2])
    return log_row(f"row-{n}", day, **{"slot_id": "s1", "slot_title": "装饰器", **fields})


def counted(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """The counts recomputed from the rows."""
    where = "kind = 'focus' AND status = 'completed'"
    table = counted_table(conn)
    days = dict(conn.execute(f"SELECT study_date, count(*) FROM {table} WHERE {where} GROUP BY 1"))
    slots = {
        (c, s): n
        for c, s, n in conn.execute(
            f"SELECT curriculum_id, slot_id, count(*) FROM {table} WHERE {where} "
            "AND curriculum_id IS NOT NULL AND slot_id IS NOT NULL GROUP BY 1, 2"
        )
    }
    return days, slots


def kept(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """The counts the triggers kept."""
    days = dict(conn.execute("SELECT study_date, completed FROM focus_days"))
    slots = {(c, s): n for c, s, n in conn.execute("SELECT * FROM slot_done")}
    return days, slots


fields = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["focus", "short_break"]),
        "status": st.sampled_from(["completed", "skipped", "interrupted"]),
        "study_date": st.sampled_from(DAYS),
        "curriculum_id": st.sampled_from(CURRICULA),
        "slot_id": st.sampled_from(SLOTS),
    }
)
ids = st.integers(0, 5)  # few ids: edits and repeated inserts often hit an existing row
edits = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), st.tuples(ids, fields)),
        st.tuples(st.just("replace"), st.tuples(ids, fields)),
        st.tuples(st.just("delete"), ids),
        st.tuples(st.just("update"), st.tuples(ids, fields)),
    ),
    max_size=30,
)


def replace(conn: sqlite3.Connection, n: int, new: dict[str, Any]) -> None:
    values = row(n, **new)
    conn.execute(
        f"INSERT OR REPLACE INTO phases ({', '.join(LOG_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in LOG_COLUMNS)})",
        [values[c] for c in LOG_COLUMNS],
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=edits)
def test_the_counts_follow_inserts_hand_deletes_and_hand_edits(tmp_path: Path, edits) -> None:
    db = tmp_path / f"p-{uuid.uuid4().hex}.db"  # one log per example
    with LogStore(db) as store:
        assert store.summaries
        for op, arg in edits:
            if op == "insert":  # an id already there is not recorded (nor counted) again
                n, new = arg
                store.record([row(n, **new)], None)
            elif op == "replace":  # a hand edit replacing a row
                replace(store.conn, *arg)
            elif op == "delete":
                store.conn.execute("DELETE FROM phases WHERE id = ?", (f"row-{arg}",))
            else:
                target, new = arg
                sets = ", ".join(f"{k} = ?" for k in new)
                store.conn.execute(
                    f"UPDATE phases SET {sets} WHERE id = ?", (*new.values(), f"row-{target}")
                )
            assert kept(store.conn) == counted(store.conn)
            # With no corrections, the records are the phases as they stand, hand edits too.
            columns = ", ".join(LOG_COLUMNS)
            assert sorted(store.conn.execute(f"SELECT {columns} FROM records")) == sorted(
                store.conn.execute(f"SELECT {columns} FROM phases")
            )


def test_a_schema_1_log_is_read_from_its_rows_then_counted_when_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.db"
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS[:1])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 1)
    rows = [
        row(1, study_date="2026-11-22"),
        row(2, study_date="2026-11-23"),
        row(3, study_date="2026-11-23", slot_id="s2"),
        row(4, study_date="2026-11-25", status="skipped"),
        row(5, study_date="2026-11-25", curriculum_id="one-month"),
    ]
    with LogStore(db) as old:
        old.record(rows, None)
        assert not old.summaries
    monkeypatch.undo()

    def figures(store: LogStore) -> tuple[Any, ...]:
        return (
            store.done_counts("mini"),
            store.done_counts_split("mini", date(2026, 11, 23)),
            list(store.study_dates_until(date(2026, 11, 30))),
        )

    with LogStore(db, readonly=True) as reader:  # a read-only command does not migrate
        assert not reader.summaries
        before = figures(reader)
    assert before == (
        {"s1": 2, "s2": 1},
        ({"s1": 2, "s2": 1}, {"s1": 1}),
        [date(2026, 11, 25), date(2026, 11, 23), date(2026, 11, 22)],
    )
    with LogStore(db) as store:  # the app migrates (with a backup) and fills the counts
        assert store.summaries
        assert kept(store.conn) == counted(store.conn)
        assert figures(store) == before
    assert (tmp_path / "p.db.v1.bak").exists()
    assert [c for c in LOG_COLUMNS] == list(rows[0])  # the fixture rows carry every log field


def test_a_log_missing_its_counts_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with LogStore(db) as store:
        store.record([row(1)], None)
        store.conn.execute("DROP TABLE focus_days")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="tables are missing"):
        LogStore(db, readonly=True)
    with pytest.raises(StoreError, match="tables are missing"):
        LogStore(db)
    assert db.read_bytes() == before


def test_a_replace_that_skipped_the_triggers_is_recounted_at_the_next_open(
    tmp_path: Path,
) -> None:
    db = tmp_path / "p.db"
    with LogStore(db) as store:
        store.record([row(1), row(2, study_date=DAYS[3]), row(3, status="skipped")], None)
    shell = sqlite3.connect(db, isolation_level=None)  # like the sqlite3 shell: no recursion
    replace(shell, 1, {"study_date": DAYS[0]})
    replace(shell, 3, {})
    shell.execute("UPDATE phases SET status = 'interrupted' WHERE id = 'row-2'")
    assert kept(shell) != counted(shell)  # the replaced rows' delete triggers did not run
    shell.close()
    with LogStore(db) as store:
        assert kept(store.conn) == counted(store.conn)
        assert list(store.study_dates_until(date(2026, 12, 31))) == [
            date.fromisoformat(DAYS[2]),
            date.fromisoformat(DAYS[0]),
        ]
        assert store.done_counts("mini") == {"s1": 2}


def drifted_log(tmp_path: Path) -> Path:
    """A log whose kept counts a shell REPLACE left off (the true count of s1 is 2)."""
    db = tmp_path / "p.db"
    with LogStore(db) as store:
        store.record([row(1), row(2, study_date=DAYS[3]), row(3, status="skipped")], None)
    shell = sqlite3.connect(db, isolation_level=None)
    replace(shell, 1, {})
    shell.close()
    return db


def test_a_drifted_log_read_only_is_counted_from_its_rows(tmp_path: Path) -> None:
    db = drifted_log(tmp_path)
    with LogStore(db, readonly=True) as reader:
        assert not reader.summaries
        assert reader.done_counts("mini") == {"s1": 2}


def test_a_drifted_log_another_writer_holds_opens_and_is_counted_from_its_rows(
    tmp_path: Path,
) -> None:
    db = drifted_log(tmp_path)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # say, a database browser with unsaved edits
    try:
        with LogStore(db) as store:  # no recount now, and no error: the app must open
            assert not store.summaries
            assert store.done_counts("mini") == {"s1": 2}
            assert list(store.study_dates_until(date(2026, 12, 31))) == [
                date.fromisoformat(DAYS[3]),
                date.fromisoformat(DAYS[2]),
            ]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with LogStore(db) as store:  # the next open can write: recounted
        assert store.summaries
        assert kept(store.conn) == counted(store.conn)


# -- the check at open costs the same at any length ------------------------------------------


def check_reads(db: Path, *, readonly: bool = False) -> tuple[set[str], bool]:
    """The tables ``check_summaries`` reads at an open of ``db``, and its verdict.

    (Tables, not time or VM steps: SQLite counts a table's rows in one VM step.)
    """
    from pomoplan.store.migrations import check_summaries

    conn = database.connect(db, readonly=readonly)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        verdict = check_summaries(conn, repair=not readonly)
    finally:
        conn.close()
    return {t for sql in statements for t in re.findall(r"\bFROM (\w+)", sql)}, verdict


def log_of(tmp_path: Path, name: str, n: int) -> Path:
    db = tmp_path / f"{name}.db"
    rows = [row(i, study_date=DAYS[i % len(DAYS)], slot_id=SLOTS[i % 3]) for i in range(n)]
    with LogStore(db) as store:
        store.record(rows, None)
    return db


def test_the_check_at_open_reads_no_table_that_grows_with_the_log(tmp_path: Path) -> None:
    db = log_of(tmp_path, "p", 300)
    for readonly in (False, True):
        assert check_reads(db, readonly=readonly) == ({"summary_rows"}, True)
    # A shell edit: the next open counts the rows once (and recounts), then no more.
    shell = sqlite3.connect(db, isolation_level=None)
    replace(shell, 1, {"study_date": DAYS[0]})
    shell.execute("DELETE FROM phases WHERE id = 'row-7'")  # a plain one, counted right
    shell.close()
    tables, verdict = check_reads(db, readonly=True)
    assert not verdict and "records" in tables  # read-only: figures come from the rows
    tables, verdict = check_reads(db)
    assert verdict and "records" in tables
    assert check_reads(db) == ({"summary_rows"}, True)
    with LogStore(db) as store:
        assert kept(store.conn) == counted(store.conn)
        store.record([row(1000)], None)  # pomoplan's own writes keep the check cheap
    assert check_reads(db, readonly=True) == ({"summary_rows"}, True)


def test_a_shell_edit_is_recounted_even_after_pomoplan_wrote_since(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with LogStore(db) as app:  # the app is open while the shell edits, and then writes
        app.record([row(1), row(2, study_date=DAYS[3])], None)
        shell = sqlite3.connect(db, isolation_level=None)
        replace(shell, 1, {"study_date": DAYS[0]})
        shell.close()
        app.record([row(3)], None)
        app.save_state({"version": 1})
    with LogStore(db) as store:
        assert kept(store.conn) == counted(store.conn)
        assert store.done_counts("mini") == {"s1": 3}


def test_a_shell_edit_undone_in_count_by_a_delete_is_still_recounted(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    with LogStore(db) as store:
        store.record([row(1), row(2), row(3, study_date=DAYS[3])], None)
    shell = sqlite3.connect(db, isolation_level=None)
    replace(shell, 1, {"study_date": DAYS[0]})  # the kept row count is one too many...
    shell.execute("DELETE FROM phases WHERE id = 'row-2'")  # ...then both fall by one
    shell.close()
    with LogStore(db, readonly=True) as reader:
        assert reader.done_counts("mini") == {"s1": 2}
    with LogStore(db) as store:
        assert store.summaries
        assert kept(store.conn) == counted(store.conn)
        assert store.done_counts("mini") == {"s1": 2}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(fields, max_size=25),
    curriculum=st.sampled_from(["mini", "one-month"]),
    day=st.sampled_from([*DAYS, "2026-11-01", "2026-11-24", "2026-12-31"]),
)
def test_done_before_a_day_from_the_summaries_is_what_the_rows_say(
    tmp_path: Path, rows: list[dict[str, Any]], curriculum: str, day: str
) -> None:
    db = tmp_path / f"p-{uuid.uuid4().hex}.db"
    with LogStore(db) as store:
        store.record([row(i, **r) for i, r in enumerate(rows)], None)
        assert store.summaries
        fast = store.done_counts_split(curriculum, date.fromisoformat(day))
        store.summaries = False  # count from the rows
        assert fast == store.done_counts_split(curriculum, date.fromisoformat(day))
