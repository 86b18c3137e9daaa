"""``log``, ``note``, ``amend``, ``delete``, ``undo`` and ``history``: the record is the learner's."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pomoplan.services import corrections as fix
from pomoplan.services.context import Context
from pomoplan.store.log import HistoryEntry, LogStore
from pomoplan.store.migrations import RECORD_COLUMNS
from pomoplan.text.i18n import t
from pomoplan.text.safe import visible

if TYPE_CHECKING:
    import argparse

AT_SLACK_S = 60
"""``log --at`` a minute ahead is a rounding of now; later than that it has not happened yet."""


def _context() -> Context:
    from pomoplan.cli.setup import cli_context  # journals each change when sync_dir is set

    return cli_context()


def _now(ctx: Context) -> datetime:
    return ctx.now()


def _fail(exc: fix.CorrectionError) -> int:
    print(f"pomoplan: {exc}", file=sys.stderr)
    return exc.code


def _changed(ctx: Context, store: LogStore, days: list[date | None]) -> None:
    """After a change: the daily notes of these study days follow it."""
    from pomoplan.adapters.daynote import refresh_days

    def report(message: str) -> None:
        print(f"pomoplan: {message}", file=sys.stderr)

    refresh_days(ctx.config, store, [d for d in days if d is not None], report)


def _with_store(ctx: Context, action: Callable[[LogStore], tuple[str, list[date | None]]]) -> int:
    with ctx.open_store() as store:
        try:
            message, days = action(store)
        except fix.CorrectionError as exc:
            return _fail(exc)
        _changed(ctx, store, days)
    if message:
        print(message)
    return 0


def _describe(record: dict[str, Any]) -> str:
    title = visible(record.get("slot_title") or "—")
    focused = record["focused_s"]
    minutes = focused // 60 if isinstance(focused, int) else "?"  # "?": edited by hand
    return f"{record['id'][:8]} {record['study_date']} {title} ({minutes} {t('minutes')})"


def cmd_log(args: argparse.Namespace) -> int:
    """Record a focus done away from the keyboard."""
    from pomoplan.core.settings import effective_timer

    ctx = _context()
    now = _now(ctx)
    ended = now if args.at is None else ctx.aware(args.at)
    if (ended - now).total_seconds() > AT_SLACK_S:
        shown = ended.strftime("%Y-%m-%d %H:%M")
        print(f"pomoplan: --at: {shown} is after now: log a focus once it is done", file=sys.stderr)
        return 2

    def act(store: LogStore) -> tuple[str, list[date | None]]:
        plan = ctx.plan(None, store)
        if args.title is not None:
            title = args.title.strip()
            if not title:
                raise fix.CorrectionError("--title needs some text", code=2)
            slot: dict[str, Any] = {"slot_title": title}
        else:
            slot = fix.slot_fields(plan.schedule, args.slot)
        minutes = args.minutes
        if minutes is None:
            focus = effective_timer(None, ctx.config, plan.curriculum.timer).settings.focus
            minutes = max(1, focus // 60)
        row = fix.manual_row(slot, ended, minutes, ctx.config.day_starts_at)
        _, day = fix.log_focus(store, row, now, args.note)
        return t("logged", record=_describe(row)), [day]

    if (args.slot is None) == (args.title is None):
        print("pomoplan: log needs a SLOT_ID or --title TEXT (one of them)", file=sys.stderr)
        return 2
    return _with_store(ctx, act)


def cmd_note(args: argparse.Namespace) -> int:
    """Set the note of a recorded focus."""
    ctx = _context()

    def act(store: LogStore) -> tuple[str, list[date | None]]:
        pid = fix.resolve(store, args.id)
        _, day = fix.set_note(store, pid, args.text, _now(ctx))
        record = store.record_of(pid)
        return t("noted", record=_describe(record or {})) if record else "", [day]

    return _with_store(ctx, act)


def cmd_amend(args: argparse.Namespace) -> int:
    """Change a record's minutes, slot, status or note."""
    ctx = _context()

    def act(store: LogStore) -> tuple[str, list[date | None]]:
        pid = fix.resolve(store, args.id)
        changes: dict[str, Any] = {}
        if args.minutes is not None:
            changes["focused_s"] = args.minutes * 60
        if args.slot is not None:
            changes.update(fix.slot_fields(ctx.plan(None, store).schedule, args.slot))
        if args.status is not None:
            changes["status"] = args.status
        if args.note is not None:
            changes["note"] = args.note.strip() or None
        _, day = fix.amend(store, pid, changes, _now(ctx))
        record = store.record_of(pid)
        return t("amended", record=_describe(record)) if record else "", [day]

    return _with_store(ctx, act)


