"""``pomoplan export`` through the installed command: ics read back by the real icalendar
library, Obsidian markdown in both languages, json/csv round trips, and output errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_run import run_main
from logrows import log_row

from pomoplan.store.log import LogStore
from pomoplan.store.migrations import LOG_COLUMNS

icalendar = pytest.importorskip("icalendar")


TITLE = "复习Python, 装饰器; 异步编程"
PIPE_TITLE = "A | B 对比 a\\|b"
LONG_REASON = "电话打断，" * 20 + "; 然后, 开会\n第二行\r\n第三行🍅"


def run(home: Path, *args: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": lang}
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    return run_main(args, env)


def row(
    rid: str,
    day: str,
    hhmm: str,
    *,
    kind: str = "focus",
    status: str = "completed",
    minutes: int = 25,
    **kw: Any,
) -> dict[str, Any]:
    start = datetime.fromisoformat(f"{day}T{hhmm}:00+08:00")
    focused = minutes * 60
    fields = {
        "kind": kind,
        "status": status,
        "slot_id": "w1-wed-b1-s1",
        "slot_title": TITLE,
        "planned_s": 1500 if kind == "focus" else 300,
        "focused_s": focused,
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(seconds=focused)).isoformat(),
    }
    return log_row(rid, day, **{**fields, **kw})


ROWS = [
    row("before", "2026-11-22", "10:00"),  # before --since
    row("f1", "2026-11-25", "09:00"),
    row("b1", "2026-11-25", "09:25", kind="short_break", minutes=5),
    row("f2", "2026-11-25", "09:30", status="skipped", minutes=3, reason="太累了;\n明天再说, ok"),
    row(
        "f3",
        "2026-11-26",
        "14:00",
        status="interrupted",
        minutes=12,
        slot_id="w1-thu-b2-s1",
        slot_title=PIPE_TITLE,
        track="深度学习",
        reason=LONG_REASON,
    ),
    row("b3", "2026-11-26", "14:12", kind="long_break", status="skipped", minutes=2),
    row("b4", "2026-11-27", "20:00", kind="short_break", minutes=5),  # a day of breaks only
    row("f4", "2026-11-28", "08:00", slot_id="w1-sat-project", slot_title="深度学习项目实践"),
    row("after", "2026-11-30", "09:00"),  # after --until
]

# The mini curriculum started on Wednesday 2026-11-25: Wed-Fri have three slots, Saturday
# one, Sunday is a rest day, Monday and Tuesday of week 1 come before the start.
WEEKDAY_SLOTS = [
    ("b1-s1", "复习Python高级特性（装饰器、异步编程）"),
    ("b1-s2", "复习JavaScript Promises"),
    ("b2-s1", "学习前馈神经网络（FNN）"),
]
PLANNED = [
    (date(2026, 11, d), f"w1-{wd}-{sid}", title)
    for d, wd in ((25, "wed"), (26, "thu"), (27, "fri"))
    for sid, title in WEEKDAY_SLOTS
] + [(date(2026, 11, 28), "w1-sat-project", "深度学习项目实践")]


@pytest.fixture
def seeded(home: Path, mini: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    with LogStore(home / "pomoplan.db") as store:
        store.record(ROWS, None)
    started = run(home, "start", str(mini), "--on", "2026-11-25", "--as-written")
    assert started.returncode == 0, started.stderr
    return home


def export_ics(home: Path, out: Path, since: str, until: str) -> bytes:
    result = run(
        home, "export", "--format", "ics", "--since", since, "--until", until, "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    return out.read_bytes()


def events(raw: bytes) -> tuple[Any, list[Any]]:
    cal = icalendar.Calendar.from_ical(raw)
    return cal, [c for c in cal.walk("VEVENT")]


def is_all_day(ev: Any) -> bool:
    start = ev["DTSTART"].dt
    return isinstance(start, date) and not isinstance(start, datetime)


# -- ics ---------------------------------------------------------------------------------


def test_ics_is_a_calendar_of_planned_slots_and_focus_periods(seeded: Path, tmp_path: Path) -> None:
    raw = export_ics(seeded, tmp_path / "out.ics", "2026-11-23", "2026-11-29")
    cal, evs = events(raw)
    assert cal.name == "VCALENDAR"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).strip()

    uids = [str(ev["UID"]) for ev in evs]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    for ev in evs:
        assert "DTSTAMP" in ev

    planned = [ev for ev in evs if is_all_day(ev)]
    assert len(planned) == len(PLANNED)
    for day, slot_id, title in PLANNED:
        found = [
            ev
            for ev in planned
            if ev["DTSTART"].dt == day and str(ev["UID"]).startswith(f"plan-mini-{slot_id}@")
        ]
        assert len(found) == 1, (day, slot_id)
        assert title in str(found[0]["SUMMARY"])
    for ev in planned:
        assert ev["DTEND"].dt == ev["DTSTART"].dt + timedelta(days=1)

    timed = {str(ev["UID"]): ev for ev in evs if not is_all_day(ev)}
    focus = [
        r for r in ROWS if r["kind"] == "focus" and "2026-11-23" <= r["study_date"] <= "2026-11-29"
    ]
    assert len(timed) == len(focus) == 4  # breaks are not events
    for r in focus:
        (ev,) = [ev for uid, ev in timed.items() if uid.startswith(r["id"] + "@")]
        start, end = ev["DTSTART"].dt, ev["DTEND"].dt
        assert start.utcoffset() == timedelta(0) and end.utcoffset() == timedelta(0)
        assert start == datetime.fromisoformat(r["started_at"])
        assert end == datetime.fromisoformat(r["ended_at"])
        assert r["slot_title"] in str(ev["SUMMARY"])
        if r["reason"]:
            assert r["reason"].replace("\r\n", "\n") in str(ev["DESCRIPTION"]).replace("\r\n", "\n")


def test_ics_text_round_trips_commas_semicolons_and_chinese(seeded: Path, tmp_path: Path) -> None:
    raw = export_ics(seeded, tmp_path / "out.ics", "2026-11-25", "2026-11-25")
    _, evs = events(raw)
    by_uid = {str(ev["UID"]).split("@")[0]: ev for ev in evs}
    summary = str(by_uid["f1"]["SUMMARY"])
    assert TITLE in summary  # "," and ";" are escaped on the way out and unescaped on the way in
    assert "\\" not in summary
    assert "太累了;\n明天再说, ok" in str(by_uid["f2"]["DESCRIPTION"])
    # the escapes are really in the file (an unescaped "," would split a list value)
    assert "复习Python\\, 装饰器\\; 异步编程".encode() in raw.replace(b"\r\n ", b"")


def test_ics_lines_are_crlf_and_folded_at_75_octets_on_character_boundaries(
    seeded: Path, tmp_path: Path
) -> None:
    raw = export_ics(seeded, tmp_path / "out.ics", "2026-11-23", "2026-11-29")
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b""
    folded = 0
    for line in lines[:-1]:
        assert b"\n" not in line and b"\r" not in line, line
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # a fold never splits a multi-byte character
        folded += line.startswith(b" ")
    assert folded > 0, "the long reason should have needed folding"
    # unfolding gives back the long reason exactly
    _, evs = events(raw)
    (f3,) = [ev for ev in evs if str(ev["UID"]).startswith("f3@")]
    assert LONG_REASON.replace("\r\n", "\n") in str(f3["DESCRIPTION"]).replace("\r\n", "\n")


def test_ics_range_bounds_planned_and_done_events(seeded: Path, tmp_path: Path) -> None:
    raw = export_ics(seeded, tmp_path / "one.ics", "2026-11-26", "2026-11-26")
    _, evs = events(raw)
    planned = [ev for ev in evs if is_all_day(ev)]
    assert {ev["DTSTART"].dt for ev in planned} == {date(2026, 11, 26)}
    assert len(planned) == 3
    assert [str(ev["UID"]).split("@")[0] for ev in evs if not is_all_day(ev)] == ["f3"]

    # a wider range brings in week 2's Monday and the row of that day, not the one before
    raw = export_ics(seeded, tmp_path / "two.ics", "2026-11-28", "2026-11-30")
    _, evs = events(raw)
    assert {ev["DTSTART"].dt for ev in evs if is_all_day(ev)} == {
        date(2026, 11, 28),
        date(2026, 11, 30),
    }
    assert sorted(str(ev["UID"]).split("@")[0] for ev in evs if not is_all_day(ev)) == [
        "after",
        "f4",
    ]


def test_ics_timed_events_are_utc_instants(seeded: Path, tmp_path: Path) -> None:
    raw = export_ics(seeded, tmp_path / "out.ics", "2026-11-25", "2026-11-25")
    unfolded = raw.replace(b"\r\n ", b"").decode()
    # 09:00 at UTC+8 is 01:00Z
    assert "DTSTART:20261125T010000Z" in unfolded
    assert "DTEND:20261125T012500Z" in unfolded
    _, evs = events(raw)
    (f1,) = [ev for ev in evs if str(ev["UID"]).startswith("f1@")]
    assert f1["DTSTART"].dt == datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


# -- md ----------------------------------------------------------------------------------


def gfm_cells(line: str) -> list[str]:
    """Split a table row the way GitHub/Obsidian do: a backslash escapes the next character."""
    cells, current, i = [], "", 0
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            current += line[i : i + 2]
            i += 2
            continue
        if ch == "|":
            cells.append(current)
            current = ""
        else:
            current += ch
        i += 1
    cells.append(current)
    return cells[1:-1]  # outside the leading and trailing pipes


def md_tables(text: str) -> dict[str, list[list[str]]]:
    """Each ``## 🍅 DATE`` section's table rows (header included), split into cells."""
    out: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in text.split("\n"):
        if line.startswith("## 🍅 "):
            current = out.setdefault(line.removeprefix("## 🍅 "), [])
        elif line.startswith("|") and current is not None:
            current.append(gfm_cells(line))
    return out


