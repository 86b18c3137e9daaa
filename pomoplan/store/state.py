"""The saved timer state row: its key and how it is decoded (shared by the log and ``status``).

Kept to the standard library so ``pomoplan status`` stays cheap.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

TIMER_KEY = "timer"
SELECT_STATE = "SELECT value FROM timer_state WHERE key = ?"


def decode_state(raw: str | None) -> dict[str, Any] | None:
    """The state document stored as JSON, or None when absent or unreadable."""
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def read_state(db: Path) -> dict[str, Any] | None:
    """The saved timer state of the log at ``db`` (read-only), or None when there is none."""
    if not db.exists():
        return None
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
    try:
        row = conn.execute(SELECT_STATE, (TIMER_KEY,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return decode_state(row[0] if row else None)
