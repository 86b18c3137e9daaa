"""``pomoplan status``: one line for a status bar; reads the saved timer with sqlite3 alone."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from pomoplan.store.paths import resolve_paths
from pomoplan.store.state import read_state

ICONS = {"focus": "🍅", "short_break": "☕", "long_break": "🌴"}
PAUSED = "⏸"
DEFAULT_FORMAT = "{icon} {remaining} {slot_title}"


def status_fields(state: dict[str, Any] | None, now: float) -> dict[str, Any]:
    """The status document of SPEC section 1 (``status --json``), plus display fields."""
    current = (state or {}).get("current")
    if not current:
        return {
            "state": "idle",
            "phase": None,
            "remaining_s": None,
            "slot_id": None,
            "slot_title": None,
        }
    paused_since = current.get("paused_since")
    at = paused_since if paused_since is not None else now
    remaining = max(0, int(-(-(current["deadline"] - at) // 1)))
    slot = current.get("slot") or {}
    return {
        "state": "paused" if paused_since is not None else "running",
        "phase": current["phase"],
        "remaining_s": remaining,
        "slot_id": slot.get("slot_id"),
        "slot_title": slot.get("title"),
    }


def render(fields: dict[str, Any], fmt: str) -> str:
    """The one line, or an empty string when idle."""
    if fields["state"] == "idle":
        return ""
    remaining = fields["remaining_s"]
    minutes, seconds = divmod(remaining, 60)
    icon = PAUSED if fields["state"] == "paused" else ICONS.get(fields["phase"], "")
    values = {
        **fields,
        "icon": icon,
        "remaining": f"{minutes:02d}:{seconds:02d}",
        "slot_title": fields["slot_title"] or "",
        "slot_id": fields["slot_id"] or "",
    }
    return fmt.format(**values).strip()


def run_status(args: argparse.Namespace) -> int:
    """Print the status line (or JSON)."""
    fields = status_fields(read_state(resolve_paths().db_file), time.time())
    if args.json:
        print(json.dumps(fields, ensure_ascii=False))
        return 0
    try:
        line = render(fields, args.format or DEFAULT_FORMAT)
    except (KeyError, ValueError, IndexError) as exc:
        print(f"pomoplan: --format: unknown field or bad format: {exc}", file=sys.stderr)
        return 2
    if line:
        print(line)
    return 0
