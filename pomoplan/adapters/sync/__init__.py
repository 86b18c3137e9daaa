"""Two devices, one record: per-device journals in a folder the learner syncs.

Each device appends its phases and events to ``sync_dir/<device-id>/*.jsonl`` and never
writes another device's folder; merging is the union of every device's lines by id. The SQLite
log stays in the data dir as this device's index of everything it has merged.
"""

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from pomoplan.adapters.sync.journal import backlog, held, write_out
from pomoplan.adapters.sync.merge import merge, sources
from pomoplan.store.log import LogStore
from pomoplan.store.paths import Paths
from pomoplan.text.i18n import t

__all__ = [
    "Outcome",
    "SyncDirError",
    "attach",
    "device_summary",
    "journaling",
    "resolve_sync_dir",
    "sync",
]


class SyncDirError(Exception):
    """``sync_dir`` cannot be used as it is set; the message is one line naming the folder."""


def resolve_sync_dir(setting: str | None, paths: Paths) -> Path | None:
    """The folder ``sync_dir`` names (``~`` expanded, relative to the config folder), or None.

    Raises:
        SyncDirError: it does not exist, or it holds the log itself (a live SQLite file must
            never be synced: sync tools lose or damage it).
    """
    if setting is None:
        return None
    folder = (paths.config_dir / Path(setting).expanduser()).resolve()
    if not folder.is_dir():
        raise SyncDirError(f"{folder}: sync_dir is not a folder (is the sync tool running?)")
    data = paths.data_dir.resolve()
    if data == folder or folder in data.parents:
        raise SyncDirError(
            f"{folder}: sync_dir holds pomoplan's data dir {data}; choose a folder beside it"
        )
    return folder


class Outcome(NamedTuple):
    """What one sync did."""

    written: int
    """This device's phases and events appended to its journal."""
    imported: int
    """Other devices' phases and events new to this log."""
    days: frozenset[str] = frozenset()
    """The study dates (ISO) whose records the merge may have changed."""


def sync(
    store: LogStore,
    sync_dir: Path,
    warn: Callable[[str], None],
    stop: threading.Event | None = None,
) -> Outcome:
    """Write out what this device's journal misses, then merge the other devices' journals
    (``stop``: see ``merge``); after a merge that imported anything, write out again: this
    device's rows written meanwhile go out, and the journal's marks move past the imported
    rows (else the next write after a first merge read all 90,000 of them again: ~70 ms).

    Raises:
        OSError: this device's journal cannot be written.
        StoreError: the log cannot be written.
    """
    with held(store):
        written = write_out(store, sync_dir)
        merged = merge(store, sync_dir, warn, stop)
        if merged.new:
            written += write_out(store, sync_dir)
    return Outcome(written, merged.new, merged.days)


DEFER_FROM = 2000
"""A command leaves a journal this far behind (a log from before ``sync_dir`` was set) to
``pomoplan sync`` or the app, instead of writing it all out before it returns."""


def journaling(
    store: LogStore,
    sync_dir: Path,
    report: Callable[[str], None],
    *,
    defer_from: int | None = None,
) -> None:
    """Append to the journal after every write to ``store`` (commands: synchronously).

    The log is written first and stays the truth: a journal that cannot be written is reported
    once through ``report`` and caught up at the next write or sync. With ``defer_from``, a
    journal missing that many entries or more is left, said once, for the next sync to write.
    """
    shown: list[str] = []

    def catch_up() -> None:
        try:
            with held(store):
                if defer_from is not None and (missing := backlog(store)) >= defer_from:
                    message = t("sync_deferred", n=missing, path=str(sync_dir))
                    if message not in shown:
                        shown.append(message)
                        report(message)
                    return
                write_out(store, sync_dir)
        except Exception as exc:  # never fails the write it follows (the log has it)
            message = (
                f"{sync_dir}: cannot write the journal: {getattr(exc, 'strerror', None) or exc}"
            )
            if message not in shown:
                shown.append(message)
                report(message)

    store.on_change = catch_up


def attach(
    settings_dir: str | None, paths: Paths, report: Callable[[str], None]
) -> Callable[[LogStore], None]:
    """What ``Context.on_open`` runs: with ``sync_dir`` set, every log opened for writing
    appends what it writes to this device's journal (a folder that cannot be used is reported
    once, when the first write wants it; the log is written all the same)."""

    def on_open(store: LogStore) -> None:
        if settings_dir is None:
            return
        try:
            folder = resolve_sync_dir(settings_dir, paths)
        except SyncDirError as exc:
            report(f"{exc}; the log was written, the journal will catch up")
            return
        if folder is not None:
            journaling(store, folder, report, defer_from=DEFER_FROM)

    return on_open


def device_summary(store: LogStore, sync_dir: Path) -> list[dict[str, Any]]:
    """Per device (this one first): how many phases and events this log has from it, and the
    time of the newest."""
    counts: dict[str, list[Any]] = {}
    for device, n, last in store.conn.execute(
        "SELECT device, count(*), max(ended_at) FROM phases GROUP BY device"
    ):
        counts[device or store.device] = [n, last]
    for device, n, last in store.conn.execute(
        "SELECT e.device, count(*), (SELECT made_at FROM events f WHERE f.device = e.device "
        "ORDER BY made_us DESC LIMIT 1) FROM events e GROUP BY e.device"
    ):
        entry = counts.setdefault(device, [0, None])
        entry[0] += n
        entry[1] = _later(entry[1], last)
    for device, _, _ in sources(sync_dir, store.device):
        counts.setdefault(device, [0, None])
    counts.setdefault(store.device, [0, None])
    order = [store.device, *sorted(d for d in counts if d != store.device)]
    return [{"id": d, "events": counts[d][0], "last_event_at": counts[d][1]} for d in order]


def _later(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    try:
        return a if _instant(a) >= _instant(b) else b
    except ValueError:
        return max(a, b)


def _instant(text: str) -> float:
    moment = datetime.fromisoformat(text)
    return moment.timestamp() if moment.tzinfo else moment.replace(tzinfo=None).timestamp()
