"""The review screen: week navigation and picking a backlog slot to study today."""

from __future__ import annotations

from datetime import date

from textual.widgets import OptionList, Static

from pomoplan.ui.screens.review import ReviewScreen
from pomoplan.ui.widgets.slot_list import SlotList


def text_of(widget) -> str:
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


async def test_left_and_right_move_between_weeks(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert "2026-W48" in text_of(screen.query_one("#review-title", Static))
        await pilot.press("left")
        assert screen.review.week == "2026-W47"
        assert "2026-W47" in text_of(screen.query_one("#review-title", Static))
        await pilot.press("right", "right")
        assert screen.review.week == "2026-W49"
        days = text_of(screen.query_one("#review-days", Static))
        assert "Mon 11-30" in days and "1/1" not in days
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)


async def test_enter_on_a_backlog_slot_makes_it_current_today(make_app) -> None:
    # The plan started Monday; it is Wednesday: Monday's and Tuesday's slots are backlog.
    app = make_app(start=date(2026, 11, 23))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        backlog = app.screen.query_one("#review-backlog", OptionList)
        assert backlog.option_count == 6
        assert "2026-11-23" in str(backlog.get_option_at_index(0).prompt)
        backlog.focus()
        backlog.highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        assert app.session.current.slot.id == "w1-mon-b2-s1"
        assert app.session.current.date == date(2026, 11, 23)
        lines = app.screen.query_one(SlotList).lines
        assert "Backlog" in lines  # listed under its own heading on today's screen
        assert any(line.startswith("▶") and "前馈神经网络" in line for line in lines)
        slots = app.screen.query_one(SlotList)
        assert slots.lines[slots.highlighted].startswith("▶")  # enter now picks the adopted one


async def test_the_review_screen_needs_only_its_loader_and_reports_adoption(make_app) -> None:
    """Built from its parts, in a bare app: it reads no app attribute and calls no app method."""
    from textual.app import App

    loaded = make_app(start=date(2026, 11, 23))
    adopted: list[ReviewScreen.SlotAdopted] = []

    class Bare(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ReviewScreen(loaded.review_loader, date(2026, 11, 25), "小计划"))

        def on_review_screen_slot_adopted(self, message: ReviewScreen.SlotAdopted) -> None:
            adopted.append(message)

    app = Bare()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        assert "2026-W48 · 小计划" in text_of(app.screen.query_one("#review-title", Static))
        app.screen.query_one("#review-backlog", OptionList).highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
    assert [(m.slot.id, m.on) for m in adopted] == [("w1-mon-b2-s1", date(2026, 11, 23))]


async def test_the_summary_reads_as_this_weeks_count_and_one_day(make_app, clock) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        await pilot.press("s", "r")
        summary = text_of(app.screen.query_one("#review-summary", Static))
        assert "This week" in summary and "1/16🍅" in summary
        assert "1 day " in summary and "1 days" not in summary


async def test_the_screen_and_the_command_render_the_same_review_lines(make_app, clock) -> None:
    # One renderer (text/review_lines.py): the screen draws its lines, `review` prints them.
    from pomoplan.text.review_lines import plain, review_lines, review_text

    app = make_app(start=date(2026, 11, 23))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.review is not None
        lines = review_lines(screen.review, "小计划", 24)

        def shown(name: str) -> list[str]:
            return text_of(screen.query_one(f"#review-{name}", Static)).rstrip("\n").split("\n")

        assert shown("title")[0].startswith(plain(lines.title))
        assert shown("days") == [plain(line) for line in lines.days]
        assert shown("summary") == [plain(lines.summary)]
        assert shown("tracks") == [plain(line) for line in lines.tracks]
        assert shown("interruptions") == [plain(line) for line in lines.interruptions]
        backlog = screen.query_one("#review-backlog", OptionList)
        prompts = [str(backlog.get_option_at_index(n).prompt) for n in range(6)]
        assert prompts == [plain(line) for line in lines.backlog]
        text = review_text(screen.review, "小计划")
        assert shown("days")[2].startswith("▶ Wed 11-25  1/4  ██████░")
        for line in (*lines.tracks[1:], *lines.interruptions[1:], *lines.backlog):
            assert f"  {plain(line)}\n" in text
        assert plain(lines.summary) + "\n" in text
