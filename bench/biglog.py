#!/usr/bin/env python3
"""A generated study log of any size, for measuring pomoplan on years of history (issue 19).

Every feature states its cost on the same 500,000-row log, so the log is made here, once, the
same way for everyone: a data dir where ``pomoplan start`` activated the bundled curriculum,
then ``rows`` phases spread over ``years`` of study dates (a real focus/break cycle every day,
most focus periods completed, some skipped or interrupted with a reason), written through
``LogStore.record`` (the app's own write path: its triggers and derived tables fill as they
would in use) in large batches, each one transaction.

    python bench/biglog.py /tmp/big                 # 500,000 rows over five years
    python bench/biglog.py /tmp/big --rows 20       # a 20-row log ending today
    POMOPLAN_HOME=/tmp/big pomoplan review --json   # then measure anything on it

From Python (``bench/`` on ``sys.path``)::

    from biglog import make_log
    make_log(Path("/tmp/big"), rows=500_000)

500,000 rows take about a minute to make here and ~400 MB of disk.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from pomoplan.store.migrations import LOG_COLUMNS as COLUMNS  # the log's own fields

CURRICULUM = "one-month"
YEARS = 5
BATCH = 20_000
"""Rows per transaction: big enough to be quick, small enough to keep memory flat."""
REASONS = ["电话", "消息打断", "有人敲门", "太困了", None]


class SlotInfo(NamedTuple):
    """A slot as the generated rows name it."""

    id: str
    title: str
    track: str


def curriculum_slots(curriculum: str = CURRICULUM) -> list[SlotInfo]:
    """Every slot of a bundled curriculum (or one at a path)."""
    from pomoplan.store import catalog

    loaded = catalog.load(catalog.find(curriculum, Path(os.devnull)))
    return [SlotInfo(s.id, s.title, s.track) for s in loaded.all_slots()]


def generate_rows(
    n_rows: int,
    last_day: date,
    days: int,
    slots: Sequence[SlotInfo],
    seed: int = 7,
    curriculum: str = CURRICULUM,
) -> Iterator[tuple[Any, ...]]:
    """``n_rows`` log rows spread evenly over ``days`` study dates ending on ``last_day``.

    Each day is a real cycle: focus, short break, focus... with a long break after every
    fourth focus, from 08:00 local time; most focus periods complete, some are skipped or
    interrupted (with a reason), a few breaks are skipped; slots follow the curriculum.
    The same arguments give the same rows. Column order: ``COLUMNS``.
    """
    rng = random.Random(seed)
    tz = datetime.now().astimezone().tzinfo
    per_day, extra = divmod(n_rows, days)
    slot_index = 0
    for i in range(days):
        day = last_day - timedelta(days=days - 1 - i)
        clock = datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz)
        clock += timedelta(minutes=rng.randint(0, 90))
        focus_count = 0
        for n in range(per_day + (1 if i >= days - extra else 0)):  # the rest: latest days
            slot = slots[slot_index % len(slots)]
            if n % 2 == 0:
                kind, planned = "focus", 1500
                roll = rng.random()
                status = "completed" if roll < 0.85 else "skipped" if roll < 0.95 else "interrupted"
                focus_count += 1
            else:
                kind = "long_break" if focus_count % 4 == 0 else "short_break"
                planned = 900 if kind == "long_break" else 300
                status = "completed" if rng.random() < 0.9 else "skipped"
            focused = planned if status == "completed" else rng.randint(30, planned - 1)
            pauses = rng.choice([0, 0, 0, 1, 2]) if kind == "focus" else 0
            paused = sum(rng.randint(20, 300) for _ in range(pauses))
            started = clock
            ended = started + timedelta(seconds=focused + paused)
            reason = rng.choice(REASONS) if status == "interrupted" else None
            yield (
                _time_ordered_id(started, rng),
                kind,
                status,
                curriculum,
                slot.id,
                slot.title,
                slot.track,
                planned,
                focused,
                paused,
                pauses,
                started.isoformat(timespec="seconds"),
                ended.isoformat(timespec="seconds"),
                day.isoformat(),
                reason,
            )
            clock = ended + timedelta(seconds=rng.randint(5, 120))
            if kind == "focus" and status == "completed":
                slot_index += 1


def _time_ordered_id(when: datetime, rng: random.Random) -> str:
    """A UUID whose first 48 bits are ``when`` in milliseconds (the layout of UUIDv7).

    pomoplan's own ids are random (UUID4); ids in time order land at the end of the log's
    id indexes instead of all over them, which makes a 500,000-row log several times faster
    to write. No figure pomoplan computes reads the log by id.
    """
    ms = int(when.timestamp() * 1000)
    return str(uuid.UUID(int=(ms << 80) | (7 << 76) | rng.getrandbits(76)))


def fill_log(db: Path, rows: Iterator[tuple[Any, ...]], batch: int = BATCH) -> int:
    """Record ``rows`` (tuples in ``COLUMNS`` order) in the log at ``db`` through
    ``LogStore.record``, ``batch`` rows per transaction; returns how many were given."""
    from pomoplan.store.log import LogStore

    total = 0
    with LogStore(db) as store:
        # The random ids land all over the primary key's index: give it room (~256 MiB at most).
        store.conn.execute("PRAGMA cache_size = -262144")
        while chunk := [dict(zip(COLUMNS, r, strict=True)) for r in islice(rows, batch)]:
            store.record(chunk, None)
            total += len(chunk)
    return total


def pomoplan_command() -> str:
    """The pomoplan command beside this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "pomoplan"
    found = str(beside) if beside.exists() else shutil.which("pomoplan")
    if found is None:
        raise RuntimeError("the pomoplan command is not installed beside this Python")
    return found


