"""The layout of a calendar plan on dates: start modes, shifts, catch-ups, undo (properties)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pomoplan.core.curriculum import load_curriculum
from pomoplan.core.layout import (
    MODES,
    Layout,
    Replan,
    ReplanError,
    plan_catch_up,
    plan_shift,
)
from pomoplan.core.plan import Curriculum

ROOT = Path(__file__).resolve().parents[2]
ONE_MONTH = load_curriculum(ROOT / "curricula" / "one-month.yaml", bundled=True)
MINI = load_curriculum(ROOT / "tests" / "fixtures" / "mini.yaml")
MON = date(2026, 11, 23)


def _check(layout: Layout, curriculum: Curriculum, done: dict[str, int]) -> None:
    """Every slot on exactly one date, plan days in order, each date's slots in plan order."""
    dates = layout.dates
    assert all(a < b for a, b in pairwise(dates))
    first = date.fromordinal(min([dates[0], *layout.moved.values()]))
    last = layout.last_date
    assert last is not None
    seen: dict[str, date] = {}
    day = first
    while day <= last:
        slots = layout.slots_on(day)
        assert list(slots) == sorted(slots, key=layout.order)
        for s in slots:
            assert s.id not in seen, f"{s.id} on {seen.get(s.id)} and {day}"
            seen[s.id] = day
        day += timedelta(days=1)
    assert set(seen) == {s.id for s in curriculum.all_slots()}
    assert all(layout.slot_date(i) == d for i, d in seen.items())


