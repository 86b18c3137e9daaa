"""The ``pomoplan`` command: parse arguments, run a subcommand, map outcomes to exit codes."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from pomoplan.core.errors import UsageError

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2

_PLAIN: dict[str, tuple[str, ...] | None] = {
    "today": (), "status": ("format",), "review": ("week",), "stats": ("month", "year"),
    "curricula": (), "history": ("since", "until"), "sync": (), "undo": (),
    "replan": ("action",), "config": None, "schema": None,
}  # fmt: skip
"""Commands often run by scripts and status bars, and what argparse sets to None for them
when they are given alone or with ``--json`` (None: a command without ``--json``)."""
_FRONT = ("curriculum", "date", "focus", "short_break", "long_break", "long_every")
"""The options before a command (``cli/arguments.py``'s PLAN_OPTIONS + TIMER_OPTIONS)."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line.

    No words at all (the app), or one of the commands of ``_PLAIN`` alone or with ``--json``,
    gives the namespace argparse would without importing it: argparse, the gettext and
    locale modules it imports and the parsers it builds cost every start ~8 ms here
    (``tests/cli/test_parse_args.py`` checks that each is the one argparse gives). Anything
    else is parsed by argparse (``pomoplan.cli.arguments``).
    """
    words = list(sys.argv[1:] if argv is None else argv)
    plain = _plain(words)
    if plain is not None:
        return plain
    from pomoplan.cli.arguments import parse_args as parse

    return parse(words)


def _plain(words: list[str]) -> argparse.Namespace | None:
    if not words:
        return _namespace(command=None, **dict.fromkeys(_FRONT))
    command, flags = words[0], words[1:]
    if command not in _PLAIN or flags not in ([], ["--json"]):
        return None
    unset = _PLAIN[command]
    if unset is None:
        return None if flags else _namespace(command=command, **dict.fromkeys(_FRONT))
    return _namespace(
        command=command, json=bool(flags), **dict.fromkeys(_FRONT), **dict.fromkeys(unset)
    )


def _namespace(**values: object) -> argparse.Namespace:
    """What argparse would give: its readers see the same attributes (``vars`` included)."""
    return cast("argparse.Namespace", SimpleNamespace(**values))


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "run"
    if command == "run":  # the app: straight there, without the other commands' imports
        # Start-up builds ~50,000 long-lived objects (Textual, the plan); left on, the
        # collector scans them over and over before the first frame (~20 ms here). The app
        # collects once after that frame and freezes what survived (PomoplanApp.on_mount).
        gc.disable()
        try:
            from pomoplan.ui.launch import launch

            return launch(args)
        finally:  # the app turned it back on already, unless it never got to a first frame
            gc.enable()
    if command == "status":  # kept light: no pydantic, yaml or textual
        from pomoplan.cli.status import run_status

        return run_status(args)
    import importlib

    module = importlib.import_module(COMMAND_MODULES.get(command, "pomoplan.cli.commands"))
    if not gc.isenabled():  # turned off for start-up by run(): on for the command's work,
        gc.freeze()  # with the modules imported so far left out of every collection
        gc.enable()
    handler = getattr(module, f"cmd_{command}")
    result: int = handler(args)
    return result


COMMAND_MODULES = {
    **dict.fromkeys(
        ("log", "note", "amend", "delete", "undo", "history"), "pomoplan.cli.record_cmd"
    ),
    "stats": "pomoplan.cli.stats_cmd",
}
"""Commands kept in a module of their own (the others are in ``pomoplan.cli.commands``)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pomoplan``; return the exit code."""
    # pomoplan uses no pydantic plugins; looking for them costs ~20 ms of every start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        return _dispatch(parse_args(argv))
    except UsageError as exc:
        print(f"pomoplan: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        return _report(exc)


def _report(exc: Exception) -> int:
    from pomoplan.core.errors import InputError, report_lines
    from pomoplan.store.database import StoreError
    from pomoplan.text.safe import visible  # a path or a quoted title may hold controls

    if isinstance(exc, InputError):
        for line in report_lines(exc.problems):
            print(f"pomoplan: {visible(line)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, StoreError):
        print(f"pomoplan: {visible(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    import sqlite3

    if isinstance(exc, sqlite3.DatabaseError):  # damage only a query runs into
        from pomoplan.store.paths import resolve_paths

        db = resolve_paths().db_file
        message = f"{db}: the log is damaged ({exc}); it was left as it is"
        print(f"pomoplan: {visible(message)}", file=sys.stderr)
        return EXIT_FAILURE
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        print(f"pomoplan: {visible(f'{name}{exc.strerror or exc}')}", file=sys.stderr)
        return EXIT_FAILURE
    raise exc


def run() -> None:
    """Console-script entry point.

    Start-up imports a few thousand long-lived objects, and the collector would scan them
    again and again while it does; at exit, it would scan everything once more before the
    process ends anyway. So collection is off until the command's modules are imported
    (``_dispatch`` freezes them, then turns it on), and what is left is frozen before the
    exit: ~15 ms of every command here. Only garbage in reference cycles is left for the
    operating system to reclaim; files and the log are closed by their owners first.
    """
    gc.disable()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
