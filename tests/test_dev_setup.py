"""The traps a developer met in a fresh clone stay closed: how tests run, what the gates cover."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_python_dash_m_pytest_runs_from_the_checkout() -> None:
    # `python -m pytest` puts the checkout first on sys.path: the flat tree shadows the
    # installed package (no pomoplan.curricula there); 68 tests failed that way once.
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "tests/test_one_source.py", "tests/core/test_bundled_curricula.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert " passed" in out.stdout and "skipped" not in out.stdout


def test_mypy_is_strict_over_the_whole_package() -> None:
    mypy = PYPROJECT["tool"]["mypy"]
    assert mypy["files"] == ["pomoplan"] and mypy["strict"] is True
    assert not any(o.get("strict") is False for o in mypy.get("overrides", []))


def test_the_bench_smoke_test_is_out_of_the_default_run_and_ci_runs_it() -> None:
    options = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert "-m 'not bench'" in options["addopts"]
    assert "pytest.mark.bench" in (ROOT / "tests" / "test_bench.py").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest -q -m bench" in ci and "python -m pytest" in ci and "POMOPLAN_CI=1" in ci


def test_no_test_skips_itself_when_the_command_is_missing() -> None:
    # Command tests run main(argv) in-process (cli_run.run_main); the few real-command smoke
    # tests ask cli_run.command(), which fails in CI instead of skipping.
    for path in (ROOT / "tests").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name not in ("cli_run.py", "test_dev_setup.py"):
            assert 'which("pomoplan")' not in text, path


def test_comments_say_the_rule_instead_of_citing_documents_outside_the_repository() -> None:
    import re

    cites = re.compile(r"\bSPEC\b|\b[Ii]ssue #?\d+")
    for path in (ROOT / "pomoplan").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not cites.search(line), f"{path.relative_to(ROOT)}:{n}: {line.strip()}"


def test_the_textual_floor_stated_is_one_that_has_what_the_app_uses() -> None:
    # textual>=1.0 was claimed; 1.0-6.1 lack Footer(compact=...), used by the review and stats.
    import inspect

    from textual.widgets import Footer

    (textual,) = [d for d in PYPROJECT["project"]["dependencies"] if d.startswith("textual")]
    assert textual == "textual>=6.2,<9"
    assert "compact" in inspect.signature(Footer.__init__).parameters
