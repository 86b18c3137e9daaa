"""The log on hostile disks: odd paths, the user's folder modes, read-only folders, backups."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cli_run import run_main
from logrows import log_row

from pomoplan.store import database, migrations
from pomoplan.store.database import StoreError
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import SCHEMA_VERSION
from pomoplan.store.paths import Paths, sqlite_uri
from pomoplan.store.state import read_state


def row(rid: str) -> dict:
    return log_row(rid, "2026-11-23")


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8"}
    return run_main(args, env)


@pytest.mark.parametrize("name", ["a#b", "q?mode=rw", "p%25q", "sp ace", "ünï ✓"])
def test_any_folder_name_reads_and_writes_its_own_log(tmp_path: Path, name: str) -> None:
    db = tmp_path / name / "pomoplan.db"
    with LogStore(db) as store:
        store.record([row("r1")], {"version": 1, "saved_at": 1.0})
    with LogStore(db, readonly=True) as store:
        assert [r["id"] for r in store.rows()] == ["r1"]
    assert read_state(db) == {"version": 1, "saved_at": 1.0}
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing made beside it


def test_sqlite_uri_quotes_what_sqlite_would_parse(tmp_path: Path) -> None:
    uri = sqlite_uri(tmp_path / "x#y?z%25 w" / "p.db", mode="ro")
    assert uri.endswith("/x%23y%3Fz%2525%20w/p.db?mode=ro")


@pytest.mark.parametrize("mode", [0o1777, 0o755, 0o750])
def test_an_existing_home_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, mode)
    Paths(home, home).ensure()
    with LogStore(home / "pomoplan.db") as store:
        store.record([row("r0")], None)
    assert stat.S_IMODE(home.stat().st_mode) == mode
    assert stat.S_IMODE((home / "pomoplan.db").stat().st_mode) == 0o600


def test_folders_pomoplan_creates_are_private(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    old = os.umask(0o022)
    try:
        paths = Paths(tmp_path / "cfg" / "pomoplan", tmp_path / "data" / "pomoplan")
        paths.ensure()
    finally:
        os.umask(old)
    for made in (paths.config_dir, paths.config_dir.parent, paths.data_dir, paths.data_dir.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made  # the parents it made too
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # it existed: left as it was


def test_a_dangling_symlink_gets_a_private_target(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "real.db"
    target.parent.mkdir()
    link = tmp_path / "pomoplan.db"
    link.symlink_to(target)
    with LogStore(link) as store:
        store.record([row("r0")], None)
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with LogStore(link, readonly=True) as store:
        assert len(list(store.rows())) == 1


def _migrate_one_more(monkeypatch: pytest.MonkeyPatch) -> None:
    def step(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE phases ADD COLUMN mood TEXT")

    monkeypatch.setattr(database, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)


def test_the_backup_holds_what_is_still_in_the_wal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "pomoplan.db"
    old = LogStore(db)  # an older pomoplan, killed while its rows are only in the WAL
    old.conn.execute("PRAGMA wal_autocheckpoint = 0")
    old.record([row(f"r{i}") for i in range(5)], None)
    assert (tmp_path / "pomoplan.db-wal").stat().st_size > 0
    _migrate_one_more(monkeypatch)
    with LogStore(db) as store:
        assert len(list(store.rows())) == 5
    backup = tmp_path / f"pomoplan.db.v{SCHEMA_VERSION}.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert copy.execute("SELECT count(*) FROM phases").fetchone()[0] == 5
    copy.close()
    old.close()


def test_a_backup_that_cannot_be_made_leaves_the_log_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "pomoplan.db"
    with LogStore(db) as store:
        store.record([row("r0")], None)
    (tmp_path / f"pomoplan.db.v{SCHEMA_VERSION}.bak").mkdir()  # in the way: cannot be replaced
    _migrate_one_more(monkeypatch)
    with pytest.raises(StoreError, match="cannot back the log up"):
        LogStore(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert not list(tmp_path.glob(".*.new"))


def _running_state() -> dict:
    """A focus with ten minutes to go, saved now (``status`` shows it)."""
    now = time.time()
    slot = {"curriculum_id": "c", "slot_id": "s1", "title": "Read", "track": "k"}
    return {
        "version": 1,
        "saved_at": now,
        "completed_focus": 0,
        "next_phase": "focus",
        "slot": slot,
        "current": {
            "phase": "focus",
            "slot": slot,
            "planned_s": 1500,
            "started_at": now - 900,
            "deadline": now + 600,
            "paused_s": 0.0,
            "pauses": 0,
            "paused_since": None,
        },
        "pending": [],
    }


@contextlib.contextmanager
def _readonly(tmp_path: Path, *, wal: bool = False) -> Iterator[Path]:
    """A folder holding a log that this process truly cannot write (a read-only mount as
    root); with ``wal``, the last changes are still in ``pomoplan.db-wal`` (the writer was
    killed) and there is no ``pomoplan.db-shm``."""
    src = tmp_path / "src"
    store = LogStore(src / "pomoplan.db")
    store.activate("one-month", "one-month", date(2026, 11, 23), datetime.now(UTC))
    store.record([row("r0")], None)
    if wal:
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    store.record([row("r1")], _running_state())
    names = ["pomoplan.db", "pomoplan.db-wal"] if wal else ["pomoplan.db"]
    if wal:
        assert (src / "pomoplan.db-wal").stat().st_size > 0
        for name in names:  # copied while the writer still holds it: as if it was killed
            shutil.copy(src / name, tmp_path / name)
    store.close()
    from_dir = tmp_path if wal else src
    target = tmp_path / "ro"
    target.mkdir()
    if os.geteuid() != 0:
        for name in names:
            shutil.copy(from_dir / name, target / name)
        os.chmod(target, 0o555)
        try:
            yield target
        finally:
            os.chmod(target, 0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(target)]).returncode:
        pytest.skip("cannot make a read-only folder here")
    try:
        for name in names:
            shutil.copy(from_dir / name, target / name)
        subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=True)


@pytest.fixture
def readonly_folder(tmp_path: Path) -> Iterator[Path]:
    """A read-only folder holding a whole log (no WAL)."""
    with _readonly(tmp_path) as folder:
        yield folder


def test_a_read_only_folder_is_read_and_said_to_be_read_only(readonly_folder: Path) -> None:
    db = readonly_folder / "pomoplan.db"
    with LogStore(db, readonly=True) as store:
        assert len(list(store.rows())) == 2
    with pytest.raises(StoreError, match="is read-only") as info:
        LogStore(db)
    assert "not a readable" not in str(info.value)
    out = run(readonly_folder, "export", "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 3
    out = run(readonly_folder, "start", "one-month")
    assert out.returncode == 1 and "is read-only" in out.stderr


def test_status_reads_the_timer_in_a_read_only_folder(readonly_folder: Path) -> None:
    # It opened the log plainly read-only, which needs a -shm SQLite cannot make there: the
    # status bar then said nothing, as if no focus ran.
    out = run(readonly_folder, "status", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["state"] == "running"


COMMANDS = [
    ["status"],
    ["today"],
    ["review"],
    ["stats"],
    ["history"],
    ["export", "--format", "ics"],
]


def test_a_read_only_folder_with_a_wal_is_an_error_for_every_read_command(
    tmp_path: Path,
) -> None:
    # status said nothing (no error, exit 0) though a focus was running; the others' line did
    # not say why (the WAL) nor what to do.
    with _readonly(tmp_path, wal=True) as folder:
        for args in COMMANDS:
            out = run(folder, *args)
            assert out.returncode == 1, (args, out.stdout, out.stderr)
            assert out.stdout == ""
            lines = out.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("pomoplan: "), (args, out.stderr)
            assert "read-only" in lines[0] and "pomoplan.db-wal" in lines[0], lines[0]


def _open_at_once(db: str, barrier: object, results: object) -> None:
    barrier.wait()  # type: ignore[attr-defined]
    try:
        with LogStore(Path(db)) as store:
            store.record([row(f"p{os.getpid()}")], None)
        results.put("ok")  # type: ignore[attr-defined]
    except StoreError as exc:
        results.put(str(exc))  # type: ignore[attr-defined]


def test_first_opens_at_once_all_succeed_on_one_log(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    for attempt in range(3):
        db = tmp_path / f"d{attempt}" / "pomoplan.db"
        db.parent.mkdir()
        barrier, results = ctx.Barrier(8), ctx.Queue()
        procs = [
            ctx.Process(target=_open_at_once, args=(str(db), barrier, results)) for _ in range(8)
        ]
        for p in procs:
            p.start()
        outcome = [results.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert outcome == ["ok"] * 8
        with LogStore(db, readonly=True) as store:
            assert len(list(store.rows())) == 8
        assert sorted(p.name for p in db.parent.iterdir()) == ["pomoplan.db"] + [
            n for n in ("pomoplan.db-shm", "pomoplan.db-wal") if (db.parent / n).exists()
        ]


@pytest.mark.parametrize("content", ["garbage", "foreign"])
def test_status_on_a_log_it_cannot_read_says_so(tmp_path: Path, content: str) -> None:
    # It printed nothing and exited 0, as if no timer ran, where `today` said what was wrong.
    db = tmp_path / "pomoplan.db"
    if content == "garbage":
        db.write_bytes(b"\x07not sqlite\x00" * 500)
    else:
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    out = run(tmp_path, "status")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.startswith(f"pomoplan: {db}: not a") and out.stderr.count("\n") == 1


def test_two_first_runs_driven_through_the_critical_moment_both_get_the_one_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Driven, not raced (8 parallel starts could not show it on the old code in 52 rounds).

    X is held just before building the tables; Y opens the log then, and is held between
    reading the schema version and reading the tables while X finishes. The old code had made
    X's empty file at the log's path: Y read version 0, then X's tables, and said "not a
    pomoplan log (it holds other tables)". Now the log appears whole or not at all.
    """
    import threading

    db = tmp_path / "pomoplan.db"
    x_building, x_go, y_reading, x_done = (threading.Event() for _ in range(4))
    real_migrate, real_connect = database._migrate, sqlite3.connect
    y_thread: list[int] = []

    def held_migrate(*args: object) -> None:
        if not x_building.is_set():  # the first build is X's (Y starts after it)
            x_building.set()
            assert x_go.wait(timeout=60)
        real_migrate(*args)  # type: ignore[arg-type]

    class HeldConnection(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            cursor = super().execute(sql, *args)  # type: ignore[arg-type]
            mine = y_thread == [threading.get_ident()]
            if mine and sql == "PRAGMA user_version" and not y_reading.is_set():
                y_reading.set()  # Y has read the version: X finishes before Y reads on
                assert x_done.wait(timeout=60)
            return cursor

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(*args, factory=HeldConnection, **kwargs)  # type: ignore[misc]

    monkeypatch.setattr(database, "_migrate", held_migrate)
    monkeypatch.setattr(sqlite3, "connect", connect)
    outcome: dict[str, str] = {}

    def first_run(name: str) -> None:
        if name == "y":
            y_thread.append(threading.get_ident())
        try:
            with LogStore(db) as store:
                store.record([row(name)], None)
            outcome[name] = "ok"
        except StoreError as exc:
            outcome[name] = str(exc)

    x = threading.Thread(target=first_run, args=("x",))
    x.start()
    assert x_building.wait(timeout=60)
    y = threading.Thread(target=first_run, args=("y",))
    y.start()
    assert y_reading.wait(timeout=60)
    x_go.set()
    x.join(timeout=60)
    x_done.set()
    y.join(timeout=60)
    assert outcome == {"x": "ok", "y": "ok"}
    monkeypatch.undo()
    with LogStore(db, readonly=True) as store:
        assert sorted(r["id"] for r in store.rows()) == ["x", "y"]
    assert not list(tmp_path.glob(".*.new"))


@pytest.mark.parametrize("under", ["", "sub/deeper"])
def test_a_data_dir_that_is_a_file_is_said_to_be_one(tmp_path: Path, under: str) -> None:
    # It said "File exists", which names no mistake.
    afile = tmp_path / "afile"
    afile.write_text("mine\n")
    out = run(afile / under if under else afile, "log", "--title", "x")
    assert out.returncode == 1
    assert out.stderr == f"pomoplan: {afile}: is a file, not a folder\n"
    assert afile.read_text() == "mine\n"
