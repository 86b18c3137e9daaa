"""When the log cannot be written, the running state (with unwritten phases) goes to a side file.

Written atomically (temp file + rename) beside the log, read back at the next start, and removed
once the log has taken everything in.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from pomoplan.store.atomic import write_private


def fallback_path(db_file: Path) -> Path:
    """``pomoplan.db`` -> ``pomoplan.db.pending.json``."""
    return db_file.with_name(db_file.name + ".pending.json")


def save(path: Path, document: dict[str, Any]) -> bool:
    """Write ``document`` atomically and durably (mode 0600); False when even this fails."""
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return write_private(path, data, durable=True)


def load(path: Path) -> dict[str, Any] | None:
    """The saved document, or None when there is none (or it is unreadable)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def clear(path: Path) -> None:
    """Remove the side file once the log holds everything."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
