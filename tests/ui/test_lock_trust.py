"""One timer per data dir, with real processes: a deleted lock file, a killed owner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MakeApp

from pomoplan.core.clock import FakeClock
from pomoplan.store.lock import TimerLock
from pomoplan.store.log import LogStore

HOLD = """
import sys
from pathlib import Path
from pomoplan.store.lock import TimerLock
lock = TimerLock(Path(sys.argv[1]))
print("held" if lock.acquire() else "refused", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def owner(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that runs the timer of ``tmp_path / "home"``."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(home / "pomoplan.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def test_deleting_the_lock_file_does_not_make_a_second_timer(
    owner: subprocess.Popen[str], tmp_path: Path
) -> None:
    path = tmp_path / "home" / "pomoplan.lock"
    assert TimerLock(path).owner() == owner.pid
    path.unlink()
    second = TimerLock(path)
    assert second.acquire() is False
    path.write_text("garbage")  # replaced by hand: still one owner
    assert TimerLock(path).acquire() is False


def test_a_killed_owner_frees_the_timer(owner: subprocess.Popen[str], tmp_path: Path) -> None:
    path = tmp_path / "home" / "pomoplan.lock"
    follower = TimerLock(path)
    assert follower.acquire() is False
    owner.send_signal(signal.SIGKILL)
    owner.wait(timeout=30)
    assert follower.acquire() is True and follower.owner() == os.getpid()
    follower.release()


def test_a_following_window_takes_over_when_the_owner_dies_and_records_once(
    owner: subprocess.Popen[str], make_app: MakeApp, clock: FakeClock, tmp_path: Path
) -> None:
    first = make_app()  # this process runs a timer that the killed owner saved
    assert first.session.readonly  # the other process holds the lock
    db = tmp_path / "home" / "pomoplan.db"
    with LogStore(db) as store:  # what the owner saved before it died: a focus, running
        from pomoplan.core.timer import Timer

        timer = Timer(clock, first.session.timer.settings)
        timer.set_slot(first.session._ref(first.session.current))  # type: ignore[union-attr]
        timer.start()
        store.record([], {**timer.snapshot(), "pending": [], "study_date": "2026-11-25"})
    first.session.toggle()  # keys do nothing while following
    assert first.session.readonly
    owner.send_signal(signal.SIGKILL)
    owner.wait(timeout=30)
    clock.advance(20 * 60)
    first.session.tick()  # takes over, and ends the focus the owner started: once
    assert not first.session.readonly
    assert any("runs it now" in n for n in first.session.write_notices)
    first.session.tick()
    with LogStore(db, readonly=True) as store:
        rows = [(r["kind"], r["status"]) for r in store.rows()]
    assert rows == [("focus", "completed")]


async def test_a_window_that_takes_over_syncs_like_one_started_first(
    owner: subprocess.Popen[str], make_app: MakeApp, clock: FakeClock, tmp_path: Path
) -> None:
    # The taken-over window ran the timer but never wrote its journal nor merged the others':
    # the sync worker was only made for a window that held the lock at start.
    shared = tmp_path / "Sync"
    shared.mkdir()
    app = make_app(config=f"sync_dir: {shared}\n")
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.readonly and list(shared.iterdir()) == []  # the owner syncs
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=30)
        clock.advance(2)
        app.tick()  # takes over
        assert not app.session.readonly
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        mine = app.session.store.device
        assert [p.name for p in shared.iterdir()] == [mine]  # its log written out
        written = [x for p in (shared / mine).glob("*.jsonl") for x in p.read_text().splitlines()]
        assert any('"activate"' in line for line in written)


def test_a_window_that_takes_over_says_what_it_dropped_from_the_saved_state(
    owner: subprocess.Popen[str], make_app: MakeApp, clock: FakeClock, tmp_path: Path
) -> None:
    # Lines about the saved state go to the notices shown at start: a window that took over
    # after its start dropped a damaged part silently.
    first = make_app()
    with LogStore(tmp_path / "home" / "pomoplan.db") as store:
        from pomoplan.core.timer import Timer

        snapshot = Timer(clock, first.session.timer.settings).snapshot()
        store.record([], {**snapshot, "completed_focus": "abc", "pending": []})
    owner.send_signal(signal.SIGKILL)
    owner.wait(timeout=30)
    clock.advance(2)
    first.session.tick()
    assert not first.session.readonly
    assert any("completed_focus" in n for n in first.session.write_notices)
