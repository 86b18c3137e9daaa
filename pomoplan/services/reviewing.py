"""Build the weekly review from the log and the plan (shared by the CLI and the app)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from pomoplan.core.pace import projected_end
from pomoplan.core.review import DayTotals, Interruption, NoteLine, Review, build_review
from pomoplan.core.schedule import Schedule, monday
from pomoplan.store.log import LogStore


def load_review(store: LogStore | None, schedule: Schedule, week_of: date, today: date) -> Review:
    """The review of the ISO week holding ``week_of``; an empty log gives an empty review."""
    first = monday(week_of)
    last = first + timedelta(days=6)
    if store is None:
        return build_review(first, today, schedule, {}, [], [], [], {})
    totals = {d: DayTotals(*t) for d, t in store.week_totals(first, last).items()}
    study_dates = store.study_dates_until(min(today, last))  # read only as far as the streak
    done = store.done_counts(schedule.curriculum.id)
    finished, total = schedule.progress(done)
    recent = store.recent_study_days(schedule.curriculum.id, today)
    notes = [
        NoteLine(date.fromisoformat(day), started, title, note)
        for day, started, title, note in store.week_notes(first, last)
    ]
    try:
        review = build_review(
            first,
            today,
            schedule,
            totals,
            store.week_tracks(first, last),
            [Interruption(*r) for r in store.week_interruptions(first, last)],
            study_dates,
            done,
            projected_end(total - finished, recent, today),
        )
    finally:
        study_dates.close()
    return replace(review, notes=notes)
