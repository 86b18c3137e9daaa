"""Re-planning through the command: start any day, backlog and study-ahead, shift, catch up."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from logrows import log_row
from test_commands import run

from pomoplan.store.log import LogStore

THU = "2026-11-26"  # a Thursday


def today_doc(home: Path, *args: str) -> dict:
    result = run(home, "today", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def study_today(home: Path) -> date:
    return date.fromisoformat(today_doc(home)["date"])


def started_two_days_ago(home: Path, mini: Path) -> date:
    """mini laid day after day from two days ago: today is its Wednesday."""
    today = study_today(home)
    on = (today - timedelta(days=2)).isoformat()
    result = run(home, "start", str(mini), "--on", on, "--consecutive")
    assert result.returncode == 0, result.stderr
    return today


def test_started_on_a_thursday_day_one_is_that_thursday(home: Path, mini: Path) -> None:
    result = run(home, "start", str(mini), "--on", THU)
    assert result.returncode == 0
    assert "first day" in result.stdout and "--consecutive" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 1
    doc = today_doc(home, "--date", THU)
    assert [s["id"] for s in doc["slots"]][:1] == ["w1-mon-b1-s1"]
    assert today_doc(home, "--date", "2026-11-28")["slots"] == []  # the weekend waits
    assert today_doc(home, "--date", "2026-12-05")["slots"][0]["id"] == "w1-sat-project"
    review = json.loads(run(home, "review", "--week", "2026-W48", "--json").stdout)
    assert review["progress"] == {"done": 0, "total": 25}  # every slot, whatever the start


@pytest.mark.parametrize(
    ("flag", "says", "first_saturday"),
    [
        ("--consecutive", "leave out --consecutive", "w1-wed-b1-s1"),
        ("--as-written", "backlog", "w1-sat-project"),
    ],
)
def test_the_other_ways_to_start(
    home: Path, mini: Path, flag: str, says: str, first_saturday: str
) -> None:
    result = run(home, "start", str(mini), "--on", THU, flag)
    assert result.returncode == 0 and says in result.stdout
    assert today_doc(home, "--date", "2026-11-28")["slots"][0]["id"] == first_saturday
    review = json.loads(run(home, "review", "--week", "2026-W48", "--json").stdout)
    assert review["progress"]["total"] == 25


def test_today_json_has_backlog_ahead_projection_and_no_goal(home: Path, mini: Path) -> None:
    started_two_days_ago(home, mini)
    doc = today_doc(home)
    assert doc["slots"][0]["id"] == "w1-wed-b1-s1"
    assert [b["slot_id"] for b in doc["backlog"]] == [
        f"w1-{d}-{s}" for d in ("mon", "tue") for s in ("b1-s1", "b1-s2", "b2-s1")
    ]
    assert set(doc["backlog"][0]) == {"slot_id", "title", "date", "pomodoros", "done"}
    assert doc["ahead"][0]["slot_id"] == "w1-thu-b1-s1"
    assert doc["projected_end"] is None and doc["daily_goal"] is None
    text = run(home, "today").stdout
    assert "Backlog (6):" in text and "w1-tue-b2-s1" in text and "w1-thu-b1-s1" in text


def test_shift_list_undo_and_nothing_recorded_changes(home: Path, mini: Path) -> None:
    today = started_two_days_ago(home, mini)
    with LogStore(home / "pomoplan.db") as store:
        store.record([log_row("r1", (today - timedelta(days=2)).isoformat())], None)
    before = run(home, "export", "--format", "json").stdout
    result = run(home, "replan", "shift", "3")
    assert result.returncode == 0, result.stderr
    assert "+3" in result.stdout
    assert today_doc(home)["slots"] == []  # today's plan day moved three days on
    later = (today + timedelta(days=3)).isoformat()
    assert today_doc(home, "--date", later)["slots"][0]["id"] == "w1-wed-b1-s1"
    listing = json.loads(run(home, "replan", "--json").stdout)
    assert [(r["kind"], r["from"], r["days"], r["undone"]) for r in listing] == [
        ("shift", today.isoformat(), 3, False)
    ]
    assert set(listing[0]) == {"id", "kind", "from", "days", "made_at", "device", "undone"}
    review = json.loads(run(home, "review", "--json").stdout)
    day = next(d for d in review["days"] if d["date"] == today.isoformat())
    assert (day["planned"], day["planned_original"]) == (0, 4)
    assert run(home, "export", "--format", "json").stdout == before
    undo = run(home, "undo", "--json")
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["undid"] == {"kind": "replan", "id": listing[0]["id"]}
    assert today_doc(home)["slots"][0]["id"] == "w1-wed-b1-s1"
    assert json.loads(run(home, "replan", "--json").stdout)[0]["undone"] is True
    assert run(home, "export", "--format", "json").stdout == before
    undo = run(home, "undo")  # the log row's own record was not made by a command: nothing
    assert undo.returncode == 1 and undo.stderr == "pomoplan: nothing to undo\n"


def test_a_negative_shift_never_goes_before_today(home: Path, mini: Path) -> None:
    today = started_two_days_ago(home, mini)
    assert run(home, "replan", "shift", "4").returncode == 0
    result = run(home, "replan", "shift", "-10", "--from", (today + timedelta(days=4)).isoformat())
    assert result.returncode == 0, result.stderr
    assert "-4" in result.stdout
    assert today_doc(home)["slots"][0]["id"] == "w1-wed-b1-s1"
    result = run(home, "replan", "shift", "-1")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("pomoplan: ")


def test_catch_up_spreads_the_backlog_then_there_is_none(home: Path, mini: Path) -> None:
    today = started_two_days_ago(home, mini)
    result = run(home, "replan", "catch-up", "--per-day", "2")
    assert result.returncode == 0, result.stderr
    assert "6 backlog slots" in result.stdout
    doc = today_doc(home)
    assert doc["backlog"] == []
    ids = [s["id"] for s in doc["slots"]]
    assert ids[:2] == ["w1-mon-b1-s1", "w1-mon-b1-s2"] and "w1-wed-b1-s1" in ids
    review = json.loads(run(home, "review", "--json").stdout)
    day = next(d for d in review["days"] if d["date"] == today.isoformat())
    assert (day["planned"], day["planned_original"]) == (6, 4)
    again = run(home, "replan", "catch-up")
    assert again.returncode == 1 and "no backlog" in again.stderr


def test_projected_end_after_three_study_days(home: Path, mini: Path) -> None:
    today = started_two_days_ago(home, mini)
    rows = [
        log_row(f"r{i}", (today - timedelta(days=i % 3)).isoformat(), slot_id=f"x{i}")
        for i in range(5)
    ]
    with LogStore(home / "pomoplan.db") as store:
        store.record(rows, None)
    # 5 pomodoros over 3 days, none on the plan's slots: 25 left at 5/3 a day -> 15 days
    doc = today_doc(home)
    assert doc["projected_end"] == (today + timedelta(days=14)).isoformat()
    review = json.loads(run(home, "review", "--json").stdout)
    assert review["projected_end"] == doc["projected_end"]


def test_ics_follows_the_current_dates(home: Path, mini: Path) -> None:
    today = started_two_days_ago(home, mini)
    run(home, "replan", "shift", "2")
    ics = run(home, "export", "--format", "ics").stdout
    block = ics.split("UID:plan-mini-w1-wed-b1-s1@pomoplan")[1].split("END:VEVENT")[0]
    shifted = (today + timedelta(days=2)).strftime("%Y%m%d")
    assert f"DTSTART;VALUE=DATE:{shifted}" in block


def test_self_paced_has_a_daily_goal_and_no_dates_to_move(home: Path, paced: Path) -> None:
    run(home, "start", str(paced))
    doc = today_doc(home)
    assert doc["daily_goal"] == {"pomodoros": 3, "done": 0}
    assert doc["backlog"] == []
    result = run(home, "replan", "shift", "1")
    assert result.returncode == 1 and "self-paced" in result.stderr


def test_replan_without_an_active_plan_says_so(home: Path) -> None:
    assert json.loads(run(home, "replan", "--json").stdout) == []
    result = run(home, "replan", "catch-up")
    assert result.returncode == 1 and "start" in result.stderr
