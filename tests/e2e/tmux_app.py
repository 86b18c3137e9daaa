"""The real ``pomoplan`` command in a real terminal: a detached tmux session on a server of its
own, and polling its screen (the app is another process: nothing to await but its output)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import command


def tmux() -> str:
    """The tmux command; missing, the test is skipped here and fails in CI (which installs it)."""
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("POMOPLAN_CI"):
            pytest.fail("tmux is not installed (CI installs it)")
        pytest.skip("needs tmux")
    return found


class Terminal:
    """``pomoplan ARGS`` in a detached tmux session, with extra environment.

    A private server (``-L``) per terminal: killing one never races with starting another
    (a shared server exits with its last session and refuses clients meanwhile).
    """

    def __init__(
        self,
        home: Path,
        *args: str,
        size: tuple[int, int] = (100, 30),
        env: dict[str, str] | None = None,
    ) -> None:
        self.name = f"pomoplan-test-{uuid.uuid4().hex[:8]}"
        self.tmux = [tmux(), "-L", self.name, "-f", "/dev/null"]
        self.home = home
        extra = "".join(f" {k}={v}" for k, v in (env or {}).items())
        variables = f"POMOPLAN_HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color{extra}"
        line = f"env {variables} {command()} {' '.join(args)}; sleep 60"
        width, height = (str(n) for n in size)
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", width, "-y", height, line],
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
        """The pid of the pomoplan process (the pane's shell runs it as a child)."""
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
    """Poll a condition until it holds, or fail saying what did not happen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def pomoplan(home: Path, *args: str) -> str:
    """The real command's output (it must succeed)."""
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8"}
    return subprocess.run(
        [command(), *args], capture_output=True, text=True, check=True, env=env
    ).stdout


def export(home: Path) -> list[dict]:
    """The log as ``export --format json`` gives it."""
    return json.loads(pomoplan(home, "export", "--format", "json"))
