"""The today screen's view model, built from a session without a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from pomoplan.core.clock import FakeClock
from pomoplan.services.session import Section
from pomoplan.text.i18n import set_language
from pomoplan.ui.today_view import today_view


def test_the_title_says_the_week_once_in_chinese(make_app) -> None:
    view = today_view(make_app(language="zh").session)
    assert view.title == "小计划 · 第一周：入门 · 周三 2026-11-25"  # not 第1周 · 第一周


def test_an_idle_study_day(make_app) -> None:
    view = today_view(make_app().session)
    # "Week 1" is said by the week's own title "第一周：入门": once is enough
    assert view.title == "小计划 · 第一周：入门 · Wed 2026-11-25"
    assert (view.phase, view.look, view.clock) == ("Focus · Ready", "idle", "20:00")
    assert view.hint == "Press space to start a focus."
    assert view.message == ""
    # the day's slots, then the backlog: as written, Monday and Tuesday before the start
    assert [(r.heading, r.state, r.done, r.pomodoros) for r in view.rows][:4] == [
        ("上午", "current", 0, 1),
        ("上午", "pending", 0, 1),
        ("下午", "pending", 0, 2),
        ("Backlog", "pending", 0, 1),
    ]
    assert view.current_key == ("w1-wed-b1-s1", date(2026, 11, 25))
    assert view.detail is not None and view.detail.detail == "写一个计时装饰器"
    assert view.detail.resources == (
        "Fluent Python",
        "[docs] asyncio docs <https://docs.python.org/3/library/asyncio.html>",
    )
    assert [r.key[0] for r in view.backlog][:1] == ["w1-mon-b1-s1"] and len(view.backlog) == 6


def test_a_running_focus_counts_down(make_app, clock: FakeClock) -> None:
    session = make_app().session
    session.toggle()
    clock.advance(61)
    session.tick()
    view = today_view(session)
    assert (view.phase, view.look, view.clock, view.remaining) == (
        "Focus · Running",
        "focus",
        "18:59",
        1139,
    )
    assert view.planned == 1200 and view.hint == ""


def test_a_rest_day_lists_the_backlog_and_the_next_day_under_headings(make_app) -> None:
    view = today_view(make_app(day=date(2026, 11, 29)).session)
    assert view.message == "Rest day. 回顾一周所学，整理笔记"
    headings = [r.heading for r in view.rows]
    assert headings[0] == "Backlog" and headings[-1] == "Next planned day (2026-11-30)"
    assert view.backlog and all(r.heading == "Backlog" for r in view.backlog)


def test_the_session_stores_facts_and_the_view_words_them(make_app) -> None:
    app = make_app(day=date(2026, 11, 29), language="zh")
    sections = {e.section for e in app.session.entries}
    assert Section("backlog") in sections
    assert Section("ahead", on=date(2026, 11, 30)) in sections
    headings = {r.heading for r in today_view(app.session).rows}
    assert headings == {"待补", "下一个学习日（2026-11-30）"}
    set_language("en")  # the same session, worded again in the other language
    assert {r.heading for r in today_view(app.session).rows} == {
        "Backlog",
        "Next planned day (2026-11-30)",
    }


def test_a_following_window_says_who_runs_the_timer(make_app) -> None:
    make_app()
    second = make_app()
    view = today_view(second.session, lock_owner=4242)
    assert "pid 4242" in view.hint


def test_the_view_model_needs_no_textual() -> None:
    probe = (
        "import sys, json\nimport pomoplan.ui.today_view, pomoplan.ui.keys\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert not {m for m in json.loads(out.stdout) if m.split(".")[0] in {"textual", "rich"}}


def three_study_days(make_app, tmp_path) -> None:
    """Five focus periods on 2026-11-23..25 (none on the plan's slots): 25 pomodoros left at
    5/3 a day end on 2026-12-09."""
    from logrows import log_row

    from pomoplan.store.log import LogStore

    make_app()  # the data dir and the plan's activation
    rows = [log_row(f"p{i}", f"2026-11-{23 + i % 3}", slot_id=f"x{i}") for i in range(5)]
    with LogStore(tmp_path / "home" / "pomoplan.db") as store:
        store.record(rows, None)


def test_the_header_gives_the_projected_end_where_it_fits(make_app, tmp_path) -> None:
    from pomoplan.text.i18n import cells
    from pomoplan.ui.today_view import header

    assert today_view(make_app().session).ends == ""  # no pace yet: nothing said
    three_study_days(make_app, tmp_path)
    view = today_view(make_app().session)
    assert view.ends == "ends ~2026-12-09"
    full = f"{view.title} · ends ~2026-12-09"
    assert header(view, 80) == full and header(view, cells(full)) == full
    assert header(view, cells(full) - 1) == view.title  # it goes first, the title stays
    assert header(view, 50) == view.title
    view = today_view(make_app(language="zh").session)
    assert view.ends == "预计 2026-12-09 完成"
    assert header(view, 80).endswith(" · 预计 2026-12-09 完成")
    assert header(view, 50) == view.title


def test_the_header_shows_user_text_visibly() -> None:
    from pomoplan.ui.today_view import TodayView, header

    view = TodayView("a\x1b[31mb", "", "idle", 0, 0, "", "", "", "", (), None, None, "ends ~x")
    assert "\x1b" not in header(view, 80) and header(view, 80).endswith(" · ends ~x")


def test_a_long_focus_reads_the_same_in_the_app_and_in_status(make_app, clock) -> None:
    # A 90-minute focus showed 1:30:00 in the app and 90:00 in `pomoplan status`.
    from pomoplan.cli.status import render, status_fields
    from pomoplan.store.state import check_state, read_state

    app = make_app(focus=90 * 60)
    app.session.toggle()
    clock.advance(1)
    app.session.tick()
    shown = today_view(app.session).clock
    state = check_state(read_state(app.session.store.path)).state
    assert shown == "1:29:59"
    assert render(status_fields(state, clock), "{remaining}") == shown
