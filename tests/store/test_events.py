"""Corrections are events: records follow them, in any order, and the summaries stay true."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.store import database
from pomoplan.store.events import Event, new_event
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import LOG_COLUMNS, MIGRATIONS

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def phase(n: int, **fields: Any) -> dict[str, Any]:
    return log_row(f"p{n}", "2026-12-01", **{"slot_id": f"s{n % 3}", **fields})


def records(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return sorted(conn.execute(f"SELECT {', '.join(LOG_COLUMNS)}, note FROM records"))


def summaries(conn: sqlite3.Connection) -> tuple[Any, ...]:
    return (
        sorted(conn.execute("SELECT * FROM focus_days")),
        sorted(conn.execute("SELECT * FROM slot_done")),
    )


def recount(conn: sqlite3.Connection) -> tuple[Any, ...]:
    where = "kind = 'focus' AND status = 'completed'"
    return (
        sorted(conn.execute(f"SELECT study_date, count(*) FROM records WHERE {where} GROUP BY 1")),
        sorted(
            conn.execute(
                f"SELECT curriculum_id, slot_id, count(*) FROM records WHERE {where} "
                "AND curriculum_id IS NOT NULL AND slot_id IS NOT NULL GROUP BY 1, 2"
            )
        ),
    )


def test_a_note_amend_and_delete_change_the_record_never_the_phase(tmp_path: Path) -> None:
    with LogStore(tmp_path / "p.db") as store:
        store.record([phase(1)], None)
        store.new_event("note", T0, target="p1", data={"note": "装饰器 [x] ok"})
        store.new_event("amend", T0 + timedelta(seconds=1), target="p1", data={"focused_s": 600})
        rec = store.conn.execute("SELECT focused_s, note FROM records WHERE id = 'p1'").fetchone()
        assert rec == (600, "装饰器 [x] ok")
        assert store.conn.execute("SELECT focused_s FROM phases").fetchone() == (1500,)
        store.new_event("delete", T0 + timedelta(seconds=2), target="p1")
        assert store.conn.execute("SELECT count(*) FROM records").fetchone() == (0,)
        assert store.conn.execute("SELECT count(*) FROM focus_days").fetchone() == (0,)
        assert store.conn.execute("SELECT count(*) FROM phases").fetchone() == (1,)


def test_undo_takes_back_this_devices_newest_change(tmp_path: Path) -> None:
    with LogStore(tmp_path / "p.db") as store:
        store.record([phase(1)], None)
        store.new_event("amend", T0, target="p1", data={"status": "skipped"})
        deleted = store.new_event("delete", T0 + timedelta(seconds=1), target="p1")
        assert store.undo_last(T0 + timedelta(seconds=2)) == deleted
        assert store.conn.execute("SELECT status FROM records").fetchone() == ("skipped",)
        store.undo_last(T0 + timedelta(seconds=3))
        assert store.conn.execute("SELECT status FROM records").fetchone() == ("completed",)
        assert store.undo_last(T0 + timedelta(seconds=4)) is None


def test_corrections_that_arrive_before_their_phase_apply_when_it_comes(tmp_path: Path) -> None:
    with LogStore(tmp_path / "p.db") as store:
        other = new_event("amend", T0, "laptop", target="p1", data={"slot_title": "改了"})
        store.add_events([other])
        assert store.conn.execute("SELECT count(*) FROM records").fetchone() == (0,)
        store.record([phase(1)], None)
        assert store.conn.execute("SELECT slot_title FROM records").fetchone() == ("改了",)


def test_a_schema_2_log_migrates_rows_to_records_and_activations_to_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "p.db"
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS[:2])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 2)
    with LogStore(db) as old:
        old.record([phase(1), phase(2, status="skipped")], None)
        old.conn.execute(
            "INSERT INTO activations (curriculum_id, path, start_date, activated_at) "
            "VALUES ('mini', 'bundled:mini', '2026-11-30', '2026-11-30T08:00:00+08:00')"
        )
    monkeypatch.undo()
    with LogStore(db) as store:
        assert store.version >= 3  # and on to the current schema
        active = store.active()
        assert active is not None and active.curriculum_id == "mini" and active.id
        assert str(active.start_date) == "2026-11-30"
        assert records(store.conn) == sorted(
            (*r, None) for r in store.conn.execute(f"SELECT {', '.join(LOG_COLUMNS)} FROM phases")
        )
        assert summaries(store.conn) == recount(store.conn)
        assert len(store.device) == 12
        assert {r[0] for r in store.conn.execute("SELECT device FROM phases")} == {store.device}


def _apply(store: LogStore, ops: list[tuple[str, int]], device: str) -> list[Event]:
    made: list[Event] = []
    for i, (op, n) in enumerate(ops):
        when = T0 + timedelta(minutes=i)
        if op == "log":
            store.record([phase(n, source="manual")], None)
            made.append(new_event("log", when, device, target=f"p{n}"))
        elif op == "note":
            made.append(new_event("note", when, device, target=f"p{n}", data={"note": f"n{i}"}))
        elif op == "amend":
            status = ("completed", "skipped", "interrupted")[i % 3]
            data = {"status": status, "focused_s": 60 * i, "slot_id": f"s{i % 4}"}
            made.append(new_event("amend", when, device, target=f"p{n}", data=data))
        elif op == "delete":
            made.append(new_event("delete", when, device, target=f"p{n}"))
        elif op == "undo" and made:
            made.append(new_event("undo", when, device, target=made[n % len(made)].id))
        else:
            continue
        store.add_events(made[-1:])
    return made


ops = st.lists(
    st.tuples(st.sampled_from(["log", "note", "amend", "delete", "undo"]), st.integers(0, 4)),
    max_size=25,
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=ops, order=st.randoms(use_true_random=False))
def test_any_corrections_in_any_order_give_the_same_records_and_true_figures(
    tmp_path: Path, ops: list[tuple[str, int]], order: Any
) -> None:
    """Figures equal a recount from scratch; a second log fed the same facts shuffled agrees."""
    here = tmp_path / f"a-{uuid.uuid4().hex}.db"
    there = tmp_path / f"b-{uuid.uuid4().hex}.db"
    with LogStore(here) as a, LogStore(there) as b:
        a.record([phase(n) for n in range(3)], None)
        made = _apply(a, ops, a.device)
        assert summaries(a.conn) == recount(a.conn)
        rows = [dict(zip(LOG_COLUMNS, r, strict=True)) for r in a.conn.execute(
            f"SELECT {', '.join(LOG_COLUMNS)} FROM phases")]  # fmt: skip
        facts: list[Any] = [("phase", r) for r in rows] + [("event", e) for e in made]
        order.shuffle(facts)
        for kind, fact in facts:
            if kind == "phase":
                b.record([fact], None)
            else:
                b.add_events([fact])
        assert records(b.conn) == records(a.conn)
        assert summaries(b.conn) == recount(b.conn) == recount(a.conn)


def test_undo_takes_back_the_change_made_last_even_if_a_wrong_clock_dated_another_later(
    tmp_path: Path,
) -> None:
    with LogStore(tmp_path / "p.db") as store:
        store.record([phase(1)], None)
        store.new_event("note", T0 + timedelta(days=365), target="p1", data={"note": "ahead"})
        amend = store.new_event("amend", T0, target="p1", data={"status": "skipped"})
        assert store.undo_last(T0 + timedelta(seconds=1)) == amend
        assert store.conn.execute("SELECT status, note FROM records").fetchone() == (
            "completed",
            "ahead",
        )
