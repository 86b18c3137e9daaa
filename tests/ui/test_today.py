"""The today screen under a fake clock: every key, every phase change, on screen and in the log."""

from __future__ import annotations

from datetime import date

from textual.widgets import Digits, Input, Label, Static

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import Phase, TimerState
from pomoplan.ui.app import PomoplanApp
from pomoplan.ui.screens.help import HelpScreen
from pomoplan.ui.screens.interrupt import InterruptDialog
from pomoplan.ui.screens.review import ReviewScreen
from pomoplan.ui.widgets.slot_list import SlotList


def text_of(widget) -> str:
    """The plain text a Static or Label shows."""
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


def clock_text(app: PomoplanApp) -> str:
    return app.screen.query_one("#clock", Digits).value


def phase_text(app: PomoplanApp) -> str:
    return text_of(app.screen.query_one("#phase", Label))


def log_rows(app: PomoplanApp) -> list[dict]:
    assert app.session.store is not None
    return list(app.session.store.rows())


def slot_lines(app: PomoplanApp) -> list[str]:
    slots = app.screen.query_one(SlotList)
    return slots.lines


async def test_idle_screen_shows_the_plan_day_and_what_to_do(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)):
        title = text_of(app.screen.query_one("#title", Static))
        assert "小计划" in title and "第一周：入门" in title and "2026-11-25" in title
        assert clock_text(app) == "20:00"  # the curriculum's timer: focus 20m
        assert "Focus · Ready" in phase_text(app)
        assert "Press space" in text_of(app.screen.query_one("#current-title", Static))
        lines = slot_lines(app)
        assert lines[0] == "上午" and lines[3] == "下午"
        assert lines[1].startswith("▶ 0/1 Python") and "装饰器" in lines[1]
        assert lines[2].startswith("· 0/1 JavaScript")
        detail = text_of(app.screen.query_one("#detail"))
        assert "写一个计时装饰器" in detail and "asyncio docs" in detail


