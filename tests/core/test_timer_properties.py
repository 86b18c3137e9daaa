"""Property tests: over random actions and clock moves, the timer's books always balance."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pomoplan.core.clock import FakeClock
from pomoplan.core.timer import (
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
        TimerSettings(
            focus_s=1500,
            short_break_s=300,
            long_break_s=900,
            long_every=long_every,
            suspend_policy=policy,
            auto_start_focus=auto_focus,
            auto_start_breaks=auto_breaks,
        ),
        slot=SlotRef("c", "s", "t", "k"),
    )
    started = 0
    ended = []
    completed_focus_breaks: list[Phase] = []
    pending_break_check = False
    for name, amount in steps:
        if name == "advance":
            clock.advance(amount)
            events = timer.tick()
        elif name == "suspend":
            clock.suspend(amount)
            events = timer.tick()
        elif name == "jump":
            clock.jump_wall(amount)
            events = timer.tick()
        else:
            events = getattr(timer, name)()
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
