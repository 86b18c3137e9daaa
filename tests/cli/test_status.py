"""``pomoplan status`` reads the saved timer as the app would resume it, and never trips on it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cli_run import command
from hypothesis import given, settings
from hypothesis import strategies as st

from pomoplan.cli.status import render, status_fields
from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import SUSPEND_THRESHOLD_S, Timer, TimerSettings, TimerState
from pomoplan.store import state as saved
from pomoplan.store.log import LogStore
from pomoplan.store.state import check_state

NOW = 1_796_000_000.0
SLOT = {"curriculum_id": "c", "slot_id": "s1", "title": "Read [/etc/hosts]", "track": "k"}


def running(saved_at: float = NOW, *, left: float = 600.0, paused: bool = False) -> dict:
    """A state saved at ``saved_at`` with a focus that has ``left`` seconds to go then."""
    deadline = saved_at + left
    return {
        "version": 1,
        "saved_at": saved_at,
        "completed_focus": 0,
        "next_phase": "focus",
        "slot": dict(SLOT),
        "current": {
            "phase": "focus",
            "slot": dict(SLOT),
            "planned_s": 1500,
            "started_at": deadline - 1500,
            "deadline": deadline,
            "paused_s": 0.0,
            "pauses": 1 if paused else 0,
            "paused_since": saved_at if paused else None,
        },
        "pending": [],
    }


def at(wall: float) -> FakeClock:
    clock = FakeClock()
    clock.jump_wall(wall - clock.wall())
    return clock


def test_a_focus_whose_deadline_passed_while_closed_shows_nothing_running() -> None:
    # The app died during a focus; hours later the status bar said "🍅 00:00 ..." forever.
    fields = status_fields(running(left=600), at(NOW + 3 * 3600))
    assert fields["state"] == "idle" and fields["remaining_s"] is None
    assert render(fields, "{icon} {remaining} {slot_title}") == ""


def test_a_state_saved_by_a_clock_that_was_ahead_counts_from_now() -> None:
    fields = status_fields(running(NOW + 30 * 86400, left=600), at(NOW))
    assert fields["state"] == "running" and fields["remaining_s"] == 600


def test_the_title_is_shown_as_written_without_control_characters() -> None:
    state = running()
    state["current"]["slot"] = {**SLOT, "title": "Read [/etc/hosts]\x1b]0;pwned\x07\x1b[2J"}
    line = render(status_fields(state, at(NOW + 1)), "{icon} {remaining} {slot_title}")
    assert line == "🍅 09:59 Read [/etc/hosts]^[]0;pwned^G^[[2J"
    assert "\x1b" not in line and "\x07" not in line


def test_status_uses_the_timers_threshold() -> None:
    assert saved.SUSPEND_THRESHOLD_S == SUSPEND_THRESHOLD_S


@settings(max_examples=300, deadline=None)
@given(
    closed=st.floats(0, 3 * 3600),
    wall_error=st.sampled_from([0.0, 3.0, -3.0, 30 * 86400.0, -30 * 86400.0]),
    saved_error=st.sampled_from([0.0, 30 * 86400.0]),
    left=st.floats(1, 1500),
    paused=st.booleans(),
    reboot=st.booleans(),
)
def test_status_agrees_with_the_timer_resuming_the_same_state(
    closed: float,
    wall_error: float,
    saved_error: float,
    left: float,
    paused: bool,
    reboot: bool,
) -> None:
    """``status`` has its own copy of the resume rule (to stay cheap); both must agree."""
    clock = at(NOW)
    clock.jump_wall(saved_error)  # the app ran with its wall clock this far ahead
    timer = Timer(clock, TimerSettings(focus=1500))
    timer.start()
    clock.advance(1500 - left)
    timer.tick()
    if paused:
        timer.pause()
    state = check_state(json.loads(json.dumps(timer.snapshot()))).state
    clock.jump_wall(-saved_error + wall_error)
    clock.suspend(closed)
    clock.reboot() if reboot else clock.restart()
    again = Timer.restore(state, clock, TimerSettings())
    again.tick()
    fields = status_fields(state, clock)
    if again.state is TimerState.IDLE:
        assert fields["state"] == "idle"
    else:
        assert fields["state"] == str(again.state)
        assert abs(fields["remaining_s"] - again.remaining()) < 1


DAMAGED = {
    "deadline abc": ("current", "deadline", "abc"),
    "deadline NaN": ("current", "deadline", "NaN"),
    "deadline Infinity": ("current", "deadline", "Infinity"),
    "started_at -1e12": ("current", "started_at", -1e12),
    "planned_s 1e20": ("current", "planned_s", 1e20),
    "pauses text": ("current", "pauses", "two"),
    "paused_since list": ("current", "paused_since", [1]),
    "slot title number": ("slot", "title", 5),
    "saved_at missing": (None, "saved_at", KeyError),
    "current missing deadline": ("current", "deadline", KeyError),
    "current a string": (None, "current", "focus"),
    "saved_at huge": (None, "saved_at", 1e300),
}


def damaged_json(where: str | None, key: str, value: object) -> str:
    doc = running(NOW)
    target = doc if where is None else doc[where]
    if value is KeyError:
        del target[key]
    elif value in ("NaN", "Infinity"):
        target[key] = f"@{value}@"
    else:
        target[key] = value
    return json.dumps(doc).replace('"@NaN@"', "NaN").replace('"@Infinity@"', "Infinity")


@pytest.mark.parametrize("case", DAMAGED.values(), ids=list(DAMAGED))
def test_a_damaged_state_is_dropped_in_part_with_one_line(case: tuple) -> None:
    checked = check_state(json.loads(damaged_json(*case)))
    assert len(checked.dropped) == 1 and "\n" not in checked.dropped[0]
    kept = "running" if case[0] == "slot" else "idle"  # only the damaged part goes
    assert status_fields(checked.state, at(NOW))["state"] == kept


@pytest.mark.parametrize("case", DAMAGED.values(), ids=list(DAMAGED))
def test_the_status_command_never_tracebacks_on_a_damaged_state(
    tmp_path: Path, case: tuple
) -> None:
    exe = command()  # a real-command smoke test: status is what a status bar runs
    home = tmp_path / "home#1?x=%25"  # a path SQLite would misread as a URI
    home.mkdir()
    with LogStore(home / "pomoplan.db") as store:
        store.save_state({})
    with sqlite3.connect(home / "pomoplan.db") as conn:
        conn.execute("UPDATE timer_state SET value = ?", (damaged_json(*case),))
    env = {**os.environ, "POMOPLAN_HOME": str(home)}
    for args in ([], ["--json"]):
        out = subprocess.run(
            [exe, "status", *args], capture_output=True, text=True, env=env, check=False
        )
        assert out.returncode == 0, out.stderr
        assert "Traceback" not in out.stderr
        (line,) = out.stderr.splitlines()
        assert line.startswith("pomoplan: saved timer state: ")
        if case[0] == "slot":
            continue  # the focus in progress was sound and still shows
        if args:
            assert json.loads(out.stdout)["state"] == "idle"
        else:
            assert out.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [home.name]  # nothing made outside
