"""Export the log: csv and json with SPEC section 4's fields, md daily notes, ics calendars."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pomoplan.store.migrations import LOG_COLUMNS

if TYPE_CHECKING:
    from datetime import date

    from pomoplan.services.context import Plan


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    """A JSON array of log rows with exactly the log's field names."""
    return (
        json.dumps([{c: r[c] for c in LOG_COLUMNS} for r in rows], ensure_ascii=False, indent=2)
        + "\n"
    )


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """CSV with a header row of the log's field names."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(LOG_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({c: r[c] for c in LOG_COLUMNS})
    return out.getvalue()


def export(fmt: str, rows: Sequence[dict[str, Any]]) -> str:
    """Rows in ``fmt`` (csv, json, md)."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "md":
        return to_markdown(rows)
    raise ValueError(f"unknown format {fmt!r}")


_STATUS_ZH = {"completed": "完成", "skipped": "跳过", "interrupted": "中断"}


def _one_line(text: str, sep: str) -> str:
    """``text`` with every line break (``\\r\\n``, ``\\r`` or ``\\n``) replaced by ``sep``."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", sep)


def _cell(text: Any) -> str:
    """A Markdown table cell: on one line, with backslashes and pipes escaped so that no
    character of the text can end the cell (a lone ``\\`` before ``|`` would unescape it)."""
    return _one_line(str(text or ""), " ").replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(rows: Sequence[dict[str, Any]]) -> str:
    """One Obsidian daily-note section per study day: a table of its focus periods."""
    from pomoplan.text.i18n import language

    zh = language() == "zh"
    head = (
        "| 时间 | 内容 | 方向 | 分钟 | 状态 | 原因 |"
        if zh
        else "| Time | Slot | Track | Minutes | Status | Reason |"
    )
    out: list[str] = []
    days: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["kind"] == "focus":
            days.setdefault(r["study_date"], []).append(r)
    for day, focus in days.items():
        done = sum(1 for r in focus if r["status"] == "completed")
        minutes = sum(r["focused_s"] for r in focus) // 60
        title = f"## 🍅 {day}"
        total = f"{done} 🍅 · {minutes} 分钟" if zh else f"{done} 🍅 · {minutes} min"
        out += [title, "", total, "", head, "|---|---|---|---:|---|---|"]
        for r in focus:
            status = _STATUS_ZH.get(r["status"], r["status"]) if zh else r["status"]
            out.append(
                f"| {r['started_at'][11:16]} | {_cell(r['slot_title'])} | {_cell(r['track'])} "
                f"| {r['focused_s'] // 60} | {status} | {_cell(r['reason'])} |"
            )
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def _ics_text(text: str) -> str:
    """An iCalendar TEXT value (RFC 5545 3.3.11); a CR must not reach the file raw."""
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _one_line(escaped, "\\n")


def _fold(line: str) -> list[str]:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
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


def to_ics(
    rows: Sequence[dict[str, Any]], plan: Plan, since: date | None, until: date | None, today: date
) -> str:
    """An iCalendar file: the planned slots of the range as all-day events, the focus periods
    done as timed events."""
    from datetime import UTC, datetime, timedelta

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//pomoplan//pomoplan//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(plan.curriculum.title)}",
    ]
    schedule = plan.schedule
    first = since or plan.start
    last = until or schedule.end or today
    day = first
    while day <= last and (day - first).days <= 3660:
        for slot in schedule.day(day).slots if plan.curriculum.kind == "calendar" else ():
            nxt = day + timedelta(days=1)
            lines += [
                "BEGIN:VEVENT",
                f"UID:plan-{plan.curriculum.id}-{slot.id}@pomoplan",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{nxt.strftime('%Y%m%d')}",
                f"SUMMARY:{_ics_text(f'{slot.title} ({slot.pomodoros}×🍅)')}",
                f"DESCRIPTION:{_ics_text(slot.detail or '')}",
                f"CATEGORIES:{_ics_text(slot.track)}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        day += timedelta(days=1)
    for r in rows:
        if r["kind"] != "focus":
            continue
        title = r["slot_title"] or "Focus"
        mark = {"completed": "🍅", "skipped": "⏭", "interrupted": "✗"}.get(r["status"], "")
        desc = f"{r['status']}, {r['focused_s'] // 60} min" + (
            f", {r['reason']}" if r["reason"] else ""
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{r['id']}@pomoplan",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(r['started_at'])}",
            f"DTEND:{_utc(r['ended_at'])}",
            f"SUMMARY:{_ics_text(f'{mark} {title}')}",
            f"DESCRIPTION:{_ics_text(desc)}",
            f"CATEGORIES:{_ics_text(r['track'] or 'focus')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"
