"""A merge imported set-based (store/bulk.py) leaves the same records and summaries as one by
one, and both equal a recount, whatever arrives in which batch (corrections before their
phases, undos before what they undo, repeats)."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.store import bulk
from pomoplan.store.events import Event, new_event
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import LOG_COLUMNS, MIGRATIONS, rebuild_summaries

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DAYS = ("2026-11-30", "2026-12-01", "2026-12-02")


def figures(conn: sqlite3.Connection) -> tuple[Any, ...]:
    cols = ", ".join((*LOG_COLUMNS, "note", "source", "device"))
    return (
        sorted(conn.execute(f"SELECT {cols} FROM records")),
        sorted(conn.execute("SELECT * FROM focus_days")),
        sorted(conn.execute("SELECT * FROM slot_done")),
        sorted(conn.execute("SELECT * FROM day_tracks")),
        conn.execute("SELECT n FROM summary_rows WHERE name = 'records'").fetchone(),
        sorted(conn.execute("SELECT id, kind, target, data, made_us, device FROM events")),
        sorted(conn.execute("SELECT * FROM phases")),
    )


def recounted(conn: sqlite3.Connection) -> tuple[Any, ...]:
    """The figures after counting every summary again from the records."""
    conn.execute("BEGIN")
    try:
        rebuild_summaries(conn, "records")
        return figures(conn)
    finally:
        conn.execute("ROLLBACK")


def make_facts(draw: Any) -> list[tuple[str, Any]]:
    """Phases of two devices and corrections of them (some about phases that never come)."""
    n = draw(st.integers(1, 8))
    phases = []
    for i in range(n):
        kind = draw(st.sampled_from(["focus", "focus", "short_break"]))
        phases.append(
            log_row(
                f"p{i}",
                draw(st.sampled_from(DAYS)),
                kind=kind,
                status=draw(st.sampled_from(["completed", "skipped"])),
                slot_id=draw(st.sampled_from(["s0", "s1", None])),
                track=draw(st.sampled_from(["Python", None])),
                source=draw(st.sampled_from(["timer", "manual"])),
                device=draw(st.sampled_from(["dev-a", "dev-b"])),
            )
        )
    events: list[Event] = []
    for i in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["note", "amend", "delete", "log", "undo", "replan"]))
        when = T0 + timedelta(minutes=draw(st.integers(0, 5)))  # ties: device, then id decide
        device = draw(st.sampled_from(["dev-a", "dev-b"]))
        target = f"p{draw(st.integers(0, n))}"  # p{n}: a phase that never arrives
        if kind == "undo":
            if not events:
                continue
            target = draw(st.sampled_from(events)).id
            events.append(new_event("undo", when, device, target=target))
        elif kind == "replan":
            events.append(new_event("replan", when, device, data={"activation": "x"}))
        elif kind == "amend":
            data = draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "status": st.sampled_from(["completed", "interrupted"]),
                        "focused_s": st.integers(0, 1500),
                        "slot_id": st.sampled_from(["s0", "s2", None]),
                        "curriculum_id": st.sampled_from(["mini", "other", None]),
                        "track": st.sampled_from(["Go", None]),
                    },
                )
            )
            events.append(new_event("amend", when, device, target=target, data=data))
        elif kind == "note":
            events.append(new_event("note", when, device, target=target, data={"note": f"n{i}"}))
        else:
            events.append(new_event(kind, when, device, target=target))
    facts: list[tuple[str, Any]] = [("phase", p) for p in phases] + [("event", e) for e in events]
    repeats = draw(st.lists(st.sampled_from(facts), max_size=3)) if facts else []
    return draw(st.permutations(facts + repeats))


@st.composite
def batches(draw: Any) -> list[list[tuple[str, Any]]]:
    facts = make_facts(draw)
    cuts = sorted(draw(st.lists(st.integers(0, len(facts)), max_size=4)))
    out, start = [], 0
    for cut in [*cuts, len(facts)]:
        out.append(facts[start:cut])
        start = cut
    return out


def merge_all(
    store: LogStore, parts: list[list[tuple[str, Any]]], bulk_from: int
) -> tuple[int, list[frozenset[str]]]:
    """How many facts were new, and the days each batch said it changed."""
    total, days = 0, []
    for part in parts:
        phases = [f for k, f in part if k == "phase"]
        events = [f for k, f in part if k == "event"]
        merged = store.merge_in(phases, events, bulk_from=bulk_from)
        total += merged.new
        days.append(merged.days)
    return total, days


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=batches(), local=st.integers(0, 3))
def test_bulk_merge_equals_one_by_one_equals_a_recount(
    tmp_path: Path, parts: list[list[tuple[str, Any]]], local: int
) -> None:
    with (
        LogStore(tmp_path / f"{uuid.uuid4().hex}.db") as fast,
        LogStore(tmp_path / f"{uuid.uuid4().hex}.db") as slow,
    ):
        for store in (fast, slow):  # this device's own records, before any merge
            store.conn.execute("UPDATE meta SET value = 'here' WHERE key = 'device'")
            store.record([log_row(f"own{i}", DAYS[i % 3]) for i in range(local)], None)
        imported = merge_all(fast, parts, bulk_from=0)
        assert imported == merge_all(slow, parts, bulk_from=10**9)
        assert figures(fast.conn) == figures(slow.conn) == recounted(fast.conn)
        assert merge_all(fast, parts, bulk_from=0)[0] == 0  # merging again changes nothing
        assert figures(fast.conn) == figures(slow.conn)


def test_bulk_puts_the_triggers_back_as_they_were(tmp_path: Path) -> None:
    with LogStore(tmp_path / "log.db") as store:
        before = sorted(store.conn.execute("SELECT name, sql FROM sqlite_master"))
        store.merge_in([log_row("p1", DAYS[0], source="timer", device="d2")], [], bulk_from=0)
        assert sorted(store.conn.execute("SELECT name, sql FROM sqlite_master")) == before
        # and they work: a phase recorded after the merge is counted by them
        store.record([log_row("p2", DAYS[0])], None)
        assert store.conn.execute("SELECT completed FROM focus_days").fetchall() == [(2,)]


def test_the_triggers_bulk_knows_are_the_schemas(tmp_path: Path) -> None:
    """A new trigger on phases or records must be taught to store/bulk.py (or merges would
    silently skip its work); until then a log with it is merged one by one."""
    with LogStore(tmp_path / "log.db") as store:
        assert bulk.usable(store.conn)
        names = {
            r[0]
            for r in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('phases', 'records')"
            )
        }
        assert names == bulk.TRIGGERS
        assert len(MIGRATIONS) >= 4
        store.conn.execute(
            "CREATE TRIGGER someone_elses AFTER INSERT ON records BEGIN SELECT 1; END"
        )
        assert not bulk.usable(store.conn)
        added = store.merge_in(
            [log_row("p1", DAYS[0], source="timer", device="d2")], [], bulk_from=0
        ).new
        assert added == 1
        assert store.record_of("p1") is not None


def test_a_failed_bulk_import_leaves_the_log_as_it_was(tmp_path: Path) -> None:
    with LogStore(tmp_path / "log.db") as store:
        store.record([log_row("own", DAYS[0])], None)
        before = figures(store.conn)
        schema = sorted(store.conn.execute("SELECT name, sql FROM sqlite_master"))
        # the CHECK refuses it
        bad = log_row("p1", DAYS[0], source="timer", device="d2", kind="nap")
        try:
            store.merge_in([bad], [], bulk_from=0)
        except Exception as exc:  # StoreError
            assert "cannot write the log" in str(exc)
        else:
            raise AssertionError("a refused row must fail the import")
        assert figures(store.conn) == before
        assert sorted(store.conn.execute("SELECT name, sql FROM sqlite_master")) == schema


def both_ways(tmp_path: Path, parts: list[list[tuple[str, Any]]]) -> tuple[Any, ...]:
    with (
        LogStore(tmp_path / f"{uuid.uuid4().hex}.db") as fast,
        LogStore(tmp_path / f"{uuid.uuid4().hex}.db") as slow,
    ):
        assert merge_all(fast, parts, bulk_from=0) == merge_all(slow, parts, bulk_from=10**9)
        assert figures(fast.conn) == figures(slow.conn) == recounted(fast.conn)
        return figures(fast.conn)


def test_an_undo_in_a_later_merge_takes_back_a_correction_of_a_phase_merged_before(
    tmp_path: Path,
) -> None:
    p1 = log_row("p1", DAYS[0], source="timer", device="dev-a")
    note = new_event("note", T0, "dev-a", target="p1", data={"note": "hi"})
    amend = new_event("amend", T0, "dev-a", target="p1", data={"status": "skipped"})
    undo_note = new_event("undo", T0 + timedelta(minutes=1), "dev-a", target=note.id)
    undo_amend = new_event("undo", T0 + timedelta(minutes=1), "dev-a", target=amend.id)
    records, days, *_ = both_ways(
        tmp_path,
        [
            [("phase", p1), ("event", note), ("event", amend)],
            [("event", undo_note)],
            [("event", undo_amend)],
        ],
    )
    assert [r[15] for r in records] == [None]  # the note is gone
    assert days == [(DAYS[0], 1)]  # completed again: counted


def test_corrections_and_undos_before_their_phase_apply_when_it_arrives(tmp_path: Path) -> None:
    p1 = log_row("p1", DAYS[1], source="timer", device="dev-b")
    p2 = log_row("p2", DAYS[1], source="timer", device="dev-b")
    delete = new_event("delete", T0, "dev-a", target="p1")
    note = new_event("note", T0, "dev-a", target="p2", data={"note": "kept"})
    undo = new_event("undo", T0 + timedelta(minutes=1), "dev-a", target=delete.id)
    records, days, *_ = both_ways(
        tmp_path,
        [[("event", undo)], [("event", delete), ("event", note)], [("phase", p1)], [("phase", p2)]],
    )
    assert sorted((r[0], r[15]) for r in records) == [("p1", None), ("p2", "kept")]
    assert days == [(DAYS[1], 2)]
    records, days, *_ = both_ways(tmp_path, [[("phase", p1)], [("event", delete)]])
    assert records == [] and days == []


def test_many_rows_go_in_many_statements_with_the_same_result(tmp_path: Path) -> None:
    """Rows are inserted hundreds to a statement, as many as SQLite's limit on parameters
    lets one hold: with a low limit (2 phases a statement) and the usual one, a merge with
    repeats and rows the log has already gives what one by one does."""
    phases = [
        log_row(f"p{i:04d}", DAYS[i % 3], slot_id=f"s{i % 7}", source="timer", device="dev-b")
        for i in range(1234)
    ]
    events = [
        new_event("note", T0 + timedelta(seconds=i), "dev-b", target=f"p{i * 3:04d}",
                  data={"note": f"n{i}"})
        for i in range(300)
    ]  # fmt: skip
    parts: list[list[tuple[str, Any]]] = [
        [("phase", p) for p in phases[:100]],
        [("phase", p) for p in [*phases, *phases[500:600]]] + [("event", e) for e in events],
    ]
    expected = both_ways(tmp_path, parts)
    with LogStore(tmp_path / "low.db") as store:
        store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 40)
        assert merge_all(store, parts, bulk_from=0) == (1534, [frozenset(DAYS)] * 2)
        assert figures(store.conn) == expected == recounted(store.conn)


def test_a_bulk_batch_with_nothing_new_leaves_the_log_and_its_triggers_as_they_were(
    tmp_path: Path,
) -> None:
    phases = [log_row(f"p{i}", DAYS[i % 3], source="timer", device="d2") for i in range(300)]
    with LogStore(tmp_path / "log.db") as store:
        assert store.merge_in(phases, [], bulk_from=0).new == 300
        before = figures(store.conn), sorted(store.conn.execute("SELECT * FROM sqlite_master"))
        merged = store.merge_in(phases, [], bulk_from=0)
        assert (merged.new, merged.days) == (0, frozenset())
        assert (figures(store.conn), sorted(store.conn.execute("SELECT * FROM sqlite_master"))) \
            == before  # fmt: skip