@pytest.mark.parametrize(
    ("lang", "header", "statuses"),
    [
        (
            "en_US.UTF-8",
            ["Time", "Slot", "Track", "Minutes", "Status", "Reason", "Note"],
            ("completed", "skipped", "interrupted"),
        ),
        (
            "zh_CN.UTF-8",
            ["时间", "内容", "方向", "分钟", "状态", "原因", "笔记"],
            ("完成", "跳过", "中断"),
        ),
    ],
)
def test_md_daily_note_sections(
    seeded: Path, tmp_path: Path, lang: str, header: list[str], statuses: tuple[str, str, str]
) -> None:
    out = tmp_path / "note.md"
    args = ("--since", "2026-11-23", "--until", "2026-11-29", "-o", str(out))
    result = run(seeded, "export", "--format", "md", *args, lang=lang)
    assert result.returncode == 0, result.stderr
    text = out.read_bytes().decode("utf-8")
    assert "\r" not in text  # a CR in a reason would end the table row in most editors
    headings = [line for line in text.split("\n") if line.startswith("## ")]
    # days in order; no section for 2026-11-27 (breaks only) nor outside the range
    assert headings == ["## 🍅 2026-11-25", "## 🍅 2026-11-26", "## 🍅 2026-11-28"]
    tables = md_tables(text)
    completed, skipped, interrupted = statuses
    for day, rows in tables.items():
        assert [c.strip() for c in rows[0]] == header
        assert set("".join(rows[1]).replace(" ", "")) <= set("-:"), rows[1]
        for cells in rows[2:]:
            assert len(cells) == 7, (day, cells)

    body = {day: [[c.strip() for c in r] for r in rows[2:]] for day, rows in tables.items()}
    assert body["2026-11-25"] == [
        ["09:00", TITLE, "Python", "25", completed, "", ""],
        ["09:30", TITLE, "Python", "3", skipped, "太累了; 明天再说, ok", ""],
    ]
    ((time, slot, track, minutes, status, reason, _note),) = body["2026-11-26"]
    assert (time, track, minutes, status) == ("14:00", "深度学习", "12", interrupted)
    assert slot == "A \\| B 对比 a\\\\\\|b"  # every "|" escaped, and the backslash before one
    assert reason.startswith("电话打断，") and "\n" not in reason
    assert body["2026-11-28"] == [["08:00", "深度学习项目实践", "Python", "25", completed, "", ""]]


