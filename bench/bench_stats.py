#!/usr/bin/env python3
"""``pomoplan stats --year --json`` and ``history`` on the 500,000-row log beside a nearly empty one.

Issue 17's cost targets: ``stats --year --json`` within 1.2x of the same command on a nearly
empty log; ``history`` pages through the log rather than loading it (its first page comes as
fast on 500,000 rows as on 20, and its memory stays flat). The big log comes from
``bench/biglog.py`` (the same log everyone measures on). Runs alternate between the two logs
so a busy machine slows both alike; medians are printed.

    python bench/bench_stats.py              # makes both logs under a temp dir, ~1 min
    python bench/bench_stats.py --keep DIR   # reuse (or make) the logs under DIR
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from biglog import make_log, pomoplan_command


def timed(exe: str, home: Path, *args: str) -> tuple[float, int]:
    """Seconds the command took, and its peak memory (KiB, from the kernel's accounting)."""
    env = {**os.environ, "POMOPLAN_HOME": str(home)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([exe, *args], env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"pomoplan {' '.join(args)} exited {proc.returncode}")
    return took, usage.ru_maxrss


def compare(
    exe: str, big: Path, small: Path, runs: int, *args: str
) -> tuple[float, float, int, int]:
    """Median ms on each log and peak KiB, runs alternating between them."""
    on_big, on_small, mem_big, mem_small = [], [], 0, 0
    timed(exe, big, *args)  # warm the page cache for both
    timed(exe, small, *args)
    for _ in range(runs):
        took, mem = timed(exe, big, *args)
        on_big.append(took)
        mem_big = max(mem_big, mem)
        took, mem = timed(exe, small, *args)
        on_small.append(took)
        mem_small = max(mem_small, mem)
    return (
        statistics.median(on_big) * 1000,
        statistics.median(on_small) * 1000,
        mem_big,
        mem_small,
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=500_000, help="rows of the big log")
    p.add_argument("--runs", type=int, default=11, help="runs of each command on each log")
    p.add_argument("--keep", type=Path, help="make (or reuse) the logs under this dir")
    args = p.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="pomoplan-bench-stats-"))
    big, small = root / f"big-{args.rows}", root / "small-20"
    for home, rows in ((big, args.rows), (small, 20)):
        if not (home / "pomoplan.db").exists():
            t0 = time.perf_counter()
            make_log(home, rows)
            print(f"made {home} ({rows:,} rows) in {time.perf_counter() - t0:.1f} s")
    exe = pomoplan_command()
    year = str(date.today().year)
    print(
        f"{'command':<34} {'500k ms':>9} {'20-row ms':>10} {'ratio':>6} "
        f"{'500k KiB':>9} {'20-row KiB':>10}"
    )
    for command in (
        ("stats", "--year", year, "--json"),
        ("stats", "--month", date.today().strftime("%Y-%m")),
        ("history", "--since", date.today().isoformat()),
        ("history", "--json"),
    ):
        runs = 1 if command == ("history", "--json") else args.runs  # the whole log: slow
        ms_big, ms_small, kib_big, kib_small = compare(exe, big, small, runs, *command)
        print(
            f"{' '.join(command):<34} {ms_big:>9.0f} {ms_small:>10.0f} "
            f"{ms_big / ms_small:>6.2f} {kib_big:>9} {kib_small:>10}"
        )
    print(f"logs under {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
