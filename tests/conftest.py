"""Shared fixtures: a private POMOPLAN_HOME, the small test curricula, a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty POMOPLAN_HOME for this test."""
    root = tmp_path / "home"
    monkeypatch.setenv("POMOPLAN_HOME", str(root))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    return root


@pytest.fixture
def mini() -> Path:
    """A small calendar curriculum (2 weeks)."""
    return FIXTURES / "mini.yaml"


@pytest.fixture
def paced() -> Path:
    """A small self-paced curriculum."""
    return FIXTURES / "paced.yaml"
