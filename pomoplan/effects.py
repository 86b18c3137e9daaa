"""Side effects of timer events: desktop notifications and user hooks, never blocking, never fatal."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from collections.abc import Callable

from pomoplan.core.timer import PhaseEnded, PhaseStarted, TimerEvent


def notify_desktop(title: str, body: str) -> None:
    """``notify-send`` when it is on PATH; its failure is silent (SPEC section 2)."""
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


def run_hook(
    command: str, env: dict[str, str], timeout_s: float, on_failure: Callable[[str], None]
) -> threading.Thread:
    """Run ``command`` in the shell on a thread, with a time limit; report failure, never raise."""

    def work() -> None:
        try:
            proc = subprocess.run(
                command,
                shell=True,
                env={**os.environ, **env},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            on_failure(f"hook timed out after {timeout_s:g}s: {command}")
            return
        except OSError as exc:
            on_failure(f"hook failed: {exc}")
            return
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            tail = f": {err[-1]}" if err else ""
            on_failure(f"hook exited {proc.returncode}{tail}")

    thread = threading.Thread(target=work, name="pomoplan-hook", daemon=True)
    thread.start()
    return thread
