"""Dates to plan days: week 1 holds the start, rest days, backlog, progress, self-paced days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from pomoplan.core.curriculum import load_curriculum
from pomoplan.core.schedule import Schedule
from pomoplan.core.studyday import study_date

WED = date(2026, 11, 25)  # a Wednesday


def test_as_written_week_one_holds_the_start_and_earlier_days_are_not_planned(
    mini: Path,
) -> None:
    s = Schedule(load_curriculum(mini), WED, "as-written")
    assert s.day(date(2026, 11, 24)).status == "before_start"
    view = s.day(WED)
    assert view.status == "study" and view.week == 1
    assert [b for b, _ in view.blocks()] == ["上午", "下午"]
    assert view.slots[0].id == "w1-wed-b1-s1"
    assert view.planned_pomodoros == 4


def test_each_weekday_of_a_range_has_its_own_slot_ids(mini: Path) -> None:
    s = Schedule(load_curriculum(mini), WED, "as-written")
    ids = {s.day(WED + timedelta(days=i)).slots[0].id for i in range(3)}
    assert ids == {"w1-wed-b1-s1", "w1-thu-b1-s1", "w1-fri-b1-s1"}


def test_saturday_sunday_rest_week_two_and_after_the_end(mini: Path) -> None:
    s = Schedule(load_curriculum(mini), WED, "as-written")
    sat = s.day(date(2026, 11, 28))
    assert [(x.id, x.pomodoros, x.track) for x in sat.slots] == [("w1-sat-project", 4, "深度学习")]
    sun = s.day(date(2026, 11, 29))
    assert sun.rest and sun.note == "回顾一周所学，整理笔记"
    assert s.day(date(2026, 11, 30)).slots[0].track == "多模态"
    assert s.day(date(2026, 12, 1)).status == "free"
    assert s.day(date(2026, 12, 7)).status == "after_end"
    assert s.end == date(2026, 12, 6)
    assert s.next_study_day(date(2026, 11, 29)).date == date(2026, 11, 30)


def test_as_written_backlog_holds_the_days_before_the_start_too(mini: Path) -> None:
    s = Schedule(load_curriculum(mini), WED, "as-written")
    done = {"w1-wed-b1-s1": 1, "w1-wed-b1-s2": 1, "w1-wed-b2-s1": 1}
    done |= {f"w1-{d}-{x}": 2 for d in ("mon", "tue") for x in ("b1-s1", "b1-s2", "b2-s1")}
    assert [i.slot.id for i in s.backlog(WED, {})][:1] == ["w1-mon-b1-s1"]
    items = s.backlog(date(2026, 11, 27), done)
    assert [(i.slot.id, i.date.day, i.missing) for i in items] == [
        ("w1-wed-b2-s1", 25, 1),
        ("w1-thu-b1-s1", 26, 1),
        ("w1-thu-b1-s2", 26, 1),
        ("w1-thu-b2-s1", 26, 2),
    ]


def test_progress_counts_each_slot_up_to_its_pomodoros_whatever_the_start(mini: Path) -> None:
    # mon-fri: 5 days x 4, sat 4, week 2 mon 1: every slot, whatever the start day
    for mode in ("weekends", "consecutive", "as-written"):
        for start in (WED, WED + timedelta(days=1), WED - timedelta(days=2)):
            s = Schedule(load_curriculum(mini), start, mode)
            assert s.progress({}) == (0, 25)
            assert s.progress({"w1-wed-b2-s1": 5, "w1-sat-project": 1}) == (3, 25)


def test_started_on_a_thursday_day_one_is_that_thursday_and_weekends_stay(mini: Path) -> None:
    thu = date(2026, 11, 26)
    s = Schedule(load_curriculum(mini), thu)
    assert s.day(thu).slots[0].id == "w1-mon-b1-s1"
    assert s.day(thu + timedelta(days=1)).slots[0].id == "w1-tue-b1-s1"
    assert s.day(date(2026, 11, 28)).status == "free"  # the weekend waits for the plan's
    assert s.day(date(2026, 11, 30)).slots[0].id == "w1-wed-b1-s1"  # Monday
    assert s.day(date(2026, 12, 2)).slots[0].id == "w1-fri-b1-s1"
    assert s.day(date(2026, 12, 3)).status == "free"
    assert s.day(date(2026, 12, 5)).slots[0].id == "w1-sat-project"  # a Saturday still
    assert s.day(date(2026, 12, 6)).rest  # the Sunday rest on a Sunday
    assert s.day(date(2026, 12, 7)).slots[0].id == "w2-mon-b1-s1"
    assert s.next_study_day(date(2026, 11, 27)).date == date(2026, 11, 30)


def test_consecutive_lays_the_plan_days_one_after_another(mini: Path) -> None:
    thu = date(2026, 11, 26)
    s = Schedule(load_curriculum(mini), thu, "consecutive")
    ids = [s.day(thu + timedelta(days=i)).slots[0].id for i in range(6)]
    assert ids == [f"w1-{d}-b1-s1" for d in ("mon", "tue", "wed", "thu", "fri")] + [
        "w1-sat-project"
    ]
    assert s.day(thu + timedelta(days=6)).rest


def test_self_paced_takes_the_next_unfinished_slots(paced: Path) -> None:
    s = Schedule(load_curriculum(paced), WED)
    assert [x.id for x in s.day(WED).slots] == ["a", "b"]
    assert [x.id for x in s.day(WED, {"a": 2, "b": 1}).slots] == ["b", "c", "d"]
    assert s.day(WED, {"a": 2, "b": 2, "c": 1, "d": 1}).status == "finished"
    assert s.planned_on(WED) == 3 and s.planned_on(WED - timedelta(days=1)) == 0
    assert s.backlog(WED + timedelta(days=3), {}) == []


def test_study_day_starts_at_four() -> None:
    tz = timezone(timedelta(hours=8))
    assert study_date(datetime(2026, 11, 26, 1, 30, tzinfo=tz)) == date(2026, 11, 25)
    assert study_date(datetime(2026, 11, 26, 4, 0, tzinfo=tz)) == date(2026, 11, 26)
    assert study_date(datetime(2026, 11, 26, 5, 0, tzinfo=tz), time(6, 0)) == date(2026, 11, 25)