def cmd_delete(args: argparse.Namespace) -> int:
    """Leave a record out of every figure."""
    ctx = _context()

    def act(store: LogStore) -> tuple[str, list[date | None]]:
        pid = fix.resolve(store, args.id)
        record = store.record_of(pid)
        _, day = fix.delete(store, pid, _now(ctx))
        return t("deleted", record=_describe(record)) if record else "", [day]

    return _with_store(ctx, act)


def cmd_undo(args: argparse.Namespace) -> int:
    """Take back the last log, note, amend, delete or re-plan."""
    ctx = _context()
    if not ctx.paths.db_file.exists():
        print("pomoplan: nothing to undo", file=sys.stderr)
        return 1
    with ctx.open_store() as store:
        try:
            undone, day = fix.undo(store, _now(ctx))
        except fix.CorrectionError as exc:
            return _fail(exc)
        _changed(ctx, store, [day])
    if args.json:
        doc = {
            "undid": {"kind": undone.kind, "id": undone.id}
        }  # these two keys, no more: scripts read them
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        target = f" {undone.target[:8]}" if undone.target else ""
        print(t("undid", kind=undone.kind, target=target))
    return 0


HISTORY_FIELDS = (*RECORD_COLUMNS, "deleted")


def history_doc(entry: HistoryEntry) -> dict[str, Any]:
    """One ``history --json`` item: the export fields, note, source, device, deleted, and the
    changes made to it (``changes``: each event with whether it was taken back)."""
    doc = {c: entry.shown.get(c) for c in RECORD_COLUMNS}
    doc["deleted"] = entry.deleted
    doc["changes"] = [
        {
            "id": e.id,
            "kind": e.kind,
            "made_at": e.made_at,
            "device": e.device,
            "data": e.data,
            "undone": e.id in entry.undone,
        }
        for e in entry.changes
    ]
    return doc


def _change_text(kind: str, data: dict[str, Any]) -> str:
    if kind == "amend":
        parts = []
        for key, value in data.items():
            if key == "focused_s" and isinstance(value, int):
                parts.append(f"{t('minutes')}={value // 60}")
            elif key in ("slot_id", "status", "note"):
                parts.append(f"{key.removesuffix('_id')}={visible(str(value or '—'))}")
        return f"{t('change_amend')} {', '.join(parts)}"
    if kind == "note":
        return f"{t('change_note')} {visible(str(data.get('note') or '—'))}"
    return t(f"change_{kind}")


def history_lines(entry: HistoryEntry) -> list[str]:
    """A record in ``history``: one line, then its note and what changed, indented."""
    r = entry.shown
    when = r["started_at"][:16].replace("T", " ")
    minutes = r["focused_s"] // 60
    title = visible(r.get("slot_title") or "—")
    track = f" ({visible(r['track'])})" if r.get("track") else ""
    flags = []
    if r.get("source") == "manual":
        flags.append(t("manual"))
    if entry.deleted:
        flags.append(t("deleted_flag"))
    flag = f"  [{', '.join(flags)}]" if flags else ""
    kind = r["kind"] if r["kind"] != "focus" else r["status"]
    lines = [f"{r['id'][:8]}  {when}  {kind:<11} {minutes:>3} {t('minutes')}  {title}{track}{flag}"]
    if r.get("note"):
        lines.append(f"          {t('note_label')}: {visible(r['note'])}")
    for e in entry.changes:
        undone = f" ({t('undone')})" if e.id in entry.undone else ""
        made = e.made_at[:16].replace("T", " ")
        lines.append(f"          {made} {_change_text(e.kind, e.data)}{undone}")
    return lines


def cmd_history(args: argparse.Namespace) -> int:
    """Recorded phases, newest first, each with its id and what changed."""
    from pomoplan.core.errors import InputError, unlocated

    ctx = _context()
    if args.since and args.until and args.since > args.until:
        raise InputError([unlocated("is after --until", field="--since")])
    out = sys.stdout
    with ctx.read_store() as store:
        entries = store.history(args.since, args.until) if store else iter(())
        if args.json:  # streamed: one item at a time, whatever the log's length
            out.write("[")
            count = 0
            for count, entry in enumerate(entries, 1):
                out.write(",\n  " if count > 1 else "\n  ")
                out.write(json.dumps(history_doc(entry), ensure_ascii=False))
            out.write("\n]\n" if count else "]\n")
            return 0
        empty = True
        for entry in entries:
            empty = False
            out.write("\n".join(history_lines(entry)) + "\n")
        if empty:
            print(t("history_empty"))
    return 0
