"""Durations, config validation and the precedence of timer settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from pomoplan.core.config import Config, load_config
from pomoplan.core.durations import format_clock, format_duration, parse_duration
from pomoplan.core.errors import InputError
from pomoplan.core.plan import TimerLengths
from pomoplan.core.settings import effective_timer


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("25m", 1500),
        ("90s", 90),
        ("1h", 3600),
        ("1h30m", 5400),
        ("25", 1500),
        (5, 300),
        ("0.5", 30),
    ],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "abc", "0", "-5m", "25x", "m", "25 minutes", "30h", "9" * 400, "9" * 400 + "s"]
)
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_formats() -> None:
    assert format_duration(5400) == "1h30m"
    assert format_duration(90) == "1m30s"
    assert format_clock(1500) == "25:00"
    assert format_clock(0.2) == "00:01"
    assert format_clock(3700) == "1:01:40"


def test_precedence_cli_over_config_over_curriculum(tmp_path: Path) -> None:
    cfg_file = tmp_path / "config.yaml"
    cfg_file.write_text("short_break: 7m\nday_starts_at: '05:30'\n", encoding="utf-8")
    cfg = load_config(cfg_file)
    eff = effective_timer(
        {"focus": 60}, cfg.to_settings(), TimerLengths(focus=1800, short_break=600, long_every=3)
    )
    s = eff.settings
    assert (s.focus, s.short_break, s.long_break, s.long_every) == (60, 420, 900, 3)
    assert eff.sources == {
        "focus": "cli",
        "short_break": "config",
        "long_every": "curriculum",
        "day_starts_at": "config",
    }
    assert s.day_starts_at.hour == 5 and s.day_starts_at.minute == 30


def test_unquoted_day_start_is_read_as_a_time(tmp_path: Path) -> None:
    cfg_file = tmp_path / "config.yaml"
    cfg_file.write_text("day_starts_at: 04:30\n", encoding="utf-8")
    assert load_config(cfg_file).day_starts_at == "04:30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("focus: forever\n", "config.yaml:1:8: focus:"),
        ("keys: {pause: spacebar}\n", "config.yaml:1:15: keys.pause: 'spacebar' is not a key name"),
        ("notify:\n  toast: true\n  sound: true\n", "config.yaml:3:3: notify.sound: unknown key"),
        ("suspend_policy: sleep\n", "config.yaml:1:17: suspend_policy:"),
        ("theme: 3\n", "config.yaml:1:8: theme:"),
    ],
)
def test_config_errors_are_located(tmp_path: Path, text: str, expected: str) -> None:
    cfg_file = tmp_path / "config.yaml"
    cfg_file.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(cfg_file)
    found = [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]
    assert any(p.startswith(expected) for p in found), found


def test_missing_or_empty_config_is_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.yaml") == Config()
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert load_config(tmp_path / "empty.yaml") == Config()


@pytest.mark.parametrize(
    ("keys", "where", "message"),
    [
        ("{pause: q}", (2, 1), "'q' is already the key of pause"),  # at keys: quit's default
        ("{skip: up}", (2, 14), "'up' moves in the lists; choose another key"),
        ("{today: left}", (2, 15), "'left' moves between weeks in the review"),
        ("{review: enter}", (2, 16), "'enter' picks a slot"),
        ("{skip: k, interrupt: k}", (2, 28), "'k' is already the key of skip"),
    ],
)
def test_key_conflicts_are_located_config_errors(tmp_path, keys, where, message) -> None:
    from pomoplan.core.config import load_config
    from pomoplan.core.errors import InputError

    path = tmp_path / "config.yaml"
    path.write_text(f"focus: 25m\nkeys: {keys}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    (problem,) = info.value.problems
    assert problem.message.startswith(message)
    assert (problem.line, problem.column) == where


def test_long_every_0_is_refused_on_the_command_line_as_in_config() -> None:
    from pomoplan.__main__ import parse_args
    from pomoplan.core.errors import UsageError

    for bad in ("0", "-3", "101", "many"):
        with pytest.raises(UsageError, match="--long-every"):
            parse_args(["--long-every", bad])
    assert parse_args(["--long-every", "100"]).long_every == 100