async def test_space_starts_counts_down_and_pauses(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        assert app.session.timer.state is TimerState.RUNNING
        clock.advance(61)
        app.tick()
        assert clock_text(app) == "18:59"
        await pilot.press("space")
        assert "Paused" in phase_text(app)
        clock.advance(300)
        app.tick()
        assert clock_text(app) == "18:59"
        await pilot.press("space")
        clock.advance(59)
        app.tick()
        assert clock_text(app) == "18:00"


async def test_a_finished_focus_is_logged_and_the_break_starts(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("space")
        clock.advance(20 * 60 + 3)
        app.tick()
        rows = log_rows(app)
        assert [(r["kind"], r["status"], r["slot_id"]) for r in rows] == [
            ("focus", "completed", "w1-wed-b1-s1")
        ]
        assert rows[0]["focused_s"] == 1200 and rows[0]["started_at"] == "2026-11-25T09:00:00+08:00"
        assert "Short break · Running" in phase_text(app)
        assert clock_text(app) == "04:57"  # the break began at the deadline, 3 s ago
        lines = slot_lines(app)
        assert lines[1].startswith("✔ 1/1")
        assert lines[2].startswith("▶ 0/1")  # the next unfinished slot is current
        await pilot.pause()
        assert any("Focus done" in n.message for n in app.said)
        clock.advance(300)
        app.tick()
        assert [r["kind"] for r in log_rows(app)] == ["focus", "short_break"]
        assert "Focus · Ready" in phase_text(app)  # focus waits for space


async def test_long_break_after_the_curriculums_long_every(make_app, clock: FakeClock) -> None:
    app = make_app(long_every=2)
    async with app.run_test() as pilot:
        for expected in (Phase.SHORT_BREAK, Phase.LONG_BREAK):
            await pilot.press("space")
            clock.advance(1200)
            app.tick()
            assert app.session.timer.phase is expected
            await pilot.press("s")
        breaks = [(r["kind"], r["status"]) for r in log_rows(app) if r["kind"] != "focus"]
        assert breaks == [("short_break", "skipped"), ("long_break", "skipped")]


async def test_skip_records_the_seconds_focused_and_no_break_follows(make_app, clock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(125)
        await pilot.press("s")
        (row,) = log_rows(app)
        assert (row["status"], row["focused_s"]) == ("skipped", 125)
        assert app.session.timer.state is TimerState.IDLE
        assert app.session.timer.phase is Phase.FOCUS
        assert slot_lines(app)[1].startswith("▶ 0/1")  # still current: not done


async def test_interrupt_asks_for_a_reason(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(200)
        await pilot.press("x")
        assert isinstance(app.screen, InterruptDialog)
        await pilot.press("escape")  # cancel: the focus goes on
        assert app.session.timer.state is TimerState.RUNNING and log_rows(app) == []
        await pilot.press("x")
        app.screen.query_one(Input).value = "电话打断"
        await pilot.press("enter")
        (row,) = log_rows(app)
        assert (row["status"], row["reason"], row["focused_s"]) == ("interrupted", "电话打断", 200)
        assert not isinstance(app.screen, InterruptDialog)
        assert app.session.current.slot.id == "w1-wed-b1-s1"  # still to do, still current
        app.session.select(app.session.entries[1])
        app.render_today()
        assert slot_lines(app)[1].startswith("↷")  # shown as interrupted today


async def test_the_highlight_follows_its_slot_when_the_list_changes(make_app, clock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        slots = app.screen.query_one(SlotList)
        await pilot.press("down", "down")
        assert slots.lines[slots.highlighted].endswith("学习前馈神经网络（FNN）")
        await pilot.press("space")
        clock.advance(1200)
        app.tick()  # a focus ends: marks change, the rows are rebuilt
        await pilot.pause()
        assert slots.lines[1].startswith("✔")
        assert slots.lines[slots.highlighted].endswith("学习前馈神经网络（FNN）")
        await pilot.press("s")  # skip the break: idle, so the day can turn over
        clock.advance(24 * 3600)
        app.tick()  # Thursday: Wednesday's slot is in the backlog, and the highlight with it
        await pilot.pause()
        assert app.session.day == date(2026, 11, 26)
        assert slots.lines[1].startswith("▶")  # the day's first slot is current
        assert "Backlog" in slots.lines[: slots.highlighted]
        assert slots.lines[slots.highlighted].endswith("学习前馈神经网络（FNN）")


async def test_enter_makes_the_highlighted_slot_current(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        slots = app.screen.query_one(SlotList)
        assert slots.has_focus and slots.highlighted == 1  # the current slot, under 上午
        await pilot.press("down", "down")  # the 下午 heading is skipped
        assert slots.highlighted == 4
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current.slot.id == "w1-wed-b2-s1"
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        assert log_rows(app)[0]["slot_id"] == "w1-wed-b2-s1"
        assert log_rows(app)[0]["track"] == "深度学习"


async def test_quit_pauses_a_running_focus_and_the_next_start_resumes(make_app, clock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(300)
        await pilot.press("q")
    assert log_rows(app) == []
    make_app.close_all()
    clock.advance(3600)  # away for an hour
    again = make_app()
    async with again.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert again.session.timer.state is TimerState.PAUSED
        assert clock_text(again) == "15:00"
        assert any("resume" in n.message for n in again.said)


async def test_quit_during_a_break_ends_it(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(1200 + 60)
        app.tick()
        await pilot.press("q")
    assert [(r["kind"], r["status"], r["focused_s"]) for r in log_rows(app)] == [
        ("focus", "completed", 1200),
        ("short_break", "skipped", 60),
    ]


async def test_review_today_and_help_keys(make_app) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("t")
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def footer_actions(app: PomoplanApp) -> set[str]:
    """The actions the footer offers: the active bindings it shows."""
    active = app.screen.active_bindings.values()
    return {a.binding.action.split("(")[0] for a in active if a.binding.show and a.enabled}


async def test_keys_that_do_nothing_where_you_are_are_off_and_out_of_the_footer(
    make_app, clock: FakeClock
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today_keys = footer_actions(app)
        assert {"skip", "review", "quit"} <= today_keys
        assert "today" not in today_keys  # already there: room for q Quit at 80 columns
        await pilot.press("space", "r")
        await pilot.pause()
        review_keys = footer_actions(app)
        assert {"today", "start_pause", "quit"} <= review_keys
        assert not {"skip", "interrupt", "review"} & review_keys
        clock.advance(60)
        await pilot.press("s")  # no skip from the review: the focus keeps going
        assert app.session.timer.state is TimerState.RUNNING
        await pilot.press("space")  # pausing works anywhere
        assert app.session.timer.state is TimerState.PAUSED
        await pilot.press("t")
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("s")
        assert log_rows(app)[0]["status"] == "skipped"


async def test_rest_day_offers_backlog_and_the_next_day(make_app) -> None:
    app = make_app(day=date(2026, 11, 29))
    async with app.run_test(size=(100, 30)):
        message = text_of(app.screen.query_one("#day-message", Static))
        assert "Rest day" in message and "回顾一周所学" in message
        lines = slot_lines(app)
        assert "Backlog" in lines and any("2026-11-30" in x for x in lines)
        assert app.session.entries[-1].slot.id == "w1-mon-b1-s1".replace("w1", "w2")


async def test_after_the_end_says_so(make_app) -> None:
    app = make_app(day=date(2027, 1, 4))
    async with app.run_test():
        message = text_of(app.screen.query_one("#day-message", Static))
        assert "The plan ended on 2026-12-06" in message


async def test_a_second_instance_mirrors_the_first_ones_timer(make_app, clock: FakeClock) -> None:
    first = make_app()
    second = make_app()
    async with first.run_test() as pilot:
        await pilot.press("space")
        clock.advance(125)
        first.tick()
        await pilot.press("space")  # pause: the state is saved
        second.tick()
        assert second.session.timer.state is TimerState.PAUSED
        assert second.session.timer.remaining() == 1200 - 125
        await pilot.press("space")  # resume
        second.tick()
        clock.advance(1200)
        first.tick()  # the focus ends in the first window
        second.tick()
        assert second.session.done.get("w1-wed-b1-s1") == 1
        assert second.session.timer.phase is Phase.SHORT_BREAK
    assert len(list(first.session.store.rows())) == 1  # the second window recorded nothing


async def test_a_second_instance_shows_the_plan_but_runs_no_timer(make_app) -> None:
    first = make_app()
    second = make_app()
    assert second.session.readonly and second.lock_owner is not None
    async with second.run_test(notifications=True) as pilot:
        await pilot.press("space")
        assert second.session.timer.state is TimerState.IDLE
        assert any("Another pomoplan" in n.message for n in second.said)
    assert first.session.readonly is False


async def test_palette_offers_the_actions_that_act_where_you_are(make_app) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")  # the palette asks with itself on top
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Start/Pause", "Skip", "Interrupt", "Review", "Help"} <= titles
        assert "Today" not in titles
        await pilot.press("escape", "r")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Start/Pause", "Today", "Help"} <= titles
        assert not {"Skip", "Interrupt", "Review"} & titles


async def test_keys_come_from_config(make_app, clock: FakeClock) -> None:
    app = make_app(config="keys: {pause: p, skip: k}\n")
    async with app.run_test() as pilot:
        await pilot.press("p")
        assert app.session.timer.state is TimerState.RUNNING
        clock.advance(10)
        await pilot.press("k")
        assert log_rows(app)[0]["status"] == "skipped"


async def test_chinese_ui(make_app) -> None:
    app = make_app(language="zh")
    async with app.run_test():
        assert "专注 · 就绪" in phase_text(app)
        assert "第一周：入门 · 周三" in text_of(app.screen.query_one("#title", Static))


async def test_an_unknown_theme_is_a_located_config_error(make_app) -> None:
    import pytest

    from pomoplan.core.errors import InputError

    with pytest.raises(InputError) as info:
        make_app(config="focus: 25m\ntheme: solarised\n")
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.field) == (2, 8, "theme")
    assert "solarized-light" in problem.message  # the known themes (all Textual 6.2+ have it)


async def test_the_long_break_count_starts_afresh_on_a_new_study_day(make_app, clock) -> None:
    app = make_app(long_every=2)
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        await pilot.press("q")  # ends the break
    make_app.close_all()
    clock.advance(24 * 3600)
    again = make_app(long_every=2)
    async with again.run_test() as pilot:
        await pilot.press("space")
        clock.advance(1200)
        again.tick()
        assert again.session.timer.phase is Phase.SHORT_BREAK  # not the 2nd focus of the cycle


async def test_date_shows_another_plan_day_but_records_the_real_study_date(make_app, clock) -> None:
    app = make_app(day=date(2026, 11, 28))  # study Saturday's project ahead, on Wednesday
    async with app.run_test() as pilot:
        assert app.session.current.slot.id == "w1-sat-project"
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        (row,) = list(app.session.store.rows())
        assert row["slot_id"] == "w1-sat-project"
        assert row["study_date"] == "2026-11-25"
        assert row["started_at"] == "2026-11-25T09:00:00+08:00"


async def test_the_next_day_counts_for_the_next_days_slot(make_app, clock: FakeClock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(60)
        await pilot.press("s")  # the saved state now names Wednesday's slot
    make_app.close_all()
    clock.advance(24 * 3600)
    again = make_app()
    async with again.run_test() as pilot:
        assert again.session.current.slot.id == "w1-thu-b1-s1"
        await pilot.press("space")
        clock.advance(1200)
        again.tick()
        rows = list(again.session.store.rows())
        assert rows[-1]["slot_id"] == "w1-thu-b1-s1" and rows[-1]["study_date"] == "2026-11-26"


async def test_a_new_study_day_turns_over_while_open(make_app, clock: FakeClock) -> None:
    from datetime import datetime

    app = make_app(long_every=2)
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        await pilot.press("s")  # one completed focus on Wednesday, break skipped
        clock.set(datetime(2026, 11, 26, 3, 50, tzinfo=clock.tz()))
        app.tick()
        assert app.session.day == date(2026, 11, 25)  # 03:50 still belongs to Wednesday
        await pilot.press("space")
        clock.advance(15 * 60)  # 04:05, focus running: the day does not turn under it
        app.tick()
        assert app.session.day == date(2026, 11, 25)
        clock.advance(5 * 60)  # the focus ends at 04:10, then its long break
        app.tick()
        clock.advance(15 * 60)
        app.tick()
        assert app.session.day == date(2026, 11, 26)
        assert app.session.current.slot.id == "w1-thu-b1-s1"
        assert "Thu 2026-11-26" in text_of(app.screen.query_one("#title", Static))
        slots = app.screen.query_one(SlotList)
        assert slots.lines[slots.highlighted].startswith("▶")  # on Thursday's current slot
        assert app.review_loader(date(2026, 11, 26)).today == date(2026, 11, 26)
        rows = list(app.session.store.rows())
        assert [r["study_date"] for r in rows if r["kind"] == "focus"] == ["2026-11-25"] * 2
        assert rows[-1]["kind"] == "long_break"  # after the 2nd completed focus of Wednesday
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        assert app.session.timer.phase is Phase.SHORT_BREAK  # Thursday's count starts afresh


async def test_a_date_view_stays_on_its_day(make_app, clock: FakeClock) -> None:
    app = make_app(day=date(2026, 11, 28))
    async with app.run_test():
        clock.advance(24 * 3600)
        app.tick()
        assert app.session.day == date(2026, 11, 28) and app.session.today == date(2026, 11, 26)


async def test_the_detail_panel_follows_the_highlighted_slot(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.screen.query_one("#detail", Static)
        assert "写一个计时装饰器" in text_of(detail)  # the current slot's, highlighted
        await pilot.press("down", "down")  # read the afternoon's slot before choosing it
        await pilot.pause()
        assert text_of(detail).startswith("学习前馈神经网络（FNN）")
        assert app.session.current.slot.id == "w1-wed-b1-s1"  # reading is not choosing
        app.tick()
        await pilot.pause()
        assert text_of(detail).startswith("学习前馈神经网络（FNN）")  # a redraw keeps it


async def test_the_focus_does_not_run_out_under_the_interrupt_dialog(make_app, clock) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(1190)
        await pilot.press("x")  # ten seconds left; the user takes a minute to type
        clock.advance(60)
        app.tick()
        assert isinstance(app.screen, InterruptDialog) and log_rows(app) == []
        assert app.session.timer.state is TimerState.PAUSED
        app.screen.query_one(Input).value = "同事来问问题"
        await pilot.press("enter")
        (row,) = log_rows(app)
        assert (row["status"], row["reason"], row["focused_s"]) == (
            "interrupted",
            "同事来问问题",
            1190,
        )
        await pilot.press("space")  # the next focus
        clock.advance(100)
        await pilot.press("x")
        clock.advance(60)
        await pilot.press("escape")  # kept going: it runs again from where it was
        assert app.session.timer.state is TimerState.RUNNING
        assert app.session.timer.remaining() == 1100


async def test_a_following_window_offers_no_timer_keys(make_app) -> None:
    make_app()
    second = make_app()
    async with second.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = footer_actions(second)
        assert not {"start_pause", "skip", "interrupt"} & keys
        assert {"review", "help", "quit"} <= keys
        titles = {c.title for c in second.get_system_commands(second.screen)}
        assert not {"Start/Pause", "Skip", "Interrupt"} & titles


async def test_the_header_shows_the_projected_end_at_80_columns_not_at_50(
    make_app, tmp_path
) -> None:
    from test_today_view import three_study_days

    three_study_days(make_app, tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert text_of(app.screen.query_one("#title", Static)).endswith(" · ends ~2026-12-09")
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        title = text_of(app.screen.query_one("#title", Static))
        assert "ends" not in title and title.endswith("Wed 2026-11-25")
