#!/usr/bin/env python3
"""pomoplan's cost, measured side by side with a bare Textual app in the same run (issues 7, 19).

A study timer stays open for hours: it must start at once, cost next to nothing while
counting, and stay instant with years of logs. This prints one table:

- first slot on screen: launch to today's first slot title visible in tmux, median of
  ``--runs`` launches alternating pomoplan and ``bench/bare_app.py``; once on a nearly empty
  log, once on the five-year log below;
- CPU while counting and RSS: /proc of the Python process over ``--cpu-seconds`` of a running
  focus (space pressed in pomoplan; the bare app counts by itself);
- ``pomoplan status`` latency with a running focus saved, against
  ``python -c "import sqlite3, json"``;
- on a generated log of ``--rows`` (500,000: five years, made by ``bench/biglog.py``, or a
  copy of ``--big-home``), against a 20-row log: ``today --json``, ``status`` and
  ``review --json`` latency; the peak RSS of ``export`` in every format (memory must stay
  flat: the rows are streamed); the launch again, beside the bare app;
- ``LogStore.record([row], state)``: one finished phase, committed durably, in milliseconds.

Targets are ratios to the reference where the machine's noise would swamp absolute figures.
Only the standard library, tmux and /proc are used; every wait has a timeout, and the tmux
server (on a private socket) and temp dirs are removed on exit. Progress goes to stderr, the
table to stdout. Exit 0 when everything was measured (targets may still FAIL; ``--strict``
makes a FAIL exit 1), 1 when a measurement could not be made, 2 when a tool is missing.

    python bench/bench.py            # the full run (a few minutes)
    python bench/bench.py --quick    # a smoke test: 2 runs, 2 s of CPU, 500 rows
    python bench/biglog.py /tmp/big && python bench/bench.py --big-home /tmp/big  # reuse
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from biglog import (  # the generated log everyone measures on (bench/ is on sys.path)
    COLUMNS,
    CURRICULUM,
    SlotInfo,
    curriculum_slots,
    generate_rows,
    make_log,
)

HERE = Path(__file__).resolve().parent
BARE_APP = HERE / "bare_app.py"
BARE_MARKER = "BARE-APP-READY"
PYTHON = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")
PANE = (120, 40)
POLL_S = 0.015
LAUNCH_TIMEOUT_S = 30.0
SMALL_ROWS = 20
"""The reference log of the commands measured on the big one."""
EXPORT_RSS_MIB = 100.0
EXPORT_JSON_RATIO = 1.5
"""json export time against csv's (issue 15: json took minutes on its pure-Python encoder)."""

# Targets (issue 7).
LAUNCH_RATIO = 1.25
CPU_PCT = 1.0
RSS_MIB = 60.0
STATUS_RATIO = 3.0
REVIEW_RATIO = 1.2
BIG_RATIO = 1.2  # issue 19: today, status, review and the launch on 500,000 rows
RECORD_MS = 2.0


class BenchError(Exception):
    """A measurement could not be made (the app did not show up, a command failed...)."""


class Interrupted(BaseException):
    """SIGTERM or SIGHUP: leave through the cleanup like Ctrl-C does."""


