"""Markdown of a study day (one renderer for ``export --format md`` and the Obsidian block),
and keeping that block up to date in the learner's daily note.

The daily note is the learner's file: pomoplan writes only between its two markers, leaves
every other byte as it was (line endings, encoding mistakes and all), and never loses an
editor's write that lands while it works: it replaces the file only when it still holds what
was read, else it reads again and retries.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pomoplan.text.safe import visible

if TYPE_CHECKING:
    from pomoplan.core.settings import Settings
    from pomoplan.store.log import LogStore

BEGIN = "<!-- pomoplan:begin -->"
END = "<!-- pomoplan:end -->"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_STATUS_ZH = {"completed": "完成", "skipped": "跳过", "interrupted": "中断"}


def cell(text: Any) -> str:
    """A Markdown table cell: one line, no raw control character, and backslashes and pipes
    escaped so that no character of the text can end the cell."""
    if text is None:
        return ""
    shown = " ".join(visible(line) for line in _LINE_BREAK.split(str(text)))
    return shown.replace("\\", "\\\\").replace("|", "\\|")


def table_head(zh: bool) -> list[str]:
    """The header and alignment rows of a day's table."""
    head = (
        "| 时间 | 内容 | 方向 | 分钟 | 状态 | 原因 | 笔记 |"
        if zh
        else "| Time | Slot | Track | Minutes | Status | Reason | Note |"
    )
    return [head, "|---|---|---|---:|---|---|---|"]


def table_row(r: Mapping[str, Any], zh: bool) -> str:
    """One focus period as a table row: time, slot, track, minutes, status, reason, note."""
    status = _STATUS_ZH.get(r["status"], r["status"]) if zh else r["status"]
    return (
        f"| {cell(str(r['started_at'])[11:16])} | {cell(r['slot_title'])} | {cell(r['track'])} "
        f"| {r['focused_s'] // 60} | {cell(status)} | {cell(r['reason'])} "
        f"| {cell(r.get('note'))} |"
    )


def day_lines(focus: Iterable[Mapping[str, Any]], zh: bool) -> list[str]:
    """A study day's focus periods: the day's total, then its table (none: the total only)."""
    rows = list(focus)
    done = sum(1 for r in rows if r["status"] == "completed")
    minutes = sum(r["focused_s"] for r in rows) // 60
    lines = [f"{done} 🍅 · {minutes} 分钟" if zh else f"{done} 🍅 · {minutes} min"]
    if rows:
        lines += ["", *table_head(zh), *(table_row(r, zh) for r in rows)]
    return lines


def block(focus: Iterable[Mapping[str, Any]], zh: bool) -> list[str]:
    """The lines pomoplan keeps in a daily note, markers included."""
    return [BEGIN, *day_lines(focus, zh), END]


def note_path(template: str, day: str) -> Path:
    """The daily note of study date ``day`` (``{date}`` in the template: YYYY-MM-DD)."""
    return Path(os.path.expanduser(template.replace("{date}", day)))


def place(text: str, lines: list[str], heading: str | None) -> str:
    """``text`` with the block replaced by ``lines`` (between the markers), or added under
    ``heading``, or at the end; everything else stays exactly as it was."""
    newline = "\r\n" if "\r\n" in text else "\n"
    begin, end = text.find(BEGIN), -1
    if begin >= 0:
        end = text.find(END, begin)
    if begin >= 0 and end >= 0:
        inner = newline.join(lines[1:-1])
        return text[: begin + len(BEGIN)] + newline + inner + newline + text[end:]
    new = newline.join(lines)
    if heading:
        for match in re.finditer(r"[^\r\n]*(\r\n|\r|\n|$)", text):
            line = match.group(0).rstrip("\r\n")
            if line.strip() == heading.strip() and match.group(0):
                at = match.end()
                brk = match.group(1) or newline
                return text[: match.start()] + line + brk + new + newline + text[at:]
    if not text:
        return ((heading + newline + newline) if heading else "") + new + newline
    sep = "" if text.endswith(("\n", "\r")) else newline
    return text + sep + newline + new + newline


class NoteError(Exception):
    """The daily note could not be written (the log is not affected)."""


def update_note(path: Path, lines: list[str], heading: str | None, attempts: int = 5) -> bool:
    """Put ``lines`` into the note at ``path``; returns whether the file changed.

    The file is replaced (through a temporary file beside it, then a rename) only when it
    still holds the bytes that were read; an editor's write in between makes this read the
    note again and retry, so that write is kept.

    Raises:
        NoteError: the note cannot be read or written (missing folder, permissions...), or it
            kept changing under us.
    """
    target = Path(os.path.realpath(path))
    for _ in range(attempts):
        try:
            before = target.read_bytes()
        except FileNotFoundError:
            before = None
        except OSError as exc:
            raise NoteError(f"{path}: {exc.strerror or exc}") from None
        text = "" if before is None else before.decode("utf-8", "surrogateescape")
        after = place(text, lines, heading).encode("utf-8", "surrogateescape")
        if after == before:
            return False
        if not target.parent.is_dir():
            raise NoteError(f"{path}: its folder {target.parent} does not exist")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        except OSError as exc:
            raise NoteError(f"{path}: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(after)
            if before is not None:
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            if _current(target) != before:  # written meanwhile: read it again
                continue
            os.replace(tmp, target)
            return True
        except OSError as exc:
            raise NoteError(f"{path}: {exc.strerror or exc}") from None
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    raise NoteError(f"{path}: it kept changing while pomoplan updated it; try again")


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


_REPORTED: set[str] = set()
"""Problems already reported by this process: a note that cannot be written is said once."""


def refresh_days(
    settings: Settings,
    store: LogStore,
    days: Iterable[date],
    report: Callable[[str], None],
    *,
    existing: bool = False,
) -> None:
    """Regenerate the block of each day's note from the log (nothing without ``obsidian``).

    With ``existing``, only notes that exist already (a sync merge that brings years of
    another device's days must not fill the vault with notes the learner never kept).
    A note that cannot be written is reported through ``report`` once; the log is not touched.
    """
    template = settings.obsidian.daily_note
    if not template:
        return
    from pomoplan.text.i18n import language

    zh = language() == "zh"
    for day in sorted(set(days)):
        path = note_path(template, day.isoformat())
        if existing and not path.exists():
            continue
        rows = [r for r in store.rows(day, day, bad=_once(report)) if r["kind"] == "focus"]
        try:
            update_note(path, block(rows, zh), settings.obsidian.heading)
        except NoteError as exc:
            message = f"the daily note was not updated: {exc}"
            if message not in _REPORTED:
                _REPORTED.add(message)
                report(message)


def _once(report: Callable[[str], None]) -> Callable[[str], None]:
    """``report``, each message at most once in this process (a note refreshed often)."""

    def say(message: str) -> None:
        if message not in _REPORTED:
            _REPORTED.add(message)
            report(message)

    return say
