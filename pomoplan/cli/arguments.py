"""The command line: every command, its options and their help, parsed with argparse."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NoReturn, cast

from pomoplan.core.errors import UsageError


def _help_width() -> int:
    """The terminal's width as argparse takes it (``COLUMNS``, else the terminal, else 80),
    less its margin: read once, without the ``shutil`` import argparse would make for every
    argument it adds (~4 ms of every start here)."""
    global _HELP_WIDTH
    if _HELP_WIDTH is None:
        try:
            columns = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            columns = 0
        if columns <= 0:
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                columns = 0
        _HELP_WIDTH = (columns or 80) - 2
    return _HELP_WIDTH


_HELP_WIDTH: int | None = None


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout at :func:`_help_width`."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = _help_width() if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one line, exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _duration(text: str) -> int:
    from pomoplan.core.durations import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _long_every(text: str) -> int:
    from pomoplan.core.durations import LONG_EVERY_MAX, LONG_EVERY_MIN

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not LONG_EVERY_MIN <= n <= LONG_EVERY_MAX:
        raise argparse.ArgumentTypeError(
            f"must be from {LONG_EVERY_MIN} to {LONG_EVERY_MAX} (config's long_every too)"
        )
    return n


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-27") from None


def _moment(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip().replace("T", " "), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'{text!r} is not a time like "2026-11-27 14:30"'
        ) from None


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None
    if not 1 <= value <= 24 * 60:
        raise argparse.ArgumentTypeError(f"{value} minutes: give 1 to 1440")
    return value


PLAN_OPTIONS = ("curriculum", "date")
TIMER_OPTIONS = ("focus", "short_break", "long_break", "long_every")
OPTIONS_OF: dict[str | None, tuple[str, ...]] = {
    None: PLAN_OPTIONS + TIMER_OPTIONS,
    "run": PLAN_OPTIONS + TIMER_OPTIONS,
    "today": PLAN_OPTIONS,
}
"""Which of the options before a command each command takes (the others take none)."""


def _add_plan_args(p: argparse.ArgumentParser, default: object = None) -> None:
    p.add_argument(
        "--curriculum",
        metavar="NAME|PATH",
        default=default,
        help="a bundled or user curriculum, or a file",
    )
    p.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", default=default, help="show that plan day"
    )


def _add_timer_args(p: argparse.ArgumentParser, default: object = None) -> None:
    _add_plan_args(p, default)
    for flag, kind, metavar, text in (
        ("--focus", _duration, "D", "focus length (25m, 90s, 1h30m)"),
        ("--short-break", _duration, "D", "short break length (5m)"),
        ("--long-break", _duration, "D", "long break length (15m)"),
        ("--long-every", _long_every, "N", "a long break after every N focus"),
    ):
        p.add_argument(flag, type=kind, metavar=metavar, default=default, help=text)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line.

    Opening the app (no word but options) is parsed by a parser of just those options, and a
    command by a parser that builds only the command named by the first word: building every
    subcommand's parser costs each start ~5-10 ms. Anything either does not know (--help
    with no command, a mistake, a first word that is an option's value) goes to the full
    parser, which then answers exactly as it always does.
    """
    words = sys.argv[1:] if argv is None else argv
    only = next((w for w in words if not w.startswith("-")), None)
    if only is None:  # no command (no word at all): the app's options only
        app = _Parser(prog="pomoplan", add_help=False)
        _add_timer_args(app)
        app.set_defaults(command=None)
        try:
            return app.parse_args(argv)
        except UsageError:
            pass
    try:  # only the command named built (~10 ms less); anything else: the full parser
        args = build_parser(only).parse_args(argv)
    except UsageError:
        args = build_parser().parse_args(argv)
    _check_placement(args)
    return args


