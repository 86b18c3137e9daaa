"""Exports stream (memory does not grow with the log) and carry no raw control character."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.__main__ import main
from pomoplan.adapters import exporters
from pomoplan.services.context import Plan
from pomoplan.store import catalog
from pomoplan.store.log import LogStore
from pomoplan.store.migrations import LOG_COLUMNS
from pomoplan.text.safe import visible

FIRST_DAY = date(2026, 1, 5)
NOW = datetime(2026, 1, 6, 12, 0, tzinfo=UTC)


def generated_rows(n: int) -> list[dict[str, Any]]:
    """``n`` rows, twelve a day (focus and breaks), with text in every text field."""
    rows = []
    for i in range(n):
        day = (FIRST_DAY + timedelta(days=i // 12)).isoformat()
        hh, mm = divmod(8 * 60 + (i % 12) * 30, 60)
        start = f"{day}T{hh:02d}:{mm:02d}:00+08:00"
        end = f"{day}T{hh:02d}:{mm + 25:02d}:00+08:00"
        kind = "focus" if i % 2 == 0 else "short_break"
        status = ("completed", "skipped", "interrupted")[i % 3]
        rows.append(
            log_row(
                f"row-{i:07d}",
                day,
                kind=kind,
                status=status,
                slot_title=f"复习Python高级特性 {i}",
                started_at=start,
                ended_at=end,
                reason="电话打断, 然后开会" if status == "interrupted" else None,
            )
        )
    return rows


def make_log(home: Path, n: int) -> Path:
    home.mkdir(parents=True)
    with LogStore(home / "pomoplan.db") as store:
        store.record(generated_rows(n), None)
    return home


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Two data dirs: a log of 500 rows and one of 5,000."""
    root = tmp_path_factory.mktemp("logs")
    return {n: make_log(root / str(n), n) for n in (500, 5_000)}


def export_peak(home: Path, fmt: str, out: Path) -> int:
    """Peak Python memory (bytes) of ``pomoplan export --format fmt -o out`` in this process."""
    tracemalloc.start()
    try:
        assert main(["export", "--format", fmt, "-o", str(out)]) == 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_export_memory_does_not_grow_with_the_log(
    logs: dict[int, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    peaks = {}
    for n, home in logs.items():
        monkeypatch.setenv("POMOPLAN_HOME", str(home))
        # Imports, and the data dir's cache of the validated plan, before measuring.
        nothing = ("--since", "2000-01-01", "--until", "2000-01-01")
        assert main(["export", "--format", fmt, *nothing, "-o", str(tmp_path / "warm")]) == 0
        peaks[n] = export_peak(home, fmt, tmp_path / f"{n}.{fmt}")
    # Held in memory, 4,500 more rows would be ~5 MB more (their dicts, their text).
    assert peaks[5_000] - peaks[500] < 500_000, peaks
    text = (tmp_path / f"5000.{fmt}").read_text(encoding="utf-8")
    assert "高级特性 4998" in text  # the last focus period is there: everything was written
    if fmt == "json":
        assert len(json.loads(text)) == 5_000
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(text)))) == 1 + 5_000


def test_json_is_the_whole_array_as_one_dump_would_write_it() -> None:
    rows = generated_rows(5)
    out = io.StringIO()
    exporters.write_json(rows, out)
    whole = [{**{c: r[c] for c in LOG_COLUMNS}, "note": r.get("note")} for r in rows]
    assert out.getvalue() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    empty = io.StringIO()
    exporters.write_json([], empty)
    assert empty.getvalue() == "[]\n"


_SCALARS = st.none() | st.text() | st.integers() | st.booleans() | st.floats(allow_nan=False)


@given(st.lists(st.fixed_dictionaries({c: _SCALARS for c in exporters.EXPORT_COLUMNS})))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_json_rows_of_any_scalars_are_the_bytes_of_one_indented_dump(
    rows: list[dict[str, Any]],
) -> None:
    """Each row goes through the C encoder, laid out by hand: the bytes must not change."""
    out = io.StringIO()
    exporters.write_json(rows, out)
    whole = [{c: r[c] for c in exporters.EXPORT_COLUMNS} for r in rows]
    assert out.getvalue() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_json_row_with_a_nested_value_keeps_the_indented_layout() -> None:
    row = {c: None for c in exporters.EXPORT_COLUMNS} | {"note": ["a", {"b": 1}]}
    out = io.StringIO()
    exporters.write_json([row, row], out)
    assert out.getvalue() == json.dumps([row, row], ensure_ascii=False, indent=2) + "\n"


def test_json_keeps_text_as_recorded() -> None:
    title = "a\x1b]0;pwned\x07b\r\nc\u202e"
    out = io.StringIO()
    exporters.write_json([log_row("r1", "2026-01-05", slot_title=title)], out)
    assert "\x1b" not in out.getvalue()  # JSON escapes it...
    assert json.loads(out.getvalue())[0]["slot_title"] == title  # ...and gives it back whole


def test_md_sections_follow_the_study_dates_as_the_rows_come() -> None:
    rows = generated_rows(36)  # three days
    out = io.StringIO()
    exporters.write_markdown(rows, out)
    headings = [line for line in out.getvalue().split("\n") if line.startswith("## ")]
    assert headings == [f"## 🍅 {FIRST_DAY + timedelta(days=d)}" for d in range(3)]
    assert out.getvalue().endswith("|\n\n")


