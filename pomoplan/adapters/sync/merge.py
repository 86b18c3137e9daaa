"""Merge the other devices' journals into this log: the union of their phases and events by id.

Every other device's folder in ``sync_dir`` is read, every ``*.jsonl`` file in it: the month
files and any conflict copy a sync tool made beside them (``*.sync-conflict-*``, ``* (conflicted
copy)*``: another source of the same lines, whose union is still right). Only what is new since
the last merge is read: ``sync_files`` remembers each file's size, mtime and how far it was
read, so a merge with nothing new costs one ``stat`` per file. A line cut short (a sync tool
mid-copy) is left for the next merge. Phases and events go through ``LogStore.merge_in``: it
skips what the log already has and applies events in a fixed order, so the result does not
depend on the order files arrive or merges run; a big batch is imported set-based.
"""

import contextlib
import os
import queue
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pomoplan.adapters.sync import lines
from pomoplan.adapters.sync.journal import SUFFIX
from pomoplan.store.bulk import Bound, bind
from pomoplan.store.database import write_transaction
from pomoplan.store.events import Event
from pomoplan.store.log import LogStore, Merged

BATCH = 20_000
"""Lines imported per transaction (set-based: about a second's work, well inside the 5 s a
command waits for the log; the app's timer keeps a write it cannot make and retries it)."""
FIRST_BATCH = 2_000
"""Lines of the first batch: the log starts taking them while the next ones are read (a first
batch of ``BATCH`` lines kept the log idle ~0.3 s). Each next batch is up to ``RAMP`` times
the one before: the log takes a line in about twice the time the reader checks one, so the
next batch is ready when the log is (after 2,000 a batch of 20,000 kept it waiting ~0.2 s)."""
RAMP = 3
_TAIL = 64
_CHUNK = 1 << 22
SWITCH_S = 0.0005
"""The interpreter's switch interval while a merge runs (Python's default: 5 ms).

The log's thread lets go of the interpreter for every statement SQLite runs and must take it
back from the reader's thread after: with the default it waited up to 5 ms each time, and a
first merge of 100,000 entries spent about a second (a quarter of its time) waiting."""

Warn = Callable[[str], None]


class Book(NamedTuple):
    """How far a journal file was read."""

    size: int
    mtime_ns: int
    offset: int
    line: int
    tail: bytes


def is_conflict_copy(name: str) -> bool:
    """A copy a sync tool made when two versions of a file met (Syncthing, Dropbox, Nextcloud)."""
    return ".sync-conflict-" in name or "conflicted copy" in name


def sources(sync_dir: Path, device: str) -> Iterator[tuple[str, Path, os.stat_result]]:
    """(device, file, its stat) of every other device's journal file, in a fixed order.

    Links are not followed, folders that are not device ids and hidden or temporary files
    (a sync tool's partial downloads) are passed over.
    """
    try:
        folders = sorted(os.scandir(sync_dir), key=lambda e: e.name)
    except FileNotFoundError:
        return
    for folder in folders:
        if (
            folder.name == device
            or not lines.DEVICE_ID.match(folder.name)
            or not folder.is_dir(follow_symlinks=False)
        ):
            continue
        try:
            files = sorted(os.scandir(folder.path), key=lambda e: e.name)
        except OSError:
            continue
        for entry in files:
            if entry.name.startswith(".") or not entry.name.endswith(SUFFIX):
                continue
            if entry.is_file(follow_symlinks=False):
                yield folder.name, Path(entry.path), entry.stat(follow_symlinks=False)


