"""Simulated devices for the sync tests: a log each, and a copy of the shared folder each."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from logrows import log_row

from pomoplan.adapters.sync import journaling, sync
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import LOG_COLUMNS

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def pomoplan(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``pomoplan ARGS`` run as its own process on the data dir ``home`` (a laptop)."""
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "pomoplan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


class Device:
    """One laptop: its log, and its own view of the synced folder (what its sync tool has)."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.folder = root / f"{name}-sync"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.store = LogStore(root / f"{name}.db")
        self.store.conn.execute("UPDATE meta SET value = ? WHERE key = 'device'", (name,))
        self.store._device = None
        self.warnings: list[str] = []
        self.phases = 0
        journaling(self.store, self.folder, self.warnings.append)

    @property
    def own(self) -> Path:
        return self.folder / self.name

    def record(self, day: int = 1, **fields: Any) -> str:
        self.phases += 1
        pid = f"{self.name}-p{self.phases}"
        row = log_row(pid, f"2026-12-{day:02d}", **{"slot_id": f"s{self.phases % 3}", **fields})
        self.store.record([row], None)
        return pid

    def merge(self) -> int:
        return sync(self.store, self.folder, self.warnings.append).imported

    def figures(self) -> tuple[Any, ...]:
        conn = self.store.conn
        return figures(conn)

    def close(self) -> None:
        self.store.close()


def figures(conn: sqlite3.Connection) -> tuple[Any, ...]:
    """Everything a learner sees: records (history, review, stats), summaries, activations."""
    cols = ", ".join((*LOG_COLUMNS, "note", "source", "device"))
    return (
        sorted(conn.execute(f"SELECT {cols} FROM records")),
        sorted(conn.execute("SELECT * FROM focus_days")),
        sorted(conn.execute("SELECT * FROM slot_done")),
        sorted(conn.execute("SELECT id, kind, target, data, made_us, device FROM events")),
        sorted(conn.execute("SELECT id FROM phases")),
    )


def copy_folder(src: Device, dst: Device, *, cut: float = 1.0, conflict: str = "") -> None:
    """``dst``'s sync tool brings ``src``'s files over: whole, cut short, or as conflict copies."""
    if not src.own.is_dir():
        return
    there = dst.folder / src.name
    there.mkdir(exist_ok=True)
    for path in sorted(src.own.iterdir()):
        data = path.read_bytes()
        data = data[: int(len(data) * cut)]
        name = path.name if not conflict else path.name.replace(".jsonl", conflict + ".jsonl")
        target = there / name
        tmp = there / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(target)


def when(step: int) -> datetime:
    return T0 + timedelta(minutes=step)


def share_all(devices: list[Device]) -> None:
    for a in devices:
        for b in devices:
            if a is not b:
                copy_folder(a, b)


def clean(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