def test_md_export_asks_the_log_for_rows_by_study_date(home: Path) -> None:
    home.mkdir(parents=True)
    # A late-night focus that belongs to the day before (its study day ends at 04:00)
    # starts after the next day's first row in another time zone: by start time, the days
    # interleave.
    rows = [
        log_row("a", "2026-01-05", started_at="2026-01-05T09:00:00+08:00"),
        log_row("b", "2026-01-06", started_at="2026-01-06T00:30:00+00:00"),
        log_row("c", "2026-01-05", started_at="2026-01-06T02:00:00+08:00"),
    ]
    with LogStore(home / "pomoplan.db") as store:
        store.record(rows, None)
    out = home / "out.md"
    assert main(["export", "--format", "md", "-o", str(out)]) == 0
    headings = [line for line in out.read_text().split("\n") if line.startswith("## ")]
    assert headings == ["## 🍅 2026-01-05", "## 🍅 2026-01-06"]


# -- no control character in documents ------------------------------------------------------


def raw_controls(text: str, allowed: str) -> list[str]:
    """Characters of ``text`` that are controls (C0, DEL, C1) or bidi overrides, except
    ``allowed``."""
    return [
        c
        for c in text
        if c not in allowed
        and (
            unicodedata.category(c) == "Cc"
            or 0x202A <= ord(c) <= 0x202E
            or 0x2066 <= ord(c) <= 0x2069
        )
    ]


def shown_lines(text: str) -> str:
    """``text`` as a CSV field shows it: each line break a ``\\n``, controls visible."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(visible(line) for line in lines)


@pytest.fixture(scope="module")
def mini_plan() -> Plan:
    mini = Path(__file__).parent.parent / "fixtures" / "mini.yaml"
    entry = catalog.find(str(mini), Path("/nonexistent"))
    return Plan(catalog.load(entry), FIRST_DAY, entry, True)


hostile = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(["\x1b", "\r", "\n", "\x9b", "\u202e", "\x00", "|", "\\", ",", ";"])
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=hostile, reason=hostile, track=hostile)
def test_documents_show_any_text_without_raw_controls(
    mini_plan: Plan, title: str, reason: str, track: str
) -> None:
    rows = [
        log_row("r1", "2026-01-05", slot_title=title, track=track),
        log_row("r2", "2026-01-05", status="interrupted", reason=reason, slot_title=title),
        log_row("r3", "2026-01-06", kind="short_break", track=track, reason=reason),
    ]
    docs = {}
    for fmt in ("csv", "md"):
        out = io.StringIO()
        exporters.write(fmt, rows, out)
        docs[fmt] = out.getvalue()
    out = io.StringIO()
    exporters.write_ics(rows, mini_plan, date(2026, 1, 5), date(2026, 1, 6), FIRST_DAY, out, NOW)
    docs["ics"] = out.getvalue()

    assert raw_controls(docs["csv"], "\n") == []
    assert raw_controls(docs["md"], "\n") == []
    assert raw_controls(docs["ics"].replace("\r\n", ""), "") == []
    assert docs["ics"].endswith("\r\n")

    # The text is all there, shown: csv keeps each line, md a table row per focus period.
    (_, first, second, third) = list(csv.reader(io.StringIO(docs["csv"])))
    assert first[LOG_COLUMNS.index("slot_title")] == shown_lines(title)
    assert second[LOG_COLUMNS.index("reason")] == shown_lines(reason)
    assert third[LOG_COLUMNS.index("kind")] == "short_break"
    body = [line for line in docs["md"].split("\n") if line.startswith("| ")]
    assert len(body) == 1 + 2  # the header and the two focus periods: no row was split
    unfolded = docs["ics"].replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == 3 + 3 + 2


def test_a_curriculum_with_control_characters_exports_them_shown(
    tmp_path: Path, mini_plan: Plan
) -> None:
    bad = tmp_path / "bad.yaml"
    source = (Path(__file__).parent.parent / "fixtures" / "mini.yaml").read_text()
    bad.write_text(
        source.replace("title: 小计划", 'title: "小计划\\e]0;pwned\\a"').replace(
            "detail: 写一个计时装饰器", 'detail: "写一个\\e[2J计时装饰器"'
        )
    )
    entry = catalog.find(str(bad), tmp_path)
    plan = Plan(catalog.load(entry), FIRST_DAY, entry, True)
    out = io.StringIO()
    exporters.write_ics([], plan, FIRST_DAY, FIRST_DAY, FIRST_DAY, out, NOW)
    text = out.getvalue()
    assert raw_controls(text.replace("\r\n", ""), "") == []
    unfolded = text.replace("\r\n ", "")
    assert "X-WR-CALNAME:小计划^[]0\\;pwned^G" in unfolded
    assert "DESCRIPTION:写一个^[[2J计时装饰器" in unfolded
    assert "DTSTAMP:20260106T120000Z" in unfolded  # the clock passed in, not the wall's


# -- the output file -----------------------------------------------------------------------


def test_a_failed_export_leaves_the_old_file_and_no_temp_file(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_log(home, 30)
    out = tmp_path / "log.csv"
    out.write_text("old\n")
    out.chmod(0o640)

    def half_then_fail(rows: Any, stream: Any) -> None:
        stream.write("id,kind\n")
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr(exporters, "write_csv", half_then_fail)
    assert main(["export", "--format", "csv", "-o", str(out)]) == 1
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "log.csv"]

    monkeypatch.undo()
    monkeypatch.setenv("POMOPLAN_HOME", str(home))
    assert main(["export", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text().startswith("id,kind,status")
    assert out.stat().st_mode & 0o777 == 0o640  # the file's mode is kept


def test_an_export_through_a_symlink_writes_its_target(home: Path, tmp_path: Path) -> None:
    make_log(home, 3)
    vault = tmp_path / "vault"
    vault.mkdir()
    target = vault / "pomodoros.md"
    target.write_text("old\n")
    link = tmp_path / "today.md"
    link.symlink_to(target)
    assert main(["export", "--format", "md", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert target.read_text().startswith("## 🍅 2026-01-05")