def log(message: str) -> None:
    """Progress, on stderr (stdout is the table)."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


# -- tmux and /proc ------------------------------------------------------------------------


class Tmux:
    """A private tmux server (own socket, no user config), removed by ``close``."""

    def __init__(self, exe: str, env: dict[str, str]) -> None:
        self.exe = exe
        self.env = env
        self.socket = f"pomoplan-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.socket_path = ""
        self.sessions: set[str] = set()

    def start(self, keep_alive_s: int) -> None:
        """Start the server."""
        # A session that keeps the server up, so no launch pays for starting the server; its
        # sleep ends by itself even if this script is killed before it can clean up.
        self.new_session("keeper", f"sleep {keep_alive_s}", {})
        self.socket_path = self.run(
            "display-message", "-p", "-t", "keeper", "#{socket_path}"
        ).strip()

    def run(self, *args: str, timeout: float = 10.0, check: bool = True) -> str:
        cmd = [self.exe, "-L", self.socket, "-f", "/dev/null", *args]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=self.env)
        except subprocess.TimeoutExpired:
            raise BenchError(f"tmux {args[0]} took over {timeout} s") from None
        if check and out.returncode != 0:
            raise BenchError(f"tmux {' '.join(args[:3])}: {out.stderr.strip()}")
        return out.stdout

    def new_session(self, name: str, command: str, env: dict[str, str]) -> None:
        args = ["new-session", "-d", "-s", name, "-x", str(PANE[0]), "-y", str(PANE[1])]
        for key, value in env.items():
            args += ["-e", f"{key}={value}"]
        self.sessions.add(name)
        # The shell stays after the command so a crash's traceback can still be captured.
        self.run(*args, f"{command}; sleep 30")

    def capture(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name, check=False)

    def send(self, name: str, *keys: str) -> None:
        self.run("send-keys", "-t", name, *keys)

    def pane_pid(self, name: str) -> int:
        return int(self.run("list-panes", "-t", name, "-F", "#{pane_pid}").split()[0])

    def kill_session(self, name: str) -> None:
        self.run("kill-session", "-t", name, check=False)
        self.sessions.discard(name)

    def close(self) -> None:
        for name in list(self.sessions):
            self.kill_session(name)
        # Only our own server, on our own socket (it ends with its last session anyway); tmux
        # leaves the socket file behind.
        self.run("kill-server", check=False)
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc/*/stat)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            out.append(int(entry))
    return out


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def app_pid(tmux: Tmux, session: str, needle: str, timeout: float = 10.0) -> int:
    """The Python process under the pane's shell whose command line holds ``needle``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        todo = [tmux.pane_pid(session)]
        while todo:
            pid = todo.pop()
            if needle in cmdline(pid) and "python" in cmdline(pid).split(" ")[0]:
                return pid
            todo += children(pid)
        time.sleep(0.05)
    raise BenchError(f"no process running {needle} in tmux session {session}")


def cpu_ticks(pid: int) -> int:
    """utime + stime of ``pid``, in clock ticks."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError(f"no VmRSS for pid {pid}")


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise BenchError(f"timed out after {timeout} s waiting for {what}")


# -- the two programs ----------------------------------------------------------------------


@dataclass
class Program:
    """How to run one of the two apps in tmux and what shows it is up."""

    label: str
    command: str
    env: dict[str, str]
    needle: str
    process: str
    """A piece of the Python process's command line."""


def display_prefix(text: str, cells: int) -> str:
    """The start of ``text`` that fits in ``cells`` terminal columns (CJK are two wide)."""
    out, used = "", 0
    for ch in text:
        width = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + width > cells:
            break
        out += ch
        used += width
    return out


def session_name(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:6]}"


def time_to_screen(tmux: Tmux, prog: Program) -> float:
    """Seconds from ``tmux new-session`` until ``prog.needle`` is in the pane; then quit it."""
    name = session_name(prog.label)
    start = time.perf_counter()
    tmux.new_session(name, prog.command, prog.env)
    try:
        deadline = start + LAUNCH_TIMEOUT_S
        while True:
            screen = tmux.capture(name)
            if prog.needle in screen:
                elapsed = time.perf_counter() - start
                break
            if time.perf_counter() > deadline:
                raise BenchError(
                    f"{prog.label}: {prog.needle!r} not on screen after {LAUNCH_TIMEOUT_S} s; "
                    f"the screen:\n{screen}"
                )
            time.sleep(POLL_S)
        quit_app(tmux, name, prog)
        return elapsed
    finally:
        tmux.kill_session(name)


def quit_app(tmux: Tmux, name: str, prog: Program) -> None:
    """Press q and wait for the process to end (the session is killed after in any case)."""
    try:
        pid = app_pid(tmux, name, prog.process, timeout=5)
    except BenchError:
        return
    tmux.send(name, "q")
    try:
        wait_until(lambda: not alive(pid), 10, f"{prog.label} to quit")
    except BenchError as exc:
        log(f"{exc}; killing its tmux session")


# -- the run -------------------------------------------------------------------------------


@dataclass
class Figure:
    """One row of the table."""

    name: str
    value: float
    reference: float | None
    unit: str
    target: str
    passed: bool
    ratio: float | None = None


