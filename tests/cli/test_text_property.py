"""Any text in a curriculum or a reason comes out of every text command whole and harmless."""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from logrows import log_row

from pomoplan.__main__ import main
from pomoplan.store.log import LogStore
from pomoplan.text.safe import visible

TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from("[]/\\\x1b\x9b\x07\r\n\t🍅汉字"),
    min_size=1,
    max_size=30,
)


def curriculum(title: str, week: str, slot: str, detail: str, track: str) -> dict:
    return {
        "id": "prop",
        "title": f"T{title}T",
        "kind": "calendar",
        "track": f"K{track}K",
        "weeks": [
            {
                "title": f"W{week}W",
                "days": [
                    {
                        "days": "mon-sun",
                        "blocks": [
                            {"name": "B", "slots": [{"title": f"S{slot}S", "detail": detail}]}
                        ],
                    }
                ],
            }
        ],
    }


def controls(text: str) -> list[str]:
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc",)]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=TEXT, week=TEXT, slot=TEXT, detail=TEXT, track=TEXT, reason=TEXT)
def test_text_commands_show_any_text_whole_and_without_controls(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    title: str,
    week: str,
    slot: str,
    detail: str,
    track: str,
    reason: str,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        monkeypatch.setenv("POMOPLAN_HOME", str(home))
        monkeypatch.setenv("LANG", "en_US.UTF-8")
        doc = curriculum(title, week, slot, detail, track)
        path = home / "curricula" / "prop.yaml"  # listed by ``curricula``
        path.parent.mkdir(parents=True)
        path.write_text(yaml.safe_dump(doc, allow_unicode=False), encoding="utf-8")
        if main(["validate", str(path)]) != 0:
            capsys.readouterr()
            return  # a text the curriculum format refuses (said in one line) is not shown
        today = date.today().isoformat()
        assert main(["start", "prop", "--on", today]) == 0
        with LogStore(home / "pomoplan.db") as store:
            row = log_row("r1", today, curriculum_id="prop", status="interrupted")
            slot_title = doc["weeks"][0]["days"][0]["blocks"][0]["slots"][0]["title"]
            row.update(slot_title=slot_title, track=doc["track"], reason=f"R{reason}R")
            store.record([row], None)
        outputs = {}
        for command in (["today"], ["curricula"], ["review"], ["config"], ["validate", str(path)]):
            capsys.readouterr()
            assert main(command) == 0, command
            captured = capsys.readouterr()
            outputs[command[0]] = captured.out + captured.err
        outputs["start"] = ""
        for name, out in outputs.items():
            assert controls(out) == [], name
        assert visible(doc["title"]) in outputs["today"]
        assert visible(doc["title"]) in outputs["curricula"]
        assert visible(doc["title"]) in outputs["review"]
        assert visible(f"R{reason}R") in outputs["review"]
        assert visible(slot_title) in outputs["today"]
        assert visible(slot_title) in outputs["review"]
        assert visible(doc["track"]) in outputs["review"]


def test_an_escape_in_a_title_never_reaches_the_terminal(
    home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = curriculum("\x1b]0;pwned\x07", "[/]", "[TODO] a[i][j] \\n", "d", "x")
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert main(["start", str(path)]) == 0
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "T^[]0;pwned^GT" in out
    assert "S[TODO] a[i][j] \\nS" in out  # brackets as written, one backslash
