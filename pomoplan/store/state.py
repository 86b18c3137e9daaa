"""The saved timer state row: its key, how it is decoded and checked (shared by the app and ``status``).

Kept to the standard library so ``pomoplan status`` stays cheap.
"""

import json
import math
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

TIMER_KEY = "timer"
SELECT_STATE = "SELECT value FROM timer_state WHERE key = ?"

STATE_VERSION = 1
PHASES = ("focus", "short_break", "long_break")
SLOT_KEYS = ("curriculum_id", "slot_id", "title", "track")
EARLIEST = 946_684_800.0
"""2000-01-01: no pomoplan state was saved before."""
LATEST = 253_402_214_400.0
"""9999-12-31: the last instant a date can show."""
LONGEST_S = 24 * 3600
"""The longest phase a duration can set."""
SLACK_S = 1.0
SUSPEND_THRESHOLD_S = 5.0
"""The timer's own (``pomoplan.core.timer``): how far back a clock must be set to count."""


class Checked(NamedTuple):
    """A saved state with what was out of range dropped, and one line per thing dropped."""

    state: dict[str, Any] | None
    dropped: list[str]


def decode_state(raw: str | None) -> dict[str, Any] | None:
    """The state document stored as JSON, or None when absent or unreadable (not yet checked)."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def read_state(db: Path) -> dict[str, Any] | None:
    """The saved timer state of the log at ``db`` (read-only), or None when there is none.

    Raises:
        StoreError: the log cannot be read (damaged, foreign, or a read-only folder that keeps
            SQLite from reading it); "nothing is running" would be a lie then.
    """
    from pomoplan.store.database import StoreError, connect_ro, open_error

    if not db.exists():
        return None
    try:
        conn = connect_ro(db)
    except sqlite3.Error as exc:
        raise open_error(db, exc, "read") from None
    try:
        row = conn.execute(SELECT_STATE, (TIMER_KEY,)).fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise StoreError(f"{db}: not a pomoplan log (no timer_state table)") from None
        raise open_error(db, exc, "read") from None
    except sqlite3.DatabaseError as exc:
        raise open_error(db, exc, "read") from None
    finally:
        conn.close()
    return decode_state(row[0] if row else None)


class Shown(NamedTuple):
    """The phase a checked state has in progress at a given time, for ``status``."""

    paused: bool
    phase: str
    remaining_s: float
    slot: dict[str, Any]


def trusted_now(
    state: dict[str, Any] | None, wall: float, boot_id: str | None, boot: float | None
) -> float:
    """The time now as the timer takes it on resuming ``state`` (a copy of ``Timer.restore``).

    The wall clock, but no later than the time saved plus the boot time passed since, when the
    state was saved during this boot (a wall clock set ahead since is not believed).
    """
    saved = (state or {}).get("boot")
    if state is None or boot is None or not isinstance(saved, dict) or "ceiling" not in state:
        return wall
    if saved.get("id") != boot_id or boot < saved["at"]:
        return wall
    return min(wall, float(state["ceiling"]) + boot - float(saved["at"]))


def shown_at(state: dict[str, Any] | None, now: float) -> Shown | None:
    """What a checked saved state has in progress at ``now``, as the app would resume it.

    A copy of ``Timer.restore`` + ``tick`` for ``status``, which must not pay for importing
    the timer (a test checks that both agree): a running phase whose deadline passed while
    the app was closed has ended (None: nothing runs), and a state saved at a time later than
    ``now`` (by a clock that was ahead) counts as saved now.
    """
    cur = (state or {}).get("current")
    if state is None or cur is None:
        return None
    ahead = state["saved_at"] - now
    shift = ahead if ahead > SUSPEND_THRESHOLD_S else 0.0
    at = max(now, state["saved_at"] - shift)
    deadline = cur["deadline"] - shift
    if cur["paused_since"] is not None:
        held = max(0.0, cur["deadline"] - cur["paused_since"])
        return Shown(True, cur["phase"], held, cur["slot"])
    if deadline <= at:
        return None
    return Shown(False, cur["phase"], deadline - at, cur["slot"])


class _Bad(Exception):
    """One field out of range: its path and what is wrong."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")


