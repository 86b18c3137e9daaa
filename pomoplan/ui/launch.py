"""Build the app from its parts (clock, log, lock, plan, settings) and run it."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from pomoplan.core.layout import DEFAULT_MODE
from pomoplan.core.plan import TimerLengths
from pomoplan.core.settings import effective_timer
from pomoplan.services.context import Context, made_ahead_line
from pomoplan.services.session import StudySession
from pomoplan.store import catalog
from pomoplan.store.lock import TimerLock
from pomoplan.store.log import LogStore
from pomoplan.text.i18n import set_language, t

if TYPE_CHECKING:
    import argparse

    from pomoplan.adapters.sync.background import Syncer
    from pomoplan.core.review import Review
    from pomoplan.ui.app import PomoplanApp


def build_app(
    ctx: Context,
    args: argparse.Namespace,
    *,
    autotick: bool = True,
    lock: TimerLock | None = None,
) -> tuple[PomoplanApp, TimerLock | None, LogStore]:
    """The app ready to run, the lock it holds (if any) and the open log."""
    from pomoplan.ui.app import PomoplanApp

    clock = ctx.clock
    config = ctx.config
    _check_theme(ctx, config.theme)
    lock = lock or TimerLock(ctx.paths.lock_file)
    ctx.paths.ensure()
    owns_timer = lock.acquire()
    store = LogStore(ctx.paths.db_file)
    today = ctx.today()
    if store.active() is None and not args.curriculum and owns_timer:
        # First run: the default plan starts today and stays put on later days.
        entry = catalog.find(catalog.DEFAULT_REF, ctx.paths.curricula_dir)
        store.activate(catalog.DEFAULT_ID, entry.ref, today, ctx.now(), mode=DEFAULT_MODE)
    said: list[str] = []
    if ctx.warn is None:
        ctx.warn = said.append  # shown once the screen is up, with the other notices
    plan = ctx.plan(args.curriculum, store)
    cli = {name: getattr(args, name, None) for name in TimerLengths._fields}
    settings = effective_timer(cli, config, plan.curriculum.timer).settings
    session = StudySession(
        clock=clock,
        plan=plan,
        settings=settings,
        store=store,
        day=args.date or today,
        today=today,
        readonly=not owns_timer,
        take_over=None if owns_timer else lock.acquire,
    )
    session.notices += said

    if plan.ahead:
        session.notices.append(made_ahead_line(plan, ctx.paths.curricula_dir))

    def reviews(week_of: date) -> Review:
        from pomoplan.services.reviewing import (
            load_review,  # the review screen is not the first frame
        )

        # session.plan: a re-plan made on the review replaces it; today turns over at 04:00
        return load_review(store, session.plan.schedule, week_of, session.today)

    app = PomoplanApp(
        session,
        config,
        review_loader=reviews,
        autotick=autotick,
        lock_owner=None if owns_timer else (lock.owner() or 0),
        # A following window gets one too: it starts syncing if it takes the timer over.
        syncer=_syncer(ctx, session) if config.sync_dir is not None else None,
        plan_loader=lambda: ctx.plan(args.curriculum, store),
    )
    if app.syncer is not None:
        store.on_change = app.sync_soon  # what the timer records goes out within moments
        # A plan missing here that a later merge brings is said as it comes.
        ctx.warn = lambda message: app.notify(message, severity="warning", timeout=10)
    return app, lock, store  # released on exit if held (a following window may take it over)


def _syncer(ctx: Context, session: StudySession) -> Syncer | None:
    """The background sync (the other devices' journals merged while the app runs), when
    ``sync_dir`` can be used."""
    from pomoplan.adapters.sync import SyncDirError, resolve_sync_dir
    from pomoplan.adapters.sync.background import Syncer

    try:
        folder = resolve_sync_dir(ctx.config.sync_dir, ctx.paths)
    except SyncDirError as exc:
        session.notices.append(t("sync_failed", message=str(exc)))
        return None
    return None if folder is None else Syncer(ctx.paths.db_file, folder)


def launch(args: argparse.Namespace) -> int:
    """Run the app until the user quits."""
    ctx = Context()
    set_language(ctx.config.ui_language)
    app, lock, store = build_app(ctx, args)
    try:
        result = app.run()
    finally:
        store.close()
        if lock is not None:
            lock.release()
    if report_unsaved(app.session):
        return 1
    return result or 0


def report_unsaved(session: StudySession) -> bool:
    """Say plainly, on stderr, what neither the log nor the side file took; True if anything."""
    lost = session.unsaved()
    if not lost or session.store is None:
        return False
    # The terminal is the last place left: the rows go there, whole, as JSON.
    print(
        f"pomoplan: {session.store.path}: {len(lost)} ended phase(s) could not be saved, in the "
        f"log or beside it ({session.write_error}); free some space and keep the JSON below",
        file=sys.stderr,
    )
    print(json.dumps(session.state_document(), ensure_ascii=False), file=sys.stderr)
    return True


def _check_theme(ctx: Context, theme: str) -> None:
    """An unknown theme is a located config error, like any other bad setting."""
    from textual.theme import BUILTIN_THEMES

    if theme in BUILTIN_THEMES:
        return
    from pomoplan.core.errors import InputError, Problem
    from pomoplan.core.yamlfile import locate, parse_yaml, read_text

    path = ctx.paths.config_file
    _, node = parse_yaml(read_text(path), str(path))
    line, col, _ = locate(node, ("theme",))
    known = ", ".join(sorted(BUILTIN_THEMES))
    raise InputError(
        [Problem(str(path), line, col, "theme", f"unknown theme {theme!r} (known: {known})")]
    )
