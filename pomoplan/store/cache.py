"""A private cache of validated files: skip YAML and validators when a file has not changed.

Entries are pickles in the data dir's ``cache/`` (0700 folder, 0600 files), keyed by the file's
path, size, mtime and pomoplan's version; a damaged or stale entry is only a miss.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pomoplan.store.atomic import write_private

T = TypeVar("T")

FORMAT = 2
"""Part of every key: 2 packs a plan's slots and weeks (core/plan.py ``Packed``)."""


def cached(path: Path, cache_dir: Path | None, kind: type[T], build: Callable[[], T]) -> T:
    """``build()``'s result for ``path``, from the cache when the file is unchanged."""
    found = _entry(path, cache_dir) if cache_dir is not None else None
    if found is not None:
        entry, key = found
        try:
            with entry.open("rb") as fh:
                stored_key, value = pickle.load(fh)
            if stored_key == key and isinstance(value, kind):
                return value
        except Exception:  # a missing, stale or damaged entry is only a cache miss
            pass
    value = build()
    if found is not None:
        _write(*found, value)
    return value


def _entry(path: Path, cache_dir: Path) -> tuple[Path, str] | None:
    """The entry's file and its full key (kept inside it: a name clash is only a miss).

    The name is a CRC of the key: hashlib would cost every start ~1.5 ms of imports.
    """
    from pomoplan import __version__

    try:
        st = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{__version__}|{FORMAT}"
    return cache_dir / f"{path.stem[:40]}-{zlib.crc32(key.encode()):08x}.pickle", key


def _write(entry: Path, key: str, value: object) -> None:
    """Keep ``value`` for next time; without a cache the next start just validates again."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return
    write_private(entry, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
