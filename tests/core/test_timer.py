"""The timer state machine under a fake clock."""

from __future__ import annotations

import itertools

import pytest

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import (
    Phase,
    PhaseEnded,
    PhaseRecord,
    PhaseStarted,
    SlotRef,
    Status,
    SuspendDetected,
    Timer,
    TimerSettings,
    TimerState,
)

SLOT = SlotRef("plan", "w1-mon-b1-s1", "复习Python高级特性", "Python")


def records(events: list) -> list[PhaseRecord]:
    return [e.record for e in events if isinstance(e, PhaseEnded)]


def make(**kw) -> tuple[FakeClock, Timer]:
    clock = FakeClock()
    counter = itertools.count(1)
    timer = Timer(clock, TimerSettings(**kw), slot=SLOT, new_id=lambda: f"id{next(counter)}")
    return clock, timer


def test_idle_shows_full_focus_and_space_starts() -> None:
    clock, timer = make()
    assert timer.state is TimerState.IDLE
    assert timer.remaining() == 1500
    events = timer.toggle()
    assert isinstance(events[0], PhaseStarted) and events[0].phase is Phase.FOCUS
    clock.advance(60)
    timer.tick()
    assert timer.remaining() == 1440


def test_focus_ends_at_its_deadline_and_break_starts_at_the_same_instant() -> None:
    clock, timer = make()
    timer.start()
    start = clock.wall()
    clock.advance(1500 + 7)  # the redraw came 7 s late
    events = timer.tick()
    (rec,) = records(events)
    assert rec.kind is Phase.FOCUS and rec.status is Status.COMPLETED
    assert rec.ended_at.timestamp() == start + 1500
    assert rec.focused_s == 1500 and rec.paused_s == 0
    assert timer.phase is Phase.SHORT_BREAK and timer.state is TimerState.RUNNING
    started = next(e for e in events if isinstance(e, PhaseStarted))
    assert started.at == start + 1500
    assert timer.remaining() == 300 - 7


def test_long_break_after_every_fourth_completed_focus() -> None:
    clock, timer = make(long_every=4)
    breaks = []
    for _ in range(8):
        timer.start()
        clock.advance(1500)
        timer.tick()
        breaks.append(timer.phase)
        clock.advance(timer.planned_s())
        timer.tick()
        assert timer.state is TimerState.IDLE and timer.phase is Phase.FOCUS
    assert breaks == [Phase.SHORT_BREAK] * 3 + [Phase.LONG_BREAK] + [Phase.SHORT_BREAK] * 3 + [
        Phase.LONG_BREAK
    ]


def test_pause_moves_the_deadline_and_counts_paused_time() -> None:
    clock, timer = make()
    timer.start()
    clock.advance(100)
    timer.toggle()  # pause
    assert timer.state is TimerState.PAUSED
    clock.advance(600)
    timer.tick()
    assert timer.remaining() == 1400
    timer.toggle()  # resume
    clock.advance(1400)
    (rec,) = records(timer.tick())
    assert (rec.focused_s, rec.paused_s, rec.pauses) == (1500, 600, 1)


def test_skip_focus_records_focused_seconds_and_no_break_follows() -> None:
    clock, timer = make()
    timer.start()
    clock.advance(300)
    (rec,) = records(timer.skip())
    assert rec.status is Status.SKIPPED and rec.focused_s == 300
    assert timer.state is TimerState.IDLE and timer.phase is Phase.FOCUS
    assert timer.completed_focus == 0


def test_interrupt_keeps_reason_and_does_not_count_toward_long_break() -> None:
    clock, timer = make(long_every=2)
    timer.start()
    clock.advance(1500)
    timer.tick()
    timer.skip()  # skip the break
    timer.start()
    clock.advance(200)
    (rec,) = records(timer.interrupt("  电话  "))
    assert rec.status is Status.INTERRUPTED and rec.reason == "电话" and rec.focused_s == 200
    timer.start()
    clock.advance(1500)
    timer.tick()
    assert timer.phase is Phase.LONG_BREAK  # the second *completed* focus


