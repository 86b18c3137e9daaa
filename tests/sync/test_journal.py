"""The journal: what is written where, with which modes; what a merge reads, skips and keeps."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from helpers import Device, copy_folder, when
from logrows import log_row

from pomoplan.adapters.sync import SyncDirError, resolve_sync_dir, sync
from pomoplan.adapters.sync.journal import write_out
from pomoplan.store.log import LogStore
from pomoplan.store.paths import Paths


@pytest.fixture
def pair(tmp_path: Path):
    a, b = Device(tmp_path, "alpha"), Device(tmp_path, "bravo")
    yield a, b
    a.close()
    b.close()


def lines_of(folder: Path) -> list[dict]:
    return [
        json.loads(x) for p in sorted(folder.glob("*.jsonl")) for x in p.read_text().splitlines()
    ]


def test_each_write_is_appended_to_this_device_folder_only_and_privately(pair) -> None:
    a, _ = pair
    pid = a.record()
    a.store.new_event("note", when(1), target=pid, data={"note": "好"})
    entries = lines_of(a.own)
    assert [e["type"] for e in entries] == ["phase", "event"]
    assert all(e["format"] == 1 and e["device"] == "alpha" for e in entries)
    assert entries[0]["ended_at"].endswith("+08:00") and entries[1]["made_at"].endswith("+00:00")
    assert [p.name for p in a.folder.iterdir()] == ["alpha"]
    assert stat.S_IMODE(a.own.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in a.own.iterdir()} == {0o600}


def test_a_log_from_before_sync_dir_is_written_out_once(tmp_path: Path) -> None:
    with LogStore(tmp_path / "old.db") as store:
        store.record([log_row(f"p{i}", "2026-11-02") for i in range(3)], None)
        store.activate("mini", "bundled:mini", when(0).date(), when(0))
        folder = tmp_path / "shared"
        folder.mkdir()
        assert write_out(store, folder) == 4
        assert write_out(store, folder) == 0
        entries = lines_of(folder / store.device)
        assert len(entries) == 4 and len({e["id"] for e in entries}) == 4
        assert sorted(p.name for p in (folder / store.device).iterdir()) == [
            "2026-11.jsonl",
            "2026-12.jsonl",
        ]


def test_a_journal_that_cannot_be_written_never_fails_the_log_and_catches_up(pair) -> None:
    a, _ = pair
    a.own.write_text("in the way")  # the device's folder cannot be made
    a.record()
    a.record()
    assert a.store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 2
    assert len(a.warnings) == 1 and "cannot write the journal" in a.warnings[0]
    a.own.unlink()
    a.record()
    assert len(lines_of(a.own)) == 3


def test_a_line_cut_short_waits_for_the_rest(pair) -> None:
    a, b = pair
    a.record()
    a.record()
    copy_folder(a, b, cut=0.7)
    assert b.merge() == 1 and not b.warnings
    copy_folder(a, b)
    assert b.merge() == 1 and not b.warnings
    assert b.figures() == a.figures()
    assert b.merge() == 0


def test_a_line_left_unfinished_by_a_crash_stays_one_damaged_line(pair) -> None:
    a, b = pair
    a.record()
    with open(next(a.own.glob("*.jsonl")), "ab") as fh:
        fh.write(b'{"format": 1, "type": "ph')
    a.record()
    copy_folder(a, b)
    assert b.merge() == 2
    assert len(b.warnings) == 1 and ":2:1: not valid JSON" in b.warnings[0]


def test_invalid_lines_are_skipped_with_one_located_warning_each(pair) -> None:
    a, b = pair
    pid = a.record()
    copy_folder(a, b)
    path = next((b.folder / "alpha").glob("*.jsonl"))
    good = json.loads(path.read_text().splitlines()[0])
    bad = [
        b"not json",
        json.dumps({**good, "format": 2, "id": "x1"}).encode(),
        json.dumps({**good, "device": "bravo", "id": "x2"}).encode(),
        json.dumps({**good, "focused_s": "1500", "id": "x3"}).encode(),
        json.dumps({**good, "kind": "nap", "id": "x4"}).encode(),
        json.dumps(
            {
                "format": 1,
                "type": "event",
                "id": "e1",
                "kind": "amend",
                "target": pid,
                "data": {"status": None},
                "made_at": "2026-12-01T09:00:00+00:00",
                "made_us": 1796115600000000,
                "device": "alpha",
            }
        ).encode(),
        json.dumps(
            {
                "format": 1,
                "type": "event",
                "id": "e2",
                "kind": "note",
                "target": pid,
                "data": {"note": "ok"},
                "made_at": "2026-12-01T09:00:00",
                "made_us": 0,
                "device": "alpha",
            }
        ).encode(),
        b"[1, 2]",
    ]
    with open(path, "ab") as fh:
        fh.write(b"\n".join(bad) + b"\n")
    extra = {**good, "id": "x5", "sql": "DROP TABLE records", "format": 1}
    with open(path, "ab") as fh:
        fh.write(json.dumps(extra).encode() + b"\n")
    assert b.merge() == 2  # the good phase, and x5 (its unknown field is ignored)
    assert len(b.warnings) == len(bad)
    for n, warning in enumerate(b.warnings, start=2):
        assert warning.startswith(f"{path}:{n}:1:") and warning.endswith("; line skipped")
    assert "newer pomoplan" in b.warnings[1] and "data.status" in b.warnings[5]
    assert b.merge() == 0 and len(b.warnings) == len(bad)  # warned once


def test_corrections_that_arrive_before_their_phase_apply_when_it_comes(pair) -> None:
    a, b = pair
    pid = a.record()
    a.store.new_event("amend", when(1), target=pid, data={"focused_s": 60})
    path = next(a.own.glob("*.jsonl"))
    phase_line, event_line = path.read_bytes().splitlines(keepends=True)
    there = b.folder / "alpha"
    there.mkdir()
    (there / path.name).write_bytes(event_line)
    b.merge()
    assert b.store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 0
    (there / path.name).write_bytes(event_line + phase_line)  # rewritten, not appended to
    b.merge()
    assert b.store.conn.execute("SELECT focused_s FROM records").fetchall() == [(60,)]
    assert b.figures() == a.figures()


def test_conflict_copies_are_read_as_more_of_the_same_device(pair) -> None:
    a, b = pair
    a.record()
    copy_folder(a, b, conflict=" (alpha's conflicted copy 2026-12-03)")
    a.record()
    copy_folder(a, b, conflict=".sync-conflict-20261203-101010-ABCDEFG")
    assert b.merge() == 2
    assert b.figures() == a.figures()


def test_links_in_sync_dir_are_not_followed(pair, tmp_path: Path) -> None:
    a, b = pair
    a.record()
    secret = tmp_path / "secret"
    secret.mkdir()
    (b.folder / "mallory").symlink_to(secret)
    (b.folder / "alpha").mkdir()
    (b.folder / "alpha" / "2026-12.jsonl").symlink_to(next(a.own.glob("*.jsonl")))
    assert b.merge() == 0 and not b.warnings
    b.own.rmdir() if b.own.exists() else None
    b.own.symlink_to(secret)
    b.record()
    assert list(secret.iterdir()) == [] and "not a plain folder" in b.warnings[0]


def test_sync_dir_must_exist_and_must_not_hold_the_log(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "cfg", tmp_path / "shared" / "data")
    (tmp_path / "shared" / "data").mkdir(parents=True)
    assert resolve_sync_dir(None, paths) is None
    with pytest.raises(SyncDirError, match="holds pomoplan's data dir"):
        resolve_sync_dir(str(tmp_path / "shared"), paths)
    with pytest.raises(SyncDirError, match="not a folder"):
        resolve_sync_dir(str(tmp_path / "nowhere"), paths)
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "vault").mkdir()
    assert resolve_sync_dir("vault", paths) == (tmp_path / "cfg" / "vault").resolve()


def test_a_merge_with_nothing_new_opens_no_file(pair, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = pair
    for _ in range(3):
        a.record()
    copy_folder(a, b)
    b.merge()
    opened: list[str] = []
    real = os.open
    monkeypatch.setattr(
        os, "open", lambda p, *args, **kw: opened.append(str(p)) or real(p, *args, **kw)
    )
    assert sync(b.store, b.folder, b.warnings.append).imported == 0
    assert [p for p in opened if p.endswith(".jsonl")] == []


def test_other_devices_rows_are_passed_once_not_scanned_at_every_write_out(pair) -> None:
    a, b = pair
    for _ in range(3):
        a.record()
    copy_folder(a, b)
    b.merge()  # imports a's three phases, then writes out again: the mark moves past them
    top = b.store.conn.execute("SELECT max(rowid) FROM phases").fetchone()[0]
    assert b.store.conn.execute("SELECT seen FROM sync_out WHERE name = 'phases'").fetchone() == (
        top,
    )
    b.record()
    assert [e["id"] for e in lines_of(b.own)] == ["bravo-p1"]
