"""bench/bench.py still runs: a smoke test of the script, never a timing assertion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import command

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"


pytestmark = pytest.mark.bench  # not in the default run: `pytest -m bench`


def test_quick_bench_prints_every_row() -> None:
    command()  # the bench drives the installed command in tmux
    if shutil.which("tmux") is None:
        if os.environ.get("POMOPLAN_CI"):
            pytest.fail("tmux is not installed (CI installs it)")
        pytest.skip("needs tmux")
    out = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    for name in (
        "first slot on screen (median",
        "first slot on screen, 500-row log",
        "CPU while counting",
        "RSS while counting",
        "status latency",
        "today --json, 500 rows",
        "status, 500 rows",
        "review --json, 500 rows",
        "export --format json, 500 rows: peak RSS",
        "export --format csv, 500 rows: peak RSS",
        "export --format md, 500 rows: peak RSS",
        "export --format ics, 500 rows: peak RSS",
        "export --format json, 500 rows: time",
        "record one phase",
    ):
        assert name in out.stdout, f"{name!r} missing from:\n{out.stdout}"
    for line in out.stdout.splitlines():
        if line.startswith("| ") and not line.startswith(("| measure", "| ---")):
            assert line.rstrip(" |").endswith(("PASS", "FAIL")), line
