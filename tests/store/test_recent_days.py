"""The pace's last study days: the same whether they fall in the recent window or before it."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.store.log import RECENT_WINDOW_DAYS, LogStore

UNTIL = date(2026, 12, 3)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(-2, RECENT_WINDOW_DAYS * 3),  # days before UNTIL (negative: after it)
            st.sampled_from(["mini", "other"]),
            st.sampled_from(["completed", "skipped"]),
        ),
        max_size=80,
    ),
    days=st.integers(1, 20),
)
def test_the_last_study_days_are_those_of_the_whole_history(
    tmp_path_factory, rows: list[tuple[int, str, str]], days: int
) -> None:
    db: Path = tmp_path_factory.mktemp("log") / "pomoplan.db"
    with LogStore(db) as store:
        store.record(
            [
                log_row(
                    f"r{i}",
                    (UNTIL - timedelta(days=back)).isoformat(),
                    curriculum_id=plan,
                    status=status,
                )
                for i, (back, plan, status) in enumerate(rows)
            ],
            None,
        )
        got = store.recent_study_days("mini", UNTIL, days)
    counted = Counter(
        UNTIL - timedelta(days=back)
        for back, plan, status in rows
        if back >= 0 and plan == "mini" and status == "completed"
    )
    assert got == sorted(counted.items(), reverse=True)[:days]
