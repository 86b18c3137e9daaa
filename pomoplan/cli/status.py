"""``pomoplan status``: one line for a status bar; reads the saved timer with sqlite3 alone."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from pomoplan.core.clock import Clock, SystemClock
from pomoplan.core.durations import format_clock
from pomoplan.store.paths import resolve_paths
from pomoplan.store.state import check_state, read_state, shown_at, trusted_now
from pomoplan.text.safe import visible

if TYPE_CHECKING:
    import argparse

ICONS = {"focus": "🍅", "short_break": "☕", "long_break": "🌴"}
PAUSED = "⏸"
DEFAULT_FORMAT = "{icon} {remaining} {slot_title}"
IDLE: dict[str, Any] = {
    "state": "idle",
    "phase": None,
    "remaining_s": None,
    "slot_id": None,
    "slot_title": None,
}


def status_fields(state: dict[str, Any] | None, clock: Clock) -> dict[str, Any]:
    """The status document (``status --json``) of a checked saved state, as of now.

    A phase whose deadline passed while the app was closed has ended: nothing is running.
    """
    now = trusted_now(state, clock.wall(), clock.boot_id(), clock.boottime())
    shown = shown_at(state, now)
    if shown is None:
        return dict(IDLE)
    return {
        "state": "paused" if shown.paused else "running",
        "phase": shown.phase,
        "remaining_s": int(-(-shown.remaining_s // 1)),
        "slot_id": shown.slot.get("slot_id"),
        "slot_title": shown.slot.get("title"),
    }


def render(fields: dict[str, Any], fmt: str) -> str:
    """The one line, or an empty string when idle; the slot's text is shown as written."""
    if fields["state"] == "idle":
        return ""
    icon = PAUSED if fields["state"] == "paused" else ICONS.get(fields["phase"], "")
    values = {
        **fields,
        "icon": icon,
        "remaining": format_clock(fields["remaining_s"]),
        "slot_title": visible(fields["slot_title"] or ""),
        "slot_id": visible(fields["slot_id"] or ""),
    }
    return fmt.format(**values).strip()


def run_status(args: argparse.Namespace) -> int:
    """Print the status line (or JSON); a damaged saved state is reported and left out."""
    from pomoplan.store.database import StoreError

    try:
        checked = check_state(read_state(resolve_paths().db_file))
    except StoreError as exc:
        print(f"pomoplan: {exc}", file=sys.stderr)
        return 1
    for line in checked.dropped:
        print(f"pomoplan: {line}", file=sys.stderr)
    fields = status_fields(checked.state, SystemClock())
    if args.json:
        print(json.dumps(fields, ensure_ascii=False))
        return 0
    try:
        line = render(fields, args.format or DEFAULT_FORMAT)
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        print(f"pomoplan: --format: unknown field or bad format: {exc}", file=sys.stderr)
        return 2
    if line:
        print(line)
    return 0
