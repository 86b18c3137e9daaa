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
