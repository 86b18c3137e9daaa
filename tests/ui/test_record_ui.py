"""The record in the app: the note offer after a focus, ``n``, notes in the review, the stats
screen, and adopting a backlog slot after a correction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from textual.widgets import Input, OptionList, Static

from pomoplan.core.clock import FakeClock
from pomoplan.services import corrections as fix
from pomoplan.ui.screens.note import NoteDialog
from pomoplan.ui.screens.review import ReviewScreen
from pomoplan.ui.screens.stats import StatsScreen
from pomoplan.ui.widgets.key_bar import KeyBar

TZ = timezone(timedelta(hours=8))


def text_of(widget) -> str:
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


async def test_after_a_focus_the_note_is_offered_and_n_writes_it(
    make_app, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)  # nothing recorded yet to note
        await pilot.press("space")
        clock.advance(20 * 60 + 3)
        app.tick()
        await pilot.pause()
        assert app.session.timer.phase.is_break  # the break started as usual
        assert any("n: a note" in n.message for n in app.said)
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"read [PEP 318]", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        (row,) = [r for r in app.session.store.rows() if r["kind"] == "focus"]
        assert row["note"] == "read [PEP 318]"
        assert app.session.timer.phase.is_break  # still counting
        await pilot.press("n")  # edits: the dialog holds the note as it is
        assert app.screen.query_one("#note", Input).value == "read [PEP 318]"
        await pilot.press("escape")
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        notes = text_of(app.screen.query_one("#review-notes", Static))
        assert "Wed 11-25" in notes and "read [PEP 318]" in notes


async def test_the_stats_screen_has_its_key_in_the_footer_and_shows_the_year(
    make_app, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = [entry.key for entry in app.screen.query_one(KeyBar).shown]
        assert "g" in keys
        await pilot.press("space")
        clock.advance(20 * 60 + 3)
        app.tick()
        await pilot.press("g")
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.stats is not None and screen.stats.completed == 1
        assert "2026-01-01" in text_of(screen.query_one("#stats-title", Static))
        heat = text_of(screen.query_one("#stats-heatmap", Static))
        assert "░" in heat and "○" in heat  # done behind, planned ahead
        await pilot.press("left")
        assert screen.stats.first == date(2025, 1, 1) and screen.stats.completed == 0
        await pilot.press("t")
        assert not isinstance(app.screen, StatsScreen)


async def test_adopting_a_backlog_slot_after_corrections(make_app) -> None:
    app = make_app(start=date(2026, 11, 23))
    store = app.session.store
    schedule = app.session.plan.schedule
    when = datetime(2026, 11, 25, 8, 0, tzinfo=TZ)
    row = fix.manual_row(
        fix.slot_fields(schedule, "w1-mon-b1-s1"),
        datetime(2026, 11, 23, 21, 0, tzinfo=TZ),
        20,
        time(4, 0),
    )
    fix.log_focus(store, row, when, "done on paper")
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        backlog = app.screen.query_one("#review-backlog", OptionList)
        assert backlog.option_count == 5  # the slot logged by hand left the backlog
        await pilot.press("escape")
        fix.delete(store, row["id"], when)
        await pilot.press("r")
        backlog = app.screen.query_one("#review-backlog", OptionList)
        assert backlog.option_count == 6  # deleted: it is owed again
        assert "前馈" not in str(backlog.get_option_at_index(0).prompt)
        backlog.focus()
        backlog.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current.slot.id == "w1-mon-b1-s1"
