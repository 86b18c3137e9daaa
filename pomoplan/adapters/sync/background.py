"""Sync while the app is open: each run on its own connection, off the screen's thread."""

import threading
from pathlib import Path
from typing import NamedTuple

from pomoplan.adapters.sync import sync
from pomoplan.store.log import LogStore

EVERY_S = 5.0
"""How often the open app merges: every few seconds, so another device's focus shows soon."""


class Result(NamedTuple):
    """What one run did, for the screen thread to show."""

    imported: int
    warnings: list[str]
    error: str | None
    days: frozenset[str] = frozenset()
    """The study dates (ISO) whose records the merge may have changed."""


class Syncer:
    """Runs ``sync`` on a private connection to the log; one run at a time.

    ``run`` blocks (call it in a thread worker); ``wanted`` tells the app whether a run asked
    for while one was going must follow, so a write made meanwhile is journaled soon after.
    """

    def __init__(self, db_file: Path, sync_dir: Path) -> None:
        self.db_file = db_file
        self.sync_dir = sync_dir
        self._busy = threading.Lock()
        self.wanted = False
        self.stop = threading.Event()
        """Set when the app quits: a merge under way ends within a few lines (the app does
        not wait for a first merge of years of another device's records to finish)."""

    def run(self) -> Result | None:
        """Write out and merge; None when another run was going (it will run again)."""
        if not self._busy.acquire(blocking=False):
            self.wanted = True
            return None
        warnings: list[str] = []
        try:
            self.wanted = False
            with LogStore(self.db_file) as store:
                outcome = sync(store, self.sync_dir, warnings.append, self.stop)
            return Result(outcome.imported, warnings, None, outcome.days)
        except Exception as exc:  # the log stays the truth: shown, and tried again next time
            return Result(0, warnings, f"{self.sync_dir}: {getattr(exc, 'strerror', None) or exc}")
        finally:
            self._busy.release()
