"""A private cache of validated files: skip YAML and validators when a file has not changed.

Entries live in the data dir's ``cache/`` (0700 folder, 0600 files), keyed by the file's path,
size, mtime and pomoplan's version; a damaged or stale entry is only a miss. An entry is
marshal data, not a pickle: reading it back runs no code and imports nothing. A plan's packed
slots and weeks stay in the file and are read a chunk at a time as the plan is looked at
(reading a 20,000-slot plan's 3.6 MB whole cost every command ~4 ms here).
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import os
import zlib
from collections.abc import Callable, Sequence
from datetime import time
from pathlib import Path
from typing import Any, TypeVar, overload

from pomoplan.core.plan import Curriculum, Packed, PackedSlots, PackedWeeks, TimerLengths
from pomoplan.core.settings import Settings
from pomoplan.store.atomic import write_private

T = TypeVar("T")

FORMAT = 3
"""Part of every key: 3 is marshal with the packed chunks read from the file as needed."""
MAGIC = b"pomoplan-cache\x00"
_LENGTH = 8
"""Bytes of the header's length, after the magic."""


def cached(path: Path, cache_dir: Path | None, kind: type[T], build: Callable[[], T]) -> T:
    """``build()``'s result for ``path``, from the cache when the file is unchanged."""
    found = _entry(path, cache_dir) if cache_dir is not None else None
    if found is not None:
        entry, key = found
        value = _read(entry, key, kind)
        if value is not None:
            return value
    value = build()
    if found is not None:
        _write(*found, value)
    return value


def _entry(path: Path, cache_dir: Path) -> tuple[Path, str] | None:
    """The entry's file and its full key (kept inside it: a name clash is only a miss).

    The name is the file's stem, a CRC of its path and a CRC of the key (hashlib would cost
    every start ~1.5 ms of imports): a new entry for a path replaces the path's older ones.
    """
    from pomoplan import __version__

    try:
        st = path.stat()
        where = str(path.resolve())
    except OSError:
        return None
    key = f"{where}|{st.st_size}|{st.st_mtime_ns}|{__version__}|{FORMAT}"
    name = f"{path.stem[:40]}-{zlib.crc32(where.encode()):08x}-{zlib.crc32(key.encode()):08x}"
    return cache_dir / f"{name}.cache", key


def _read(entry: Path, key: str, kind: type[T]) -> T | None:
    """The value kept in ``entry`` for ``key``; None when it is missing, stale or damaged."""
    try:
        fd = os.open(entry, os.O_RDONLY)
    except OSError:
        return None
    chunks = _FileChunks(fd)
    try:
        head = os.pread(fd, len(MAGIC) + _LENGTH, 0)
        if head[: len(MAGIC)] != MAGIC:
            return None
        size = int.from_bytes(head[len(MAGIC) :], "little")
        start = len(MAGIC) + _LENGTH
        header = os.pread(fd, size, start)
        stored_key, tag, payload, offsets = marshal.loads(header)
        if stored_key != key or tag != kind.__name__:
            return None
        chunks.place(start + size, offsets, os.fstat(fd).st_size)
        value = _DECODERS[tag](payload, chunks)
        return value if isinstance(value, kind) else None
    except Exception:  # a missing, stale or damaged entry is only a cache miss
        return None
    finally:
        chunks.release()


def _write(entry: Path, key: str, value: object) -> None:
    """Keep ``value`` for next time (dropping the path's older entries); without a cache
    the next start just validates again."""
    encode = _ENCODERS.get(type(value).__name__)
    if encode is None:
        return
    blobs: list[bytes] = []
    payload = encode(value, blobs)
    offsets = tuple(itertools.accumulate((len(b) for b in blobs), initial=0))
    header = marshal.dumps((key, type(value).__name__, payload, offsets))
    data = b"".join((MAGIC, len(header).to_bytes(_LENGTH, "little"), header, *blobs))
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return
    if write_private(entry, data):
        same_path = entry.name.rsplit("-", 1)[0]
        for old in entry.parent.glob(f"{same_path}-*.cache"):
            if old != entry:
                _forget(old)
        for old in entry.parent.glob("*.pickle"):  # pomoplan 0.1's entries: never read now
            _forget(old)


def _forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


