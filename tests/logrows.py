"""A whole log row (every field of the log, in order) for tests that write the log directly."""

from __future__ import annotations

from typing import Any


def log_row(rid: str, day: str, **fields: Any) -> dict[str, Any]:
    """A completed 25-minute focus on study date ``day`` at 09:00 +08:00; ``fields`` override."""
    base = {
        "id": rid,
        "kind": "focus",
        "status": "completed",
        "curriculum_id": "mini",
        "slot_id": "w1-mon-b1-s1",
        "slot_title": "复习Python高级特性",
        "track": "Python",
        "planned_s": 1500,
        "focused_s": 1500,
        "paused_s": 0,
        "pauses": 0,
        "started_at": f"{day}T09:00:00+08:00",
        "ended_at": f"{day}T09:25:00+08:00",
        "study_date": day,
        "reason": None,
    }
    return {**base, **fields}
