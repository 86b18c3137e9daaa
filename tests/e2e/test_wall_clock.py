"""The real command under a wrong wall clock (libfaketime) and closed mid-focus (SIGHUP)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from faketime import FAKETIME
from tmux_app import Terminal, pomoplan, wait_for

needs_faketime = pytest.mark.skipif(FAKETIME is None, reason="needs libfaketime (apt faketime)")
AUTO = "auto_start_focus: true\nauto_start_breaks: true\n"


def rows(home: Path) -> list[dict]:
    return json.loads(pomoplan(home, "export", "--format", "json"))


def assert_dated_no_later_than_now(found: list[dict]) -> None:
    now = datetime.now().astimezone() + timedelta(seconds=0.5)  # times are rounded to seconds
    today = pomoplan_today()
    for r in found:
        assert datetime.fromisoformat(r["ended_at"]) <= now, r
        assert r["study_date"] <= today, r


def pomoplan_today() -> str:
    """The study date now (the day starts at 04:00)."""
    return (datetime.now().astimezone() - timedelta(hours=4)).date().isoformat()


@needs_faketime
def test_a_wall_clock_a_month_ahead_for_seconds_dates_nothing_later(
    home: Path, terminals: list[Terminal], tmp_path: Path
) -> None:
    home.mkdir(parents=True)
    (home / "config.yaml").write_text(AUTO, encoding="utf-8")
    offset = tmp_path / "faketime"
    offset.write_text("+0\n")
    fake = {
        "LD_PRELOAD": FAKETIME,
        "FAKETIME_TIMESTAMP_FILE": offset,
        "FAKETIME_NO_CACHE": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",  # as `date -s` does: only the wall clock moves
    }
    app = Terminal(
        home, "--focus", "5s", "--short-break", "3s", env={k: str(v) for k, v in fake.items()}
    )
    terminals.append(app)
    wait_for(lambda: "Press space" in app.screen(), what="the idle screen")
    app.press("space")
    wait_for(lambda: "Focus · Running" in app.screen(), what="the focus to run")
    offset.write_text("+30d\n")
    time.sleep(3)  # the clock is wrong for three seconds: nothing here can be awaited
    offset.write_text("+0\n")
    wait_for(lambda: len(rows(home)) >= 3, what="focus, break and the next focus")
    assert_dated_no_later_than_now(rows(home))
    app.hang_up()  # and across a restart (no faketime now)
    wait_for(lambda: json.loads(pomoplan(home, "status", "--json"))["state"] == "idle", 20,
             what="the closed app's focus to run out")  # fmt: skip
    again = Terminal(home, "--focus", "5s", "--short-break", "3s")
    terminals.append(again)
    # What was running ended at its deadline while closed; what comes next waits.
    wait_for(lambda: "· Ready" in again.screen(), what="the next phase to wait")
    before = len(rows(home))
    again.press("space")
    wait_for(lambda: len(rows(home)) > before, what="a phase after the restart")
    found = rows(home)
    assert_dated_no_later_than_now(found)
    assert {r["study_date"] for r in found} == {pomoplan_today()}


def test_closing_the_terminal_mid_focus_records_only_that_focus(
    home: Path, terminals: list[Terminal], tmp_path: Path
) -> None:
    home.mkdir(parents=True)
    hooks = tmp_path / "hooks.txt"
    (home / "config.yaml").write_text(
        AUTO + f"hooks:\n  on_phase_end: 'echo $POMOPLAN_PHASE >> {hooks}'\n", encoding="utf-8"
    )
    app = Terminal(home, "--focus", "3s", "--short-break", "2s")
    terminals.append(app)
    wait_for(lambda: "Press space" in app.screen(), what="the idle screen")
    app.press("space")
    wait_for(lambda: "Focus · Running" in app.screen(), what="the focus to run")
    app.hang_up()
    app.close()
    # Closed for what would have been several focus/break cycles.
    wait_for(lambda: json.loads(pomoplan(home, "status", "--json"))["state"] == "idle",
             what="the saved deadline to pass")  # fmt: skip
    time.sleep(8)  # more cycles' worth of closed time: nothing to await while nothing runs
    again = Terminal(home, "--focus", "3s", "--short-break", "2s")
    terminals.append(again)
    wait_for(lambda: "Short break · Ready" in again.screen(), what="the break to wait")
    assert [(r["kind"], r["status"]) for r in rows(home)] == [("focus", "completed")]
    wait_for(lambda: hooks.exists() and hooks.read_text().split() == ["focus"], what="one hook")
