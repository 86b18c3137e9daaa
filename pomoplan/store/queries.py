"""Queries over a long list of ids, in chunks SQLite's bound-variable limit takes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

CHUNK = 500
"""Ids bound per query: well under SQLite's oldest limit of 999 variables."""


def select_in(
    conn: sqlite3.Connection, sql: str, ids: Iterable[str], after: Sequence[Any] = ()
) -> Iterator[Any]:
    """The rows of ``sql`` for every id, ``{ids}`` in it standing for ``?, ?, ...`` (one
    chunk of ids at a time) and ``after`` bound behind them."""
    items = list(ids)
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        yield from conn.execute(sql.format(ids=", ".join("?" for _ in chunk)), (*chunk, *after))