@dataclass
class Bench:
    args: argparse.Namespace
    pomoplan: str
    tmux: Tmux
    root: Path
    env: dict[str, str]
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def cli(
        self, home: Path, *args: str, timeout: float = 60.0
    ) -> subprocess.CompletedProcess[str]:
        env = {**self.env, "POMOPLAN_HOME": str(home)}
        try:
            out = subprocess.run(
                [self.pomoplan, *args], capture_output=True, text=True, env=env, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            raise BenchError(f"pomoplan {' '.join(args)} took over {timeout} s") from None
        if out.returncode != 0:
            raise BenchError(f"pomoplan {' '.join(args)} exited {out.returncode}: {out.stderr}")
        return out

    def make_home(self, name: str, monday: date) -> Path:
        home = self.root / name
        self.cli(home, "start", CURRICULUM, "--on", monday.isoformat())
        return home

    def first_title(self, home: Path, day: date) -> str:
        """The title of the first slot ``pomoplan --date DAY`` shows for ``home``."""
        doc = json.loads(self.cli(home, "today", "--json", "--date", day.isoformat()).stdout)
        if not doc["slots"]:
            raise BenchError(f"{home}: no slots on {day} in its plan (made too long ago?)")
        return str(doc["slots"][0]["title"])

    def programs(self, home: Path, day: date, title: str) -> tuple[Program, Program]:
        env = {"LANG": "C.UTF-8"}
        bare = Program(
            "bare",
            f"{shlex.quote(PYTHON)} {shlex.quote(str(BARE_APP))}",
            env,
            BARE_MARKER,
            "bare_app.py",
        )
        pomo = Program(
            "pomoplan",
            f"{shlex.quote(self.pomoplan)} --date {day.isoformat()}",
            {**env, "POMOPLAN_HOME": str(home)},
            display_prefix(title, 24),
            "pomoplan",
        )
        return bare, pomo

    # -- 1: launch -----------------------------------------------------------------------

    def launch(
        self, bare: Program, pomo: Program, log_size: str = "", ratio: float = LAUNCH_RATIO
    ) -> None:
        runs = self.args.runs
        log(f"launch{log_size}: one warm-up each, then {runs} alternating runs")
        time_to_screen(self.tmux, bare)
        time_to_screen(self.tmux, pomo)
        times: dict[str, list[float]] = {"bare": [], "pomoplan": []}
        for i in range(runs):
            for prog in (bare, pomo) if i % 2 == 0 else (pomo, bare):
                times[prog.label].append(time_to_screen(self.tmux, prog))
            log(
                f"  run {i + 1}: pomoplan {times['pomoplan'][-1] * 1000:.0f} ms, "
                f"bare {times['bare'][-1] * 1000:.0f} ms"
            )
        p, b = median_ms(times["pomoplan"]), median_ms(times["bare"])
        self.figures.append(
            Figure(
                f"first slot on screen{log_size} (median of {runs})",
                p,
                b,
                "ms",
                f"<= {ratio:g}x bare",
                p <= ratio * b,
                ratio=p / b,
            )
        )
        self.notes.append(
            f"launch{log_size} runs (ms): pomoplan "
            + " ".join(f"{t * 1000:.0f}" for t in times["pomoplan"])
            + "; bare "
            + " ".join(f"{t * 1000:.0f}" for t in times["bare"])
        )

    # -- 2: CPU and RSS while counting, 3: status latency with that focus running ----------

    def counting(self, bare: Program, pomo: Program, home: Path) -> dict[str, Any] | None:
        seconds = self.args.cpu_seconds
        names = {p.label: session_name(p.label + "-cpu") for p in (bare, pomo)}
        state: dict[str, Any] | None = None
        try:
            pids = {}
            for prog in (bare, pomo):
                name = names[prog.label]
                self.tmux.new_session(name, prog.command, prog.env)
                wait_until(
                    lambda n=name, s=prog.needle: s in self.tmux.capture(n),
                    LAUNCH_TIMEOUT_S,
                    f"{prog.label} on screen",
                )
                pids[prog.label] = app_pid(self.tmux, name, prog.process)
            self.tmux.send(names["pomoplan"], "space")
            wait_until(
                lambda: self.status_json(home).get("state") == "running",
                10,
                "pomoplan's focus to be running (status --json)",
            )
            time.sleep(1.5)  # past the start-up and the first writes
            log(f"CPU: both apps counting, sampling /proc for {seconds} s")
            t0 = time.monotonic()
            ticks0 = {k: cpu_ticks(pid) for k, pid in pids.items()}
            time.sleep(seconds)
            ticks1 = {k: cpu_ticks(pid) for k, pid in pids.items()}
            elapsed = time.monotonic() - t0
            rss = {k: rss_mib(pid) for k, pid in pids.items()}
            cpu = {k: (ticks1[k] - ticks0[k]) / CLK_TCK / elapsed * 100 for k in pids}
            self.figures.append(
                Figure(
                    f"CPU while counting ({seconds:g} s)",
                    cpu["pomoplan"],
                    cpu["bare"],
                    "% core",
                    f"< {CPU_PCT:g} % of a core",
                    cpu["pomoplan"] < CPU_PCT,
                )
            )
            self.figures.append(
                Figure(
                    "RSS while counting",
                    rss["pomoplan"],
                    rss["bare"],
                    "MiB",
                    f"< {RSS_MIB:g} MiB",
                    rss["pomoplan"] < RSS_MIB,
                )
            )
            if self.status_json(home).get("state") != "running":
                raise BenchError("pomoplan's focus stopped running during the CPU sample")
            self.status(home)
            state = self.saved_state(home)
            for prog in (bare, pomo):
                quit_app(self.tmux, names[prog.label], prog)
        finally:
            for name in names.values():
                self.tmux.kill_session(name)
        return state

    def status_json(self, home: Path) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.cli(home, "status", "--json").stdout)
        return result

    def saved_state(self, home: Path) -> dict[str, Any] | None:
        """The timer state the running app saved (used as the state of the record test)."""
        conn = sqlite3.connect(f"file:{home / 'pomoplan.db'}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT value FROM timer_state WHERE key = 'timer'").fetchone()
        finally:
            conn.close()
        return json.loads(row[0]) if row else None

    def status(self, home: Path) -> None:
        n = self.args.cli_runs
        log(f"status: {n} alternating runs of `pomoplan status` and the bare import")
        env = {**self.env, "POMOPLAN_HOME": str(home)}
        commands = {
            "status": [self.pomoplan, "status"],
            "bare": [PYTHON, "-c", "import sqlite3, json"],
        }
        line = subprocess.run(
            commands["status"], capture_output=True, text=True, env=env, timeout=30
        ).stdout.strip()
        if not line:
            raise BenchError("`pomoplan status` printed nothing while a focus runs")
        self.notes.append(f"`pomoplan status` printed: {line}")
        times = timed_alternating(commands, n, env)
        s, b = median_ms(times["status"]), median_ms(times["bare"])
        self.figures.append(
            Figure(
                f"status latency (median of {n})",
                s,
                b,
                "ms",
                f"<= {STATUS_RATIO:g}x python -c",
                s <= STATUS_RATIO * b,
                ratio=s / b,
            )
        )

    # -- 4: years of logs: the commands, the exports --------------------------------------

    def logs(self, monday: date) -> tuple[Path, Path]:
        """The big log (generated, or a copy of ``--big-home``) and the 20-row reference."""
        rows = self.args.rows
        big = self.root / "big-log"
        t0 = time.perf_counter()
        if self.args.big_home is not None:
            source = self.args.big_home
            with sqlite3.connect(source / "pomoplan.db") as conn:
                found = conn.execute("SELECT count(*) FROM phases").fetchone()[0]
            log(f"big log: a copy of {source} ({found:,} rows)")
            big.mkdir()
            with (
                sqlite3.connect(source / "pomoplan.db") as src,
                sqlite3.connect(big / "pomoplan.db") as dst,
            ):
                src.backup(dst)  # a whole copy, WAL included; the original is not written
            self.args.rows = rows = found
        else:
            log(f"big log: generating {rows:,} rows over five years (bench/biglog.py)")
            make_log(big, rows, start=monday, env=self.env)
        log(f"big log: ready in {time.perf_counter() - t0:.1f} s")
        small = self.root / "small-log"
        make_log(small, SMALL_ROWS, start=monday, env=self.env)
        week = json.loads(self.cli(big, "review", "--json").stdout)["days"]
        if not sum(d["completed"] + d["skipped"] + d["interrupted"] for d in week):
            raise BenchError("the review of the big log shows no focus this week")
        return big, small

    def commands(self, big: Path, small: Path) -> None:
        """today --json, status and review --json on the big log against the 20-row one."""
        n, rows = self.args.cli_runs, self.args.rows
        for args in (("today", "--json"), ("status",), ("review", "--json")):
            cmd = [self.pomoplan, *args]
            name = " ".join(args)
            log(f"{name}: {n} alternating runs on {rows:,} rows and on {SMALL_ROWS}")
            times = timed_alternating(
                {"big": cmd, "small": cmd}, n, self.env, homes={"big": big, "small": small}
            )
            r, e = median_ms(times["big"]), median_ms(times["small"])
            self.figures.append(
                Figure(
                    f"{name}, {rows:,} rows (median of {n})",
                    r,
                    e,
                    "ms",
                    f"<= {BIG_RATIO:g}x {SMALL_ROWS}-row log",
                    r <= BIG_RATIO * e,
                    ratio=r / e,
                )
            )

    def exports(self, big: Path, small: Path) -> None:
        """Peak RSS (and time) of ``export`` of the whole big log in each format; json's time
        against csv's (the same rows; csv's writer is C)."""
        rows = self.args.rows
        took: dict[str, float] = {}
        for fmt in ("json", "csv", "md", "ics"):
            cmd = [self.pomoplan, "export", "--format", fmt, "-o", os.devnull]
            ref_rss, _ = peak_rss(cmd, {**self.env, "POMOPLAN_HOME": str(small)})
            rss, seconds = peak_rss(cmd, {**self.env, "POMOPLAN_HOME": str(big)})
            log(f"export --format {fmt}: {rss:.1f} MiB, {seconds:.1f} s")
            self.figures.append(
                Figure(
                    f"export --format {fmt}, {rows:,} rows: peak RSS",
                    rss,
                    ref_rss,
                    "MiB",
                    f"< {EXPORT_RSS_MIB:g} MiB",
                    rss < EXPORT_RSS_MIB,
                    ratio=rss / ref_rss,
                )
            )
            self.notes.append(f"export --format {fmt} of {rows:,} rows took {seconds:.1f} s")
            took[fmt] = seconds
        self.figures.append(
            Figure(
                f"export --format json, {rows:,} rows: time",
                took["json"],
                took["csv"],
                "s",
                f"<= {EXPORT_JSON_RATIO:g}x csv",
                took["json"] <= EXPORT_JSON_RATIO * took["csv"],
                ratio=took["json"] / took["csv"],
            )
        )

    # -- 5: recording one phase ------------------------------------------------------------

    def record(self, home: Path, state: dict[str, Any] | None, slots: list[SlotInfo]) -> None:
        try:
            from pomoplan.store.log import LogStore
        except ImportError as exc:
            raise BenchError(
                f"run the bench with the Python pomoplan is installed in ({exc})"
            ) from None

        calls = self.args.record_calls
        state = state or fallback_state(slots[0])
        rows = [
            dict(zip(COLUMNS, row, strict=True))
            for row in generate_rows(calls, date.today(), 1, slots, seed=11)
        ]
        log(
            f"record: {calls} calls of LogStore.record([row], state) on the {self.args.rows}-row log"
        )
        store = LogStore(home / "pomoplan.db")
        times = []
        try:
            for row in rows:
                start = time.perf_counter()
                store.record([row], state)
                times.append(time.perf_counter() - start)
        finally:
            store.close()
        ms = median_ms(times)
        self.figures.append(
            Figure(
                f"record one phase (median of {calls})",
                ms,
                None,
                "ms",
                f"< {RECORD_MS:g} ms",
                ms < RECORD_MS,
            )
        )
        self.notes.append(
            f"record: p90 {statistics.quantiles(times, n=10)[-1] * 1000:.2f} ms, "
            f"max {max(times) * 1000:.2f} ms (synchronous=FULL, WAL)"
        )