def this_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today - timedelta(days=today.weekday())


def make_log(
    home: Path,
    rows: int = 500_000,
    *,
    years: float = YEARS,
    last_day: date | None = None,
    start: date | None = None,
    curriculum: str = CURRICULUM,
    seed: int = 7,
    env: dict[str, str] | None = None,
) -> Path:
    """A pomoplan data dir at ``home`` holding ``rows`` generated phases; returns its log file.

    ``pomoplan start CURRICULUM --on START`` (this week's Monday by default) makes the data dir
    exactly as a learner's; the rows end on ``last_day`` (today) and reach back ``years``
    (at most one day per row). ``home`` must not hold a log yet.
    """
    db = home / "pomoplan.db"
    if db.exists():
        raise FileExistsError(f"{db}: a log is already there")
    start = start or this_monday()
    last_day = last_day or date.today()
    run_env = {**(env if env is not None else os.environ), "POMOPLAN_HOME": str(home)}
    out = subprocess.run(
        [pomoplan_command(), "start", curriculum, "--on", start.isoformat()],
        capture_output=True,
        text=True,
        env=run_env,
        timeout=120,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"pomoplan start {curriculum} exited {out.returncode}: {out.stderr}")
    days = max(1, min(rows, round(years * 365) + 1))
    slots = curriculum_slots(curriculum)
    fill_log(db, generate_rows(rows, last_day, days, slots, seed, curriculum))
    return db


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("home", type=Path, help="the data dir to create (POMOPLAN_HOME)")
    p.add_argument("--rows", type=int, default=500_000, help="phases to record (500,000)")
    p.add_argument("--years", type=float, default=YEARS, help="years of study dates (5)")
    p.add_argument("--seed", type=int, default=7, help="random seed (same seed, same rows)")
    p.add_argument("--curriculum", default=CURRICULUM, help=f"to start ({CURRICULUM})")
    args = p.parse_args(argv)
    if args.rows < 0 or args.years <= 0:
        p.error("--rows must be >= 0 and --years > 0")
    t0 = time.perf_counter()
    try:
        db = make_log(
            args.home, args.rows, years=args.years, seed=args.seed, curriculum=args.curriculum
        )
    except (OSError, RuntimeError) as exc:
        print(f"biglog: {exc}", file=sys.stderr)
        return 1
    size = db.stat().st_size / 2**20
    print(
        f"{db}: {args.rows:,} rows in {time.perf_counter() - t0:.1f} s ({size:.0f} MiB); "
        f"POMOPLAN_HOME={args.home}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
