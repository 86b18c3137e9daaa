"""One journal line: a phase or an event as self-describing JSON, and the checks a line read
from another device must pass before anything of it reaches the log.

A line is data only. Every field is checked for its type and range here, and only the known
fields are passed on, so a damaged or hostile line can neither write a column pomoplan does
not name nor make an insert fail (which would stop the merge).
"""

import json
import re
from datetime import date, datetime
from typing import Any, NamedTuple

from pomoplan.store.events import KINDS, Event
from pomoplan.store.migrations import AMENDABLE, LOG_COLUMNS

FORMAT = 1
"""The journal format this pomoplan writes and reads; a line of a higher one is skipped."""
MAX_LINE = 1 << 20
"""A line longer than this (bytes) is not one pomoplan wrote."""
_MAX_TEXT = 10_000
_MAX_SECONDS = 10 * 365 * 86400
DEVICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
"""What a device id (and so a device's folder name) looks like."""

_PHASE_KINDS = ("focus", "short_break", "long_break")
_STATUSES = ("completed", "skipped", "interrupted")
_SOURCES = ("timer", "manual")
_TEXT_FIELDS = ("curriculum_id", "slot_id", "slot_title", "track", "reason")
_INT_FIELDS = ("planned_s", "focused_s", "paused_s", "pauses")
_UNTARGETED = ("activate", "replan")
"""Event kinds about the plan, not about one phase or event: their target may be empty."""


class BadLine(ValueError):
    """A line that is not a valid journal entry: ``field`` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def phase_line(row: dict[str, Any]) -> dict[str, Any]:
    """The journal entry of a recorded phase (a log row with its source and device)."""
    return {
        "format": FORMAT,
        "type": "phase",
        **{c: row[c] for c in LOG_COLUMNS},
        "source": row.get("source") or "timer",
        "device": row["device"],
    }


def event_line(event: Event) -> dict[str, Any]:
    """The journal entry of an event."""
    return {
        "format": FORMAT,
        "type": "event",
        "id": event.id,
        "kind": event.kind,
        "target": event.target,
        "data": event.data,
        "made_at": event.made_at,
        "made_us": event.made_us,
        "device": event.device,
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""One encoder for every line (``json.dumps`` with options builds a new one each call)."""


def encode(entry: dict[str, Any]) -> bytes:
    """One line of JSON (UTF-8, no newline inside), ending in a newline."""
    return (_ENCODER.encode(entry) + "\n").encode("utf-8")


class Parsed(NamedTuple):
    """A valid line: a phase row (for ``LogStore.record``) or an event."""

    phase: dict[str, Any] | None
    event: Event | None


def parse(raw: bytes, device: str) -> Parsed:
    """Check one line written by ``device`` (the folder it was found in).

    Raises:
        BadLine: the line is damaged, from a newer pomoplan, or claims another device.
    """
    if len(raw) > MAX_LINE:
        raise BadLine("", f"longer than {MAX_LINE} bytes")
    try:
        text = raw.decode("utf-8")  # journals are UTF-8: no encoding to guess
        row = _written_phase(text, device)
        if row is not None:
            return Parsed(row, None)
        entry = json.loads(text)
    except (ValueError, RecursionError):
        raise BadLine("", "not valid JSON (damaged or cut short)") from None
    if not isinstance(entry, dict):
        raise BadLine("", "not a JSON object")
    version = entry.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BadLine("format", "missing or not a positive whole number")
    if version > FORMAT:
        raise BadLine(
            "format", f"written by a newer pomoplan (format {version}; this one reads {FORMAT})"
        )
    if entry.get("device") != device:
        raise BadLine("device", f"does not match its folder {device!r}")
    kind = entry.get("type")
    if kind == "phase":
        return Parsed(_phase(entry), None)
    if kind == "event":
        return Parsed(None, _event(entry))
    raise BadLine("type", "expected 'phase' or 'event'")


