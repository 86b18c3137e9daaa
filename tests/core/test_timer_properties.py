"""Property tests: over random actions and clock moves, the timer's books always balance."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import (
    SUSPEND_THRESHOLD_S,
    Phase,
    PhaseEnded,
    PhaseStarted,
    SlotRef,
    Status,
    Timer,
    TimerSettings,
    TimerState,
)

actions = st.one_of(
    st.tuples(st.just("advance"), st.floats(0, 2000)),
    st.tuples(st.just("suspend"), st.floats(0, 4000)),
    st.tuples(st.just("jump"), st.floats(-3000, 3000)),
    st.tuples(st.sampled_from(["toggle", "skip", "interrupt", "tick", "start"]), st.just(0.0)),
)


def lengths(
    *, long_every: int = 4, policy: str, auto_focus: bool, auto_breaks: bool
) -> TimerSettings:
    """25/5/15-minute phases with the behaviour drawn by the test."""
    return TimerSettings(
        focus=1500,
        short_break=300,
        long_break=900,
        long_every=long_every,
        suspend_policy=policy,
        auto_start_focus=auto_focus,
        auto_start_breaks=auto_breaks,
    )


def step(timer: Timer, clock: FakeClock, name: str, amount: float) -> list[Any]:
    """One drawn step: time passes (counted, asleep, or the wall clock jumps) or a key is hit."""
    if name == "advance":
        clock.advance(amount)
    elif name == "suspend":
        clock.suspend(amount)
    elif name == "jump":
        clock.jump_wall(amount)
    else:
        return list(getattr(timer, name)())
    return list(timer.tick())


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(actions, max_size=60),
    long_every=st.integers(1, 5),
    policy=st.sampled_from(["count", "pause"]),
    auto_focus=st.booleans(),
    auto_breaks=st.booleans(),
)
def test_books_balance(steps, long_every, policy, auto_focus, auto_breaks) -> None:
    clock = FakeClock()
    timer = Timer(
        clock,
        lengths(
            long_every=long_every, policy=policy, auto_focus=auto_focus, auto_breaks=auto_breaks
        ),
        slot=SlotRef("c", "s", "t", "k"),
    )
    started = 0
    ended = []
    completed_focus_breaks: list[Phase] = []
    pending_break_check = False
    for name, amount in steps:
        events = step(timer, clock, name, amount)
        for e in events:
            if isinstance(e, PhaseStarted):
                started += 1
                if pending_break_check:
                    completed_focus_breaks.append(e.phase)
                    pending_break_check = False
            elif isinstance(e, PhaseEnded):
                ended.append(e.record)
                r = e.record
                pending_break_check = r.kind is Phase.FOCUS and r.status is Status.COMPLETED
                if pending_break_check and not auto_breaks:
                    completed_focus_breaks.append(timer.next_phase)
                    pending_break_check = False
        if pending_break_check:  # noticed late: the break did not start by itself, it waits
            completed_focus_breaks.append(timer.next_phase)
            pending_break_check = False
        assert timer.remaining() >= 0
        assert 0.0 <= timer.elapsed_fraction() <= 1.0
    in_progress = 0 if timer.state is TimerState.IDLE else 1
    # A record exactly once per ended phase: every start ends once or is still in progress.
    assert started == len(ended) + in_progress
    assert len({r.id for r in ended}) == len(ended)
    for r in ended:
        elapsed = (r.ended_at - r.started_at).total_seconds()
        assert r.focused_s >= 0 and r.paused_s >= 0 and elapsed >= 0
        assert r.focused_s + r.paused_s == elapsed
        if r.status is Status.COMPLETED:
            assert r.focused_s == r.planned_s
    # A long break comes exactly after every long_every-th completed focus.
    for n, brk in enumerate(completed_focus_breaks, start=1):
        expected = Phase.LONG_BREAK if n % long_every == 0 else Phase.SHORT_BREAK
        assert brk is expected


lives = st.one_of(
    st.tuples(st.just("advance"), st.floats(0, 2000)),
    st.tuples(st.just("suspend"), st.floats(0, 40_000)),
    st.tuples(
        st.just("jump"), st.sampled_from([-365 * 86400.0, -3000.0, 3.0, 3000.0, 30 * 86400.0])
    ),
    st.tuples(st.just("restart"), st.floats(0, 40_000)),
    st.tuples(st.just("reboot"), st.floats(0, 40_000)),
    st.tuples(st.sampled_from(["toggle", "skip", "interrupt", "tick", "start"]), st.just(0.0)),
)


@settings(max_examples=250, deadline=None)
@given(
    steps=st.lists(lives, max_size=60),
    policy=st.sampled_from(["count", "pause"]),
    auto_focus=st.booleans(),
    auto_breaks=st.booleans(),
)
def test_only_lived_time_is_recorded_and_never_dated_after_the_real_time(
    steps, policy, auto_focus, auto_breaks
) -> None:
    """Whatever restarts, sleeps and wall clock jumps: no record is dated after the real time,
    at most one phase ends while the app is closed or asleep and nothing starts after it, and
    the books balance across restarts."""
    clock = FakeClock()
    config = lengths(policy=policy, auto_focus=auto_focus, auto_breaks=auto_breaks)
    timer = Timer(clock, config, slot=SlotRef("c", "s", "t", "k"))
    started = ended = 0
    wrong_since_reboot = False  # a reboot while the wall clock was ahead: nothing else to go by
    for name, amount in steps:
        unlived = name in ("suspend", "restart", "reboot")
        if name in ("restart", "reboot"):
            saved = json.loads(json.dumps(timer.snapshot()))  # through JSON, as saved
            clock.suspend(amount)  # closed: real time passes, no process counts it
            if name == "reboot":
                clock.reboot()
                wrong_since_reboot = clock.wall() > clock.real()
            else:
                clock.restart()
            timer = Timer.restore(saved, clock, config)
            events = timer.tick()
        else:
            events = step(timer, clock, name, amount)
        records = [e.record for e in events if isinstance(e, PhaseEnded)]
        starts = [e for e in events if isinstance(e, PhaseStarted)]
        if unlived:
            assert len(records) <= 1 and starts == []
        started += len(starts)
        ended += len(records)
        for r in records:
            # No record is dated after the real time; a reboot forgets how long it was closed,
            # so there the wall clock, set ahead meanwhile, is all there is.
            assert r.ended_at.timestamp() <= clock.real() + 1 or wrong_since_reboot
            assert r.started_at <= r.ended_at
            assert r.focused_s + r.paused_s == (r.ended_at - r.started_at).total_seconds()
        assert timer.remaining() >= 0
        assert timer.now <= clock.real() + SUSPEND_THRESHOLD_S or wrong_since_reboot
    in_progress = 0 if timer.state is TimerState.IDLE else 1
    assert started - ended <= in_progress <= 1
