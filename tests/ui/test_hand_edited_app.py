"""A log edited by hand: the review and stats screens say which row, and the app goes on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from logrows import log_row

from pomoplan.store.log import LogStore
from pomoplan.ui.screens.today import TodayScreen


async def test_review_and_stats_over_a_hand_edited_row_say_so_and_the_app_goes_on(
    make_app, tmp_path: Path
) -> None:
    # Opening the review crashed the app with a ValueError traceback.
    app = make_app()
    db = tmp_path / "home" / "pomoplan.db"
    with LogStore(db) as store:
        store.record([log_row("bad-2", "2026-11-24")], None)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE records SET study_date = '2026-11-24x' WHERE id = 'bad-2'")
    conn.commit()
    conn.close()
    async with app.run_test(notifications=True) as pilot:
        for key in ("r", "g"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, TodayScreen)
            last = [n for n in app.said][-1]
            assert last.severity == "error" and "records row bad-2: study_date" in last.message
        await pilot.press("space")  # still runs
        assert app.session.timer.state.name == "RUNNING"
