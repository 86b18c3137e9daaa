"""A private cache of validated files: skip YAML and validators when a file has not changed.

Entries are pickles in the data dir's ``cache/`` (0700 folder, 0600 files), keyed by the file's
path, size, mtime and pomoplan's version; a damaged or stale entry is only a miss.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pomoplan.atomic import write_private

T = TypeVar("T")


def cached(path: Path, cache_dir: Path | None, kind: type[T], build: Callable[[], T]) -> T:
    """``build()``'s result for ``path``, from the cache when the file is unchanged."""
    entry = _entry(path, cache_dir) if cache_dir is not None else None
    if entry is not None and entry.exists():
        try:
            with entry.open("rb") as fh:
                value = pickle.load(fh)
            if isinstance(value, kind):
                return value
        except Exception:  # a stale or damaged entry is only a cache miss
            pass
    value = build()
    if entry is not None:
        _write(entry, value)
    return value


def _entry(path: Path, cache_dir: Path) -> Path | None:
    from pomoplan import __version__

    try:
        st = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{__version__}"
    return cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.pickle"


def _write(entry: Path, value: object) -> None:
    """Keep ``value`` for next time; without a cache the next start just validates again."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return
    write_private(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
