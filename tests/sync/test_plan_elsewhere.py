"""An activation synced from another laptop names that laptop's curriculum file: every command
and the app still work, say once which plan is missing and what to do, and show a plan; the
same curriculum found here (by file name or id) is used as the active one."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import pomoplan

from pomoplan.store.log import LogStore

ELSEWHERE = "/home/alice/.config/pomoplan/curricula/mini.yaml"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "mini.yaml"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data dir whose newest activation came from another laptop (as a merge brings it)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.yaml").write_text("language: en\n")
    with LogStore(home / "pomoplan.db") as store:
        store.activate("mini", ELSEWHERE, date(2026, 11, 23), datetime(2026, 11, 23, 9, tzinfo=UTC))
    return home


COMMANDS = [
    ("today",),
    ("today", "--json"),
    ("review", "--json"),
    ("stats",),
    ("replan",),
    ("export", "--format", "md"),
    ("log", "--title", "read"),
    ("history",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_works_and_says_once_which_plan_is_missing(
    home: Path, command: tuple[str, ...]
) -> None:
    done = pomoplan(home, *command)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "not on this machine" in line]
    if command[0] in ("history", "export"):  # they do not need the plan
        assert warnings == []
        return
    assert len(warnings) == 1, done.stderr
    (line,) = warnings
    assert line.startswith("pomoplan: warning: the active plan mini was started from " + ELSEWHERE)
    assert "showing one-month instead" in line and str(home / "curricula") in line


def test_the_same_curriculum_here_is_used_as_the_active_plan(home: Path) -> None:
    (home / "curricula").mkdir()
    shutil.copy(FIXTURE, home / "curricula" / "mini.yaml")  # the learner copied it over
    done = pomoplan(home, "today", "--json", "--date", "2026-11-25")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert '"curriculum_id": "mini"' in done.stdout


def test_a_file_of_that_name_with_another_curriculum_inside_is_not_taken_for_it(
    home: Path,
) -> None:
    (home / "curricula").mkdir()
    text = FIXTURE.read_text(encoding="utf-8").replace("id: mini", "id: other-plan", 1)
    assert "other-plan" in text
    (home / "curricula" / "mini.yaml").write_text(text, encoding="utf-8")
    done = pomoplan(home, "today")
    assert done.returncode == 0
    assert done.stderr.count("not on this machine") == 1


def test_the_app_says_it_once_and_shows_the_default_plan(tmp_path: Path) -> None:
    """Through the app's own start-up (build_app), as the app runs it."""
    import argparse

    from pomoplan.core.clock import FakeClock
    from pomoplan.services.context import Context
    from pomoplan.store.paths import Paths
    from pomoplan.ui.launch import build_app

    root = tmp_path / "home"
    paths = Paths(root, root)
    paths.ensure()
    with LogStore(paths.db_file) as store:
        store.activate("mini", ELSEWHERE, date(2026, 11, 23), datetime(2026, 11, 23, 9, tzinfo=UTC))
    clock = FakeClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    args = argparse.Namespace(
        curriculum=None, date=None, focus=None, short_break=None, long_break=None, long_every=None
    )
    app, lock, store = build_app(Context(paths=paths, clock=clock), args, autotick=False)
    try:
        notices = [n for n in app.session.notices if "not on this machine" in n]
        assert len(notices) == 1 and "mini" in notices[0]
        assert app.session.plan.curriculum.id == "one-month"
        with LogStore(paths.db_file) as check:  # nothing written over the other's choice
            assert check.active() is not None and check.active().path == ELSEWHERE
    finally:
        store.close()
        if lock is not None:
            lock.release()
