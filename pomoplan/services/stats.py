"""Build the statistics of a month or a year from the log and the plan (the CLI and the app)."""

from __future__ import annotations

from datetime import date

from pomoplan.core.schedule import Schedule
from pomoplan.core.stats import Stats, build_stats
from pomoplan.store.log import LogStore


def load_stats(
    store: LogStore | None, schedule: Schedule, first: date, last: date, today: date
) -> Stats:
    """The figures of ``first``..``last``; an empty log gives empty figures."""
    if store is None:
        return build_stats(first, last, today, schedule, {}, [], [], [], {})
    recent = store.study_dates_until(today)
    try:
        return build_stats(
            first,
            last,
            today,
            schedule,
            store.day_totals(first, last),
            store.week_tracks(first, last),
            recent,
            store.study_dates(),
            store.done_counts(schedule.curriculum.id),
        )
    finally:
        recent.close()
