"""The app keeps the day's Obsidian note in step after a completed focus, off the UI thread,
and says once when it cannot write it."""

from __future__ import annotations

from pathlib import Path

from pomoplan.adapters.daynote import BEGIN, END
from pomoplan.core.clock import FakeClock


async def test_a_completed_focus_reaches_the_daily_note(
    make_app, clock: FakeClock, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    note = vault / "2026-11-25.md"
    note.write_bytes(b"# Wed\n\n## Pomodoros\n\nmine\n")
    config = f'obsidian: {{daily_note: "{vault}/{{date}}.md", heading: "## Pomodoros"}}\n'
    app = make_app(config=config)
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("space")
        clock.advance(20 * 60 + 3)
        app.tick()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = note.read_text(encoding="utf-8")
        assert text.startswith("# Wed\n\n## Pomodoros\n" + BEGIN) and text.endswith("mine\n")
        block = text.split(BEGIN)[1].split(END)[0]
        assert "1 🍅 · 20 min" in block and "复习Python高级特性" in block


async def test_a_note_that_cannot_be_written_is_said_once(
    make_app, clock: FakeClock, tmp_path: Path
) -> None:
    config = f'obsidian: {{daily_note: "{tmp_path}/missing/{{date}}.md"}}\n'
    app = make_app(config=config)
    async with app.run_test(notifications=True) as pilot:
        for _ in range(2):
            await pilot.press("space")
            clock.advance(20 * 60 + 3)
            app.tick()
            await app.workers.wait_for_complete()
            clock.advance(300)
            app.tick()
        await pilot.pause()
        said = [n for n in app.said if "daily note" in n.message]
        assert len(said) == 1
        assert len([r for r in app.session.store.rows() if r["kind"] == "focus"]) == 2
