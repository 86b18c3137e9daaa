"""The end-to-end tests drive the real command in tmux: the terminals they open are closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tmux_app import Terminal


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """Terminals a test opens (append them): each is killed after the test."""
    opened: list[Terminal] = []
    yield opened
    for term in opened:
        term.close()
