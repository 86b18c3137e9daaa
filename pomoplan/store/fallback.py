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


def fallback_path(db_file: Path) -> Path:
    """``pomoplan.db`` -> ``pomoplan.db.pending.json``."""
    return db_file.with_name(db_file.name + ".pending.json")


def save(path: Path, document: dict[str, Any]) -> bool:
    """Write ``document`` atomically (mode 0600); False when even this cannot be written."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(document, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
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