# -- json / csv ----------------------------------------------------------------------------


def test_json_and_csv_round_trip_awkward_reasons(seeded: Path, tmp_path: Path) -> None:
    # f1: a null reason; f2: a newline, a comma and a semicolon; f3: CRLF, "|" in the title
    wanted = [r for r in ROWS if r["id"] in ("f1", "f2", "f3")]

    result = run(
        seeded, "export", "--format", "json", "--since", "2026-11-25", "--until", "2026-11-26"
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    focus = [r for r in doc if r["kind"] == "focus"]
    for got, want in zip(focus, wanted, strict=True):
        assert list(got) == [*LOG_COLUMNS, "note"]
        assert got == {**{c: want[c] for c in LOG_COLUMNS}, "note": None}
    assert focus[0]["reason"] is None

    out = tmp_path / "log.csv"
    result = run(
        seeded,
        "export",
        "--format",
        "csv",
        "--since",
        "2026-11-25",
        "--until",
        "2026-11-26",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == [*LOG_COLUMNS, "note"]
        got_rows = [r for r in reader if r["kind"] == "focus"]
    for got, want in zip(got_rows, wanted, strict=True):
        # a CSV field keeps its line breaks, each one "\n" (no CR reaches the document)
        expected = {c: "" if want[c] is None else str(want[c]) for c in LOG_COLUMNS}
        assert got == {**{c: v.replace("\r\n", "\n") for c, v in expected.items()}, "note": ""}
    assert got_rows[1]["reason"] == "太累了;\n明天再说, ok"
    assert len(list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))) == 1 + 5


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "ics"])
def test_output_into_a_missing_directory_is_one_line_exit_1(
    seeded: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "no" / "such" / f"out.{fmt}"
    result = run(seeded, "export", "--format", fmt, "-o", str(target))
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pomoplan: ") and str(target.parent) in lines[0]
    assert result.stdout == ""
    assert not target.parent.exists()


def test_temp_files_a_killed_export_left_do_not_block_the_next_one(
    seeded: Path, tmp_path: Path
) -> None:
    """An export killed half-way leaves its temp file; a later export in a process that got
    the same pid must not fail on it ("File exists"), nor touch it."""
    target = tmp_path / "out.json"
    pid = os.getpid()  # run() runs the command in this process
    stale = [tmp_path / f".out.json.{pid}.tmp", tmp_path / f".out.json.{pid}.0.tmp"]
    for left in stale:
        left.write_text("half an export", encoding="utf-8")
    result = run(seeded, "export", "--format", "json", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert len(json.loads(target.read_text(encoding="utf-8"))) == len(ROWS)
    assert all(left.read_text(encoding="utf-8") == "half an export" for left in stale)
    assert sorted(p.name for p in tmp_path.glob(".out.json.*")) == sorted(p.name for p in stale)