_WAIT4 = (
    "import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "_, status, usage = os.wait4(p.pid, 0); "
    "print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))"
)
"""Run a command and print its peak RSS (KiB) and exit code. Through this small process, not
from the bench itself: Linux counts a parent's RSS at fork into its child's ``ru_maxrss``."""


def peak_rss(cmd: list[str], env: dict[str, str], timeout: float = 900) -> tuple[float, float]:
    """Peak RSS (MiB) and wall time (s) of one run of ``cmd``, its output thrown away."""
    start = time.perf_counter()
    try:
        out = subprocess.run(
            [PYTHON, "-c", _WAIT4, *cmd], capture_output=True, text=True, env=env, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{' '.join(cmd)} took over {timeout} s") from None
    elapsed = time.perf_counter() - start
    try:
        kib, code = (int(x) for x in out.stdout.split()[-2:])
    except ValueError:
        raise BenchError(f"{' '.join(cmd)}: no peak RSS ({out.stderr.strip()})") from None
    if code != 0:
        raise BenchError(f"{' '.join(cmd)} exited {code}: {out.stderr.strip()}")
    return kib / 1024, elapsed  # ru_maxrss is in KiB on Linux


def timed_alternating(
    commands: dict[str, list[str]],
    n: int,
    env: dict[str, str],
    homes: dict[str, Path] | None = None,
) -> dict[str, list[float]]:
    """Wall time of each command, ``n`` times, alternating the order every round."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    keys = list(commands)
    for i in range(n + 1):  # round 0 warms the caches and is dropped
        for key in keys if i % 2 == 0 else keys[::-1]:
            run_env = env if homes is None else {**env, "POMOPLAN_HOME": str(homes[key])}
            start = time.perf_counter()
            out = subprocess.run(commands[key], capture_output=True, env=run_env, timeout=60)
            elapsed = time.perf_counter() - start
            if out.returncode != 0:
                raise BenchError(f"{' '.join(commands[key])} exited {out.returncode}")
            if i:
                times[key].append(elapsed)
    return times


def fallback_state(slot: SlotInfo) -> dict[str, Any]:
    """A running focus as the app saves it (when the real one could not be read)."""
    now = time.time()
    ref = {"curriculum_id": CURRICULUM, "slot_id": slot.id, "title": slot.title}
    ref["track"] = slot.track
    return {
        "version": 1,
        "saved_at": now,
        "completed_focus": 3,
        "next_phase": "short_break",
        "slot": ref,
        "current": {
            "phase": "focus",
            "slot": ref,
            "planned_s": 1500,
            "started_at": now,
            "deadline": now + 1500,
            "paused_s": 0,
            "pauses": 0,
            "paused_since": None,
        },
        "pending": [],
        "day": date.today().isoformat(),
    }


# -- output --------------------------------------------------------------------------------


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    digits = 2 if value < 10 else 1 if value < 100 else 0
    return f"{value:.{digits}f} {unit}"


def table(figures: list[Figure]) -> str:
    head = ("measure", "pomoplan", "bare/reference", "ratio", "target", "result")
    rows = [
        (
            f.name,
            fmt(f.value, f.unit),
            fmt(f.reference, f.unit),
            "-" if f.ratio is None else f"{f.ratio:.2f}x",
            f.target,
            "PASS" if f.passed else "FAIL",
        )
        for f in figures
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = []
    for r in [head, tuple("-" * w for w in widths), *rows]:
        cells = [r[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(r[1:4], widths[1:4], strict=True)
        ]
        cells += [r[4].ljust(widths[4]), r[5].ljust(widths[5])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def loadavg() -> str:
    """The 1-minute load average (how busy the machine was: the figures are only as calm)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def machine(args: argparse.Namespace, tmux_exe: str, root: Path, load: str) -> str:
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "?"
    tmux_v = subprocess.run([tmux_exe, "-V"], capture_output=True, text=True).stdout.strip()
    fs = "?"
    best = ""
    for line in Path("/proc/mounts").read_text().splitlines():
        parts = line.split()
        if str(root).startswith(parts[1]) and len(parts[1]) > len(best):
            best, fs = parts[1], parts[2]
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, textual {textual}, "
        f"{tmux_v}, temp dir on {fs}, load {load} -> {loadavg()};\n"
        f"{args.runs} launch runs, {args.cpu_seconds:g} s CPU, {args.rows:,} rows, "
        f"{args.cli_runs} CLI runs, {args.record_calls} record calls"
    )


