"""A query over more ids than one statement may bind returns every row, once."""

from __future__ import annotations

import sqlite3

from pomoplan.store.queries import CHUNK, select_in


def test_select_in_crosses_chunks_and_binds_what_follows() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id TEXT, kind TEXT)")
    ids = [f"id{i}" for i in range(CHUNK * 2 + 7)]
    conn.executemany(
        "INSERT INTO t VALUES (?, ?)", [(i, "a" if n % 2 else "b") for n, i in enumerate(ids)]
    )
    rows = list(select_in(conn, "SELECT id FROM t WHERE id IN ({ids}) AND kind = ?", ids, ("a",)))
    assert sorted(r[0] for r in rows) == sorted(i for n, i in enumerate(ids) if n % 2)
    assert list(select_in(conn, "SELECT id FROM t WHERE id IN ({ids})", [])) == []
