"""Validated curricula are cached by file identity; any change to the file is seen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pomoplan.core.errors import InputError
from pomoplan.store import catalog


def test_cache_hit_and_invalidation(tmp_path: Path, mini: Path) -> None:
    plan = tmp_path / "mini.yaml"
    shutil.copy(mini, plan)
    entry = catalog.Entry("mini", plan, "user")
    cache = tmp_path / "cache"
    first = catalog.load(entry, cache)
    (cached,) = cache.glob("*.pickle")
    assert (cached.stat().st_mode & 0o777) == 0o600
    assert catalog.load(entry, cache) == first
    plan.write_text(plan.read_text(encoding="utf-8").replace("小计划", "新计划"), encoding="utf-8")
    os.utime(plan, ns=(cached.stat().st_mtime_ns + 10**9,) * 2)
    assert catalog.load(entry, cache).title == "新计划"
    plan.write_text("title: [broken\n", encoding="utf-8")
    with pytest.raises(InputError):  # a broken file is never hidden by an old cache entry
        catalog.load(entry, cache)


def test_a_damaged_cache_is_a_miss(tmp_path: Path, mini: Path) -> None:
    entry = catalog.Entry("mini", mini, "user")
    cache = tmp_path / "cache"
    catalog.load(entry, cache)
    (cached,) = cache.glob("*.pickle")
    cached.write_bytes(b"garbage")
    assert catalog.load(entry, cache).title == "小计划"
