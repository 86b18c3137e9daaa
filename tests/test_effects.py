"""Side effects of timer events: hook environment, hooks run safely on a thread, desktop
notifications that never fail the timer."""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import shlex
import signal
import time
from pathlib import Path

import pytest

from pomoplan.adapters.effects import hook_env, notify_desktop, run_hook
from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import PhaseEnded, PhaseStarted, SlotRef, Timer, TimerSettings

HOOK_VARS = {
    "POMOPLAN_EVENT",
    "POMOPLAN_PHASE",
    "POMOPLAN_STATUS",
    "POMOPLAN_SLOT_ID",
    "POMOPLAN_SLOT_TITLE",
    "POMOPLAN_FOCUSED_S",
}
"""Exactly these variables describe an event to a hook: its details never go in the command text."""

EVIL = "复习 $(touch pwned) `touch pwned` \"q\" 'q'; touch pwned; echo $HOME"
SLOT = SlotRef("mini", "w1-wed-b1-s1", EVIL, "Python")


def make_timer() -> tuple[FakeClock, Timer]:
    clock = FakeClock()
    counter = itertools.count(1)
    timer = Timer(clock, TimerSettings(), slot=SLOT, new_id=lambda: f"id{next(counter)}")
    return clock, timer


# -- hook_env ----------------------------------------------------------------------------


def test_hook_env_of_a_focus_start() -> None:
    _, timer = make_timer()
    (started,) = [e for e in timer.start() if isinstance(e, PhaseStarted)]
    assert hook_env(started) == {
        "POMOPLAN_EVENT": "phase_start",
        "POMOPLAN_PHASE": "focus",
        "POMOPLAN_STATUS": "running",
        "POMOPLAN_SLOT_ID": "w1-wed-b1-s1",
        "POMOPLAN_SLOT_TITLE": EVIL,
        "POMOPLAN_FOCUSED_S": "0",
    }


def test_hook_env_of_a_completed_focus_and_the_break_after_it() -> None:
    clock, timer = make_timer()
    timer.start()
    clock.advance(25 * 60)
    events = timer.tick()
    (ended,) = [e for e in events if isinstance(e, PhaseEnded)]
    assert hook_env(ended) == {
        "POMOPLAN_EVENT": "phase_end",
        "POMOPLAN_PHASE": "focus",
        "POMOPLAN_STATUS": "completed",
        "POMOPLAN_SLOT_ID": "w1-wed-b1-s1",
        "POMOPLAN_SLOT_TITLE": EVIL,
        "POMOPLAN_FOCUSED_S": "1500",
    }
    (brk,) = [e for e in events if isinstance(e, PhaseStarted)]
    env = hook_env(brk)
    assert set(env) == HOOK_VARS
    assert env["POMOPLAN_EVENT"] == "phase_start"
    assert env["POMOPLAN_PHASE"] == "short_break"
    assert env["POMOPLAN_STATUS"] == "running"
    assert env["POMOPLAN_FOCUSED_S"] == "0"


def test_hook_env_of_an_interrupted_focus() -> None:
    clock, timer = make_timer()
    timer.start()
    clock.advance(7 * 60 + 5)
    (ended,) = [e for e in timer.interrupt("电话") if isinstance(e, PhaseEnded)]
    env = hook_env(ended)
    assert set(env) == HOOK_VARS
    assert env["POMOPLAN_EVENT"] == "phase_end"
    assert env["POMOPLAN_PHASE"] == "focus"
    assert env["POMOPLAN_STATUS"] == "interrupted"
    assert env["POMOPLAN_FOCUSED_S"] == "425"


def test_hook_env_without_a_slot_is_empty_strings() -> None:
    timer = Timer(FakeClock(), TimerSettings())
    (started,) = [e for e in timer.start() if isinstance(e, PhaseStarted)]
    env = hook_env(started)
    assert set(env) == HOOK_VARS
    assert env["POMOPLAN_SLOT_ID"] == env["POMOPLAN_SLOT_TITLE"] == ""
    assert all(isinstance(v, str) for v in env.values())


# -- run_hook ----------------------------------------------------------------------------