_CHARS = r'[^"\\\x00-\x1f]'
"""A character a JSON string holds as it is (not escaped)."""


def _quoted(least: int, most: int | None = None) -> str:
    return f'"(?P<@>{_CHARS}{{{least},{"" if most is None else most}}})"'


def _one_of(choices: tuple[str, ...]) -> str:
    return f'"(?P<@>{"|".join(map(re.escape, choices))})"'


_WRITTEN = {
    "format": str(FORMAT),
    "type": '"phase"',
    "id": _quoted(1, 200),
    "kind": _one_of(_PHASE_KINDS),
    "status": _one_of(_STATUSES),
    **{name: f"(?:null|{_quoted(0, _MAX_TEXT)})" for name in _TEXT_FIELDS},
    # Fewer digits than _MAX_SECONDS has, so never over it (more go the long way, checked there).
    **{name: f"(?P<@>0|[1-9][0-9]{{0,{len(str(_MAX_SECONDS)) - 2}}})" for name in _INT_FIELDS},
    "started_at": _quoted(0),
    "ended_at": _quoted(0),
    "study_date": _quoted(10, 10),
    "source": _one_of(_SOURCES),
    "device": _quoted(0),
}
"""Each field of a phase's line as pomoplan writes it, and what its value must look like
(a text needing no escape); ``@`` stands for the field's name: its group."""
_WRITTEN_PHASE = re.compile(
    "{"
    + ",".join(f'"{name}":{value.replace("@", name)}' for name, value in sorted(_WRITTEN.items()))
    + "}"
)
"""A phase's line exactly as ``encode(phase_line(row))`` writes it: keys sorted, no spaces."""


def _written_phase(text: str, device: str) -> dict[str, Any] | None:
    """The row of a phase line as pomoplan writes it, when every check of ``_phase`` passes;
    None when the line is anything else (then the full checks say what is wrong, if anything).

    A first merge reads 100,000 lines, nearly all of them this: one regular expression does
    what parsing the JSON and checking each field's type, choice and length does, with the
    same result (tests/sync/test_lines.py holds the two ways to each other).
    """
    match = _WRITTEN_PHASE.fullmatch(text)
    if match is None:
        return None
    (  # the groups, in the order of their fields' names (a test holds this to _WRITTEN)
        curriculum_id,
        written_by,
        ended_at,
        focused_s,
        id_,
        kind,
        paused_s,
        pauses,
        planned_s,
        reason,
        slot_id,
        slot_title,
        source,
        started_at,
        status,
        study_date,
        track,
    ) = match.groups()
    if written_by != device:
        return None
    if not _times_read(started_at, ended_at, study_date):
        return None
    return {
        "id": id_,
        "kind": kind,
        "status": status,
        "curriculum_id": curriculum_id,
        "slot_id": slot_id,
        "slot_title": slot_title,
        "track": track,
        "planned_s": int(planned_s),
        "focused_s": int(focused_s),
        "paused_s": int(paused_s),
        "pauses": int(pauses),
        "started_at": started_at,
        "ended_at": ended_at,
        "study_date": study_date,
        "reason": reason,
        "source": source,
        "device": written_by,
    }


def _phase(entry: dict[str, Any]) -> dict[str, Any]:
    row = {c: entry.get(c) for c in LOG_COLUMNS}
    source = entry.get("source", "timer")
    if not _sound_phase(row, source):
        _check_phase(row, source)  # names the field that is wrong
    return {**row, "source": source, "device": entry["device"]}


def _sound_phase(row: dict[str, Any], source: Any) -> bool:
    """The checks of ``_check_phase`` in one pass, without naming what failed: a first merge
    reads 100,000 lines, nearly all of them sound (False: ``_check_phase`` says why)."""
    for name in _INT_FIELDS:
        value = row[name]
        if type(value) is not int or not 0 <= value <= _MAX_SECONDS:
            return False
    for name in _TEXT_FIELDS:
        value = row[name]
        if value is not None and (type(value) is not str or len(value) > _MAX_TEXT):
            return False
    pid, started, ended, day = row["id"], row["started_at"], row["ended_at"], row["study_date"]
    if (
        type(pid) is not str
        or not 0 < len(pid) <= 200
        or row["kind"] not in _PHASE_KINDS
        or row["status"] not in _STATUSES
        or source not in _SOURCES
        or type(started) is not str
        or type(ended) is not str
        or type(day) is not str
        or len(day) != 10
    ):
        return False
    return _times_read(started, ended, day)


