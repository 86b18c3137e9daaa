"""The app's short-cut parser answers exactly as the full command line would."""

from __future__ import annotations

import re

import pytest

from pomoplan.__main__ import parse_args
from pomoplan.cli.arguments import build_parser
from pomoplan.core.errors import UsageError

SAME = [
    [],
    ["--date", "2026-11-23"],
    ["--date=2026-11-23", "--curriculum", "today"],  # a plan named like a command
    ["--focus", "10m", "--short-break", "90s", "--long-break", "1h", "--long-every", "3"],
    ["--foc", "10m", "--cur", "one-month"],  # abbreviations
    ["--long-every", "3"],
]
"""No command: the short-cut parser's cases (any command goes to the full parser itself)."""


@pytest.mark.parametrize("argv", SAME, ids=lambda a: " ".join(a) or "(none)")
def test_the_same_namespace_as_the_full_parser(argv: list[str]) -> None:
    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--date", "2026-13-01"], "is not a date"),
        (["--focus", "soon"], "--focus"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["--lo", "3"], "ambiguous option"),
        (["--nope"], "unrecognized arguments: --nope"),
        (["--long-every", "-3"], "must be from 1 to 100"),  # a value (not an option), refused
    ],
)
def test_mistakes_get_the_full_parsers_words(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message) as fast:
        parse_args(argv)
    with pytest.raises(UsageError) as full:
        build_parser().parse_args(argv)
    assert str(fast.value) == str(full.value)


def test_help_and_version_still_answer(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["-h"], ["--version"], ["--date", "2026-11-23", "--help"]):
        with pytest.raises(SystemExit) as done:
            parse_args(argv)
        assert done.value.code == 0
    out = capsys.readouterr().out
    assert "usage: pomoplan" in out and "pomoplan 0." in out


def test_options_before_the_command_count_and_after_it_win() -> None:
    assert parse_args(["--curriculum", "x.yaml", "today"]).curriculum == "x.yaml"
    assert parse_args(["--focus", "5m", "run"]).focus == 300
    both = parse_args(["--date", "2026-11-23", "today", "--date", "2026-11-24"])
    assert str(both.date) == "2026-11-24"
    assert parse_args(["today"]).curriculum is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--focus", "10m", "review"], "--focus goes with run (or no command), not with review"),
        (["--curriculum", "x", "start", "y"], "--curriculum goes with run or today"),
        (["--long-every", "3", "today"], "--long-every goes with run (or no command), not with"),
    ],
)
def test_an_option_its_command_ignores_is_a_usage_error(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        parse_args(argv)


COMMANDS = [
    ["today", "--json"],
    ["review", "--week", "2026-W48", "--json"],
    ["replan", "shift", "-2", "--from", "2026-11-23"],
    ["replan", "catch-up", "--per-day", "3"],
    ["start", "one-month", "--consecutive"],
    ["export", "--format", "json", "-o", "x.json"],
    ["log", "w1-mon-b1-s1", "--minutes", "20"],
    ["--curriculum", "today", "today"],  # the first word names a plan, not the command
    ["--date", "2026-11-23", "today", "--date", "2026-11-24"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_command_parsed_by_its_own_parser_alone_is_the_same(argv: list[str]) -> None:
    """parse_args builds only the named command's parser; the namespace must not change."""
    full = build_parser().parse_args(argv)
    assert build_parser(full.command).parse_args(argv) == full
    assert vars(parse_args(argv)) == vars(full)


def test_only_one_command_built_gives_the_same_help_and_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["--help"], ["today", "--help"], ["replan", "shift", "--help"]):
        for parser in (build_parser(), build_parser(argv[0])):
            with pytest.raises(SystemExit):
                parser.parse_args(argv)
        full, lean = capsys.readouterr().out.split("usage: ")[1:]
        assert full == lean
    for argv in (["today", "--bogus"], ["review", "--week"], ["nope"]):
        with pytest.raises(UsageError) as fast:
            parse_args(argv)
        with pytest.raises(UsageError) as full_error:
            build_parser().parse_args(argv)
        assert str(fast.value) == str(full_error.value)


PLAIN = [
    [],
    *([command] for command in ("today", "status", "review", "stats", "curricula", "history")),
    *([command] for command in ("sync", "undo", "replan", "config", "schema")),
    *([command, "--json"] for command in ("today", "status", "review", "stats", "curricula")),
    *([command, "--json"] for command in ("history", "sync", "undo", "replan")),
]
"""What parse_args answers without argparse (the app, and the commands scripts poll)."""


@pytest.mark.parametrize("argv", PLAIN, ids=lambda a: " ".join(a) or "(none)")
def test_what_is_parsed_without_argparse_is_what_argparse_gives(argv: list[str]) -> None:
    """A new option of one of these commands (its default) fails here until parse_args
    knows it."""
    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [["config", "--json"], ["schema", "--json"], ["today", "--js"], ["today", "--json", "x"]],
    ids=" ".join,
)
def test_anything_else_goes_to_argparse(argv: list[str]) -> None:
    try:
        expected = vars(build_parser().parse_args(argv))
    except UsageError as exc:
        with pytest.raises(UsageError, match=re.escape(str(exc))):
            parse_args(argv)
    else:
        assert vars(parse_args(argv)) == expected  # --js: argparse takes the abbreviation
