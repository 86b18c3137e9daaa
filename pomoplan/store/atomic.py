"""Write a private file atomically: a 0600 temp file beside it, then a rename."""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path

_SEQ = itertools.count()
"""Numbers the temporary files of this process: two threads writing one file at once (the
app's worker and its screen) each write a file of their own, and neither renames the other's."""


def write_private(path: Path, data: bytes, *, durable: bool = False) -> bool:
    """Replace ``path`` with ``data`` (readers see the old or the new file, never half of one).

    Args:
        path: the file to write; its folder must exist.
        data: the new contents.
        durable: fsync before the rename (for what must survive a power cut).

    Returns:
        False when it could not be written (the old file, if any, is left as it was).
    """
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{next(_SEQ)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
        if durable:
            sync_dir(path.parent)  # the rename itself must survive a power cut too
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True


def sync_dir(folder: Path) -> None:
    """fsync a folder, so the names created or renamed in it are on disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
