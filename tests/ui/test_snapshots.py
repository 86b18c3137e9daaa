"""Snapshots of the screens: explicit terminal size, frozen clock, no cursor blink."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input

from pomoplan.core.clock import FakeClock
from pomoplan.store.log import LogStore

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "cursor_blink", False)


def test_idle(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_running_in_chinese(snap_compare, make_app, clock: FakeClock) -> None:
    app = make_app(language="zh")

    async def run_before(pilot) -> None:
        await pilot.press("space")
        clock.advance(7 * 60 + 13)
        app.tick()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_paused(snap_compare, make_app, clock: FakeClock) -> None:
    app = make_app()

    async def run_before(pilot) -> None:
        await pilot.press("space")
        clock.advance(300)
        await pilot.press("space")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_break(snap_compare, make_app, clock: FakeClock) -> None:
    app = make_app()

    async def run_before(pilot) -> None:
        await pilot.press("space")
        clock.advance(1200 + 90)
        app.tick()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_rest_day(snap_compare, make_app) -> None:
    assert snap_compare(make_app(day=date(2026, 11, 29)), terminal_size=SIZE)


def test_interrupt_dialog(snap_compare, make_app, clock: FakeClock) -> None:
    app = make_app()

    async def run_before(pilot) -> None:
        await pilot.press("space")
        clock.advance(200)
        await pilot.press("x")
        await pilot.press(*"phone")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_review_of_a_realistic_week(snap_compare, make_app, tmp_path) -> None:
    app = make_app(start=date(2026, 11, 23))
    store: LogStore = app.session.store
    rows = []
    plan = [("2026-11-23", 4, 0), ("2026-11-24", 3, 1), ("2026-11-25", 1, 0)]
    n = 0
    for day, done, interrupted in plan:
        for i in range(done + interrupted):
            n += 1
            status = "completed" if i < done else "interrupted"
            rows.append(
                {
                    "id": f"r{n}",
                    "kind": "focus",
                    "status": status,
                    "curriculum_id": "mini",
                    "slot_id": f"w1-{date.fromisoformat(day).strftime('%a').lower()}-b1-s{i % 2 + 1}",
                    "slot_title": "复习Python高级特性",
                    "track": "Python" if i % 2 == 0 else "JavaScript",
                    "planned_s": 1200,
                    "focused_s": 1200 if status == "completed" else 420,
                    "paused_s": 0,
                    "pauses": 0,
                    "started_at": f"{day}T{9 + i}:00:00+08:00",
                    "ended_at": f"{day}T{9 + i}:20:00+08:00",
                    "study_date": day,
                    "reason": "电话打断" if status == "interrupted" else None,
                }
            )
    store.record(rows, None)
    assert snap_compare(app, terminal_size=(100, 36), press=["r"])


def _stats_app(make_app, clock: FakeClock, language: str):
    app = make_app(start=date(2026, 11, 23), language=language)
    store: LogStore = app.session.store
    from logrows import log_row

    rows = [
        log_row(f"s{n}", day, slot_id=f"w1-{slot}-b1-s1", started_at=f"{day}T{9 + n}:00:00+08:00")
        for n, (day, slot) in enumerate(
            [("2026-11-23", "mon"), ("2026-11-23", "mon"), ("2026-11-24", "tue")]
            + [("2026-11-25", "wed")] * 5
        )
    ]
    store.record(rows, None)
    return app


def test_stats_screen_in_english(snap_compare, make_app, clock: FakeClock) -> None:
    assert snap_compare(_stats_app(make_app, clock, "en"), terminal_size=SIZE, press=["g"])


def test_stats_screen_in_chinese(snap_compare, make_app, clock: FakeClock) -> None:
    assert snap_compare(_stats_app(make_app, clock, "zh"), terminal_size=SIZE, press=["g"])
