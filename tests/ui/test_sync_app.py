"""The open app merges other devices' records (at start, in a worker) and journals its own."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from logrows import log_row
from test_today import slot_lines

from pomoplan.adapters.daynote import BEGIN, END
from pomoplan.adapters.sync.journal import write_out
from pomoplan.core.clock import FakeClock
from pomoplan.store.log import LogStore

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def other_laptop(tmp_path: Path, shared: Path) -> str:
    """Another device finished this morning's first slot and wrote its journal."""
    with LogStore(tmp_path / "other.db") as other:
        row = log_row("other-1", "2026-11-25", curriculum_id="mini", slot_id="w1-wed-b1-s1")
        other.record([row], None)
        write_out(other, shared)
        return other.device


async def test_the_app_merges_at_start_and_journals_what_it_records(
    make_app, clock: FakeClock, tmp_path: Path
) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    other = other_laptop(tmp_path, shared)
    app = make_app(config=f"sync_dir: {shared}\n")
    async with app.run_test(notifications=True) as pilot:
        assert slot_lines(app)[1].startswith("▶ 0/1")  # the first frame does not wait for it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert slot_lines(app)[1].startswith("✔ 1/1")  # merged and redrawn
        assert [n.message for n in app.said][-1] == "Merged 1 from other devices"
        await pilot.press("space")
        clock.advance(20 * 60 + 1)
        app.tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        mine = app.session.store.device
        written = [
            json.loads(x)
            for p in (shared / mine).glob("*.jsonl")
            for x in p.read_text().splitlines()
        ]
        assert {e["type"] for e in written} == {"phase", "event"}  # the focus, the activation
        assert any(e.get("slot_id") == "w1-wed-b1-s2" for e in written)
        assert sorted(p.name for p in shared.iterdir()) == sorted([mine, other])


async def test_a_sync_dir_that_is_missing_is_said_once_and_the_app_runs(make_app, tmp_path) -> None:
    app = make_app(config=f"sync_dir: {tmp_path / 'unmounted'}\n")
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app.said]
        assert sum("sync_dir is not a folder" in m for m in messages) == 1
        assert app.syncer is None


async def test_a_merge_refreshes_the_daily_notes_of_the_days_it_changed(
    make_app, tmp_path: Path
) -> None:
    shared, vault = tmp_path / "Sync", tmp_path / "vault"
    shared.mkdir()
    vault.mkdir()
    note = vault / "2026-11-25.md"
    note.write_bytes(b"# Wed\r\n\r\nmine\r\n")
    with LogStore(tmp_path / "other.db") as other:
        rows = [
            log_row("other-1", "2026-11-25", curriculum_id="mini", slot_id="w1-wed-b1-s1"),
            log_row("other-0", "2026-11-24", curriculum_id="mini", slot_id="w1-tue-b1-s1"),
        ]
        other.record(rows, None)
        other.new_event("note", T0, target="other-1", data={"note": "from the laptop"})
        write_out(other, shared)
    config = f'sync_dir: {shared}\nobsidian: {{daily_note: "{vault}/{{date}}.md"}}\n'
    app = make_app(config=config)
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()  # the merge
        await pilot.pause()
        await app.workers.wait_for_complete()  # the notes it changed
        text = note.read_bytes().decode("utf-8")
        assert text.startswith("# Wed\r\n\r\nmine\r\n\r\n" + BEGIN)
        assert "from the laptop" in text.split(BEGIN)[1].split(END)[0]
        assert sorted(p.name for p in vault.iterdir()) == ["2026-11-25.md"]  # none made


async def test_quitting_stops_a_merge_under_way(make_app, tmp_path: Path) -> None:
    """The app does not wait for a first merge of years of records to finish before it exits:
    quitting asks the merge to stop (sync's own test: it ends within a few lines)."""
    shared = tmp_path / "Sync"
    shared.mkdir()
    app = make_app(config=f"sync_dir: {shared}\n")
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        assert app.syncer is not None and not app.syncer.stop.is_set()
        await pilot.press("q")
        assert app.syncer.stop.is_set()


async def test_a_plan_activated_or_replanned_on_the_other_laptop_is_taken_when_merged(
    make_app, clock: FakeClock, mini: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "Sync"
    shared.mkdir()
    app = make_app(config=f"sync_dir: {shared}\n")
    async with app.run_test(notifications=True) as pilot:
        await app.workers.wait_for_complete()
        assert app.session.plan.start == date(2026, 11, 25)
        with LogStore(tmp_path / "other.db") as other:  # started again a week earlier there
            other.activate(
                "mini", str(mini), date(2026, 11, 18), clock.now() + timedelta(seconds=1)
            )
            write_out(other, shared)
        app.sync_soon()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.session.plan.start == date(2026, 11, 18)
        assert app.session.plan.activation_id != ""
