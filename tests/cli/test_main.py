"""``pomoplan.__main__.main`` called in-process leaves the interpreter as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pomoplan.__main__ import main


def test_an_app_that_cannot_start_leaves_the_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POMOPLAN_HOME", str(tmp_path))
    assert gc.isenabled()
    assert main(["--curriculum", str(tmp_path / "missing.yaml")]) == 2
    assert gc.isenabled()  # paused for the start-up, back on although no frame was drawn
    assert "missing.yaml" in capsys.readouterr().err


def test_a_command_started_with_collection_off_works_with_it_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """run() turns collection off for the start-up; a command's own work (a long export, a
    merge) must still have its cycles collected."""
    monkeypatch.setenv("POMOPLAN_HOME", str(tmp_path))
    gc.disable()
    try:
        assert main(["today", "--json"]) == 0
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
    assert '"slots"' in capsys.readouterr().out