# -- main ----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=11, help="launch runs of each app (default 11)")
    p.add_argument("--cpu-seconds", type=float, default=30.0, help="CPU sample length (default 30)")
    p.add_argument("--rows", type=int, default=500_000, help="rows of the big log (500,000)")
    p.add_argument(
        "--big-home",
        type=Path,
        metavar="DIR",
        help="measure on a copy of the log bench/biglog.py made in DIR (instead of --rows)",
    )
    p.add_argument(
        "--cli-runs", type=int, default=15, help="runs of status and review (default 15)"
    )
    p.add_argument(
        "--record-calls", type=int, default=200, help="LogStore.record calls (default 200)"
    )
    p.add_argument("--quick", action="store_true", help="smoke test: 2 runs, 2 s, 500 rows")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target FAILs")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (its path is printed)")
    args = p.parse_args(argv)
    if args.quick:
        args.runs, args.cpu_seconds, args.rows = 2, 2.0, 500
        args.cli_runs, args.record_calls = 3, 20
    if args.runs < 1 or args.cli_runs < 1 or args.record_calls < 2 or args.rows < 1:
        p.error("--runs, --cli-runs, --rows must be >= 1 and --record-calls >= 2")
    if args.big_home is not None and not (args.big_home / "pomoplan.db").is_file():
        p.error(f"--big-home: no pomoplan.db in {args.big_home} (make one: bench/biglog.py)")
    return args


