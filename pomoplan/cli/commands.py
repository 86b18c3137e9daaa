"""The subcommands other than ``status``; each returns an exit code."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pomoplan.core.errors import InputError, report_lines, unlocated
from pomoplan.core.layout import DEFAULT_MODE, ReplanError, first_named_day
from pomoplan.core.plan import Slot
from pomoplan.core.schedule import DayView
from pomoplan.services.context import Context, Plan, made_ahead_line
from pomoplan.services.today import Extras, extras, slot_json
from pomoplan.store import catalog
from pomoplan.store.log import LogStore
from pomoplan.text.i18n import day_message, pad, t
from pomoplan.text.safe import visible

if TYPE_CHECKING:
    import argparse


def _context() -> Context:
    from pomoplan.cli.setup import cli_context

    return cli_context()


def _say(text: str, *, err: bool = False, lines: bool = False, prose: bool = False) -> None:
    """Print a line of user text: no control character of a title or reason reaches the
    terminal (a line break in a title shows as ``^J``; ``lines`` keeps breaks of a message).
    ``prose`` on a terminal breaks by pomoplan's rules at its width (whole words, no line
    opened by 、 or ：) rather than where the terminal would cut it; piped, it stays one line."""
    from pomoplan.text.safe import visible, visible_lines

    stream = sys.stderr if err else sys.stdout
    shown = (visible_lines if lines or prose else visible)(text)
    if prose and stream.isatty():
        import shutil

        from pomoplan.text.linebreak import break_lines

        width = shutil.get_terminal_size().columns
        shown = "\n".join(break_lines(shown, max(20, width - 1)))
    print(shown, file=stream)


def _emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _write_output(text: str, output: str | None) -> None:
    """``text`` to standard output or, whole or not at all, to the file ``output``."""
    with _output(output) as out:
        out.write(text)


def day_title(plan: Plan, view: DayView) -> str:
    """``第1周 · 第一周：基础 · 周一 · title``; a part another one repeats is left out."""
    from pomoplan.text.titles import day_heading

    return day_heading(view, calendar=plan.curriculum.kind == "calendar")


def today_data(
    ctx: Context, plan: Plan, day: date
) -> tuple[DayView, dict[str, int], dict[str, Any], Extras]:
    """The day's view, done counts, the ``today --json`` document and the day's extras."""
    with ctx.read_store() as store:
        return _today_data(ctx, plan, day, store)


def _today_data(
    ctx: Context, plan: Plan, day: date, store: LogStore | None
) -> tuple[DayView, dict[str, int], dict[str, Any], Extras]:
    done, before = store.done_counts_split(plan.curriculum.id, day) if store else ({}, {})
    view = plan.schedule.day(day, before)
    more = extras(plan.schedule, view, done, before, store, ctx.today())
    goal = more.daily_goal
    doc = {
        "date": day.isoformat(),
        "curriculum_id": plan.curriculum.id,
        "day_title": day_title(plan, view),
        "rest": view.rest,
        "status": view.status,
        "slots": [
            {
                "id": s.id,
                "title": s.title,
                "detail": s.detail,
                "track": s.track,
                "block": s.block,
                "pomodoros": s.pomodoros,
                "done": done.get(s.id, 0),
            }
            for s in view.slots
        ],
        "backlog": [slot_json(s, d, done) for s, d in more.backlog],
        "ahead": [slot_json(s, d, done) for s, d in more.ahead],
        "projected_end": more.projected_end.isoformat() if more.projected_end else None,
        "daily_goal": None if goal is None else {"pomodoros": goal[0], "done": goal[1]},
    }
    return view, done, doc, more


def cmd_today(args: argparse.Namespace) -> int:
    """Print today's slots, then the backlog and what to study ahead."""
    ctx = _context()
    with ctx.read_store() as store:  # opened once: the plan, then the day's counts
        plan = ctx.plan(args.curriculum, store)
        day = args.date or ctx.today()
        if plan.ahead:
            _warn(made_ahead_line(plan, ctx.paths.curricula_dir))
        view, done, doc, more = _today_data(ctx, plan, day, store)
    if args.json:
        _emit_json(doc)
        return 0
    from pomoplan.text.titles import day_heading

    calendar = plan.curriculum.kind == "calendar"
    _say(day_heading(view, calendar=calendar, plan=plan.curriculum.title, on=day))
    if view.status != "study":
        _say(day_message(view, plan.start, plan.schedule.end), prose=True)
    else:
        _print_slots(view, done)
    if more.daily_goal is not None:
        goal, did = more.daily_goal
        print(t("goal_met", n=did, goal=goal) if did >= goal else t("goal", n=did, goal=goal))
    if more.backlog:
        print(f"{t('backlog')} ({len(more.backlog)}):")
        for s, d in more.backlog:
            _print_slot(s, done, d.isoformat())
    if more.ahead:
        label = t("study_ahead", date=more.ahead_date.isoformat()) if more.ahead_date else None
        print(label or t("next_slots"))
        for s, _ in more.ahead:
            _print_slot(s, done)
    if more.projected_end is not None:
        print(t("projected_end", date=more.projected_end.isoformat()))
    return 0


