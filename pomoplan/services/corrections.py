"""The learner's corrections: a focus logged by hand, a note, an amendment, a deletion, an undo.

Each is an event through :class:`LogStore` (never a rewrite of a recorded phase), shared by the
commands and the app. Errors are ``CorrectionError``: one line for the learner.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from pomoplan.core.schedule import Schedule
from pomoplan.core.studyday import study_date
from pomoplan.store.events import Event
from pomoplan.store.log import LogStore
from pomoplan.store.values import stored_day

STATUSES = ("completed", "skipped", "interrupted")


class CorrectionError(Exception):
    """A correction that cannot be made (unknown or ambiguous id, a deleted record...)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
        """The exit code: 2 for a mistake in what was given, 1 for a state that forbids it."""


def resolve(store: LogStore, prefix: str) -> str:
    """The phase id ``prefix`` names (a unique start of one, like git)."""
    try:
        return store.resolve(prefix.strip())
    except LookupError as exc:
        raise CorrectionError(str(exc), code=2) from None


def slot_fields(schedule: Schedule, slot_id: str) -> dict[str, Any]:
    """What a record of ``slot_id`` of the active plan carries about its slot."""
    slot = schedule.slot(slot_id)
    if slot is None:
        raise CorrectionError(
            f"the active plan ({schedule.curriculum.id}) has no slot {slot_id!r}", code=2
        )
    return {
        "curriculum_id": schedule.curriculum.id,
        "slot_id": slot.id,
        "slot_title": slot.title,
        "track": slot.track,
    }


def manual_row(
    slot: Mapping[str, Any], ended: datetime, minutes: int, day_starts_at: time
) -> dict[str, Any]:
    """A completed focus of ``minutes`` that ended at ``ended`` (aware, local)."""
    started = ended - timedelta(minutes=minutes)
    return {
        "id": str(uuid.uuid4()),
        "kind": "focus",
        "status": "completed",
        "curriculum_id": slot.get("curriculum_id"),
        "slot_id": slot.get("slot_id"),
        "slot_title": slot.get("slot_title"),
        "track": slot.get("track"),
        "planned_s": minutes * 60,
        "focused_s": minutes * 60,
        "paused_s": 0,
        "pauses": 0,
        "started_at": started.isoformat(timespec="seconds"),
        "ended_at": ended.isoformat(timespec="seconds"),
        "study_date": study_date(started, day_starts_at).isoformat(),
        "reason": None,
    }


def log_focus(
    store: LogStore, row: dict[str, Any], when: datetime, note: str | None
) -> tuple[Event, date]:
    """Record ``row`` as a focus done away from the keyboard; returns its event and study day."""
    event = store.log_manual(row, when, note or None)
    return event, date.fromisoformat(row["study_date"])


def _live(store: LogStore, phase_id: str) -> dict[str, Any]:
    record = store.record_of(phase_id)
    if record is None:
        raise CorrectionError(f"{phase_id[:8]} is deleted: `pomoplan undo` brings it back")
    return record


def set_note(
    store: LogStore, phase_id: str, note: str, when: datetime
) -> tuple[Event, date | None]:
    """Set (or, with an empty text, clear) the note of a record."""
    record = _live(store, phase_id)
    event = store.new_event("note", when, target=phase_id, data={"note": note.strip()})
    return event, stored_day(record["study_date"])  # None: edited by hand, no note follows


def amend(
    store: LogStore, phase_id: str, changes: Mapping[str, Any], when: datetime
) -> tuple[Event, date | None]:
    """Change a record's amendable fields (minutes, slot, status, note)."""
    if not changes:
        raise CorrectionError(
            "nothing to amend: give --minutes, --slot, --status or --note", code=2
        )
    record = _live(store, phase_id)
    event = store.new_event("amend", when, target=phase_id, data=dict(changes))
    return event, stored_day(record["study_date"])  # None: edited by hand, no note follows


def delete(store: LogStore, phase_id: str, when: datetime) -> tuple[Event, date | None]:
    """Leave a record out of every figure (it stays in ``history``)."""
    record = _live(store, phase_id)
    event = store.new_event("delete", when, target=phase_id)
    return event, stored_day(record["study_date"])  # None: edited by hand, no note follows


def undo(store: LogStore, when: datetime) -> tuple[Event, date | None]:
    """Take back this device's last change; returns it and the study day it touched."""
    undone = store.undo_last(when)
    if undone is None:
        raise CorrectionError("nothing to undo")
    day = None
    if undone.target and undone.kind in ("log", "note", "amend", "delete"):
        row = store.conn.execute(
            "SELECT study_date FROM phases WHERE id = ?", (undone.target,)
        ).fetchone()
        day = stored_day(row[0]) if row else None
    return undone, day