def merge(
    store: LogStore, sync_dir: Path, warn: Warn, stop: threading.Event | None = None
) -> Merged:
    """Import what is new in the other devices' journals; return how many phases and events
    were new to this log, and the study dates whose records they may have changed.

    ``stop`` set (the app is quitting): the merge ends within a few lines; what it imported
    stays, the rest waits for the next merge.

    Raises:
        StoreError: the log cannot be written (what was imported so far stays: a later merge
            goes on from there).
    """
    books = {
        r[0]: Book(*r[1:])
        for r in store.conn.execute(
            "SELECT path, size, mtime_ns, offset, line, tail FROM sync_files"
        )
    }
    todo = []
    for device, path, st in sources(sync_dir, store.device):
        book = books.get(str(path))
        if book is None or (book.size, book.mtime_ns) != (st.st_size, st.st_mtime_ns):
            todo.append((device, path, st, book))
    # Month by month across devices (the files are named by month): a batch then holds one
    # stretch of time, and its rows go in next to each other in the log's keys and indexes
    # (ids and times grow with time) instead of all over them, device after device.
    todo.sort(key=lambda item: (item[1].name, item[0]))
    if not todo:
        return Merged(0, frozenset())
    hook, store.on_change = store.on_change, None  # other devices' lines are not written out
    (cache,) = store.conn.execute("PRAGMA cache_size").fetchone()
    (synchronous,) = store.conn.execute("PRAGMA synchronous").fetchone()
    # Ids are random: a first merge inserts all over the keys' indexes; room for them.
    store.conn.execute("PRAGMA cache_size = -65536")
    # What a merge imports can always be imported again from the journals: its transactions
    # need not each wait for the disk (WAL: a power cut loses the newest of them, in order,
    # books included, and never leaves the log inconsistent).
    store.conn.execute("PRAGMA synchronous = NORMAL")
    # Lines are read and checked in a thread while the log takes the previous batch: SQLite
    # lets go of the interpreter while it works, so on two cores the two overlap.
    reader = _Reader(stop)
    thread = threading.Thread(
        target=reader.run, args=(todo, warn), name="pomoplan-sync-read", daemon=True
    )
    imported, days = 0, set[str]()
    with _SWITCHING:
        thread.start()
        try:
            while (batch := reader.next()) is not None:
                phases, events, bound, read = batch
                if phases or events:
                    merged = store.merge_in(phases, events, bound=bound)
                    imported += merged.new
                    days |= merged.days
                if read:
                    _save_books(store, read)
        finally:
            reader.finish()
            thread.join()
            store.on_change = hook
            store.conn.execute(f"PRAGMA cache_size = {int(cache)}")
            store.conn.execute(f"PRAGMA synchronous = {int(synchronous)}")
    return Merged(imported, frozenset(days))


class _Switching:
    """Holds the switch interval at ``SWITCH_S`` while at least one merge runs in this
    process (the app's worker and a command may overlap), and puts the old one back after."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.saved = 0.0

    def __enter__(self) -> None:
        with self.lock:
            if not self.running:
                self.saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self.saved, SWITCH_S))
            self.running += 1

    def __exit__(self, *_: object) -> None:
        with self.lock:
            self.running -= 1
            if not self.running:
                sys.setswitchinterval(self.saved)


_SWITCHING = _Switching()


def _read(
    path: Path, device: str, book: Book | None, importer: "_Reader", warn: Warn
) -> tuple[int, int, bytes] | None:
    """Read ``path`` from where it was left; (offset, line, tail) reached, None if not a file."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        offset, line, tail = (0, 0, b"") if book is None else book[2:]
        if offset and (st.st_size < offset or os.pread(fd, len(tail), offset - len(tail)) != tail):
            offset, line, tail = 0, 0, b""  # rewritten, not appended to: read it all again
        os.lseek(fd, offset, os.SEEK_SET)
        rest = b""
        while chunk := os.read(fd, _CHUNK):
            buf = rest + chunk
            cut = buf.rfind(b"\n") + 1
            if cut == 0:
                rest = buf
                continue
            raws = buf[:cut].split(b"\n")
            raws.pop()  # after the last newline: nothing
            importer.take(raws, line, device, path, warn)
            line += len(raws)
            tail = (tail + buf[:cut])[-_TAIL:]
            offset += cut
            rest = buf[cut:]
        return offset, line, tail  # ``rest``: a line cut short, read again next time
    finally:
        os.close(fd)


class _Stopped(Exception):
    """The merge was asked to stop."""


_EVERY = 64
"""Lines between two looks at ``stop``."""
_YIELD_EVERY = 256
"""Lines between two chances for other threads to run (about 2.5 ms of checking, half the
interpreter's switch interval). Each is a system call that can also hand this core to another
process: every 64 lines, that cost a first merge 0.3-0.4 s on a busy machine."""