def _print_slots(view: DayView, done: dict[str, int]) -> None:
    for block, slots in view.blocks():
        print(visible(block))
        for s in slots:
            _print_slot(s, done)


def _print_slot(s: Slot, done: dict[str, int], when: str = "") -> None:
    n = done.get(s.id, 0)
    mark = "✔" if n >= s.pomodoros else " "
    when = f"{when} " if when else ""
    print(
        f"  [{mark}] {when}{visible(s.title)}  ({visible(s.track)}, {n}/{s.pomodoros} 🍅)  "
        f"{visible(s.id)}"
    )


def cmd_curricula(args: argparse.Namespace) -> int:
    """List bundled and user curricula; exactly one is marked active (by its source and file,
    not its id: a user plan may share a bundled plan's id, and then shadows it)."""
    ctx = _context()
    with ctx.read_store() as store:
        activation = store.active() if store else None
    listed = catalog.entries(ctx.paths.curricula_dir)
    ref = activation.path if activation is not None else catalog.DEFAULT_REF
    active_entry = next((e for e in listed if e.is_ref(ref)), None)
    outside: catalog.Entry | None = None
    if active_entry is None and activation is not None:
        try:  # started from a file outside the curricula folder: listed too, by its path
            active_entry = outside = catalog.find(ref, ctx.paths.curricula_dir)
            listed.append(outside)
        except InputError:
            pass
    rows = []
    for entry in listed:
        try:
            c = catalog.load(entry)
        except InputError as exc:
            _say(f"pomoplan: {exc.problems[0]}", err=True)
            continue
        active = entry is active_entry
        rows.append(
            {
                "id": c.id,
                "title": c.title,
                "kind": c.kind,
                "path": str(entry.path),
                "active": active,
                "start_date": activation.start_date.isoformat()
                if activation is not None and active
                else None,
                "source": entry.kind,
                "name": str(entry.path) if entry is outside else catalog.name_of(entry, listed),
            }
        )
    if args.json:
        _emit_json(rows)
        return 0
    width = max([24, *(len(str(r["name"])) for r in rows)])
    for r in rows:
        star = "*" if r["active"] else " "
        since = f"  ({t('since', date=r['start_date'])})" if r["start_date"] else ""
        shadowed = r["name"] != r["id"] and r["source"] == "bundled"
        note = f"  ({t('shadowed_by_user', name=r['id'])})" if shadowed else ""
        _say(f"{star} {r['name']:<{width}} {r['kind']:<10} {r['title']}{since}{note}")
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    """Make a curriculum active from a date; say in one line how its days are laid."""
    ctx = _context()
    entry = catalog.find(args.name, ctx.paths.curricula_dir)
    curriculum = catalog.load(entry)
    start = args.on or ctx.today()
    mode = args.layout or DEFAULT_MODE
    with ctx.open_store() as store:
        store.activate(curriculum.id, entry.ref, start, _now(ctx), mode)
    values = {"title": curriculum.title, "id": curriculum.id, "date": start.isoformat()}
    if curriculum.kind != "calendar":
        _say(t("starts_on", **values), prose=True)
    elif mode == "weekends" and start.weekday() == first_named_day(curriculum) % 7:
        _say(t("start_aligned", **values), prose=True)
    else:
        _say(t(f"start_{mode.replace('-', '_')}", **values), prose=True)
    return 0


