"""Side effects of timer events: desktop notifications and user hooks, never blocking, never fatal."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from typing import IO

from pomoplan.core.timer import PhaseEnded, PhaseStarted, TimerEvent


def notify_desktop(title: str, body: str) -> None:
    """``notify-send`` when it is on PATH; its failure is silent: an announcement that cannot be
    made never stops the timer nor writes over the screen."""
    exe = shutil.which("notify-send")
    if exe is None:
        return
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [exe, "--app-name=pomoplan", title, body],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def hook_env(event: TimerEvent) -> dict[str, str]:
    """The POMOPLAN_* variables describing ``event`` (details never go in the command text)."""
    if isinstance(event, PhaseStarted):
        return {
            "POMOPLAN_EVENT": "phase_start",
            "POMOPLAN_PHASE": str(event.phase),
            "POMOPLAN_STATUS": "running",
            "POMOPLAN_SLOT_ID": event.slot.slot_id or "",
            "POMOPLAN_SLOT_TITLE": event.slot.title or "",
            "POMOPLAN_FOCUSED_S": "0",
        }
    if isinstance(event, PhaseEnded):
        r = event.record
        return {
            "POMOPLAN_EVENT": "phase_end",
            "POMOPLAN_PHASE": str(r.kind),
            "POMOPLAN_STATUS": str(r.status),
            "POMOPLAN_SLOT_ID": r.slot_id or "",
            "POMOPLAN_SLOT_TITLE": r.slot_title or "",
            "POMOPLAN_FOCUSED_S": str(r.focused_s),
        }
    return {}


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the hook's shell and everything it started (its own process group), and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    proc.wait()


def _last_line(err: IO[bytes]) -> str:
    """The last non-empty line the hook wrote on stderr (read from the end of the file)."""
    size = err.seek(0, os.SEEK_END)
    err.seek(max(0, size - 4096))
    lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return lines[-1].strip() if lines else ""


def run_hook(
    command: str, env: dict[str, str], timeout_s: float, on_failure: Callable[[str], None]
) -> threading.Thread:
    """Run ``command`` in the shell on a thread, with a time limit; report failure, never raise.

    The hook runs in a session of its own, so that at the time limit the shell and every
    process it started are killed (killing the shell alone would leave its children running).
    Its stderr goes to a temporary file, not a pipe: a process the hook leaves in the
    background cannot keep this thread waiting for the end of a pipe.
    """

    def outcome() -> str | None:
        """What went wrong, or None."""
        try:
            with tempfile.TemporaryFile() as err:
                proc = subprocess.Popen(
                    command,
                    shell=True,
                    env={**os.environ, **env},
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    start_new_session=True,
                )
                try:
                    code = proc.wait(timeout=timeout_s)
                except subprocess.TimeoutExpired:
                    _kill_group(proc)
                    return f"hook timed out after {timeout_s:g}s: {command}"
                if code == 0:
                    return None
                last = _last_line(err)
                return f"hook exited {code}" + (f": {last}" if last else "")
        except OSError as exc:
            return f"hook failed: {exc}"

    def work() -> None:
        problem = outcome()
        if problem is not None:
            on_failure(problem)

    thread = threading.Thread(target=work, name="pomoplan-hook", daemon=True)
    thread.start()
    return thread
