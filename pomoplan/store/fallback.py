"""When the log cannot be written, the running state (with unwritten phases) goes to a side file.

Written atomically (temp file + rename) beside the log, read back at the next start, and removed
once the log has taken everything in.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from pomoplan.store.atomic import sync_dir, write_private


def fallback_path(db_file: Path) -> Path:
    """``pomoplan.db`` -> ``pomoplan.db.pending.json``."""
    return db_file.with_name(db_file.name + ".pending.json")


def save(path: Path, document: dict[str, Any]) -> bool:
    """Write ``document`` atomically and durably (mode 0600); False when even this fails."""
    data = json.dumps(document, ensure_ascii=False, default=str).encode("utf-8")
    return write_private(path, data, durable=True)


def set_aside_path(db_file: Path) -> Path:
    """``pomoplan.db`` -> ``pomoplan.db.refused.jsonl``: rows the log refused, kept for people."""
    return db_file.with_name(db_file.name + ".refused.jsonl")


def set_aside(path: Path, rows: list[tuple[dict[str, Any], str]]) -> bool:
    """Append rows the log refused (one JSON line each, with the reason), durably; False when
    even this fails."""
    data = "".join(
        json.dumps({"reason": reason, "row": row}, ensure_ascii=False, default=str) + "\n"
        for row, reason in rows
    ).encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        sync_dir(path.parent)
    except OSError:
        return False
    return True


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