ops = st.lists(
    st.one_of(
        st.tuples(st.just("shift"), st.integers(-10, 10), st.integers(-5, 40)),
        st.tuples(st.just("catch-up"), st.integers(1, 4), st.integers(0, 40)),
        st.tuples(st.just("undo"), st.just(0), st.just(0)),
        st.tuples(st.just("work"), st.integers(0, 200), st.integers(1, 3)),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(
    steps=ops,
    mode=st.sampled_from(MODES),
    start_offset=st.integers(0, 6),
    big=st.booleans(),
)
def test_any_replans_keep_every_slot_on_one_date_in_plan_order(
    steps: list[tuple[str, int, int]], mode: str, start_offset: int, big: bool
) -> None:
    curriculum = ONE_MONTH if big else MINI
    start = MON + timedelta(days=start_offset)
    today = start
    done: dict[str, int] = {}
    in_force: list[Replan] = []
    snapshots = [Layout(curriculum, start, mode).snapshot()]
    slots = curriculum.all_slots()
    for kind, a, b in steps:
        layout = Layout(curriculum, start, mode, in_force)
        done_before = dict(done)
        if kind == "work":  # time passes and some pomodoros get done
            slot = slots[a % len(slots)]
            done[slot.id] = done.get(slot.id, 0) + b
            today += timedelta(days=b)
            continue
        if kind == "undo":
            if in_force:
                in_force.pop()
                snapshots.pop()
                assert Layout(curriculum, start, mode, in_force).snapshot() == snapshots[-1]
            continue
        try:
            if kind == "shift":
                origin = today + timedelta(days=b)
                n = plan_shift(layout, origin, a, today)
                replan = Replan(str(len(in_force)), "shift", origin, n)
            else:
                moves = tuple(plan_catch_up(layout, today, done, a))
                replan = Replan(str(len(in_force)), "catch-up", today, 1, moves)
        except ReplanError:
            continue
        in_force.append(replan)
        after = Layout(curriculum, start, mode, in_force)
        snapshots.append(after.snapshot())
        _check(after, curriculum, done)
        assert done == done_before  # a re-plan changes no record
        if kind == "shift" and replan.days < 0:  # never before today
            moved = [d for d in after.dates if d not in layout.dates]
            assert all(d >= today.toordinal() for d in moved)
        if kind == "catch-up":
            assert [to for _, to in moves] == sorted(to for _, to in moves)  # plan order
            assert all(to >= today for _, to in moves)
            per_day: dict[date, list[int]] = {}
            for slot_id, to in moves:
                s = next(x for x in slots if x.id == slot_id)
                per_day.setdefault(to, []).append(s.pomodoros - done.get(slot_id, 0))
            # at most ``a`` extra a day, or one slot bigger than that on a day of its own
            assert all(sum(n) <= a or len(n) == 1 for n in per_day.values())
            assert not Layout(curriculum, start, mode, in_force).slots_before(today) or all(
                done.get(s.id, 0) >= s.pomodoros
                for s, _ in Layout(curriculum, start, mode, in_force).slots_before(today)
            )
    _check(Layout(curriculum, start, mode, in_force), curriculum, done)


@pytest.mark.parametrize("offset", range(7))
def test_weekends_mode_puts_day_one_on_the_start_and_weekend_days_on_weekends(
    offset: int,
) -> None:
    start = MON + timedelta(days=offset)
    layout = Layout(ONE_MONTH, start)
    assert layout.dates[0] == start.toordinal()
    assert layout.slots_on(start)[0].id == "w1-mon-b1-s1"
    for p, d in enumerate(layout.dates[1:], start=1):
        weekend = date.fromordinal(d).weekday() >= 5
        assert weekend == (p % 7 >= 5)
    assert date.fromordinal(layout.dates[7]).weekday() == 0  # aligned from week 2 on


def test_shift_then_undo_is_the_layout_before() -> None:
    base = Layout(MINI, MON)
    n = plan_shift(base, MON + timedelta(days=2), 3, MON)
    moved = Layout(MINI, MON, replans=[Replan("a", "shift", MON + timedelta(days=2), n)])
    assert moved.slot_date("w1-wed-b1-s1") == MON + timedelta(days=5)
    assert moved.slot_date("w1-tue-b1-s1") == MON + timedelta(days=1)
    assert moved.original_date("w1-wed-b1-s1") == MON + timedelta(days=2)
    assert Layout(MINI, MON).snapshot() == base.snapshot()


def test_a_negative_shift_closes_the_gap_but_never_before_today() -> None:
    gap = Replan("a", "shift", MON + timedelta(days=2), 5)
    layout = Layout(MINI, MON, replans=[gap])
    # From the Wednesday (now on Monday the 30th), 10 days earlier: only the gap closes.
    assert plan_shift(layout, MON + timedelta(days=7), -10, MON) == -5
    # Today is the Friday: the days can come back only as far as today.
    assert plan_shift(layout, MON + timedelta(days=7), -10, MON + timedelta(days=4)) == -3
    with pytest.raises(ReplanError):
        plan_shift(Layout(MINI, MON), MON + timedelta(days=2), -1, MON)


def test_catch_up_spreads_the_backlog_in_plan_order_at_most_n_a_day() -> None:
    layout = Layout(MINI, MON)
    thu = MON + timedelta(days=3)
    done = {"w1-mon-b1-s1": 1, "w1-mon-b1-s2": 1, "w1-mon-b2-s1": 2}
    moves = plan_catch_up(layout, thu, done, 2)
    # Tue and Wed left undone: 1 + 1 + 2 pomodoros each, 2 extra a day from Thursday on.
    assert moves == [
        ("w1-tue-b1-s1", thu),
        ("w1-tue-b1-s2", thu),
        ("w1-tue-b2-s1", thu + timedelta(days=1)),
        ("w1-wed-b1-s1", thu + timedelta(days=2)),  # Saturday: the project day
        ("w1-wed-b1-s2", thu + timedelta(days=2)),
        ("w1-wed-b2-s1", thu + timedelta(days=4)),  # Sunday is a rest day: Monday
    ]
    after = Layout(MINI, MON, replans=[Replan("c", "catch-up", thu, 5, tuple(moves))])
    assert [s.id for s in after.slots_on(thu)] == [
        "w1-tue-b1-s1",
        "w1-tue-b1-s2",
        "w1-thu-b1-s1",
        "w1-thu-b1-s2",
        "w1-thu-b2-s1",
    ]
    assert after.original_date("w1-tue-b1-s1") == MON + timedelta(days=1)
    with pytest.raises(ReplanError):
        plan_catch_up(after, thu, done, 2)  # nothing left behind


def test_a_plan_whose_week_one_begins_midweek_starts_with_its_first_named_day() -> None:
    """A dated note of a Wednesday and a Thursday, started on that Wednesday: as dated."""
    from pomoplan.core.plan import DayPlan, Slot, Week

    def day(wd: int) -> DayPlan:
        slot = Slot(f"w1-{wd}", "x", None, "t", "b", 1, ())
        return DayPlan(1, wd, "w", None, False, None, (slot,))

    days = (None, None, day(2), day(3), None, None, None)
    plan = Curriculum("d", "d", "calendar", None, tuple(s for d in days if d for s in d.slots),
                      (Week("w", None, days),))  # fmt: skip
    wed = MON + timedelta(days=2)
    for mode in MODES:
        layout = Layout(plan, wed, mode)
        assert layout.slot_date("w1-2") == wed and layout.slot_date("w1-3") == wed + timedelta(1)
    sat = MON + timedelta(days=5)
    assert Layout(plan, sat).slot_date("w1-2") == sat  # the first day, whatever the start


def _replayed_day_by_day(layout0: Layout, replans: list[Replan]) -> list[int]:
    """The dates after ``replans``, shifting the whole list at each one (the obvious way)."""
    dates = list(layout0.dates)
    for r in replans:
        k = next((i for i, d in enumerate(dates) if d >= r.start.toordinal()), len(dates))
        n = r.days
        if n < 0 and 0 < k < len(dates):
            n = max(n, dates[k - 1] + 1 - dates[k])
        dates[k:] = [d + n for d in dates[k:]]
    return dates


@settings(max_examples=200, deadline=None)
@given(
    shifts=st.lists(st.tuples(st.integers(-20, 80), st.integers(-9, 9)), max_size=40),
    mode=st.sampled_from(MODES),
    start_offset=st.integers(0, 6),
    read_between=st.booleans(),
)
def test_shifts_give_the_dates_of_replaying_them_one_by_one(
    shifts: list[tuple[int, int]], mode: str, start_offset: int, read_between: bool
) -> None:
    """The layout keeps shifts as runs of plan days (a hundred on a 20,000-slot plan cost
    almost nothing); its dates are exactly those of moving the whole list at each shift."""
    start = MON + timedelta(days=start_offset)
    replans = [
        Replan(str(i), "shift", start + timedelta(days=at), days)
        for i, (at, days) in enumerate(shifts)
    ]
    layout = Layout(ONE_MONTH, start, mode)
    for replan in replans:
        layout.apply(replan)
        if read_between:  # reading the dates in between must not change what comes after
            assert layout.dates == _replayed_day_by_day(
                Layout(ONE_MONTH, start, mode), replans[: int(replan.id) + 1]
            )
    assert layout.dates == _replayed_day_by_day(Layout(ONE_MONTH, start, mode), replans)
    assert Layout(ONE_MONTH, start, mode, replans).dates == layout.dates
