"""A private cache of validated files: skip YAML and validators when a file has not changed.

Entries are pickles in the data dir's ``cache/`` (0700 folder, 0600 files), keyed by the file's
path, size, mtime and pomoplan's version; a damaged or stale entry is only a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

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
    tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except OSError:  # no cache: the next start validates again
        with contextlib.suppress(OSError):
            tmp.unlink()
