"""A first merge reads the journals month by month across devices, so that each batch holds
one stretch of time (its rows go in next to each other in the log's keys and indexes), and
hands a small first batch to the log, which then works while the rest is read."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from logrows import log_row

from pomoplan.adapters.sync import sync
from pomoplan.adapters.sync.journal import write_out
from pomoplan.store.log import LogStore

merge_module = importlib.import_module("pomoplan.adapters.sync.merge")


def bravo_journal(tmp_path: Path, phases: int) -> Path:
    """A shared folder holding device bravo's journal of ``phases`` phases."""
    shared = tmp_path / "Sync"
    shared.mkdir()
    with LogStore(tmp_path / "bravo.db") as other:
        other.conn.execute("UPDATE meta SET value = 'bravo' WHERE key = 'device'")
        other._device = None
        other.record([log_row(f"p{i:04d}", "2026-12-01") for i in range(phases)], None)
        write_out(other, shared)
    return shared


def test_files_are_read_month_by_month_across_devices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    for device in ("bravo", "alpha"):
        with LogStore(tmp_path / f"{device}.db") as other:
            other.conn.execute("UPDATE meta SET value = ? WHERE key = 'device'", (device,))
            other._device = None
            days = ("2026-10-05", "2026-11-05", "2026-12-05")
            other.record([log_row(f"{device}{i}", d) for i, d in enumerate(days)], None)
            write_out(other, shared)
    read: list[tuple[str, str]] = []
    real = merge_module._read

    def reading(path: Path, device: str, *args: object) -> object:
        read.append((path.name, device))
        return real(path, device, *args)

    monkeypatch.setattr(merge_module, "_read", reading)
    with LogStore(tmp_path / "here.db") as here:
        assert sync(here, shared, print).imported == 6
    assert [name for name, _ in read] == sorted(name for name, _ in read)
    assert read[:2] == [("2026-10.jsonl", "alpha"), ("2026-10.jsonl", "bravo")]


def test_the_first_batches_grow_so_the_log_starts_while_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = bravo_journal(tmp_path, 1100)
    monkeypatch.setattr(merge_module, "FIRST_BATCH", 100)
    monkeypatch.setattr(merge_module, "BATCH", 400)
    sizes: list[int] = []
    real = LogStore.merge_in

    def merge_in(
        self: LogStore, phases: list[object], events: list[object], **kw: object
    ) -> object:
        sizes.append(len(phases) + len(events))
        return real(self, phases, events, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(LogStore, "merge_in", merge_in)
    with LogStore(tmp_path / "here.db") as here:
        assert sync(here, shared, print).imported == 1100
    assert sizes == [100, 300, 400, 300]  # each up to RAMP (3) times the one before


def test_a_merge_switches_threads_often_and_puts_the_interval_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a merge runs, its log thread gets the interpreter back from the reader within
    SWITCH_S (not Python's 5 ms); after it, even one that failed, the interval is as before."""
    import sys

    shared = bravo_journal(tmp_path, 5)
    seen: list[float] = []
    real = LogStore.merge_in

    def merge_in(
        self: LogStore, phases: list[object], events: list[object], **kw: object
    ) -> object:
        seen.append(sys.getswitchinterval())
        if len(seen) == 1:
            raise OSError("disk gone")
        return real(self, phases, events, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(LogStore, "merge_in", merge_in)
    before = sys.getswitchinterval()
    assert before > merge_module.SWITCH_S
    with LogStore(tmp_path / "here.db") as here:
        with pytest.raises(OSError, match="disk gone"):
            sync(here, shared, print)
        assert sys.getswitchinterval() == before
        assert sync(here, shared, print).imported == 5
    assert seen == [merge_module.SWITCH_S] * 2
    assert sys.getswitchinterval() == before