Batch = tuple[list[dict[str, Any]], list[Event], Bound, dict[str, Book]]
"""Phases, events, their values as the log binds them (``bulk.bind``: made in the reader's
thread, not the log's), and the books of the files read to their end once these are
imported."""


class _Reader:
    """Reads and checks the lines of the files to merge (in its own thread) and hands them
    over in batches; ``stop`` or ``finish`` make it end within a few lines."""

    def __init__(self, stop: threading.Event | None = None) -> None:
        self.stop = stop
        self.halt = threading.Event()
        self.queue: queue.Queue[Batch | BaseException | None] = queue.Queue(maxsize=2)
        self.ended = False
        self.taken = 0
        """Lines looked at (every file's)."""
        self.batch = min(FIRST_BATCH, BATCH)
        """Phases and events handed over at once."""
        self.phases: dict[str, dict[str, Any]] = {}
        self.events: dict[str, Event] = {}
        self.books: dict[str, Book] = {}

    def run(self, todo: list[tuple[str, Path, os.stat_result, Book | None]], warn: Warn) -> None:
        """Read every file of ``todo``; the last item handed over is None."""
        try:
            for device, path, st, book in todo:
                try:
                    done = _read(path, device, book, self, warn)
                except OSError as exc:
                    warn(f"{path}: cannot read: {exc.strerror or exc}")
                    continue
                if done is not None:
                    self.books[str(path)] = Book(st.st_size, st.st_mtime_ns, *done)
            self.hand_over()
        except _Stopped:
            pass  # lines taken but not handed over, and their files' books, wait for next time
        except BaseException as exc:  # handed over: the merge raises it
            self.queue.put(exc)
        finally:
            self.queue.put(None)

    def next(self) -> Batch | None:
        """The next batch; None when everything was read (or the reading stopped)."""
        item = self.queue.get()
        if item is None:
            self.ended = True
        elif isinstance(item, BaseException):
            raise item
        return item

    def finish(self) -> None:
        """Make the reading end (the merge is over, or failed) and take what is left."""
        self.halt.set()
        while not self.ended:
            with contextlib.suppress(Exception):  # the merge's own error is on its way
                self.next()

    def take(self, raws: list[bytes], line: int, device: str, path: Path, warn: Warn) -> None:
        """Check the lines after line number ``line`` of ``path`` and keep the valid ones."""
        parse, bad, taken = lines.parse, lines.BadLine, self.taken
        for number, raw in enumerate(raws, line + 1):
            taken += 1
            if not taken % _EVERY:
                if self.halt.is_set() or (self.stop is not None and self.stop.is_set()):
                    raise _Stopped
                if not taken % _YIELD_EVERY:
                    # Beside the app, checking must not hold the interpreter for its whole
                    # switch interval at a time: the screen's thread gets it back sooner.
                    time.sleep(0)
            if not raw or raw.isspace():
                continue
            try:
                parsed = parse(raw, device)
            except bad as exc:
                field = f" {exc.field}:" if exc.field else ""
                warn(f"{path}:{number}:1:{field} {exc}; line skipped")
                continue
            if parsed.phase is not None:
                self.phases[parsed.phase["id"]] = parsed.phase
            elif parsed.event is not None:
                self.events[parsed.event.id] = parsed.event
            if len(self.phases) + len(self.events) >= self.batch:
                self.hand_over()
        self.taken = taken

    def hand_over(self) -> None:
        """Pass on what was read so far, with the books of the files read to their end."""
        if self.phases or self.events or self.books:
            phases, events = list(self.phases.values()), list(self.events.values())
            self.queue.put((phases, events, bind(phases, events), self.books))
            self.batch = min(BATCH, self.batch * RAMP)
        self.phases, self.events, self.books = {}, {}, {}


def _save_books(store: LogStore, books: dict[str, Book]) -> None:
    with write_transaction(store.conn, store.path):
        store.conn.executemany(
            "INSERT INTO sync_files (path, size, mtime_ns, offset, line, tail) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
            "mtime_ns = excluded.mtime_ns, offset = excluded.offset, line = excluded.line, "
            "tail = excluded.tail",
            [(path, *book) for path, book in books.items()],
        )
