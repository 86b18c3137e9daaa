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
from pomoplan.store.paths import make_private_dir

T = TypeVar("T")

FORMAT = 4
"""Part of every key: 4 is marshal with the packed chunks read from the file as needed, each
checked against its CRC."""
MAGIC = b"pomoplan-cache\x00"
_LENGTH = 8
"""Bytes of the header's length, after the magic."""


def cached(path: Path, cache_dir: Path | None, kind: type[T], build: Callable[[], T]) -> T:
    """``build()``'s result for ``path``, from the cache when the file is unchanged."""
    found = _entry(path, cache_dir) if cache_dir is not None else None
    if found is not None:
        entry, key = found
        value = _read(entry, key, kind, build)
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


def _read(entry: Path, key: str, kind: type[T], build: Callable[[], T]) -> T | None:
    """The value kept in ``entry`` for ``key``; None when it is missing, stale or damaged.

    A damaged chunk is found only when it is read, later: the value is then built again
    from its file (``build``), its chunks are taken from that, and the entry is written
    whole again.
    """
    try:
        fd = os.open(entry, os.O_RDONLY)
    except OSError:
        return None
    chunks = _FileChunks(fd, entry)
    try:
        head = os.pread(fd, len(MAGIC) + _LENGTH, 0)
        if head[: len(MAGIC)] != MAGIC:
            return None
        size = int.from_bytes(head[len(MAGIC) :], "little")
        start = len(MAGIC) + _LENGTH
        header = os.pread(fd, size, start)
        stored_key, tag, payload, offsets, crcs = marshal.loads(header)
        if stored_key != key or tag != kind.__name__:
            return None
        chunks.place(start + size, offsets, crcs, os.fstat(fd).st_size)
        chunks.rebuild = lambda: _rebuilt(entry, key, tag, payload, build)
        value = _DECODERS[tag](payload, chunks)
        return value if isinstance(value, kind) else None
    except Exception:  # a missing, stale or damaged entry is only a cache miss
        return None
    finally:
        chunks.release()


def _rebuilt(
    entry: Path, key: str, tag: str, payload: Any, build: Callable[[], Any]
) -> list[bytes] | None:
    """The chunks of ``entry`` made again from its file (the entry is written whole again);
    None when the file now gives a plan of another shape."""
    value = build()
    blobs: list[bytes] = []
    if _ENCODERS[tag](value, blobs) != payload:
        return None
    _write(entry, key, value)
    return blobs


def _changed(entry: Path) -> Exception:
    from pomoplan.store.database import StoreError

    _forget(entry)
    return StoreError(
        f"{entry}: this cache of a plan was damaged, and the plan's file changed since it was "
        "made; it was removed: run the command again"
    )


def _write(entry: Path, key: str, value: object) -> None:
    """Keep ``value`` for next time (dropping the path's older entries); without a cache
    the next start just validates again."""
    encode = _ENCODERS.get(type(value).__name__)
    if encode is None:
        return
    blobs: list[bytes] = []
    payload = encode(value, blobs)
    offsets = tuple(itertools.accumulate((len(b) for b in blobs), initial=0))
    crcs = tuple(zlib.crc32(b) for b in blobs)
    header = marshal.dumps((key, type(value).__name__, payload, offsets, crcs))
    data = b"".join((MAGIC, len(header).to_bytes(_LENGTH, "little"), header, *blobs))
    try:
        make_private_dir(entry.parent)
    except OSError:
        return
    if write_private(entry, data):
        same_path = entry.name.rsplit("-", 1)[0] + "-"  # the stem may hold glob's [ ] * ?
        for name in os.listdir(entry.parent):
            if name != entry.name and (
                (name.startswith(same_path) and name.endswith(".cache"))
                or name.endswith(".pickle")  # pomoplan 0.1's entries: never read now
            ):
                _forget(entry.parent / name)


def _forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


class _FileChunks:
    """The packed chunks of an entry, read from its file when first wanted.

    The file stays open while a plan read from it lives: a newer entry replaces the file
    by a rename, so what this one reads is still the file it was opened as.
    """

    def __init__(self, fd: int, entry: Path) -> None:
        self._fd: int | None = fd
        self._entry = entry
        self._at = 0
        self._offsets: tuple[int, ...] = ()
        self._crcs: tuple[int, ...] = ()
        self._kept = False
        self.rebuild: Callable[[], list[bytes] | None] | None = None
        """Makes the chunks again from the file the entry was made from (see ``read``)."""
        self._made: list[bytes] | None = None

    def place(
        self, at: int, offsets: tuple[int, ...], crcs: tuple[int, ...], file_size: int
    ) -> None:
        """Where the chunks start and end, and their CRCs; the file must hold them all."""
        if not offsets or at + offsets[-1] != file_size or len(crcs) != len(offsets) - 1:
            raise ValueError("the cache entry is not whole")
        self._at, self._offsets, self._crcs = at, offsets, crcs

    def keep(self, first: int, count: int) -> Sequence[bytes]:
        """Chunks ``first`` to ``first + count`` (a packed sequence's own), kept readable."""
        if not 0 <= first <= first + count < len(self._offsets):
            raise ValueError("the cache entry names chunks it does not hold")
        self._kept = True
        return _Chunks(self, first, count)

    def read(self, k: int) -> bytes:
        """Chunk ``k`` of the file, or, when the file no longer holds it as written (cut
        short, zeroed by a crash, edited), of the value built again from its source.

        Raises:
            StoreError: the source now gives another plan than the chunks read before (it
                changed without a new size or time): the entry is removed.
        """
        if self._made is None:
            data = self._chunk(k)
            if data is not None:
                return data
            made = self.rebuild() if self.rebuild is not None else None
            if made is None or not self._agrees(made):
                raise _changed(self._entry)
            self._made = made
            self.close()
        return self._made[k]

    def _chunk(self, k: int) -> bytes | None:
        """Chunk ``k`` as written, or None when the file no longer holds it so."""
        if self._fd is None:
            return None
        a, b = self._offsets[k], self._offsets[k + 1]
        try:
            data = os.pread(self._fd, b - a, self._at + a)
        except OSError:
            return None
        return data if len(data) == b - a and zlib.crc32(data) == self._crcs[k] else None

    def _agrees(self, made: list[bytes]) -> bool:
        """Whether chunks made again say what the sound chunks of the file say (a plan may
        have read some of them already: it must not get the rest from another plan)."""
        if len(made) != len(self._offsets) - 1:
            return False
        for k, blob in enumerate(made):
            data = self._chunk(k)
            if data is not None and marshal.loads(data) != marshal.loads(blob):
                return False
        return True

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
