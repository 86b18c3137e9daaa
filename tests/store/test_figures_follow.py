"""Every figure follows the learner's corrections: after any sequence of log, note, amend,
delete and undo, today's counts, the review and the stats equal a recount from scratch."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.core.curriculum import load_curriculum
from pomoplan.core.schedule import Schedule
from pomoplan.services import corrections as fix
from pomoplan.services.reviewing import load_review
from pomoplan.store.events import refresh_records
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import rebuild_summaries

FIXTURES = Path(__file__).parent.parent / "fixtures"
TZ = timezone(timedelta(hours=8))
T0 = datetime(2026, 12, 2, 20, 0, tzinfo=TZ)
SLOTS = ("w1-mon-b1-s1", "w1-mon-b1-s2", "w1-mon-b2-s1", "w2-mon-b1-s1")
SCHEDULE = Schedule(load_curriculum(FIXTURES / "mini.yaml"), date(2026, 11, 30))


def figures(store: LogStore) -> dict[str, Any]:
    """What the commands and the app show, as read by them."""
    from pomoplan.services.stats import load_stats

    out: dict[str, Any] = {}
    for day in (date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7)):
        out[f"today {day}"] = store.done_counts_split("mini", day)
        out[f"review {day}"] = load_review(store, SCHEDULE, day, date(2026, 12, 3)).to_json()
    out["stats"] = load_stats(
        store, SCHEDULE, date(2026, 11, 1), date(2026, 12, 31), date(2026, 12, 3)
    ).to_json()
    return out


def from_scratch(path: Path, copy: Path) -> None:
    """Copy the log and derive its records and summaries again from phases and events."""
    src = sqlite3.connect(path)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    with dst:
        dst.execute("PRAGMA recursive_triggers = ON")
        dst.execute("DELETE FROM records")
        refresh_records(dst, [r[0] for r in dst.execute("SELECT id FROM phases")])
        rebuild_summaries(dst, "records")
    dst.close()


ops = st.lists(
    st.tuples(
        st.sampled_from(["log", "note", "amend", "delete", "undo"]),
        st.integers(0, 7),
        st.sampled_from([None, *SLOTS]),
        st.sampled_from(["completed", "skipped", "interrupted"]),
    ),
    max_size=20,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=ops)
def test_figures_after_any_corrections_equal_a_recount_from_scratch(
    tmp_path: Path, ops: list[tuple[str, int, str | None, str]]
) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    with LogStore(path) as store:
        days = ["2026-11-30", "2026-12-01", "2026-12-02"]
        store.record([log_row(f"t{n}", days[n % 3], slot_id=SLOTS[n % 4]) for n in range(4)], None)
        ids = [f"t{n}" for n in range(4)]
        for i, (op, n, slot, status) in enumerate(ops):
            when = T0 + timedelta(minutes=i)
            target = ids[n % len(ids)]
            try:
                if op == "log":
                    fields = fix.slot_fields(SCHEDULE, slot) if slot else {"slot_title": "自由"}
                    ended = T0 - timedelta(days=n % 4, hours=n)
                    row = fix.manual_row(fields, ended, 10 + n, time(4, 0))
                    fix.log_focus(store, row, when, f"n{i}" if n % 2 else None)
                    ids.append(row["id"])
                elif op == "note":
                    fix.set_note(store, target, f"笔记 {i}", when)
                elif op == "amend":
                    changes: dict[str, Any] = {"status": status, "focused_s": 60 * (n + 1)}
                    if slot:
                        changes.update(fix.slot_fields(SCHEDULE, slot))
                    fix.amend(store, target, changes, when)
                elif op == "delete":
                    fix.delete(store, target, when)
                else:
                    fix.undo(store, when)
            except fix.CorrectionError:
                pass  # a deleted record, or nothing to undo: refused, nothing changes
        seen = figures(store)
    copy = tmp_path / f"{uuid.uuid4().hex}-scratch.db"
    from_scratch(path, copy)
    with LogStore(copy) as scratch:
        assert figures(scratch) == seen
