"""The real command under a wrong wall clock (libfaketime) and closed mid-focus (SIGHUP)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

EXE = shutil.which("pomoplan")
TMUX = shutil.which("tmux")
FAKETIME = next(
    (
        p
        for p in (
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/faketime/libfaketime.so.1",
        )
        if Path(p).exists()
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    EXE is None or TMUX is None, reason="needs the installed pomoplan command and tmux"
)
needs_faketime = pytest.mark.skipif(FAKETIME is None, reason="needs libfaketime (apt faketime)")
AUTO = "auto_start_focus: true\nauto_start_breaks: true\n"


class App:
    """``pomoplan`` in a detached tmux session of its own, with extra environment."""

    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.name = f"pomoplan-clock-{uuid.uuid4().hex[:8]}"
        self.tmux = [TMUX, "-L", self.name, "-f", "/dev/null"]
        extra = " ".join(f"{k}={v}" for k, v in (env or {}).items())
        command = (
            f"env POMOPLAN_HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color {extra} "
            f"{EXE} {' '.join(args)}; sleep 60"
        )
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", "100", "-y", "30", command],
            check=True,
        )

    def screen(self) -> str:
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return out.stdout

    def press(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def pid(self) -> int:
        out = subprocess.run(
            [*self.tmux, "list-panes", "-t", self.name, "-F", "#{pane_pid}"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        shell = out.stdout.split()[0]
        children = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True, check=False
        ).stdout.split()
        for child in children:
            if b"pomoplan" in Path(f"/proc/{child}/cmdline").read_bytes():
                return int(child)
        raise AssertionError("pomoplan is not running")

    def hang_up(self) -> None:
        """Close the terminal under the app, as closing its window does."""
        os.kill(self.pid(), signal.SIGHUP)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False, capture_output=True)


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    """Poll a condition (the app is another process: nothing to await but its output)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def pomoplan(home: Path, *args: str) -> str:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8"}
    return subprocess.run([EXE, *args], capture_output=True, text=True, check=True, env=env).stdout


def rows(home: Path) -> list[dict]:
    return json.loads(pomoplan(home, "export", "--format", "json"))


@pytest.fixture
def apps() -> Iterator[list[App]]:
    opened: list[App] = []
    yield opened
    for app in opened:
        app.close()


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
    home: Path, apps: list[App], tmp_path: Path
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
    app = App(
        home, "--focus", "5s", "--short-break", "3s", env={k: str(v) for k, v in fake.items()}
    )
    apps.append(app)
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
    again = App(home, "--focus", "5s", "--short-break", "3s")
    apps.append(again)
    # What was running ended at its deadline while closed; what comes next waits.
    wait_for(lambda: "· Ready" in again.screen(), what="the next phase to wait")
    before = len(rows(home))
    again.press("space")
    wait_for(lambda: len(rows(home)) > before, what="a phase after the restart")
    found = rows(home)
    assert_dated_no_later_than_now(found)
    assert {r["study_date"] for r in found} == {pomoplan_today()}


def test_closing_the_terminal_mid_focus_records_only_that_focus(
    home: Path, apps: list[App], tmp_path: Path
) -> None:
    home.mkdir(parents=True)
    hooks = tmp_path / "hooks.txt"
    (home / "config.yaml").write_text(
        AUTO + f"hooks:\n  on_phase_end: 'echo $POMOPLAN_PHASE >> {hooks}'\n", encoding="utf-8"
    )
    app = App(home, "--focus", "3s", "--short-break", "2s")
    apps.append(app)
    wait_for(lambda: "Press space" in app.screen(), what="the idle screen")
    app.press("space")
    wait_for(lambda: "Focus · Running" in app.screen(), what="the focus to run")
    app.hang_up()
    app.close()
    # Closed for what would have been several focus/break cycles.
    wait_for(lambda: json.loads(pomoplan(home, "status", "--json"))["state"] == "idle",
             what="the saved deadline to pass")  # fmt: skip
    time.sleep(8)  # more cycles' worth of closed time: nothing to await while nothing runs
    again = App(home, "--focus", "3s", "--short-break", "2s")
    apps.append(again)
    wait_for(lambda: "Short break · Ready" in again.screen(), what="the break to wait")
    assert [(r["kind"], r["status"]) for r in rows(home)] == [("focus", "completed")]
    wait_for(lambda: hooks.exists() and hooks.read_text().split() == ["focus"], what="one hook")
