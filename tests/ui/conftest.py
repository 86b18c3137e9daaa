"""Build the app from its parts: a fake clock, a temp data dir and the small curriculum."""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple

import pytest

from pomoplan.core.clock import FakeClock
from pomoplan.services.context import Context
from pomoplan.store.paths import Paths
from pomoplan.text.i18n import set_language
from pomoplan.ui.app import PomoplanApp
from pomoplan.ui.launch import build_app

TZ = timezone(timedelta(hours=8))
WEDNESDAY_9AM = datetime(2026, 11, 25, 9, 0, tzinfo=TZ)

MakeApp = Callable[..., PomoplanApp]


class Said(NamedTuple):
    """One toast the app asked for (through its public ``notify``)."""

    title: str
    message: str
    severity: str


def listen(app: PomoplanApp) -> None:
    """Record what ``app`` announces: ``app.said`` (toasts) and ``app.bells`` (bells rung).

    A spy on the public ``notify`` and ``bell``: every toast, the screens' and Textual's own,
    goes through ``notify``; the bell is counted, not rung.
    """
    said: list[Said] = []
    bells: list[int] = []
    notify = app.notify

    def spy(message: object, *, title: str = "", severity: str = "information", **rest: object):
        said.append(Said(title, str(message), severity))
        return notify(message, title=title, severity=severity, **rest)  # type: ignore[arg-type]

    app.notify = spy  # type: ignore[method-assign]
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    app.said = said  # type: ignore[attr-defined]
    app.bells = bells  # type: ignore[attr-defined]


@pytest.fixture
def clock() -> FakeClock:
    """Frozen at Wednesday 2026-11-25 09:00 (+08:00)."""
    return FakeClock(WEDNESDAY_9AM, TZ)


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Desktop notifications (title, body) the apps sent: recorded, never shown."""
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr("pomoplan.ui.app.notify_desktop", lambda *a: sent.append(a))
    return sent


@pytest.fixture
def make_app(
    tmp_path: Path, clock: FakeClock, mini: Path, desktop: list[tuple[str, str]]
) -> MakeApp:
    """Return a factory of apps sharing one data dir (so a second app sees the first's log);
    each app records its toasts and bells (:func:`listen`), ``desktop`` its notifications."""
    root = tmp_path / "home"
    opened: list = []
    counter = itertools.count(1)  # shared: ids stay unique across the apps of one test

    def factory(
        *,
        curriculum: Path | None = mini,
        start: date | None = date(2026, 11, 25),
        day: date | None = None,
        config: str | None = None,
        language: str = "en",
        **timer: object,
    ) -> PomoplanApp:
        paths = Paths(root, root)
        paths.ensure()
        if config is not None:
            paths.config_file.write_text(config, encoding="utf-8")
        ctx = Context(paths=paths, clock=clock)
        set_language(language)
        if start is not None and curriculum is not None:
            from pomoplan.store.log import LogStore

            with LogStore(paths.db_file) as store:
                if store.active() is None:
                    store.activate("mini", str(curriculum), start, clock.now())
        args = argparse.Namespace(
            curriculum=None,
            date=day,
            focus=timer.get("focus"),
            short_break=timer.get("short_break"),
            long_break=timer.get("long_break"),
            long_every=timer.get("long_every"),
        )
        app, lock, store = build_app(ctx, args, autotick=False)
        listen(app)
        app.session.timer.new_id = lambda: f"rec-{next(counter)}"
        opened.append((lock, store))
        return app

    def close_all() -> None:
        while opened:
            lock, store = opened.pop()
            store.close()
            if lock is not None:
                lock.release()

    factory.close_all = close_all  # type: ignore[attr-defined]
    yield factory
    for lock, store in opened:
        store.close()
        if lock is not None:
            lock.release()
    set_language("en")
