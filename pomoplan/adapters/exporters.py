"""Export the log, streamed: csv and json with every field of the log, md notes, ics calendars.

Every writer takes the rows as an iterable and writes as it reads, so memory stays flat however
long the log is (a five-year log is 500,000 rows). csv, md and ics are documents for other
programs and for people: no control character of the text reaches them raw (it is shown
through :func:`pomoplan.text.safe.visible`; line breaks stay line breaks where the format has
them). json keeps the text exactly as recorded (JSON escapes control characters itself).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from pomoplan.store.migrations import LOG_COLUMNS
from pomoplan.text.safe import visible

if TYPE_CHECKING:
    from datetime import date, datetime

    from pomoplan.services.context import Plan

Row = Mapping[str, Any]

EXPORT_COLUMNS = (*LOG_COLUMNS, "note")
"""The exported fields: the log's (the timer's record, in order) and the learner's note."""

FORMATS = ("csv", "json", "md", "ics")
BY_DAY = {"md"}
"""Formats that need the rows ordered by study date (one section per day)."""

_SCALARS = frozenset({type(None), str, int, float, bool})
"""Value types the C encoder writes as the indented one does (a log row holds only these)."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _shown(value: Any, sep: str) -> str:
    """``value`` as text for a document: each line break (``\\r\\n``, ``\\r`` or ``\\n``)
    becomes ``sep``, every other control character a visible stand-in; None is empty."""
    if value is None:
        return ""
    return sep.join(visible(line) for line in _LINE_BREAK.split(str(value)))


def write(fmt: str, rows: Iterable[Row], out: TextIO) -> None:
    """Write ``rows`` to ``out`` in ``fmt`` (csv, json, md); md wants them by study date."""
    if fmt == "json":
        write_json(rows, out)
    elif fmt == "csv":
        write_csv(rows, out)
    elif fmt == "md":
        write_markdown(rows, out)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def write_json(rows: Iterable[Row], out: TextIO) -> None:
    """A JSON array of log rows with the log's field names and ``note``, text as recorded
    (the same bytes ``json.dumps(list, indent=2)`` gives, one row at a time).

    ``indent`` makes json use its pure-Python encoder (500,000 rows took minutes); a row's
    values are scalars, so the C encoder writes each row with the indented layout as its item
    separator, and only the braces are laid out here.
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode
    pretty = json.JSONEncoder(ensure_ascii=False, indent=2).encode
    items: list[str] = []
    first = True
    for r in rows:
        if type(r) is not dict or tuple(r) != EXPORT_COLUMNS:  # the log's rows already are
            r = {c: r.get(c) for c in EXPORT_COLUMNS}
        if _SCALARS.issuperset(map(type, r.values())):
            items.append("{\n    " + encode(r)[1:-1] + "\n  }")
        else:  # a list or mapping inside needs the indented encoder's own layout
            items.append(pretty(r).replace("\n", "\n  "))
        if len(items) == 500:
            out.write(("[\n  " if first else ",\n  ") + ",\n  ".join(items))
            items.clear()
            first = False
    if items:
        out.write(("[\n  " if first else ",\n  ") + ",\n  ".join(items))
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_csv(rows: Iterable[Row], out: TextIO) -> None:
    """CSV with a header row of the log's field names and ``note``; line breaks in a field
    are kept (CSV quotes them) as ``\\n``, other control characters are shown."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                _shown(v, "\n") if isinstance(v, str) else v
                for v in (r.get(c) for c in EXPORT_COLUMNS)
            ]
        )


def _days(rows: Iterable[Row]) -> Iterator[tuple[str, list[Row]]]:
    """(study date, its focus periods) for each run of rows with the same study date."""
    day: str | None = None
    focus: list[Row] = []
    for r in rows:
        if r["kind"] != "focus":
            continue
        if r["study_date"] != day:
            if focus:
                yield str(day), focus
            day, focus = r["study_date"], []
        focus.append(r)
    if focus:
        yield str(day), focus


def write_markdown(rows: Iterable[Row], out: TextIO) -> None:
    """One Obsidian daily-note section per study day: its total and a table of its focus
    periods, drawn by the same renderer as the daily note's block (adapters/daynote.py).

    The rows come ordered by study date (``LogStore.rows(by_day=True)``); one day's focus
    periods are held at a time, for the day's totals that head its table.
    """
    from pomoplan.adapters.daynote import day_lines
    from pomoplan.text.i18n import language

    zh = language() == "zh"
    first = True
    for day, focus in _days(rows):
        lines = [] if first else [""]
        lines += [f"## 🍅 {_shown(day, ' ')}", "", *day_lines(focus, zh)]
        out.write("\n".join(lines) + "\n")
        first = False
    if not first:
        out.write("\n")


def _ics_text(text: Any) -> str:
    """An iCalendar TEXT value (RFC 5545 3.3.11): escaped, line breaks as ``\\n``, no
    control character raw (a CR or an ESC must not reach the file)."""
    lines = _LINE_BREAK.split("" if text is None else str(text))
    return "\\n".join(
        visible(line).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        for line in lines
    )


def _fold(line: str) -> list[str]:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    if len(line) <= 18 or len(line.encode("utf-8")) <= 75:  # most lines: nothing to fold
        return [line]
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _utc(iso: str) -> str:
    from datetime import UTC, datetime

    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _put(out: TextIO, lines: list[str]) -> None:
    out.write("".join(part + "\r\n" for line in lines for part in _fold(line)))


def write_ics(
    rows: Iterable[Row],
    plan: Plan,
    since: date | None,
    until: date | None,
    today: date,
    out: TextIO,
    now: datetime,
) -> None:
    """An iCalendar file: the planned slots of the range as all-day events, the focus periods
    done as timed events (one event written at a time); ``now`` (aware) is its DTSTAMP."""
    from datetime import UTC, timedelta

    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    _put(
        out,
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//pomoplan//pomoplan//EN",
            "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{_ics_text(plan.curriculum.title)}",
        ],
    )
    schedule = plan.schedule
    first = since or plan.start
    last = until or schedule.end or today
    day = first
    uid = _ics_text(f"plan-{plan.curriculum.id}-")
    while day <= last and (day - first).days <= 3660:
        for slot in schedule.day(day).slots if plan.curriculum.kind == "calendar" else ():
            nxt = day + timedelta(days=1)
            _put(
                out,
                [
                    "BEGIN:VEVENT",
                    f"UID:{uid}{_ics_text(slot.id)}@pomoplan",
                    f"DTSTAMP:{stamp}",
                    f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                    f"DTEND;VALUE=DATE:{nxt.strftime('%Y%m%d')}",
                    f"SUMMARY:{_ics_text(f'{slot.title} ({slot.pomodoros}×🍅)')}",
                    f"DESCRIPTION:{_ics_text(slot.detail)}",
                    f"CATEGORIES:{_ics_text(slot.track)}",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ],
            )
        day += timedelta(days=1)
    for r in rows:
        if r["kind"] != "focus":
            continue
        title = r["slot_title"] or "Focus"
        mark = {"completed": "🍅", "skipped": "⏭", "interrupted": "✗"}.get(r["status"], "")
        desc = f"{r['status']}, {r['focused_s'] // 60} min" + (
            f", {r['reason']}" if r["reason"] else ""
        )
        if r.get("note"):
            desc += f"\n{r['note']}"
        _put(
            out,
            [
                "BEGIN:VEVENT",
                f"UID:{_ics_text(r['id'])}@pomoplan",
                f"DTSTAMP:{stamp}",
                f"DTSTART:{_utc(r['started_at'])}",
                f"DTEND:{_utc(r['ended_at'])}",
                f"SUMMARY:{_ics_text(f'{mark} {title}')}",
                f"DESCRIPTION:{_ics_text(desc)}",
                f"CATEGORIES:{_ics_text(r['track'] or 'focus')}",
                "END:VEVENT",
            ],
        )
    _put(out, ["END:VCALENDAR"])
