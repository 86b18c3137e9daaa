"""What the learner changes in the app is dated by the timer's time, not a wall clock set ahead."""

from __future__ import annotations


async def test_notes_from_the_app_are_dated_by_the_timers_time(make_app, clock, tmp_path) -> None:
    # The app dated a note by the wall clock: set a month ahead, the note's event was too.
    from datetime import date

    from logrows import log_row as row

    app = make_app()
    async with app.run_test() as pilot:
        app.session.store.record([row("r1", "2026-11-25")], None)
        clock.advance(10)
        app.tick()
        clock.jump_wall(30 * 86400)
        app.save_note("r1", "read it twice", date(2026, 11, 25))
        await pilot.pause()
        note = app.session.store.events("note")[-1]
        assert note.made_us / 1e6 <= clock.real() + 1