class _FileChunks:
    """The packed chunks of an entry, read from its file when first wanted.

    The file stays open while a plan read from it lives: a newer entry replaces the file
    by a rename, so what this one reads is still the file it was opened as.
    """

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd
        self._at = 0
        self._offsets: tuple[int, ...] = ()
        self._kept = False

    def place(self, at: int, offsets: tuple[int, ...], file_size: int) -> None:
        """Where the chunks start and end; the file must hold them all (else: damaged)."""
        if not offsets or at + offsets[-1] != file_size:
            raise ValueError("the cache entry is not whole")
        self._at, self._offsets = at, offsets

    def keep(self, first: int, count: int) -> Sequence[bytes]:
        """Chunks ``first`` to ``first + count`` (a packed sequence's own), kept readable."""
        if not 0 <= first <= first + count < len(self._offsets):
            raise ValueError("the cache entry names chunks it does not hold")
        self._kept = True
        return _Chunks(self, first, count)

    def read(self, k: int) -> bytes:
        """Chunk ``k`` of the file."""
        if self._fd is None:
            raise ValueError("the cache entry was closed")
        a, b = self._offsets[k], self._offsets[k + 1]
        data = os.pread(self._fd, b - a, self._at + a)
        if len(data) != b - a:
            raise ValueError("the cache entry was cut short")
        return data

    def release(self) -> None:
        """Close the file now unless a packed sequence still reads from it."""
        if not self._kept:
            self.close()

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __del__(self) -> None:
        self.close()


class _Chunks(Sequence[bytes]):
    """``count`` chunks of an entry's file from chunk ``first``: what a packed plan reads."""

    def __init__(self, file: _FileChunks, first: int, count: int) -> None:
        self._file, self._first, self._count = file, first, count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, k: int) -> bytes: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[bytes]: ...

    def __getitem__(self, k: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(k, slice):
            return tuple(self[i] for i in range(*k.indices(self._count)))
        if not 0 <= k < self._count:
            raise IndexError(k)
        return self._file.read(self._first + k)


# -- what an entry holds, kind by kind ----------------------------------------------------


def _packed_out(
    seq: Sequence[Any], pack: Callable[[Sequence[Any]], Packed[Any]], blobs: list[bytes]
) -> tuple[int, int, int, int]:
    """Where a packed sequence's chunks go among ``blobs``: (first, count, chunk, length)."""
    packed = seq if isinstance(seq, Packed) else pack(seq)
    first = len(blobs)
    blobs.extend(packed.blobs)
    return first, len(packed.blobs), packed.chunk, len(packed)


def _encode_curriculum(c: Curriculum, blobs: list[bytes]) -> tuple[Any, ...]:
    return (
        c.id,
        c.title,
        c.kind,
        None if c.path is None else str(c.path),
        _packed_out(c.slots, PackedSlots.pack, blobs),
        _packed_out(c.weeks, PackedWeeks.pack, blobs),
        tuple(c.phase_titles),
        c.daily_pomodoros,
        None if c.timer is None else tuple(c.timer),
        c.description,
        c.bundled,
        c.total_pomodoros,
    )


def _decode_curriculum(raw: Any, chunks: _FileChunks) -> Curriculum:
    (id_, title, kind, path, slots, weeks, phases, daily, timer, description, bundled,
     total) = raw  # fmt: skip
    first, count, chunk, length = slots
    packed_slots = PackedSlots(chunks.keep(first, count), chunk, length)
    first, count, chunk, length = weeks
    packed_weeks = PackedWeeks(chunks.keep(first, count), chunk, length)
    curriculum = Curriculum(
        id_,
        title,
        kind,
        None if path is None else Path(path),
        packed_slots,
        packed_weeks,
        phases,
        daily,
        None if timer is None else TimerLengths(*timer),
        description,
        bundled,
    )
    curriculum.__dict__["total_pomodoros"] = total  # a packed plan need not be unpacked
    return curriculum


def _encode_settings(s: Settings, _blobs: list[bytes]) -> tuple[Any, ...]:
    return tuple(
        (v.hour, v.minute, v.second, v.microsecond) if isinstance(v, time)
        else tuple(v) if isinstance(v, tuple)
        else v
        for v in s
    )  # fmt: skip


def _decode_settings(raw: Any, _chunks: _FileChunks) -> Settings:
    values = []
    for name, value in zip(Settings._fields, raw, strict=True):
        default = Settings._field_defaults[name]
        if isinstance(default, time):
            value = time(*value)
        elif isinstance(default, tuple) and value is not None:
            value = type(default)(*value)  # the nested settings (notify, hooks, keys, ...)
        values.append(value)
    return Settings(*values)


_ENCODERS: dict[str, Callable[[Any, list[bytes]], Any]] = {
    "Curriculum": _encode_curriculum,
    "Settings": _encode_settings,
}
_DECODERS: dict[str, Callable[[Any, _FileChunks], Any]] = {
    "Curriculum": _decode_curriculum,
    "Settings": _decode_settings,
}