class Failures:
    """Collects what run_hook reports."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)


def test_hook_gets_the_details_only_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.txt"
    _, timer = make_timer()
    (started,) = [e for e in timer.start() if isinstance(e, PhaseStarted)]
    command = (
        'printf "%s\\n" "$POMOPLAN_EVENT" "$POMOPLAN_PHASE" "$POMOPLAN_STATUS" '
        '"$POMOPLAN_SLOT_ID" "$POMOPLAN_SLOT_TITLE" "$POMOPLAN_FOCUSED_S" > '
        + shlex.quote(str(out))
    )
    failures = Failures()
    thread = run_hook(command, hook_env(started), 10, failures)
    thread.join(10)
    assert not thread.is_alive()
    assert failures.messages == []
    assert out.read_text(encoding="utf-8").split("\n")[:-1] == [
        "phase_start",
        "focus",
        "running",
        "w1-wed-b1-s1",
        EVIL,
        "0",
    ]
    assert not (tmp_path / "pwned").exists()
    assert os.environ.get("POMOPLAN_SLOT_TITLE") is None  # our own environment is untouched


def test_hook_keeps_the_rest_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POMOPLAN_TEST_MARK", "kept")
    out = tmp_path / "out.txt"
    thread = run_hook(
        f'printf %s "$POMOPLAN_TEST_MARK" > {shlex.quote(str(out))}', {}, 10, Failures()
    )
    thread.join(10)
    assert out.read_text() == "kept"


def test_a_failing_hook_is_reported_with_its_exit_status_and_last_error_line() -> None:
    failures = Failures()
    thread = run_hook("echo first >&2; echo 'no such thing' >&2; exit 3", {}, 10, failures)
    thread.join(10)
    assert not thread.is_alive()
    assert len(failures.messages) == 1
    assert failures.messages[0].startswith("hook exited 3")
    assert "no such thing" in failures.messages[0]


def test_a_silent_failing_hook_is_reported_too() -> None:
    failures = Failures()
    thread = run_hook("exit 3", {}, 10, failures)
    thread.join(10)
    assert failures.messages == ["hook exited 3"]


def _wait_gone(pid: int, within: float) -> bool:
    """True once process ``pid`` has ended (waited on through a pidfd, no polling)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], within)
        return bool(readable)
    finally:
        os.close(fd)


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs pidfd_open (Linux)")
def test_a_hook_past_its_timeout_is_killed_and_reported(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    late = tmp_path / "late"
    # the shell is not the sleeper: killing only the shell would leave `sleep` running and
    # holding the stderr pipe open
    command = (
        f"sleep 5 & echo $! > {shlex.quote(str(pids))}; wait; echo late > {shlex.quote(str(late))}"
    )
    failures = Failures()
    began = time.monotonic()
    thread = run_hook(command, {}, 0.3, failures)
    thread.join(4)
    took = time.monotonic() - began
    assert not thread.is_alive(), "the hook thread is still waiting for the killed hook"
    assert took < 3, took
    assert len(failures.messages) == 1
    assert failures.messages[0].startswith("hook timed out after 0.3s")
    sleeper = int(pids.read_text())
    assert _wait_gone(sleeper, 2), "the hook's child process outlived the timeout"
    assert not late.exists()


def test_a_hook_that_leaves_a_process_in_the_background_is_done_when_its_shell_is(
    tmp_path: Path,
) -> None:
    pids = tmp_path / "pids"
    failures = Failures()
    began = time.monotonic()
    thread = run_hook(f"sleep 5 & echo $! > {shlex.quote(str(pids))}", {}, 10, failures)
    thread.join(4)
    try:
        assert not thread.is_alive(), "waiting on the background process's stderr"
        assert time.monotonic() - began < 3
        assert failures.messages == []
    finally:
        with contextlib.suppress(ProcessLookupError, ValueError, OSError):
            os.kill(int(pids.read_text()), signal.SIGKILL)


def test_a_hook_does_not_block_the_caller(tmp_path: Path) -> None:
    go = tmp_path / "go"
    done = tmp_path / "done"
    command = (
        f"while [ ! -e {shlex.quote(str(go))} ]; do sleep 0.02; done; "
        f"echo ok > {shlex.quote(str(done))}"
    )
    failures = Failures()
    thread = run_hook(command, {}, 20, failures)
    # run_hook has returned while the hook waits for a file only we can create
    assert thread.is_alive()
    assert not done.exists()
    go.touch()
    thread.join(10)
    assert not thread.is_alive()
    assert done.read_text() == "ok\n"
    assert failures.messages == []


def test_a_hook_that_cannot_be_found_is_reported() -> None:
    failures = Failures()
    thread = run_hook("pomoplan-no-such-command-xyz", {}, 10, failures)
    thread.join(10)
    assert len(failures.messages) == 1
    assert failures.messages[0].startswith("hook exited 127")


# -- notify_desktop ----------------------------------------------------------------------


def fake_notify_send(bindir: Path, body: str) -> Path:
    bindir.mkdir(exist_ok=True)
    exe = bindir / "notify-send"
    exe.write_text(body)
    exe.chmod(0o755)
    return exe


def wait_for(path: Path, within: float = 10) -> str:
    """The text of ``path`` once the background notifier has written it."""
    deadline = time.monotonic() + within
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} was never written"
        time.sleep(0.01)
    return path.read_text(encoding="utf-8")


def test_notify_desktop_passes_title_and_body_as_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "args"
    # write to a temporary name and rename, so the file appears complete
    fake_notify_send(
        tmp_path / "bin",
        f'#!/bin/sh\nprintf "%s\\n" "$@" > {shlex.quote(str(out))}.tmp\n'
        f"mv {shlex.quote(str(out))}.tmp {shlex.quote(str(out))}\n",
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.chdir(tmp_path)
    title = "🍅 专注结束"
    body = "休息 5 分钟; next: $(touch pwned) 复习Python"
    assert notify_desktop(title, body) is None
    args = wait_for(out).split("\n")[:-1]
    assert args[-2:] == [title, body]
    assert not (tmp_path / "pwned").exists()


def test_notify_desktop_failing_is_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    ran = tmp_path / "ran"
    fake_notify_send(
        tmp_path / "bin",
        "#!/bin/sh\necho 'cannot connect to the bus' >&2\necho 'on stdout'\n"
        f"touch {shlex.quote(str(ran))}\nexit 1\n",
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin")
    assert notify_desktop("title", "body") is None
    wait_for(ran)
    captured = capfd.readouterr()
    assert "cannot connect" not in captured.err  # its output does not reach our terminal
    assert "on stdout" not in captured.out


def test_notify_desktop_that_cannot_be_executed_is_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_notify_send(tmp_path / "bin", "not a script at all\x00\x01")  # exec format error
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert notify_desktop("title", "body") is None


def test_notify_desktop_absent_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    started: list[object] = []
    monkeypatch.setattr(
        "pomoplan.adapters.effects.subprocess.Popen", lambda *a, **k: started.append(a)
    )
    assert notify_desktop("title", "body") is None
    assert started == []  # nothing is tried without notify-send: no error, no stray process


def test_notify_desktop_not_executable_is_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = fake_notify_send(tmp_path / "bin", "#!/bin/sh\nexit 0\n")
    exe.chmod(0o644)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    notify_desktop("title", "body")