def test_interrupt_is_for_focus_only() -> None:
    clock, timer = make()
    timer.start()
    clock.advance(1500)
    timer.tick()
    assert timer.phase.is_break
    assert records(timer.interrupt("x")) == []
    assert timer.state is TimerState.RUNNING


def test_skipping_a_break_records_it_skipped_and_waits_for_focus() -> None:
    clock, timer = make()
    timer.start()
    clock.advance(1500)
    timer.tick()
    clock.advance(60)
    (rec,) = records(timer.skip())
    assert rec.kind is Phase.SHORT_BREAK and rec.status is Status.SKIPPED and rec.focused_s == 60
    assert rec.slot_id == SLOT.slot_id  # a break carries the slot of the focus before it
    assert timer.state is TimerState.IDLE and timer.phase is Phase.FOCUS


def test_auto_start_switches() -> None:
    clock, timer = make(auto_start_breaks=False, auto_start_focus=True)
    timer.start()
    clock.advance(1500)
    timer.tick()
    assert timer.state is TimerState.IDLE and timer.phase is Phase.SHORT_BREAK
    timer.start()
    clock.advance(300)
    timer.tick()
    assert timer.state is TimerState.RUNNING and timer.phase is Phase.FOCUS


@pytest.mark.parametrize("auto_focus", [False, True])
def test_suspend_ends_the_phase_at_its_deadline_and_then_waits(auto_focus: bool) -> None:
    clock, timer = make(auto_start_focus=auto_focus)
    timer.start()
    t0 = clock.wall()
    clock.advance(100)
    timer.tick()
    clock.suspend(3 * 3600)
    events = timer.tick()
    assert any(isinstance(e, SuspendDetected) for e in events)
    (rec,) = records(events)  # the break that would have followed was not lived
    assert (rec.kind, rec.status) == (Phase.FOCUS, Status.COMPLETED)
    assert rec.ended_at.timestamp() == t0 + 1500
    assert not any(isinstance(e, PhaseStarted) for e in events)
    assert timer.state is TimerState.IDLE and timer.phase is Phase.SHORT_BREAK
    assert timer.completed_focus == 1


def test_a_sleep_that_ends_nothing_changes_nothing() -> None:
    clock, timer = make()
    timer.start()
    clock.suspend(600)
    assert records(timer.tick()) == []
    assert timer.remaining() == 900


def test_a_phase_noticed_late_in_a_stopped_process_ends_and_nothing_follows() -> None:
    clock, timer = make(auto_start_focus=True)
    timer.start()
    clock.advance(1500 + 30)  # noticed 30 s late: lived, the break starts at the deadline
    events = timer.tick()
    assert [r.kind for r in records(events)] == [Phase.FOCUS]
    assert timer.phase is Phase.SHORT_BREAK and timer.remaining() == 270
    clock.advance(5 * 3600)  # ctrl+z: the process was stopped for hours
    events = timer.tick()
    assert [r.kind for r in records(events)] == [Phase.SHORT_BREAK]
    assert timer.state is TimerState.IDLE and timer.phase is Phase.FOCUS


def test_suspend_pause_policy_treats_sleep_as_a_pause() -> None:
    clock, timer = make(suspend_policy="pause")
    timer.start()
    clock.advance(100)
    timer.tick()
    clock.suspend(3600)
    events = timer.tick()
    assert records(events) == []
    assert timer.remaining() == 1400
    clock.advance(1400)
    (rec,) = records(timer.tick())
    assert rec.focused_s == 1500 and rec.paused_s == 3600 and rec.pauses == 1


def test_wall_clock_going_back_never_makes_a_duration_negative() -> None:
    clock, timer = make()
    timer.start()
    clock.advance(100)
    clock.jump_wall(-7200)
    timer.tick()
    assert timer.remaining() == 1400
    clock.advance(10)
    (rec,) = records(timer.skip())
    assert rec.focused_s == 110 and rec.ended_at > rec.started_at


def test_study_date_respects_day_start() -> None:
    from datetime import datetime

    clock, timer = make()
    clock.set(datetime(2026, 11, 25, 1, 30, tzinfo=clock.tz()))
    timer = Timer(clock, TimerSettings(), slot=SLOT)
    timer.start()
    clock.advance(1500)
    (rec,) = records(timer.tick())
    assert rec.study_date.isoformat() == "2026-11-24"
    assert rec.as_row()["started_at"] == "2026-11-25T01:30:00+08:00"


