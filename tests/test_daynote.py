"""The Obsidian daily note: pomoplan writes only between its markers, keeps every other byte,
does not lose an editor's write, regenerates the block from the log, and says once when it
cannot write."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_run import run_main

from pomoplan.adapters import daynote
from pomoplan.adapters.daynote import BEGIN, END, NoteError, block, place, update_note

ROW = {
    "started_at": "2026-12-01T09:00:00+08:00",
    "slot_title": "装饰器 | 异步",
    "track": "Python",
    "focused_s": 1500,
    "status": "completed",
    "note": "写了 [计时] 装饰器\nline two",
    "reason": None,
}

LEARNER = (
    "---\r\ntags: [daily]\r\n---\r\n# 2026-12-01\r\n\r\n## 番茄\r\n\r\n"
    "我自己的文字 \xe9\r\n\ttab line  \r\n## 晚上\r\nend without newline"
).encode() + b"\xff\xfe raw bytes"


def test_the_block_goes_under_the_heading_and_every_other_byte_stays(tmp_path: Path) -> None:
    note = tmp_path / "2026-12-01.md"
    note.write_bytes(LEARNER)
    assert update_note(note, block([ROW], zh=True), "## 番茄")
    written = note.read_bytes()
    start, end = written.index(BEGIN.encode()), written.index(END.encode()) + len(END)
    heading_end = LEARNER.index(b"## \xe7\x95\xaa\xe8\x8c\x84\r\n") + len("## 番茄\r\n".encode())
    assert written[:start] == LEARNER[:heading_end]
    assert written[end:] == b"\r\n" + LEARNER[heading_end:]  # the rest, byte for byte
    inner = written[start:end].decode()
    assert "\r\n" in inner and "| 1 🍅 · 25 分钟" not in inner and "1 🍅 · 25 分钟" in inner
    assert "装饰器 \\| 异步" in inner and "写了 [计时] 装饰器 line two" in inner
    # A second change replaces only the inside of the markers.
    assert update_note(note, block([ROW, {**ROW, "status": "skipped"}], zh=True), "## 番茄")
    again = note.read_bytes()
    assert again[:start] == written[:start]
    assert again[again.index(END.encode()) :] == written[written.index(END.encode()) :]
    assert not update_note(note, block([ROW, {**ROW, "status": "skipped"}], zh=True), "## 番茄")


def test_without_the_heading_the_block_goes_at_the_end_and_a_new_note_is_made(
    tmp_path: Path,
) -> None:
    assert place("abc", [BEGIN, "x", END], "## 番茄") == f"abc\n\n{BEGIN}\nx\n{END}\n"
    note = tmp_path / "new.md"
    update_note(note, block([], zh=False), "## Pomodoros")
    assert note.read_text() == f"## Pomodoros\n\n{BEGIN}\n0 🍅 · 0 min\n{END}\n"


def test_an_editors_write_between_read_and_replace_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "n.md"
    note.write_text("mine\n", encoding="utf-8")
    real = daynote._current
    calls = []

    def editor_writes_once(path: Path) -> bytes | None:
        if not calls:
            calls.append(1)
            path.write_text("mine\nthe editor's new line\n", encoding="utf-8")
        return real(path)

    monkeypatch.setattr(daynote, "_current", editor_writes_once)
    assert update_note(note, block([ROW], zh=False), None)
    text = note.read_text(encoding="utf-8")
    assert text.startswith("mine\nthe editor's new line\n") and BEGIN in text


def test_a_note_that_cannot_be_written_is_an_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match="does not exist"):
        update_note(tmp_path / "missing" / "n.md", block([], zh=False), None)


def test_commands_keep_the_days_block_in_step_with_the_log(home: Path, mini: Path) -> None:
    vault = home.parent / "vault"
    vault.mkdir()
    home.mkdir()
    (home / "config.yaml").write_text(
        f'obsidian: {{daily_note: "{vault}/{{date}}.md", heading: "## 番茄"}}\n', encoding="utf-8"
    )
    day = vault / "2026-12-01.md"
    day.write_bytes(b"# Tue\n\n## \xe7\x95\xaa\xe8\x8c\x84\n\nkeep me\n")
    env = {**os.environ, "POMOPLAN_HOME": str(home), "LANG": "en_US.UTF-8"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_main(args, env)

    assert run("start", str(mini), "--on", "2026-11-30").returncode == 0
    assert (
        run("log", "w1-tue-b1-s1", "--at", "2026-12-01 10:00", "--note", "学到了").returncode == 0
    )
    text = day.read_text(encoding="utf-8")
    assert "学到了" in text and text.endswith("keep me\n") and "1 🍅 · 20 min" in text
    rid = json.loads(run("history", "--json").stdout)[0]["id"]
    assert run("note", rid[:8], "改过的笔记").returncode == 0
    assert "改过的笔记" in day.read_text(encoding="utf-8")
    assert run("delete", rid[:8]).returncode == 0
    assert "0 🍅 · 0 min" in day.read_text(encoding="utf-8")
    assert run("undo").returncode == 0
    assert "改过的笔记" in day.read_text(encoding="utf-8")
    md = run("export", "--format", "md").stdout
    inner = day.read_text(encoding="utf-8").split(BEGIN)[1].split(END)[0].strip("\n")
    assert inner in md  # one renderer for both
    # A note that cannot be written: said once, on stderr; the change is still recorded.
    (home / "config.yaml").write_text(
        f'obsidian: {{daily_note: "{vault}/nope/{{date}}.md"}}\n', encoding="utf-8"
    )
    failed = run("amend", rid[:8], "--minutes", "5")
    assert failed.returncode == 0 and failed.stderr.count("daily note was not updated") == 1
    assert json.loads(run("history", "--json").stdout)[0]["focused_s"] == 300
