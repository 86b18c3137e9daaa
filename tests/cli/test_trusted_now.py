"""Commands date what they make, and decide "today", by the timer's trusted time, and an event
dated after now (a clock that was ahead) never outranks one made since."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cli_run import command, run_main
from faketime import FAKETIME

from pomoplan.core.clock import FakeClock, SystemClock
from pomoplan.core.timer import Timer
from pomoplan.services.context import Context
from pomoplan.store import catalog
from pomoplan.store.log import LogStore
from pomoplan.store.paths import Paths

YEAR = 365 * 86400


def context(home: Path, clock: FakeClock) -> Context:
    return Context(paths=Paths(home, home), clock=clock)


def timer_ran(home: Path, clock: FakeClock | SystemClock) -> None:
    """The app ran (and saved its timer, with its clock readings) during this boot."""
    with LogStore(home / "pomoplan.db") as store:
        store.save_state({**Timer(clock).snapshot(), "pending": []})


def test_a_clock_set_ahead_after_the_timer_ran_moves_neither_today_nor_event_times(
    tmp_path: Path,
) -> None:
    # Context.today() read the wall clock: `start` under a clock a year ahead started the plan
    # a year ahead, and every command dated its events a year ahead.
    clock = FakeClock()
    timer_ran(tmp_path, clock)
    clock.advance(3600)
    clock.jump_wall(YEAR)
    ctx = context(tmp_path, clock)
    real = datetime.fromtimestamp(clock.real(), clock.tz())
    assert ctx.today() == real.date()
    assert ctx.now() == real
    clock.jump_wall(-YEAR - 600)  # a clock set back is followed: nothing is dated after it
    assert ctx.now() == real - timedelta(seconds=600)


def test_without_a_saved_timer_the_wall_clock_is_all_there_is(tmp_path: Path) -> None:
    clock = FakeClock()
    clock.jump_wall(YEAR)
    assert context(tmp_path, clock).now().timestamp() == clock.wall()


def activate_a_year_ahead(store: LogStore, clock: FakeClock) -> datetime:
    """Start one-month as a clock a year ahead would: made and starting then."""
    ahead = clock.now() + timedelta(days=365)
    store.activate("one-month", "one-month", ahead.date(), ahead)
    return ahead


def test_an_activation_made_by_a_clock_that_was_ahead_yields_to_one_made_since(
    tmp_path: Path, mini: Path
) -> None:
    # active() took the latest made_us: an activation made while the clock was a year ahead
    # stayed in force for that year, even after the learner started a plan again.
    clock = FakeClock()
    ctx = context(tmp_path, clock)
    with LogStore(tmp_path / "pomoplan.db") as store:
        ahead = activate_a_year_ahead(store, clock)
        assert ctx.plan(None, store).ahead == ahead.isoformat(timespec="seconds")
        clock.advance(60)
        store.activate("mini", str(mini), clock.now().date(), clock.now())
        plan = ctx.plan(None, store)
        assert (plan.curriculum.id, plan.start, plan.ahead) == ("mini", clock.now().date(), "")
        assert store.active(clock.wall()).id != ""  # type: ignore[union-attr]


def test_an_activation_a_minute_ahead_is_ordinary(tmp_path: Path) -> None:
    clock = FakeClock()  # another device's clock a little fast: no warning, it counts as made
    with LogStore(tmp_path / "pomoplan.db") as store:
        store.activate("one-month", "one-month", clock.now().date(), clock.now())
        later = clock.now() + timedelta(seconds=60)
        store.activate("one-month", "one-month", later.date(), later)
        found = store.active(clock.wall())
        assert found is not None and found.ahead == ""


def test_the_saved_state_is_dated_by_the_timers_time(tmp_path: Path) -> None:
    # timer_state.updated_at came from datetime.now() in the store.
    clock = FakeClock()
    timer_ran(tmp_path, clock)
    conn = sqlite3.connect(tmp_path / "pomoplan.db")
    (updated,) = conn.execute("SELECT updated_at FROM timer_state").fetchone()
    conn.close()
    assert datetime.fromisoformat(updated) == datetime.fromtimestamp(clock.wall(), UTC)


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8", **(env or {})}
    if env:  # libfaketime needs a process of its own: the real command
        return subprocess.run(
            [command(), *args], capture_output=True, text=True, env=environ, timeout=60
        )
    return run_main(args, environ)


def test_today_says_when_the_plan_in_force_was_made_ahead(tmp_path: Path) -> None:
    ahead = datetime.now(UTC).astimezone() + timedelta(days=365)
    with LogStore(tmp_path / "pomoplan.db") as store:
        store.activate("one-month", "one-month", ahead.date(), ahead)
    out = run(tmp_path, "today")
    assert out.returncode == 0, out.stderr
    line = out.stderr.splitlines()
    assert len(line) == 1 and line[0].startswith("pomoplan: The plan in force was made active")
    assert "pomoplan start one-month" in line[0]
    again = run(tmp_path, "start", "one-month")  # what the line says to do works
    assert again.returncode == 0, again.stderr
    doc = json.loads(run(tmp_path, "today", "--json").stdout)
    assert run(tmp_path, "today").stderr == ""
    assert doc["date"] == _study_today().isoformat()


def _study_today() -> date:
    return (datetime.now().astimezone() - timedelta(hours=4)).date()


@pytest.mark.skipif(FAKETIME is None, reason="needs libfaketime")
def test_start_under_a_clock_a_year_ahead_starts_the_plan_today(tmp_path: Path) -> None:
    timer_ran(tmp_path, SystemClock())  # the app ran earlier in this boot
    fake = {
        "LD_PRELOAD": FAKETIME or "",
        "FAKETIME": "+365d",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",  # as `date -s` does: only the wall clock moves
    }
    out = run(tmp_path, "start", "one-month", env=fake)
    assert out.returncode == 0, out.stderr
    assert _study_today().isoformat() in out.stdout
    conn = sqlite3.connect(tmp_path / "pomoplan.db")
    (made,) = conn.execute("SELECT made_us FROM events WHERE kind = 'activate'").fetchone()
    conn.close()
    assert made / 1e6 <= time.time() + 5


def test_log_at_a_time_after_now_is_refused(tmp_path: Path) -> None:
    # `log --at "2030-01-01 09:00"` recorded a focus done in 2030: stats and streaks counted it.
    later = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    out = run(tmp_path, "log", "--title", "x", "--at", later)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == f"pomoplan: --at: {later} is after now: log a focus once it is done\n"
    assert run(tmp_path, "history").stdout == "Nothing recorded yet.\n"


def test_a_time_given_without_offset_takes_the_offset_of_its_own_day(tmp_path: Path) -> None:
    # --at in summer, typed in winter, was stamped with the winter offset (an hour off).
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    clock = FakeClock(datetime(2026, 12, 3, 9, 0, tzinfo=berlin), berlin)
    clock_ctx = context(tmp_path, clock)
    summer = clock_ctx.aware(datetime(2026, 7, 1, 9, 0))
    assert summer.utcoffset() == timedelta(hours=2) and summer.hour == 9
    winter = clock_ctx.aware(datetime(2026, 1, 5, 9, 0))
    assert winter.utcoffset() == timedelta(hours=1) and winter.hour == 9


@pytest.mark.skipif(FAKETIME is None, reason="needs libfaketime")
def test_a_plan_started_under_a_clock_set_back_stays_in_force_once_it_is_right(
    tmp_path: Path, mini: Path
) -> None:
    # Activations were ranked by their time alone: one made while the clock was 30 days
    # behind lost to the one it replaced as soon as the clock was right (or at once).
    assert run(tmp_path, "start", "one-month").returncode == 0
    back = {"LD_PRELOAD": FAKETIME or "", "FAKETIME": "-30d", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    assert run(tmp_path, "start", str(mini), env=back).returncode == 0
    for env in (back, None):  # while the clock is behind, and once it is right again
        doc = json.loads(run(tmp_path, "today", "--json", env=env).stdout)
        assert doc["curriculum_id"] == "mini", doc


def test_re_activating_a_plan_made_ahead_holds_after_real_time_passes_it(
    tmp_path: Path, mini: Path
) -> None:
    clock = FakeClock()
    ctx = context(tmp_path, clock)
    with LogStore(tmp_path / "pomoplan.db") as store:
        activate_a_year_ahead(store, clock)
        clock.advance(60)
        store.activate("mini", str(mini), clock.now().date(), clock.now())
        clock.advance(400 * 86400)  # the first one's time has come: it replaced nothing
        assert ctx.plan(None, store).curriculum.id == "mini"


def test_the_made_ahead_line_names_the_very_plan_in_force(tmp_path: Path) -> None:
    # With a user plan of the bundled plan's name, `pomoplan start one-month` would start
    # the user's plan, not the bundled one in force: the line names `bundled:one-month`.
    bundled = catalog.find("bundled:one-month", tmp_path / "curricula")
    (tmp_path / "curricula").mkdir()
    (tmp_path / "curricula" / "one-month.yaml").write_bytes(bundled.path.read_bytes())
    ahead = datetime.now(UTC).astimezone() + timedelta(days=365)
    with LogStore(tmp_path / "pomoplan.db") as store:
        store.activate("one-month", bundled.ref, ahead.date(), ahead)
    line = run(tmp_path, "today").stderr
    assert "`pomoplan start bundled:one-month`" in line
    assert run(tmp_path, "start", "bundled:one-month").returncode == 0
    listed = json.loads(run(tmp_path, "curricula", "--json").stdout)
    active = [c for c in listed if c["active"]]
    assert len(active) == 1 and active[0]["source"] == "bundled", active