def test_snapshot_restores_running_phase_and_passed_deadline_ends_once() -> None:
    clock, timer = make()
    timer.start()
    clock.advance(600)
    timer.tick()
    saved = timer.snapshot()
    clock.advance(120)  # the process was down for two minutes
    again = Timer.restore(saved, clock, TimerSettings())
    again.tick()
    assert again.state is TimerState.RUNNING and again.remaining() == 1500 - 720
    clock.advance(5000)  # closed past the deadline
    later = Timer.restore(saved, clock, TimerSettings())
    recs = records(later.tick())
    assert [r.kind for r in recs] == [Phase.FOCUS]  # the break was not lived: it waits
    assert recs[0].focused_s == 1500
    assert later.state is TimerState.IDLE and later.phase is Phase.SHORT_BREAK


def test_paused_snapshot_stays_paused() -> None:
    clock, timer = make()
    timer.start()
    clock.advance(200)
    timer.pause()
    saved = timer.snapshot()
    clock.advance(3000)
    again = Timer.restore(saved, clock, TimerSettings())
    assert records(again.tick()) == []
    assert again.state is TimerState.PAUSED and again.remaining() == 1300


@pytest.mark.parametrize("bad", [{}, {"version": 99}, {"version": 1, "slot": None}])
def test_restore_refuses_damaged_state(bad: dict) -> None:
    with pytest.raises(ValueError):
        Timer.restore(bad, FakeClock(), TimerSettings())


def test_a_wall_clock_set_a_month_ahead_for_seconds_changes_nothing() -> None:
    clock, timer = make(auto_start_focus=True)
    timer.start()
    clock.advance(100)
    timer.tick()
    clock.jump_wall(30 * 86400)
    for _ in range(3):
        clock.advance(1)
        assert records(timer.tick()) == []
    clock.jump_wall(-30 * 86400)
    clock.advance(1)
    timer.tick()
    assert timer.remaining() == 1500 - 104
    clock.advance(1500 - 104)
    (rec,) = records(timer.tick())
    assert rec.ended_at.timestamp() == clock.real()


def test_without_a_boot_clock_a_jump_ahead_ends_the_phase_and_the_jump_back_is_followed() -> None:
    clock = FakeClock(has_boottime=False)
    timer = Timer(clock, TimerSettings(auto_start_focus=True), slot=SLOT)
    timer.start()
    clock.jump_wall(30 * 86400)  # looks like a month asleep: nothing can tell it apart
    assert len(records(timer.tick())) == 1
    assert timer.state is TimerState.IDLE  # nothing chained over the month
    clock.jump_wall(-30 * 86400)
    clock.advance(1)
    timer.tick()
    timer.start()
    clock.advance(300)
    (brk,) = records(timer.tick())
    assert brk.ended_at.timestamp() == clock.real()  # dated by the real time again


def test_a_wall_clock_set_back_and_put_right_is_followed_both_ways() -> None:
    clock, timer = make()
    timer.start()
    clock.jump_wall(-3600)
    clock.advance(100)
    timer.tick()
    assert timer.now == clock.wall() and timer.remaining() == 1400
    clock.jump_wall(3600)
    clock.advance(100)
    timer.tick()
    assert timer.now == clock.real() and timer.remaining() == 1300
    clock.jump_wall(3600)  # but never past what has really passed
    clock.advance(1)
    timer.tick()
    assert timer.now == clock.real()


def test_a_restart_in_the_same_boot_does_not_believe_a_wall_clock_set_ahead() -> None:
    clock, timer = make(auto_start_focus=True)
    timer.start()
    clock.advance(100)
    timer.tick()
    saved = timer.snapshot()
    clock.jump_wall(30 * 86400)
    clock.advance(60)
    clock.restart()
    again = Timer.restore(saved, clock, TimerSettings())
    assert records(again.tick()) == []
    assert again.state is TimerState.RUNNING and again.remaining() == 1500 - 160
