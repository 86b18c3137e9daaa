"""``log``, ``note``, ``amend``, ``delete``, ``undo``, ``history`` through the installed command:
corrections are events, figures follow them, ids are accepted by a unique start."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from cli_run import run_main
from logrows import log_row

from pomoplan.store.log import LogStore


def run(home: Path, *args: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": lang}
    env.pop("LC_ALL", None)
    return run_main(args, env)


def history(home: Path, *args: str) -> list[dict]:
    result = run(home, "history", "--json", *args)
    assert result.returncode == 0, result.stderr
    docs: list[dict] = json.loads(result.stdout)
    return docs


def review_day(home: Path, day: str) -> dict:
    doc = json.loads(run(home, "review", "--week", "2026-W49", "--json").stdout)
    return next(d for d in doc["days"] if d["date"] == day)


@pytest.fixture
def started(home: Path, mini: Path) -> Path:
    assert run(home, "start", str(mini), "--on", "2026-11-30").returncode == 0
    return home


def test_log_a_slot_then_amend_delete_and_undo_move_every_figure(started: Path) -> None:
    home = started
    result = run(
        home, "log", "w2-mon-b1-s1", "--at", "2026-12-01 10:00", "--note", "读了 [综述] 第一节"
    )
    assert result.returncode == 0, result.stderr
    (rec,) = history(home)
    assert rec["source"] == "manual" and rec["deleted"] is False
    assert rec["slot_id"] == "w2-mon-b1-s1" and rec["track"] == "多模态"
    assert rec["focused_s"] == 20 * 60  # the plan's focus length
    assert rec["ended_at"].startswith("2026-12-01T10:00") and rec["study_date"] == "2026-12-01"
    assert rec["note"] == "读了 [综述] 第一节"
    day = review_day(home, "2026-12-01")
    assert (day["completed"], day["focus_minutes"]) == (1, 20)
    today = json.loads(run(home, "today", "--date", "2026-12-07", "--json").stdout)
    assert today["slots"][0]["done"] == 1

    assert (
        run(home, "amend", rec["id"][:6], "--minutes", "5", "--status", "skipped").returncode == 0
    )
    day = review_day(home, "2026-12-01")
    assert (day["completed"], day["skipped"], day["focus_minutes"]) == (0, 1, 5)
    (after,) = history(home)
    assert [c["kind"] for c in after["changes"]] == ["log", "amend"]

    assert run(home, "delete", rec["id"]).returncode == 0
    assert review_day(home, "2026-12-01")["skipped"] == 0
    assert history(home)[0]["deleted"] is True
    assert json.loads(run(home, "export", "--format", "json").stdout) == []

    undo = run(home, "undo", "--json")
    assert undo.returncode == 0, undo.stderr
    assert json.loads(undo.stdout)["undid"]["kind"] == "delete"
    assert review_day(home, "2026-12-01")["skipped"] == 1
    assert run(home, "undo").returncode == 0  # the amend
    assert review_day(home, "2026-12-01")["completed"] == 1
    assert run(home, "undo").returncode == 0  # the log itself
    assert review_day(home, "2026-12-01")["completed"] == 0
    assert history(home)[0]["deleted"] is True
    nothing = run(home, "undo", "--json")
    assert nothing.returncode == 1 and nothing.stdout == ""
    assert nothing.stderr == "pomoplan: nothing to undo\n"


def test_a_free_title_has_no_slot_and_notes_show_in_history(started: Path) -> None:
    home = started
    assert (
        run(
            home, "log", "--title", "读论文", "--minutes", "40", "--at", "2026-12-02 21:00"
        ).returncode
        == 0
    )
    (rec,) = history(home)
    assert (rec["slot_id"], rec["curriculum_id"], rec["slot_title"]) == (None, None, "读论文")
    assert rec["focused_s"] == 2400
    assert run(home, "note", rec["id"][:8], "写了\x1b[31m总结").returncode == 0
    assert history(home)[0]["note"] == "写了\x1b[31m总结"
    text = run(home, "history").stdout
    assert "读论文" in text and "^[[31m" in text and "\x1b" not in text
    assert run(home, "note", rec["id"][:8], "").returncode == 0
    assert history(home)[0]["note"] is None


def test_an_ambiguous_or_unknown_id_is_one_line_exit_2(home: Path) -> None:
    with LogStore(home / "pomoplan.db") as store:
        store.record([log_row("abc1", "2026-12-01"), log_row("abc2", "2026-12-01")], None)
    ambiguous = run(home, "delete", "abc")
    assert ambiguous.returncode == 2
    assert ambiguous.stderr.count("\n") == 1 and "several ids" in ambiguous.stderr
    unknown = run(home, "note", "zzz", "x")
    assert unknown.returncode == 2 and "no record" in unknown.stderr
    assert run(home, "delete", "abc2").returncode == 0
    again = run(home, "amend", "abc2", "--minutes", "3")
    assert again.returncode == 1 and "deleted" in again.stderr and "Traceback" not in again.stderr
    assert run(home, "amend", "abc1").returncode == 2  # nothing to amend
    assert run(home, "log").returncode == 2
    assert run(home, "log", "no-such-slot").returncode == 2
    bad_time = run(home, "log", "--title", "x", "--at", "tomorrow")
    assert bad_time.returncode == 2 and bad_time.stderr.startswith("pomoplan: ")


def test_history_pages_through_the_log_newest_first(home: Path, tmp_path: Path) -> None:
    rows = [
        log_row(
            f"r{n:04d}",
            f"2026-11-{1 + n % 28:02d}",
            started_at=f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:00:00+08:00",
        )
        for n in range(450)
    ]
    with LogStore(home / "pomoplan.db") as store:
        store.record(rows, None)
        entries = list(store.history(page=7))
        assert len(entries) == 450 == len({e.shown["id"] for e in entries})
        keys = [(e.shown["study_date"], e.shown["started_at"], e.shown["id"]) for e in entries]
        assert keys == sorted(keys, reverse=True)
        window = list(store.history(since=_d("2026-11-10"), until=_d("2026-11-11"), page=5))
        assert {e.shown["study_date"] for e in window} == {"2026-11-10", "2026-11-11"}
    docs = history(home, "--since", "2026-11-28")
    assert docs and all(d["study_date"] == "2026-11-28" for d in docs)
    assert run(home, "history", "--since", "2026-11-29", "--until", "2026-11-01").returncode == 2


def _d(text: str) -> date:
    return date.fromisoformat(text)


def test_history_and_undo_on_a_new_home(home: Path) -> None:
    assert json.loads(run(home, "history", "--json").stdout) == []
    assert "Nothing recorded" in run(home, "history").stdout
    assert run(home, "undo").returncode == 1
    zh = run(home, "history", lang="zh_CN.UTF-8")
    assert zh.returncode == 0


def test_stats_json_keys_streaks_and_planned_days_ahead(started: Path) -> None:
    home = started
    for at in ("2026-12-01 10:00", "2026-12-02 10:00", "2026-12-02 11:00", "2026-11-20 09:00"):
        assert run(home, "log", "w1-tue-b1-s1", "--at", at).returncode == 0
    result = run(home, "stats", "--month", "2026-12", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) >= {
        "from", "to", "days", "tracks", "days_studied", "current_streak", "longest_streak",
    }  # fmt: skip
    assert (doc["from"], doc["to"], len(doc["days"])) == ("2026-12-01", "2026-12-31", 31)
    assert set(doc["days"][0]) == {"date", "planned", "completed", "focus_minutes"}
    by_day = {d["date"]: d for d in doc["days"]}
    assert by_day["2026-12-02"]["completed"] == 2 and by_day["2026-12-02"]["focus_minutes"] == 40
    assert by_day["2026-12-04"]["planned"] == 4  # a day ahead: planned, not done
    assert doc["days_studied"] == 2 and doc["longest_streak"] == 2
    assert doc["tracks"] == [{"track": "Python", "completed": 3, "focus_minutes": 60}]
    year = json.loads(run(home, "stats", "--year", "2026", "--json").stdout)
    assert len(year["days"]) == 365 and year["days_studied"] == 3
    assert run(home, "stats", "--month", "2026-13").returncode == 2
    assert run(home, "stats", "--month", "2026-12", "--year", "2026").returncode == 2
    for lang in ("en_US.UTF-8", "zh_CN.UTF-8"):
        text = run(home, "stats", "--year", "2026", lang=lang)
        assert text.returncode == 0 and "░" in text.stdout
