"""The real ``pomoplan`` command in a real terminal (tmux), with short durations."""

from __future__ import annotations

import json
import os
import signal
import time
from datetime import datetime
from pathlib import Path

from tmux_app import Terminal, export, pomoplan, wait_for


def status(home: Path) -> dict:
    return json.loads(pomoplan(home, "status", "--json"))


def test_a_three_second_pomodoro_lands_in_the_log(home: Path, terminals: list[Terminal]) -> None:
    term = Terminal(home, "--focus", "3s", "--short-break", "2s")
    terminals.append(term)
    wait_for(lambda: "Press space" in term.screen(), what="the idle screen")
    assert "一个月学习计划" in term.screen()
    term.press("space")
    wait_for(lambda: "Short break" in term.screen(), what="the break")
    wait_for(lambda: len(export(home)) == 2, what="focus and break in the log")
    rows = export(home)
    assert [(r["kind"], r["status"], r["focused_s"]) for r in rows] == [
        ("focus", "completed", 3),
        ("short_break", "completed", 2),
    ]
    assert rows[0]["curriculum_id"] == "one-month" and rows[0]["slot_title"]
    term.press("q")
    wait_for(lambda: "Press space" not in term.screen(), what="the app to quit")


def test_kill_9_then_restart_resumes_at_the_real_deadline(home: Path, terminals) -> None:
    first = Terminal(home, "--focus", "4s", "--short-break", "60s")
    terminals.append(first)
    wait_for(lambda: "Press space" in first.screen(), what="the idle screen")
    first.press("space")
    wait_for(lambda: "Focus · Running" in first.screen(), what="the focus to run")
    os.kill(first.pid(), signal.SIGKILL)
    first.close()
    # While nothing runs, the saved deadline passes: status reads the saved state as ended.
    wait_for(lambda: status(home)["state"] == "idle", what="the saved deadline to pass")
    second = Terminal(home, "--focus", "4s", "--short-break", "60s")
    terminals.append(second)
    # The break was not lived while the app was closed: it waits for the learner.
    wait_for(lambda: "Short break · Ready" in second.screen(), what="the break to wait")
    rows = export(home)
    assert [(r["kind"], r["status"], r["focused_s"]) for r in rows] == [("focus", "completed", 4)]
    started, ended = (datetime.fromisoformat(rows[0][k]) for k in ("started_at", "ended_at"))
    assert (ended - started).total_seconds() == 4  # ended at its deadline, not at the restart


def test_a_second_terminal_does_not_run_a_second_timer(home: Path, terminals) -> None:
    first = Terminal(home)
    terminals.append(first)
    wait_for(lambda: "Press space" in first.screen(), what="the first app")
    second = Terminal(home)
    terminals.append(second)
    wait_for(lambda: "Another pomoplan" in second.screen(), what="the second app's warning")


def shown_percent(screen: str) -> int | None:
    """The progress bar's percentage on the today screen."""
    import re

    found = re.search(r"(\d+)%", screen)
    return int(found.group(1)) if found else None


def test_sigstop_sigcont_shows_the_right_time_at_once(home: Path, terminals) -> None:
    term = Terminal(home, "--focus", "100s")
    terminals.append(term)
    wait_for(lambda: "Press space" in term.screen(), what="the idle screen")
    term.press("space")
    wait_for(lambda: status(home)["state"] == "running", what="the focus to run")
    deadline = time.time() + status(home)["remaining_s"]
    pid = term.pid()
    os.kill(pid, signal.SIGSTOP)
    stopped_at = time.monotonic()
    try:
        # The process is stopped: its screen must not move while we wait out 3 s of real time.
        frozen = term.screen()
        wait_for(lambda: time.monotonic() - stopped_at >= 3, what="3 s of stop")
        assert term.screen() == frozen
    finally:
        os.kill(pid, signal.SIGCONT)
    resumed = time.monotonic()

    def caught_up() -> bool:
        shown = shown_percent(term.screen())
        expected = 100 - (deadline - time.time())  # 1% of 100 s is one second
        return shown is not None and abs(shown - expected) <= 2  # rounding of both sides

    wait_for(caught_up, timeout=5, what="the countdown to show the real time")
    assert time.monotonic() - resumed < 1.5
