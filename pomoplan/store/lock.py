"""One timer per data dir: a kernel lock on the data dir itself, and the owner's pid in a file.

The lock is taken on the folder (``flock`` on its descriptor), not on ``pomoplan.lock``:
deleting or replacing that file while a window runs cannot let a second window run a timer
too. The kernel frees the lock when its owner dies, however it dies (``kill -9``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from pomoplan.store.paths import make_private_dir


class TimerLock:
    """``acquire()`` returns True when this process now runs the timer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """This process runs the timer."""
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock without waiting (True at once if this process holds it already)."""
        if self._fd is not None:
            return True
        make_private_dir(self.path.parent)
        fd = os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        self._write_pid()
        return True

    def _write_pid(self) -> None:
        """Say who runs the timer (for the other windows' hint); only the holder writes it."""
        with contextlib.suppress(OSError):
            pid = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(pid, f"{os.getpid()}\n".encode())
            finally:
                os.close(pid)

    def owner(self) -> int | None:
        """The pid written by the process that holds the lock, if readable."""
        try:
            return int(self.path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
