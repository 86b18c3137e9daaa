#!/usr/bin/env python3
"""What re-planning costs on a big plan: a 20,000-slot calendar plan with 100 re-plans (issue 15).

Prints, each beside a reference measured in the same run:

- laying out the plan (core/layout.py) with 100 re-plans against with none, in process;
- what the app does before its first frame for the plan (the active plan, its re-plans from
  the log, the day's slots, backlog and study-ahead) with 100 re-plans against with none;
- ``pomoplan today --json``, ``review --json`` and ``replan --json`` wall times (median of
  ``--runs``) with 100 re-plans, against the same with none; ``today --json`` also against
  ``python -c "import sqlite3, json"`` (the issue's target: under 100 ms here);
- the app's first slot on screen (tmux, as bench.py measures it) with 100 re-plans, against
  the same plan with none and against a bare Textual app.

Each line gives the ratio to its reference, and the load average is printed: on a loaded
machine compare the ratios. Run: ``python bench/bench_replan.py [--runs N] [--no-launch]``.
Uses a temporary POMOPLAN_HOME.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

WEEKS = 800
SLOTS_A_DAY = 5  # mon-fri: 800 weeks x 5 days x 5 slots = 20,000 slots
REPLANS = 100
SQLITE_REF = "python -c 'import sqlite3, json'"


def plan_yaml() -> str:
    lines = ["id: big", "title: A 20,000-slot plan", "kind: calendar", "track: Python", "weeks:"]
    for w in range(1, WEEKS + 1):
        lines += [f"  - title: Week {w}", "    days:", "      - days: mon-fri", "        blocks:"]
        lines += ["          - name: am", "            slots:"]
        lines += [f"              - title: Topic {w}.{s}" for s in range(1, SLOTS_A_DAY + 1)]
        lines += ["      - days: sun", "        rest: true"]
    return "\n".join(lines) + "\n"


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def wall_ms(cmd: list[str], env: dict[str, str], runs: int) -> float:
    def once() -> None:
        subprocess.run(cmd, env=env, check=True, capture_output=True)

    once()  # warm the curriculum cache and the OS
    return median_ms(once, runs)


def launch_rows(
    exe: str, envs: dict[str, dict[str, str]], env0: dict[str, str], runs: int
) -> list[tuple[str, float, float, str]]:
    """The app's first slot on screen on the big plan with 100 re-plans, against the same plan
    without, and against a bare Textual app (bench.py's tmux launch, alternating runs)."""
    import shlex

    from bench import BARE_APP, BARE_MARKER, Program, Tmux, display_prefix, time_to_screen

    out = subprocess.run([exe, "today", "--json"], env=envs["replans"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    doc = json.loads(out)
    first = (doc["slots"] or doc["ahead"])[0]
    day = first.get("date", doc["date"])
    env = {"LANG": "C.UTF-8"}
    progs = {
        name: Program(
            name,
            f"{shlex.quote(exe)} --date {day}",
            {**env, "POMOPLAN_HOME": envs[name]["POMOPLAN_HOME"]},
            display_prefix(first["title"], 24),
            "pomoplan",
        )
        for name in ("replans", "none")
    }
    progs["bare"] = Program("bare", f"{shlex.quote(sys.executable)} {shlex.quote(str(BARE_APP))}",
                            env, BARE_MARKER, "bare_app.py")  # fmt: skip
    tmux = Tmux(shutil.which("tmux") or "tmux", env0)
    times: dict[str, list[float]] = {name: [] for name in progs}
    try:
        tmux.start(600)
        for prog in progs.values():
            time_to_screen(tmux, prog)  # warm-up
        for i in range(runs):
            order = list(progs.values())
            for prog in order if i % 2 == 0 else reversed(order):
                times[prog.label].append(time_to_screen(tmux, prog) * 1000)
    finally:
        tmux.close()
    big = statistics.median(times["replans"])
    return [
        ("first slot on screen (ms)", big, statistics.median(times["none"]),
         "same plan, no re-plans"),
        ("first slot on screen (ms)", big, statistics.median(times["bare"]),
         "bare Textual app (target <= 1.25x)"),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--no-launch", action="store_true", help="skip the app's launch (tmux)")
    args = parser.parse_args()
    exe = shutil.which("pomoplan")
    if exe is None:
        print("bench_replan: the pomoplan command is not installed", file=sys.stderr)
        return 1

    from pomoplan.core.clock import SystemClock
    from pomoplan.core.layout import Layout, ReplanError
    from pomoplan.services import replanning
    from pomoplan.services.context import Context
    from pomoplan.store.log import LogStore
    from pomoplan.store.paths import Paths

    tmp = Path(tempfile.mkdtemp(prefix="bench-replan-"))
    try:
        homes = {}
        for name in ("none", "replans"):
            home = tmp / name
            (home / "curricula").mkdir(parents=True)
            (home / "curricula" / "big.yaml").write_text(plan_yaml(), encoding="utf-8")
            homes[name] = home
        today = date.today()
        start = today - timedelta(days=30)
        for home in homes.values():
            env = {**os.environ, "POMOPLAN_HOME": str(home)}
            subprocess.run(
                [exe, "start", "big", "--on", start.isoformat()], env=env, check=True,
                capture_output=True,
            )  # fmt: skip
        ctx = Context(paths=Paths(homes["replans"], homes["replans"]), clock=SystemClock())
        with LogStore(ctx.paths.db_file) as store:
            for i in range(REPLANS):
                plan = ctx.plan(None, store)
                when = datetime.now().astimezone()
                if i % 10 == 9:
                    done = store.done_counts("big")
                    try:
                        replan = replanning.proposed_catch_up(plan.schedule, done, 2, today)
                    except ReplanError:
                        replan = replanning.proposed_shift(plan.schedule, 1, today, today)
                else:
                    days = 1 if i % 2 == 0 else -1
                    origin = today + timedelta(days=3 * i)
                    try:
                        replan = replanning.proposed_shift(plan.schedule, days, origin, today)
                    except ReplanError:
                        replan = replanning.proposed_shift(plan.schedule, 2, origin, today)
                replanning.record(store, plan.activation_id, replan, when)
            plan = ctx.plan(None, store)
            replans = plan.replans
            curriculum = plan.curriculum
        slots = len(curriculum.slots)
        print(f"plan: {slots} slots, {len(replans)} re-plans in force")

        def layout(rs) -> None:
            lay = Layout(curriculum, start, plan.mode, rs)
            lay.slots_on(today)

        rows = [
            (
                "layout (ms)",
                median_ms(lambda: layout(replans), args.runs * 3),
                median_ms(lambda: layout(()), args.runs * 3),
                "same plan, no re-plans",
            )
        ]

        def before_first_frame(home: Path) -> None:
            from pomoplan.services.today import extras

            c = Context(paths=Paths(home, home), clock=SystemClock())
            with LogStore(c.paths.db_file, readonly=True) as store:
                p = c.plan(None, store)
                done, before = store.done_counts_split("big", today)
                view = p.schedule.day(today, before)
                extras(p.schedule, view, done, before, store, today)

        rows.append(
            (
                "plan + day before 1st frame (ms)",
                median_ms(lambda: before_first_frame(homes["replans"]), args.runs * 3),
                median_ms(lambda: before_first_frame(homes["none"]), args.runs * 3),
                "same plan, no re-plans",
            )
        )
        # The installed command as a learner runs it: with its bytecode (a shell that sets
        # PYTHONDONTWRITEBYTECODE would make every run compile pomoplan's modules again).
        env0 = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        envs = {name: {**env0, "POMOPLAN_HOME": str(homes[name])} for name in ("replans", "none")}
        ref = wall_ms([sys.executable, "-c", "import sqlite3, json"], env0, args.runs)
        for command in (("today", "--json"), ("review", "--json"), ("replan", "--json")):
            cmd = [exe, *command]
            big = wall_ms(cmd, envs["replans"], args.runs)
            rows.append((f"{' '.join(command)} (ms)", big, wall_ms(cmd, envs["none"], args.runs),
                         "same plan, no re-plans"))  # fmt: skip
            if command[0] == "today":
                rows.append((f"{' '.join(command)} (ms)", big, ref, SQLITE_REF))
        rows.append((SQLITE_REF, ref, ref, "reference (target: today --json < 100 ms)"))
        if not args.no_launch and shutil.which("tmux"):
            rows += launch_rows(exe, envs, env0, args.runs)
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'figure':<36}{'100 re-plans':>14}{'reference':>12}{'ratio':>8}  reference is")
        for label, value, refv, what in rows:
            print(f"{label:<36}{value:>14.1f}{refv:>12.1f}{value / refv:>7.2f}x  {what}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
