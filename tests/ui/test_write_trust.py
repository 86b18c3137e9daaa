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
