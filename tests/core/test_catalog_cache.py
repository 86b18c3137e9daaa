"""Validated curricula are cached by file identity; any change to the file is seen."""

from __future__ import annotations

import os
import shutil
from datetime import time
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
    (cached,) = cache.glob("*.cache")
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
    (cached,) = cache.glob("*.cache")
    cached.write_bytes(b"garbage")
    assert catalog.load(entry, cache).title == "小计划"


def test_a_changed_file_replaces_its_entry_and_keeps_others(tmp_path: Path, mini: Path) -> None:
    """Editing a plan a hundred times leaves one entry for it, not a hundred."""
    cache = tmp_path / "cache"
    plans = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        plan = tmp_path / name / "mini.yaml"  # the same file name in two folders
        shutil.copy(mini, plan)
        plans.append(plan)
        catalog.load(catalog.Entry("mini", plan, "user"), cache)
    assert len(list(cache.glob("*.cache"))) == 2
    for n in range(3):
        text = mini.read_text(encoding="utf-8").replace("小计划", f"计划{n}")
        plans[0].write_text(text, encoding="utf-8")
        os.utime(plans[0], ns=(10**18 + n * 10**9,) * 2)
        assert catalog.load(catalog.Entry("mini", plans[0], "user"), cache).title == f"计划{n}"
    assert len(list(cache.glob("*.cache"))) == 2
    assert catalog.load(catalog.Entry("mini", plans[1], "user"), cache).title == "小计划"


def test_a_cut_short_entry_is_a_miss(tmp_path: Path, mini: Path) -> None:
    entry = catalog.Entry("mini", mini, "user")
    cache = tmp_path / "cache"
    first = catalog.load(entry, cache)
    (cached,) = cache.glob("*.cache")
    data = cached.read_bytes()
    for cut in (len(data) - 1, len(data) // 2, 20, 3):
        cached.write_bytes(data[:cut])
        assert catalog.load(entry, cache) == first
        cached.write_bytes(data[:cut])  # the load above wrote it whole again


def test_settings_come_back_from_the_cache_as_they_were(tmp_path: Path) -> None:
    from pomoplan.core.settings import Settings
    from pomoplan.store.cache import cached

    source = tmp_path / "config.yaml"
    source.write_text("key: value\n", encoding="utf-8")
    settings = Settings(
        focus=3000, day_starts_at=time(5, 30), language="zh", given=frozenset({"focus"})
    )
    settings = settings._replace(keys=settings.keys._replace(pause="p"), sync_dir="/s [x]")
    assert cached(source, tmp_path / "c", Settings, lambda: settings) == settings
    back = cached(source, tmp_path / "c", Settings, lambda: pytest.fail("not cached"))
    assert back == settings and back is not settings


def test_a_plan_read_from_an_entry_replaced_meanwhile_reads_its_own(
    tmp_path: Path, mini: Path
) -> None:
    """A packed plan reads its chunks as it goes: a newer entry written meanwhile (another
    window validated the file again) does not mix into it."""
    from bigplan import big_plan

    plan = big_plan(tmp_path)
    entry = catalog.Entry("big", plan, "user")
    cache = tmp_path / "cache"
    fresh = catalog.load(entry, cache)
    back = catalog.load(entry, cache)
    (cached,) = cache.glob("*.cache")
    cached.unlink()
    catalog.load(entry, cache)  # written anew under the same name
    cached.write_bytes(b"garbage" * 1000)
    assert tuple(back.slots) == tuple(fresh.slots) and tuple(back.weeks) == tuple(fresh.weeks)


def _big_entry(tmp_path: Path) -> tuple[catalog.Entry, Path]:
    from bigplan import big_plan

    return catalog.Entry("big", big_plan(tmp_path), "user"), tmp_path / "cache"


def test_damaged_chunks_are_built_again_not_a_traceback(tmp_path: Path) -> None:
    """A crash can leave an entry of the right size with zeroed blocks: a chunk is checked
    against its CRC when read, and a bad one is made again from the plan's file."""
    entry, cache = _big_entry(tmp_path)
    fresh = catalog.load(entry, cache)
    (cached,) = cache.glob("*.cache")
    data = bytearray(cached.read_bytes())
    data[len(data) // 2 :] = bytes(len(data) - len(data) // 2)  # the second half zeroed
    cached.write_bytes(bytes(data))
    back = catalog.load(entry, cache)
    assert tuple(back.weeks) == tuple(fresh.weeks) and tuple(back.slots) == tuple(fresh.slots)
    from pomoplan.core.plan import Curriculum
    from pomoplan.store.cache import cached

    again = cached(entry.path, cache, Curriculum, lambda: pytest.fail("not whole again"))
    assert tuple(again.weeks) == tuple(fresh.weeks)  # every chunk sound: none made again


def test_an_entry_cut_short_while_a_plan_reads_it_is_built_again(tmp_path: Path) -> None:
    entry, cache = _big_entry(tmp_path)
    fresh = catalog.load(entry, cache)
    back = catalog.load(entry, cache)  # chunks not read yet
    (cached,) = cache.glob("*.cache")
    with cached.open("r+b") as fh:  # cut in place: the open entry sees it
        fh.truncate(cached.stat().st_size // 3)
    assert tuple(back.slots) == tuple(fresh.slots) and back.weeks[-1] == fresh.weeks[-1]


def test_a_damaged_entry_of_a_plan_changed_since_is_one_line_and_removed(
    tmp_path: Path,
) -> None:
    """The file changed without a new size or time: its entry cannot be made again. The
    command says so in one line and removes it; the next one reads the file afresh."""
    from pomoplan.store.database import StoreError

    entry, cache = _big_entry(tmp_path)
    catalog.load(entry, cache)
    back = catalog.load(entry, cache)
    (cached,) = cache.glob("*.cache")
    st = entry.path.stat()
    text = entry.path.read_text(encoding="utf-8").replace("Topic 1.1", "Topic X.1")
    entry.path.write_text(text, encoding="utf-8")
    os.utime(entry.path, ns=(st.st_atime_ns, st.st_mtime_ns))
    with cached.open("r+b") as fh:
        fh.truncate(cached.stat().st_size // 2)
    with pytest.raises(StoreError, match="run the command again"):
        tuple(back.weeks)
    assert not cached.exists()
    assert catalog.load(entry, cache).weeks[0].days[0].slots[0].title == "Topic X.1"  # type: ignore[union-attr]


def test_entries_of_a_plan_named_with_glob_characters_are_replaced(
    tmp_path: Path, mini: Path
) -> None:
    plan = tmp_path / "week[1]*?.yaml"
    cache = tmp_path / "cache"
    for n in range(3):
        plan.write_text(mini.read_text(encoding="utf-8").replace("小计划", f"计划{n}"), "utf-8")
        os.utime(plan, ns=(10**18 + n * 10**9,) * 2)
        assert catalog.load(catalog.Entry("w", plan, "user"), cache).title == f"计划{n}"
    assert len(list(cache.iterdir())) == 1