def check_state(doc: object) -> Checked:
    """Keep what a timer can resume from ``doc``; drop what is damaged or out of range.

    The whole state goes when its version or ``saved_at`` is wrong; a damaged phase in
    progress goes alone (the timer then waits), as does a damaged slot or count.
    """
    if doc is None:
        return Checked(None, [])
    if not isinstance(doc, dict):
        return Checked(None, ["saved timer state: not a JSON object; it was dropped"])
    dropped: list[str] = []
    try:
        if doc.get("version") != STATE_VERSION:
            raise _Bad("version", f"unknown version {_show(doc.get('version'))}")
        _moment(doc.get("saved_at"), "saved_at")
    except _Bad as bad:
        return Checked(None, [f"saved timer state: {bad}; it was dropped"])
    state = dict(doc)
    try:
        count = doc.get("completed_focus")
        if not _is_int(count) or not 0 <= count <= 100_000:
            raise _Bad("completed_focus", f"{_show(count)} is not a count")
    except _Bad as bad:
        dropped.append(f"saved timer state: {bad}; counting starts again")
        state["completed_focus"] = 0
    if state.get("next_phase") not in PHASES:
        dropped.append(
            f"saved timer state: next_phase: {_show(state.get('next_phase'))} is not a phase;"
            " a focus comes next"
        )
        state["next_phase"] = "focus"
    try:
        state["slot"] = _slot(doc.get("slot"), "slot")
    except _Bad as bad:
        dropped.append(f"saved timer state: {bad}; no slot is current")
        state["slot"] = dict.fromkeys(SLOT_KEYS)
    try:
        if "ceiling" in doc or "boot" in doc:
            _moment(doc.get("ceiling"), "ceiling")
            boot = doc.get("boot")
            if boot is not None:
                if not isinstance(boot, dict) or not isinstance(boot.get("id"), str):
                    raise _Bad("boot", "not a boot id and time")
                if _number(boot.get("at"), "boot.at") < 0:
                    raise _Bad("boot.at", "is negative")
    except _Bad as bad:
        dropped.append(f"saved timer state: {bad}; the wall clock alone dates the restart")
        state.pop("ceiling", None)
        state.pop("boot", None)
    try:
        state["current"] = _current(doc.get("current"))
    except _Bad as bad:
        dropped.append(f"saved timer state: {bad}; the phase in progress was dropped")
        state["current"] = None
    pending = doc.get("pending", [])
    state["pending"] = (
        [r for r in pending if isinstance(r, dict)] if isinstance(pending, list) else []
    )
    return Checked(state, dropped)


def _current(cur: object) -> dict[str, Any] | None:
    if cur is None:
        return None
    if not isinstance(cur, dict):
        raise _Bad("current", "not a JSON object")
    phase = cur.get("phase")
    if phase not in PHASES:
        raise _Bad("current.phase", f"{_show(phase)} is not a phase")
    planned = cur.get("planned_s")
    if not _is_int(planned) or not 0 < planned <= LONGEST_S:
        raise _Bad("current.planned_s", f"{_show(planned)} is not a length of at most 24h")
    started = _moment(cur.get("started_at"), "current.started_at")
    deadline = _moment(cur.get("deadline"), "current.deadline")
    paused_s = _number(cur.get("paused_s"), "current.paused_s")
    if paused_s < 0:
        raise _Bad("current.paused_s", f"{_show(paused_s)} is negative")
    pauses = cur.get("pauses")
    if not _is_int(pauses) or not 0 <= pauses <= 1_000_000:
        raise _Bad("current.pauses", f"{_show(pauses)} is not a count")
    if abs(deadline - (started + planned + paused_s)) > SLACK_S:
        raise _Bad("current.deadline", "does not follow from started_at, planned_s and paused_s")
    since = cur.get("paused_since")
    if since is not None:
        since = _moment(since, "current.paused_since")
        if not started - SLACK_S <= since <= deadline + SLACK_S:
            raise _Bad("current.paused_since", "is outside the phase")
    return {
        "phase": phase,
        "slot": _slot(cur.get("slot"), "current.slot"),
        "planned_s": planned,
        "started_at": started,
        "deadline": deadline,
        "paused_s": paused_s,
        "pauses": pauses,
        "paused_since": since,
    }


def _slot(slot: object, path: str) -> dict[str, Any]:
    if not isinstance(slot, dict):
        raise _Bad(path, "not a JSON object")
    out: dict[str, Any] = {}
    for key in SLOT_KEYS:
        value = slot.get(key)
        if value is not None and not isinstance(value, str):
            raise _Bad(f"{path}.{key}", f"{_show(value)} is not text")
        out[key] = value
    return out


def _number(value: object, path: str) -> float:
    if value is None:
        raise _Bad(path, "missing")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(path, f"{_show(value)} is not a number")
    number = float(value)
    if not math.isfinite(number):
        raise _Bad(path, f"{_show(value)} is not a finite number")
    return number


def _moment(value: object, path: str) -> float:
    number = _number(value, path)
    if not EARLIEST <= number <= LATEST:
        raise _Bad(path, f"{_show(value)} is not a time between the years 2000 and 9999")
    return number


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _show(value: object) -> str:
    """A short, printable picture of a value (it may be anything a damaged file holds)."""
    text = repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 40 else text[:37] + "..."
