"""A merge the app asks to stop (it is quitting) ends within a few lines; nothing of it is lost
or counted twice: the next merge goes on from there."""

from __future__ import annotations

import threading
from pathlib import Path

from helpers import figures
from logrows import log_row

from pomoplan.adapters.sync import sync
from pomoplan.adapters.sync.journal import write_out
from pomoplan.store.log import LogStore


class StopAfter(threading.Event):
    """Says "stop" from its ``n``-th look on (the app's quit, at a known moment)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.left = n

    def is_set(self) -> bool:
        self.left -= 1
        return self.left < 0


def test_a_stopped_merge_ends_early_and_the_next_one_finishes_it(tmp_path: Path) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    with LogStore(tmp_path / "other.db") as other:
        days = [f"2026-{m:02d}-0{1 + i % 9}" for m in range(1, 13) for i in range(60)]
        other.record([log_row(f"p{i:04d}", d) for i, d in enumerate(days)], None)
        write_out(other, shared)
        expected = figures(other.conn)[0]
    with LogStore(tmp_path / "here.db") as here:
        stopped = sync(here, shared, lambda m: None, StopAfter(3))
        assert stopped.imported < len(days)  # it stopped after a few hundred lines
        rest = sync(here, shared, lambda m: None)
        assert stopped.imported + rest.imported == len(days)
        assert figures(here.conn)[0] == expected
        assert sync(here, shared, lambda m: None).imported == 0