def cmd_replan(args: argparse.Namespace) -> int:
    """List the re-plans of the active plan, or shift it, or catch up on the backlog."""
    from pomoplan.services import replanning

    ctx = _context()
    action = getattr(args, "action", None)
    if action is None:
        with ctx.read_store() as store:
            plan = ctx.plan(None, store)
            rows = replanning.listing(store, plan.activation_id)
        if args.json:
            _emit_json(rows)
            return 0
        for r in rows:
            mark = f"  ({t('undone_mark')})" if r["undone"] else ""
            print(f"{r['id']}  {r['kind']:<8} {r['from']} {r['days']:>+4}  {r['made_at']}{mark}")
        if not rows:
            print(t("no_replans"))
        return 0
    today = ctx.today()
    with ctx.open_store() as store:
        plan = ctx.plan(None, store)
        if not plan.activation_id:
            return _fail(t("replan_no_plan"))
        if plan.curriculum.kind != "calendar":
            return _fail(t("replan_self_paced"))
        schedule = plan.schedule
        try:
            if action == "shift":
                replan = replanning.proposed_shift(schedule, args.days, args.origin or today, today)
            else:
                done = store.done_counts(plan.curriculum.id)
                replan = replanning.proposed_catch_up(schedule, done, args.per_day, today)
        except ReplanError as exc:
            return _fail(str(exc))
        moved = replanning.preview(schedule, replan)
        replanning.record(store, plan.activation_id, replan, _now(ctx))
    values = {"date": replan.start.isoformat(), "slots": len(moved)}
    if action == "shift":
        print(t("shifted", n=f"{replan.days:+d}", **values))
    else:
        print(t("caught_up", days=replan.days, **values))
    return 0


def _now(ctx: Context) -> datetime:
    """The injected clock's time, with its UTC offset (events are dated by it)."""
    return ctx.now()


def _warn(message: str) -> None:
    print(f"pomoplan: {visible(message)}", file=sys.stderr)


def _fail(message: str) -> int:
    print(f"pomoplan: {message}", file=sys.stderr)
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    """Check curriculum files; one line per problem."""
    from pomoplan.core.curriculum import load_curriculum

    bad = False
    for name in args.files:
        try:
            c = load_curriculum(Path(name))
        except InputError as exc:
            bad = True
            if not exc.problems[0].located:  # not a file it could read: an error, not a finding
                _say(f"pomoplan: {exc.problems[0]}", err=True)
                continue
            for line in report_lines(exc.problems):
                _say(line)
            continue
        slots = c.all_slots()
        pomodoros = sum(s.pomodoros for s in slots)
        _say(f"{name}: ok ({t('validate_ok', kind=c.kind, slots=len(slots), pomodoros=pomodoros)})")
    return 2 if bad else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the curriculum format."""
    from pomoplan.core.curriculum import json_schema

    _emit_json(json_schema())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the log, streamed from the log to the output one row at a time."""
    from pomoplan.adapters import exporters

    ctx = _context()
    if args.since and args.until and args.since > args.until:
        raise InputError([unlocated("is after --until", field="--since")])
    by_day = args.format in exporters.BY_DAY
    with ctx.read_store() as store, _output(args.output) as out:
        rows = store.rows(args.since, args.until, by_day=by_day, bad=_warn) if store else iter(())
        if args.format == "ics":
            plan = ctx.plan(None, store)
            exporters.write_ics(rows, plan, args.since, args.until, ctx.today(), out, ctx.now())
        else:
            exporters.write(args.format, rows, out)
    return 0


