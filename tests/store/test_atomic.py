"""A private file is replaced whole, also when two threads of one process write it at once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from pomoplan.store.atomic import write_private


def test_two_threads_writing_one_file_each_write_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thread A has written its temporary file and is about to rename it when thread B writes
    the same file. With one temporary name per process, B truncated and renamed A's file, and
    A's rename failed: A's write was lost while B's half-overwritten data could show."""
    target = tmp_path / "state.bin"
    real_replace = os.replace
    a_ready, b_done = threading.Event(), threading.Event()

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if threading.current_thread().name == "A":
            a_ready.set()
            assert b_done.wait(10)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    results: dict[str, bool] = {}
    a = threading.Thread(
        target=lambda: results.__setitem__("A", write_private(target, b"A" * 1000)), name="A"
    )
    a.start()
    assert a_ready.wait(10)
    results["B"] = write_private(target, b"B" * 10)
    assert target.read_bytes() == b"B" * 10
    b_done.set()
    a.join()
    assert results == {"A": True, "B": True}
    assert target.read_bytes() == b"A" * 1000  # A renamed last: its whole file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.bin"]
    assert (target.stat().st_mode & 0o777) == 0o600
