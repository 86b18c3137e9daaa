"""Run ``pomoplan`` commands in the test process: ``main(argv)`` with the environment and the
folder a real command would get, its output captured, its result shaped like subprocess.run's.

Tests of what commands print use this (fast, and they run whether or not the ``pomoplan``
command is on PATH); the few that must see the real installed command use :func:`command`.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest


@contextlib.contextmanager
def _environment(env: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_main(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: Path | str | None = None,
    stdin: str = "",
) -> subprocess.CompletedProcess[str]:
    """``pomoplan ARGV`` as the process would run it: exit code, stdout and stderr."""
    from pomoplan.__main__ import main
    from pomoplan.text.i18n import set_language

    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    old_in = sys.stdin
    try:
        with _environment(dict(os.environ) if env is None else env):
            if cwd is not None:
                os.chdir(cwd)
            sys.stdin = io.StringIO(stdin)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(list(argv))
                except SystemExit as exc:  # argparse: --help, --version, usage errors
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdin = old_in
        os.chdir(here)
        set_language("en")  # a command sets the language of its config; tests start in English
    return subprocess.CompletedProcess(["pomoplan", *argv], code, out.getvalue(), err.getvalue())


def command() -> str:
    """The installed ``pomoplan`` command for the real-command smoke tests.

    Missing, the test is skipped on a developer's machine but fails in CI (``POMOPLAN_CI=1``,
    set by ``.ci/run``, which installs the command): a smoke test never passes by not running.
    """
    found = shutil.which("pomoplan") or shutil.which(
        "pomoplan", path=str(Path(sys.executable).parent)
    )
    if found is None:
        if os.environ.get("POMOPLAN_CI"):
            pytest.fail("the pomoplan command is not installed (CI installs it)")
        pytest.skip("the pomoplan command is not installed")
    return found
