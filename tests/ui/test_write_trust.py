"""What the log cannot take now is kept on disk beside it, or said plainly; nothing freezes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MakeApp

from pomoplan.core.clock import FakeClock
from pomoplan.services.session import RETRY_S, WRITE_WAIT_MS, StudySession
from pomoplan.store import fallback
from pomoplan.store.log import LogStore
from pomoplan.ui.launch import report_unsaved


def end_a_focus(session: StudySession, clock: FakeClock) -> None:
    session.toggle()
    clock.advance(25 * 60)
    session.tick()


def log_ids(db: Path) -> list[str]:
    with LogStore(db, readonly=True) as store:
        return [r["id"] for r in store.rows()]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """``tmp_path / "home"`` on a tiny tmpfs (root only: mounting needs it)."""
    home = tmp_path / "home"
    home.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(home)], capture_output=True
        ).returncode
    ):
        pytest.skip("a tmpfs cannot be mounted here")
    try:
        yield home
    finally:
        subprocess.run(["umount", "-l", str(home)], check=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_said_plainly_and_quitting_says_what_was_lost(
    full_disk: Path, make_app: MakeApp, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    session = make_app().session
    assert session.store is not None
    db = session.store.path
    filler = fill(full_disk)
    end_a_focus(session, clock)
    assert session.write_error
    assert not session.kept_aside  # the side file could not be written: nobody says it is safe
    assert not fallback.fallback_path(db).exists()
    session.quit()
    assert report_unsaved(session) is True  # launch() then exits 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"pomoplan: {db}: 1 ended phase(s) could not be saved")
    assert [r["id"] for r in json.loads(err[1])["pending"]] == ["rec-1"]
    filler.unlink()  # room again: the next write takes everything
    clock.advance(RETRY_S)
    session.tick()
    assert session.write_error is None and session.kept_aside
    assert log_ids(db) == ["rec-1"]
    assert report_unsaved(session) is False


def test_a_row_the_log_refuses_is_set_aside_and_the_others_go_in(
    make_app: MakeApp, clock: FakeClock
) -> None:
    session = make_app().session
    assert session.store is not None
    db = session.store.path
    end_a_focus(session, clock)
    make_app.close_all()  # type: ignore[attr-defined]
    with LogStore(db, readonly=True) as store:
        row = next(store.rows())
    bad = {**row, "id": "bad-1", "kind": "nap"}  # violates the CHECK constraint, forever
    good = {**row, "id": "good-1"}
    with LogStore(db) as store:
        state = store.load_state() or {}
    fallback.save(
        fallback.fallback_path(db),
        {**state, "pending": [bad, good], "saved_at": clock.wall() + 1},
    )
    session = make_app().session
    session.tick()
    assert session.write_error is None and session.pending == []
    assert sorted(log_ids(db)) == ["good-1", "rec-1"]
    aside = fallback.set_aside_path(db)
    kept = [json.loads(line) for line in aside.read_text(encoding="utf-8").splitlines()]
    assert [k["row"]["id"] for k in kept] == ["bad-1"] and "CHECK" in kept[0]["reason"]
    assert len(session.write_notices) == 1 and "bad-1" not in session.write_notices[0]
    session.write_notices.clear()
    end_a_focus(session, clock)  # later phases are not kept out
    assert len(log_ids(db)) == 3 and session.write_notices == []


HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def test_a_busy_log_does_not_hold_the_screen(make_app: MakeApp, clock: FakeClock) -> None:
    session = make_app().session
    assert session.store is not None
    db = session.store.path
    (timeout,) = session.store.conn.execute("PRAGMA busy_timeout").fetchone()
    assert timeout == WRITE_WAIT_MS <= 250  # the tick never waits seconds for the log
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        end_a_focus(session, clock)
        assert session.write_error and "locked" in session.write_error
        assert session.kept_aside and fallback.fallback_path(db).exists()
        session.tick()  # not yet time to retry: no wait at all
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    clock.advance(RETRY_S)
    session.tick()
    assert session.write_error is None
    assert log_ids(db) == ["rec-1"] and not fallback.fallback_path(db).exists()


FULL_DISK_RUN = """
import argparse, json, resource, signal, sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pomoplan.core.clock import FakeClock
from pomoplan.services.context import Context
from pomoplan.services.session import RETRY_S
from pomoplan.store import fallback
from pomoplan.store.log import LogStore
from pomoplan.store.paths import Paths
from pomoplan.ui.launch import build_app, report_unsaved

home, mini = Path(sys.argv[1]), sys.argv[2]
clock = FakeClock(datetime(2026, 11, 25, 9, 0, tzinfo=timezone(timedelta(hours=8))))
paths = Paths(home, home)
paths.ensure()
with LogStore(paths.db_file) as store:
    store.activate("mini", mini, date(2026, 11, 25), clock.now())
args = argparse.Namespace(curriculum=None, date=None, focus=None, short_break=None,
                          long_break=None, long_every=None)
app, lock, store = build_app(Context(paths=paths, clock=clock), args, autotick=False)
session = app.session
session.timer.new_id = lambda: "rec-1"
session.toggle()
# The disk is full from here: no file of this process may grow (EFBIG, as ENOSPC would).
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
clock.advance(25 * 60)
session.tick()
out = {"error": session.write_error, "kept_aside": session.kept_aside,
       "side_file": fallback.fallback_path(store.path).exists()}
session.quit()
out["reported"] = report_unsaved(session)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # room again
clock.advance(RETRY_S)
session.tick()
out["after"] = {"error": session.write_error, "kept_aside": session.kept_aside,
                "unsaved": report_unsaved(session)}
store.close()
with LogStore(paths.db_file, readonly=True) as reader:
    out["ids"] = [r["id"] for r in reader.rows()]
print(json.dumps(out))
"""


def test_a_full_disk_without_root_is_said_plainly_and_nothing_is_lost(
    tmp_path: Path, mini: Path
) -> None:
    # The tmpfs test above needs root to mount; this one runs anywhere: a file size limit of 0
    # (RLIMIT_FSIZE, in a process of its own) makes every write that would grow a file fail,
    # as a full disk does, for the log, its WAL and the side file alike.
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "LANG": "en_US.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_RUN, str(home), str(mini)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["error"] and not out["kept_aside"] and not out["side_file"]
    assert out["reported"] is True  # launch() then exits 1
    err = done.stderr.splitlines()
    assert err[0].startswith(f"pomoplan: {home / 'pomoplan.db'}: 1 ended phase(s) could not")
    assert [r["id"] for r in json.loads(err[1])["pending"]] == ["rec-1"]
    assert out["after"] == {"error": None, "kept_aside": True, "unsaved": False}
    assert out["ids"] == ["rec-1"]
