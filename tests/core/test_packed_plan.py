"""A plan read back from the cache is packed: equal to the one validated, unpacked as read."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from bigplan import WEEKS, big_plan

from pomoplan.core.curriculum import load_curriculum
from pomoplan.core.layout import Layout, Replan
from pomoplan.core.plan import Curriculum, Packed, PackedSlots, PackedWeeks
from pomoplan.core.schedule import Schedule
from pomoplan.store import catalog
from pomoplan.store.cache import cached

START = date(2026, 1, 5)  # a Monday


_N = itertools.count()


def round_trip(curriculum: Curriculum, tmp_path: Path) -> Curriculum:
    """The curriculum as the cache gives it back (written once, then read)."""
    source = tmp_path / f"source-{next(_N)}.yaml"
    source.write_text("a file the cache keys on\n", encoding="utf-8")
    folder = tmp_path / "cache"
    cached(source, folder, Curriculum, lambda: curriculum)
    back = cached(source, folder, Curriculum, lambda: pytest.fail("not read from the cache"))
    assert isinstance(back, Curriculum) and back is not curriculum
    return back


def unpacked(seq: object) -> int:
    assert isinstance(seq, Packed)
    return sum(part is not None for part in seq._parts)


def test_a_packed_plan_equals_the_validated_one(tmp_path: Path) -> None:
    fresh = load_curriculum(big_plan(tmp_path))
    back = round_trip(fresh, tmp_path)
    assert isinstance(back.slots, PackedSlots) and isinstance(back.weeks, PackedWeeks)
    assert back == fresh and hash(back) == hash(fresh)
    assert tuple(back.slots) == tuple(fresh.slots) and tuple(back.weeks) == tuple(fresh.weeks)
    assert back.slots[-1] == fresh.slots[-1] and back.weeks[7] == fresh.weeks[7]
    assert back.slots[10:20] == fresh.slots[10:20]
    assert back.total_pomodoros == fresh.total_pomodoros == WEEKS * 5 * 3 * 2
    assert round_trip(back, tmp_path) == fresh  # packed again as it is
    replans = (Replan("r1", "shift", START + timedelta(days=30), 3),)
    a, b = Layout(fresh, START, "weekends", replans), Layout(back, START, "weekends", replans)
    assert a.snapshot() == b.snapshot()
    assert list(a.day_slots) == list(b.day_slots)
    assert a.position == b.position


def test_bundled_plans_pack_to_themselves(tmp_path: Path) -> None:
    for entry in catalog.entries(Path("/nonexistent")):
        fresh = catalog.load(entry)
        assert round_trip(fresh, tmp_path) == fresh, entry.id


def test_a_day_reads_only_the_weeks_it_needs(tmp_path: Path) -> None:
    """A long plan's today, backlog and study-ahead build a few weeks' slots, not all."""
    back = round_trip(load_curriculum(big_plan(tmp_path)), tmp_path)
    schedule = Schedule(back, START)
    day = START + timedelta(days=16)  # week 3, Wednesday
    done = {back.weeks[0].days[0].slots[0].id: 2}  # type: ignore[union-attr]
    view = schedule.day(day)
    assert [s.title for s in view.slots] == ["Topic 3.1", "Topic 3.2", "Topic 3.3"]
    assert len(schedule.backlog(day, done)) == 12 * 3 - 1  # 12 study days before
    nxt = schedule.next_study_day(day)
    assert nxt is not None and nxt.date == day + timedelta(days=1)
    assert schedule.progress(done) == (2, WEEKS * 30)
    assert schedule.slot(view.slots[0].id) == view.slots[0]
    assert unpacked(back.weeks) <= 3 and unpacked(back.slots) == 0