def child_env(root: Path) -> dict[str, str]:
    """The environment of everything measured: a UTF-8 locale, and Python's bytecode cache on.

    A user's installed pomoplan runs from cached bytecode; PYTHONDONTWRITEBYTECODE (set in some
    sandboxes and CI images) would make every launch recompile pomoplan's sources. The cache
    goes to a prefix inside the temp dir, so the checkout is not touched; the warm-up runs
    fill it, for both apps alike.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(LANG="C.UTF-8", PYTHONPYCACHEPREFIX=str(root / "pycache"))
    env.pop("LC_ALL", None)
    return env


def find_pomoplan() -> str | None:
    """The pomoplan command beside this Python (the venv), else on PATH."""
    beside = Path(PYTHON).parent / "pomoplan"
    return str(beside) if beside.exists() else shutil.which("pomoplan")


@contextmanager
def leave_on_signals() -> Iterator[None]:
    def stop(signum: int, _frame: object) -> None:
        raise Interrupted(signal.Signals(signum).name)

    old = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    tmux_exe, pomoplan = shutil.which("tmux"), find_pomoplan()
    if tmux_exe is None or pomoplan is None:
        print("bench: needs tmux and the installed pomoplan command", file=sys.stderr)
        return 2
    if not Path("/proc/self/stat").exists():
        print("bench: needs Linux /proc", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="pomoplan-bench-"))
    load = loadavg()
    keep_alive = int(args.runs * 4 * 40 + args.cpu_seconds + 3600)  # the log, the exports
    tmux: Tmux | None = None
    with leave_on_signals():
        try:
            env = child_env(root)
            tmux = Tmux(tmux_exe, env)
            tmux.start(keep_alive)
            bench = Bench(args, pomoplan, tmux, root, env)
            today = date.today()
            monday = today - timedelta(days=today.weekday())
            home = bench.make_home("app", monday)
            title = bench.first_title(home, monday)
            slots = curriculum_slots()
            bare, pomo = bench.programs(home, monday, title)
            log(f"pomoplan waits for {pomo.needle!r} ({monday}), the bare app for {bare.needle!r}")
            bench.launch(bare, pomo)
            state = bench.counting(bare, pomo, home)
            big, small = bench.logs(monday)
            bench.commands(big, small)
            bench.exports(big, small)
            # The same launch on the big log: the app must not slow down as the log grows.
            bare, pomo_big = bench.programs(big, monday, bench.first_title(big, monday))
            bench.launch(bare, pomo_big, f", {args.rows:,}-row log", BIG_RATIO)
            bench.record(big, state, slots)
        except BenchError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
        except (KeyboardInterrupt, Interrupted):
            print("bench: interrupted", file=sys.stderr)
            return 130
        finally:
            if tmux is not None:
                tmux.close()
            if args.keep:
                log(f"kept {root}")
            else:
                shutil.rmtree(root, ignore_errors=True)
    print(f"pomoplan bench: {machine(args, tmux_exe, root, load)}")
    print()
    print(table(bench.figures))
    print()
    print("references: bare = bench/bare_app.py (Digits countdown, a label, a Footer), run the")
    print("same way in tmux (launches alternate; both count at once for the CPU sample); status")
    print('latency against python -c "import sqlite3, json"; today, status, review and export')
    print(f"on the big log against a {SMALL_ROWS}-row log (runs alternate). Warm-up runs are")
    print("dropped; Python's bytecode cache is on (a prefix in the temp dir).")
    for note in bench.notes:
        print(f"- {note}")
    failed = [f.name for f in bench.figures if not f.passed]
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