class _NotBuilt:
    """The parser of a command ``build_parser(only=...)`` did not build: adding arguments to
    it does nothing, and reaching it makes parse_args fall back to the full parser."""

    def __getattr__(self, _name: str) -> Any:
        return lambda *_args, **_kwargs: self

    def parse_known_args(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise UsageError("not built")


def _check_placement(args: argparse.Namespace) -> None:
    """``pomoplan --focus 10m review`` is a mistake to say, not an option to drop silently."""
    command = args.command
    own = OPTIONS_OF.get(command, ())
    for name in PLAN_OPTIONS + TIMER_OPTIONS:
        if name not in own and getattr(args, name, None) is not None:
            takers = "run or today" if name in PLAN_OPTIONS else "run"
            flag = "--" + name.replace("_", "-")
            raise UsageError(f"{flag} goes with {takers} (or no command), not with {command}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line: every command, its options and their help (with ``only``: every
    other command's parser left out; the top level's help and choices are the same)."""
    from pomoplan import __version__

    def command_parser(**kwargs: Any) -> Any:
        wanted = only is None or kwargs["prog"].rsplit(" ", 1)[-1] == only
        return _Parser(**kwargs) if wanted else _NotBuilt()

    parser = _Parser(
        prog="pomoplan",
        description="A terminal pomodoro timer for studying by a plan. "
        "With no command, opens the timer on today's slots.",
        epilog="POMOPLAN_HOME=DIR keeps config, data and state under DIR. "
        "Exit codes: 0 ok, 1 runtime failure, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"pomoplan {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=cast(Any, command_parser)
    )

    # Given before the command or after it: a subcommand's option, when left out, must not
    # overwrite the same option given before the command (argparse's default would).
    _add_timer_args(parser)
    run = sub.add_parser("run", help="open the timer on today's slots (the default)")
    _add_timer_args(run, argparse.SUPPRESS)

    p = sub.add_parser("today", help="today's slots, printed")
    _add_plan_args(p, argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("curricula", help="bundled and user curricula, which is active")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("start", help="make a curriculum active, starting on a date")
    p.add_argument("name", metavar="NAME|PATH")
    p.add_argument("--on", type=_date, metavar="YYYY-MM-DD", help="start date (default today)")
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--consecutive",
        dest="layout",
        action="store_const",
        const="consecutive",
        help="lay the plan's days one after another, weekends included (default: day 1 on the "
        "start date, the plan's weekend days on weekends)",
    )
    how.add_argument(
        "--as-written",
        dest="layout",
        action="store_const",
        const="as-written",
        help="each plan day on the weekday it names, from the start date's week "
        "(earlier days of that week become backlog)",
    )

    p = sub.add_parser("validate", help="check curriculum files, one line per problem")
    p.add_argument("files", nargs="+", metavar="FILE")

    sub.add_parser("schema", help="JSON Schema of the curriculum format (for editors)")

    p = sub.add_parser("review", help="the weekly review, printed")
    p.add_argument("--week", metavar="YYYY-Www", help="an ISO week (default: this week)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("status", help="one line for tmux/polybar: phase, time left, slot")
    p.add_argument(
        "--format",
        metavar="FMT",
        help="fields: {icon} {phase} {state} {remaining} {remaining_s} {slot_id} {slot_title}",
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="the log as csv, json, md or ics")
    p.add_argument("--format", required=True, choices=["csv", "json", "md", "ics"])
    p.add_argument("--since", type=_date, metavar="DATE", help="first study date (inclusive)")
    p.add_argument("--until", type=_date, metavar="DATE", help="last study date (inclusive)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    p = sub.add_parser("import", help="an Obsidian/Markdown study plan -> curriculum YAML")
    p.add_argument("note", metavar="NOTE.md")
    p.add_argument("-o", "--output", metavar="FILE", help="write the YAML to FILE")
    p.add_argument(
        "--dry-run", action="store_true", help="print the plan as an outline; write nothing"
    )

    sub.add_parser("config", help="where config and data live, and the settings in force")

    p = sub.add_parser("sync", help="merge the other devices' records from sync_dir now")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser(
        "replan", help="the changes made to the active plan's dates; shift, catch up"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    moves = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    q = moves.add_parser("shift", help="move the plan's days from DATE (default today) N days")
    q.add_argument("days", type=int, metavar="N", help="days later (negative: earlier)")
    q.add_argument("--from", dest="origin", type=_date, metavar="DATE", help="default today")
    q = moves.add_parser("catch-up", help="spread the backlog over the coming study days")
    q.add_argument(
        "--per-day", type=int, default=2, metavar="N", help="extra pomodoros a day (default 2)"
    )

    _add_record_commands(sub)
    return parser


def _add_record_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """The learner's corrections (log, note, amend, delete, undo) and the history."""
    p = sub.add_parser("history", help="recorded phases, newest first, each with its id")
    p.add_argument("--since", type=_date, metavar="DATE", help="first study date (inclusive)")
    p.add_argument("--until", type=_date, metavar="DATE", help="last study date (inclusive)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("log", help="record a focus done away from the keyboard")
    p.add_argument("slot", nargs="?", metavar="SLOT_ID", help="a slot of the active plan")
    p.add_argument("--title", metavar="TEXT", help="a free title instead of a slot")
    p.add_argument("--at", type=_moment, metavar='"YYYY-MM-DD HH:MM"', help="when it ended")
    p.add_argument("--minutes", type=_minutes, metavar="N", help="default: the focus length")
    p.add_argument("--note", metavar="TEXT", help="what was done or learned")

    p = sub.add_parser("note", help="set the note of a recorded focus")
    p.add_argument("id", metavar="ID", help="a record id, or the start of one")
    p.add_argument("text", metavar="TEXT", help='the note ("" clears it)')

    p = sub.add_parser("amend", help="change a record's minutes, slot, status or note")
    p.add_argument("id", metavar="ID", help="a record id, or the start of one")
    p.add_argument("--minutes", type=_minutes, metavar="N", help="minutes focused")
    p.add_argument("--slot", metavar="SLOT_ID", help="a slot of the active plan")
    p.add_argument("--status", choices=["completed", "skipped", "interrupted"])
    p.add_argument("--note", metavar="TEXT", help='the note ("" clears it)')

    p = sub.add_parser("delete", help="leave a record out of every figure (kept in history)")
    p.add_argument("id", metavar="ID", help="a record id, or the start of one")

    p = sub.add_parser("stats", help="days studied, a heatmap, tracks, planned against done")
    period = p.add_mutually_exclusive_group()
    period.add_argument("--month", metavar="YYYY-MM", help="a month (default: this month)")
    period.add_argument("--year", metavar="YYYY", help="a whole year")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("undo", help="take back the last log/note/amend/delete/replan")
    p.add_argument("--json", action="store_true", help="print JSON")
