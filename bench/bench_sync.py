#!/usr/bin/env python3
"""What sync costs (issue 18, SPEC section 9), printed beside its references and targets.

Two laptops each hold a generated log (``biglog``: phases over years) plus notes and
amendments, ``--events`` journal entries in all; each writes its journal out once into a
shared folder (a log from before ``sync_dir`` was set). A third, fresh data dir then:

- merges both journals for the first time (target: under 5 s);
- merges again with nothing new, median of 21 (target: under 50 ms): one ``stat`` per file;
- opens the app with that sync folder, median of ``--runs`` launches alternating with
  ``bench/bare_app.py`` in tmux (target: the launch ratio of ``bench/bench.py``), and once
  more on a copy that has not merged yet (the merge runs in a worker after the first frame).

Progress goes to stderr, the table to stdout; exit 0 when everything was measured, 1 when a
measurement could not be made (``--strict``: also when a target FAILs).

    python bench/bench_sync.py              # the full run (~1-2 minutes)
    python bench/bench_sync.py --quick      # a smoke test: 2,000 entries, 2 launch runs
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from biglog import make_log, pomoplan_command, this_monday  # noqa: E402

import bench as launch_bench  # noqa: E402  (bench/ is not a package)
from pomoplan.adapters.sync import sync  # noqa: E402
from pomoplan.adapters.sync.journal import write_out  # noqa: E402
from pomoplan.store.events import new_event  # noqa: E402
from pomoplan.store.log import LogStore  # noqa: E402

FIRST_MERGE_S = 5.0
NOTHING_NEW_MS = 50.0
CORRECTIONS = 0.1
"""The share of each device's entries that are notes and amendments (the rest: phases)."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def laptop(root: Path, name: str, entries: int, shared: Path, seed: int) -> tuple[Path, float]:
    """A data dir with ``entries`` phases and events, written out to ``shared``; the seconds
    the write-out took."""
    home = root / name
    phases = entries - int(entries * CORRECTIONS) - 1  # 1: the activation
    db = make_log(home, rows=phases, years=2, seed=seed)
    rng = random.Random(seed)
    with LogStore(db) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM phases")]
        when = datetime(2026, 1, 1, tzinfo=UTC)
        events = []
        for i in range(int(entries * CORRECTIONS)):
            when += timedelta(minutes=1)
            target = rng.choice(ids)
            if i % 2:
                events.append(
                    new_event("note", when, store.device, target=target, data={"note": f"n{i}"})
                )
            else:
                data = {"focused_s": rng.randint(60, 1500)}
                events.append(new_event("amend", when, store.device, target=target, data=data))
        store.add_events(events)
        start = time.perf_counter()
        written = write_out(store, shared)
        elapsed = time.perf_counter() - start
    log(f"{name}: {written:,} entries written out in {elapsed:.2f} s")
    lines_note = f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    log(lines_note)
    (home / "config.yaml").write_text(f"sync_dir: {shared}\n", encoding="utf-8")
    return home, elapsed


def store_api_reference(root: Path, homes: list[Path]) -> float:
    """Seconds to write the laptops' phases and events straight into a new log through the
    store's own API, in batches as large as the merge's: what a merge cannot beat."""
    from pomoplan.adapters.sync.merge import BATCH
    from pomoplan.store.events import events_of
    from pomoplan.store.migrations import PHASE_COLUMNS

    phases, events = [], []
    for home in homes:
        with LogStore(home / "pomoplan.db") as store:
            cols = PHASE_COLUMNS
            phases += [
                dict(zip(cols, r, strict=True))
                for r in store.conn.execute(f"SELECT {', '.join(cols)} FROM phases")
            ]
            events += events_of(store.conn)
    with LogStore(root / "reference.db") as store:
        start = time.perf_counter()
        for i in range(0, len(phases), BATCH):
            store.record(phases[i : i + BATCH], None)
        for i in range(0, len(events), BATCH):
            store.add_events(events[i : i + BATCH])
        return time.perf_counter() - start