def _times_read(started: str, ended: str, day: str) -> bool:
    """Whether a phase's start, end and study date read as ISO times and a date."""
    try:
        datetime.fromisoformat(started)
        datetime.fromisoformat(ended)
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _check_phase(row: dict[str, Any], source: Any) -> None:
    _id(row["id"], "id")
    _choice(row["kind"], "kind", _PHASE_KINDS)
    _choice(row["status"], "status", _STATUSES)
    for name in _TEXT_FIELDS:
        _text(row[name], name, optional=True)
    for name in _INT_FIELDS:
        _seconds(row[name], name)
    for name in ("started_at", "ended_at"):
        _instant(row[name], name, need_offset=False)
    _day(row["study_date"], "study_date")
    _choice(source, "source", _SOURCES)


def _event(entry: dict[str, Any]) -> Event:
    _id(entry.get("id"), "id")
    kind = entry.get("kind")
    _choice(kind, "kind", KINDS)
    target = entry.get("target")
    if kind in _UNTARGETED:
        if target is not None:
            _id(target, "target")
    else:
        _id(target, "target")
    data = entry.get("data", {})
    if not isinstance(data, dict):
        raise BadLine("data", "expected an object")
    _check_data(str(kind), data)
    made_at, made_us = entry.get("made_at"), entry.get("made_us")
    moment = _instant(made_at, "made_at", need_offset=True)
    if not isinstance(made_us, int) or isinstance(made_us, bool):
        raise BadLine("made_us", "expected microseconds since the epoch")
    if abs(made_us - round(moment.timestamp() * 1_000_000)) >= 1_000_000:
        raise BadLine("made_us", "does not match made_at")
    return Event(
        str(entry["id"]), str(kind), target, data, str(made_at), made_us, str(entry["device"])
    )


def _check_data(kind: str, data: dict[str, Any]) -> None:
    if kind == "note":
        _text(data.get("note"), "data.note", optional=True)
    elif kind == "amend":
        for key in AMENDABLE:
            if key not in data:
                continue
            value = data[key]
            if key == "focused_s":
                _seconds(value, f"data.{key}")
            elif key == "status":
                _choice(value, f"data.{key}", _STATUSES)
            else:
                _text(value, f"data.{key}", optional=True)
    elif kind == "activate":
        for key in ("curriculum_id", "path"):
            _text(data.get(key), f"data.{key}", optional=False)
        _day(data.get("start_date"), "data.start_date")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _id(value: Any, field: str) -> None:
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise BadLine(field, "expected an id (text of 1 to 200 characters)")


def _choice(value: Any, field: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise BadLine(field, f"expected one of {', '.join(allowed)}")


def _text(value: Any, field: str, *, optional: bool) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise BadLine(field, f"expected text of at most {_MAX_TEXT} characters")


def _seconds(value: Any, field: str) -> None:
    if not _is_int(value) or not 0 <= value <= _MAX_SECONDS:
        raise BadLine(field, "expected a whole number of seconds, 0 or more")


def _instant(value: Any, field: str, *, need_offset: bool) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or (need_offset and moment.tzinfo is None):
        raise BadLine(field, "expected an ISO 8601 time with its UTC offset")
    return moment


def _day(value: Any, field: str) -> None:
    if isinstance(value, str) and len(value) == 10:
        try:
            date.fromisoformat(value)
            return
        except ValueError:
            pass
    raise BadLine(field, "expected a date like 2026-12-03")