@contextmanager
def _output(output: str | None) -> Iterator[TextIO]:
    """Standard output, or a file written beside ``output`` and renamed onto it once whole
    (a failure half-way leaves the old file, or none, never half an export)."""
    if output is None:
        yield sys.stdout
        return
    given = Path(output).expanduser()
    if given.exists() and not given.is_file():  # /dev/stdout, a pipe: written as it goes
        with given.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    path = Path(os.path.realpath(given))  # through a symlink: its target is the export
    for n in itertools.count():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{n}.tmp")
        try:
            fh = open(tmp, "x", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
            break
        except FileExistsError:
            continue  # left by an export killed in a process that had this pid: not ours
        except OSError as exc:  # the error names the file asked for, not the temp file
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with fh:
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            yield fh
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def cmd_config(args: argparse.Namespace) -> int:
    """Print where things live and the settings in force."""
    from pomoplan.core.settings import effective_timer

    ctx = _context()
    with ctx.read_store() as store:
        plan = ctx.plan(None, store)
    cfg = ctx.config
    state = "" if ctx.paths.config_file.exists() else f" ({t('config_missing')})"
    fields = cfg.given
    rows = [
        (t("config_file"), f"{ctx.paths.config_file}{state}"),
        (t("user_curricula"), str(ctx.paths.curricula_dir)),
        (t("log_file"), str(ctx.paths.db_file)),
        (t("curriculum"), f"{plan.curriculum.id} ({t('since', date=plan.start.isoformat())})"),
    ]
    eff = effective_timer(None, cfg, plan.curriculum.timer)
    rows += [(name, f"{value:<10} ({source})") for name, value, source in eff.describe()]
    n, hooks = cfg.notify, cfg.hooks
    rows += [
        ("language", f"{cfg.ui_language:<10} ({'config' if 'language' in fields else 'LANG'})"),
        ("theme", f"{cfg.theme:<10} ({'config' if 'theme' in fields else 'default'})"),
        ("notify", f"toast={n.toast} bell={n.bell} desktop={n.desktop}"),
        ("keys", ", ".join(f"{k}={v}" for k, v in cfg.keys._asdict().items())),
        ("hooks", f"on_phase_start={hooks.on_phase_start!r} on_phase_end={hooks.on_phase_end!r}"),
    ]
    for label, value in rows:
        _say(f"{pad(label + ':', 20)}{value}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """Print the weekly review."""
    from pomoplan.cli.review_cmd import run_review

    return run_review(_context(), args)


def cmd_import(args: argparse.Namespace) -> int:
    """Turn a Markdown study plan into curriculum YAML (or, with --dry-run, an outline)."""
    ctx = _context()
    from pomoplan.adapters.importer import import_note
    from pomoplan.adapters.importer.outline import outline
    from pomoplan.core.yamlfile import read_text
    from pomoplan.text.safe import visible

    path = Path(args.note)
    result = import_note(read_text(path), str(path), today=ctx.today())
    for w in result.warnings:
        print(f"pomoplan: {visible(str(path))}:{w.line}:{w.column}: warning: {visible(w.message)}",
              file=sys.stderr)  # fmt: skip
    summary = t(
        "import_summary",
        weeks=result.weeks,
        days=result.days,
        slots=result.slots,
        pomodoros=result.pomodoros,
    )
    if result.kind == "self-paced":
        summary = t("import_summary_paced", phases=result.phases, topics=result.topics,
                    slots=result.slots, pomodoros=result.pomodoros)  # fmt: skip
    if args.dry_run:
        print("\n".join(visible(line) for line in outline(result)))
        print(summary, file=sys.stderr)
        return 0
    if args.output:
        _write_output(result.yaml_text, args.output)
        print(f"{args.output}: {summary}", file=sys.stderr)
    else:
        sys.stdout.write(result.yaml_text)
        print(summary, file=sys.stderr)
    if result.start_date is not None:
        target = args.output or "FILE"
        print(t("import_start_on", target=target, date=result.start_date.isoformat()),
              file=sys.stderr)  # fmt: skip
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """Write this device's journal out and merge the other devices' journals from ``sync_dir``."""
    from pomoplan.adapters.sync import SyncDirError, device_summary, resolve_sync_dir, sync
    from pomoplan.text.safe import visible

    ctx = _context()
    try:
        folder = resolve_sync_dir(ctx.config.sync_dir, ctx.paths)
    except SyncDirError as exc:
        print(f"pomoplan: {visible(str(exc))}", file=sys.stderr)
        return 1
    if folder is None:
        print(f"pomoplan: {t('sync_unset', path=str(ctx.paths.config_file))}", file=sys.stderr)
        return 2

    def warn(message: str) -> None:
        print(f"pomoplan: warning: {visible(message)}", file=sys.stderr)

    with ctx.open_store() as store:
        store.on_change = None  # the sync below writes the journal out itself
        try:
            outcome = sync(store, folder, warn)
        except OSError as exc:
            print(
                f"pomoplan: {visible(f'{folder}: cannot write the journal: {exc}')}",
                file=sys.stderr,
            )
            return 1
        if outcome.days:  # the daily notes of the days it changed follow
            from pomoplan.adapters.daynote import refresh_days

            days = [date.fromisoformat(d) for d in outcome.days]
            refresh_days(ctx.config, store, days, warn, existing=True)
        devices = device_summary(store, folder)
        device = store.device
    if args.json:
        _emit_json(
            {
                "device": device,
                "sync_dir": str(folder),
                "devices": devices,
                "imported": outcome.imported,
                "written": outcome.written,
            }
        )
        return 0
    print(
        t(
            "sync_done",
            imported=outcome.imported,
            written=outcome.written,
            path=visible(str(folder)),
        )
    )
    for d in devices:
        mark = t("sync_this_device") if d["id"] == device else ""
        last = d["last_event_at"] or "-"
        print(f"  {visible(d['id']):<14} {t('sync_counts', n=d['events'])}  {visible(last)}{mark}")
    return 0