def fresh_home(root: Path, name: str, shared: Path, monday: date) -> Path:
    home = root / name
    env = {"POMOPLAN_HOME": str(home), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [pomoplan_command(), "start", "one-month", "--on", monday.isoformat()],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    (home / "config.yaml").write_text(f"sync_dir: {shared}\n", encoding="utf-8")
    return home


def row(name: str, value: float, reference: str, target: str, passed: bool | None) -> str:
    verdict = "" if passed is None else ("ok" if passed else "FAIL")
    return f"{name:<46} {value:>10.1f}  {reference:<22} {target:<16} {verdict}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=50_000, help="entries per laptop (50,000)")
    p.add_argument("--runs", type=int, default=7, help="launch runs of each app (7)")
    p.add_argument("--quick", action="store_true", help="2,000 entries, 2 launch runs")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target FAILs")
    args = p.parse_args(argv)
    if args.quick:
        args.events, args.runs = 1_000, 2
    tmux_exe = shutil.which("tmux")
    root = Path(tempfile.mkdtemp(prefix="pomoplan-bench-sync-"))
    lines: list[str] = []
    failed = False
    try:
        shared = root / "Sync"
        shared.mkdir()
        monday = this_monday()
        home_a, out_a = laptop(root, "a", args.events, shared, 7)
        home_b, out_b = laptop(root, "b", args.events, shared, 8)
        straight = store_api_reference(root, [home_a, home_b])
        log(f"the same entries through LogStore.record/add_events: {straight:.2f} s")
        home = fresh_home(root, "c", shared, monday)
        unmerged = root / "d"
        shutil.copytree(home, unmerged)
        warnings: list[str] = []
        with LogStore(home / "pomoplan.db") as store:
            start, cpu = time.perf_counter(), time.process_time()
            outcome = sync(store, shared, warnings.append)
            first = time.perf_counter() - start
            first_cpu = time.process_time() - cpu  # this process's CPU: both its threads
            first_load = os.getloadavg()[0]
            again = []
            for _ in range(21):
                start = time.perf_counter()
                nothing = sync(store, shared, warnings.append)
                again.append(time.perf_counter() - start)
            assert nothing.imported == 0 and not warnings, warnings[:3]
        total = 2 * args.events
        log(f"first merge: {outcome.imported:,} of {total:,} entries in {first:.2f} s")
        lines.append(f"{'figure':<46} {'value':>10}  {'reference':<22} {'target':<16}")
        lines.append(
            row(
                "write-out of an existing log (s, per laptop)",
                max(out_a, out_b),
                f"{args.events:,} entries",
                "-",
                None,
            )
        )
        ok = first < FIRST_MERGE_S
        lines.append(
            row(
                f"first merge of {outcome.imported:,} entries (s)",
                first,
                f"store API {straight:.1f} s",
                f"< {FIRST_MERGE_S} s",
                ok,
            )
        )
        lines.append(
            row(
                "  its CPU time (s; wall depends on the load)",
                first_cpu,
                f"load {first_load:.1f} then",
                "-",
                None,
            )
        )
        nothing_ms = statistics.median(again) * 1000
        ok2 = nothing_ms < NOTHING_NEW_MS
        lines.append(
            row(
                "merge with nothing new (ms, median of 21)",
                nothing_ms,
                f"{len(list(shared.glob('*/*')))} files",
                f"< {NOTHING_NEW_MS:.0f} ms",
                ok2,
            )
        )
        failed = not (ok and ok2)
        if tmux_exe is None:
            lines.append("launch: not measured (tmux is missing)")
        else:
            failed |= launches(tmux_exe, home, unmerged, monday, args.runs, lines)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    lines.append(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("\n".join(lines))
    return 1 if failed and args.strict else 0


def launches(
    tmux_exe: str, home: Path, unmerged: Path, monday: date, runs: int, lines: list[str]
) -> bool:
    """Launch figures beside the bare Textual app; True when the target failed."""
    today = subprocess.run(
        [pomoplan_command(), "today", "--json", "--date", monday.isoformat()],
        env={"POMOPLAN_HOME": str(home), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    title = json.loads(today.stdout)["slots"][0]["title"]
    tmux = launch_bench.Tmux(tmux_exe, {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    try:
        tmux.start(keep_alive_s=runs * 2 * 40 + 300)
        bench = launch_bench.Bench(
            argparse.Namespace(runs=runs), pomoplan_command(), tmux, home, {}
        )
        bare, pomo = bench.programs(home, monday, title)
        _, pomo_first = bench.programs(unmerged, monday, title)
        first = launch_bench.time_to_screen(tmux, pomo_first) * 1000  # merges after its first frame
        bench.launch(bare, pomo, ", with the sync folder")
        figure = bench.figures[-1]
        lines.append(
            row(
                f"first slot on screen, synced (ms, median of {runs})",
                figure.value,
                f"bare app {figure.reference:.0f} ms",
                f"<= {launch_bench.LAUNCH_RATIO}x bare",
                figure.passed,
            )
        )
        lines.append(
            row(
                "first launch, merge not done yet (ms, 1 run)",
                first,
                f"ratio {first / figure.reference:.2f}",
                "-",
                None,
            )
        )
        return not figure.passed
    finally:
        tmux.close()


if __name__ == "__main__":
    sys.exit(main())
