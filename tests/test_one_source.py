"""Each fact is declared once; where a copy is kept for start-up speed, the copies agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pomoplan.cli.arguments import TIMER_OPTIONS
from pomoplan.core.config import Config
from pomoplan.core.durations import format_duration
from pomoplan.core.models_common import Resource as ResourceSpec
from pomoplan.core.models_common import TimerSpec
from pomoplan.core.plan import Resource, TimerLengths
from pomoplan.core.settings import Settings
from pomoplan.core.timer import PhaseRecord, TimerSettings
from pomoplan.store.migrations import LOG_COLUMNS


def test_the_timer_lengths_have_one_spelling_everywhere() -> None:
    names = TimerLengths._fields
    assert names == ("focus", "short_break", "long_break", "long_every")
    assert tuple(TimerSpec.model_fields) == names
    assert tuple(Config.model_fields)[: len(names)] == names  # Config inherits them
    assert TimerSettings._fields[: len(names)] == names
    assert Settings._fields[: len(names)] == names
    assert "day_starts_at" in Config.model_fields
    assert "day_starts_at" in Settings._fields and "day_starts_at" in TimerSettings._fields


def test_the_default_lengths_are_the_timers_and_the_words_that_name_them_agree() -> None:
    from pomoplan.cli.arguments import TIMER_OPTIONS, parse_args

    defaults = TimerSettings()
    assert TimerLengths._fields == TIMER_OPTIONS  # a copy: __main__ imports nothing at start
    for name in ("focus", "short_break", "long_break"):
        words = format_duration(getattr(defaults, name))
        assert f"({words})" in (TimerSpec.model_fields[name].description or "")
    assert f"({defaults.long_every})" in (TimerSpec.model_fields["long_every"].description or "")
    # No file, no flags, no curriculum timer: the timer's own defaults.
    from pomoplan.core.settings import effective_timer

    assert effective_timer(None, Settings(), None).settings == defaults
    assert parse_args(["run"]).focus is None  # flags do not carry a default of their own


def test_the_resource_copy_without_pydantic_agrees_with_the_model() -> None:
    # plan.Resource is what the cache holds (no pydantic at start-up); the model validates.
    assert Resource._fields == tuple(ResourceSpec.model_fields)
    for name, field in ResourceSpec.model_fields.items():
        if not field.is_required():
            assert Resource._field_defaults[name] == field.default
    spec = ResourceSpec.model_validate({"title": "Fluent Python", "kind": "book"})
    assert Resource(**spec.model_dump()) == Resource("Fluent Python", "book")


def test_the_log_fields_are_the_records_and_every_table_and_test_row_has_them(
    tmp_path: Path,
) -> None:
    from logrows import log_row

    from pomoplan.store.log import LogStore

    assert PhaseRecord._fields == LOG_COLUMNS
    assert tuple(log_row("r1", "2026-11-25")) == LOG_COLUMNS
    with LogStore(tmp_path / "log.db"):
        pass
    conn = sqlite3.connect(tmp_path / "log.db")
    for table in ("phases", "records"):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        assert tuple(columns[: len(LOG_COLUMNS)]) == LOG_COLUMNS, table
    conn.close()


def test_the_options_before_a_command_are_the_parsers() -> None:
    from pomoplan.__main__ import _FRONT
    from pomoplan.cli.arguments import PLAN_OPTIONS

    assert _FRONT == PLAN_OPTIONS + TIMER_OPTIONS  # a copy: the app starts without argparse


def test_the_log_columns_are_the_timer_records_fields() -> None:
    assert PhaseRecord._fields == LOG_COLUMNS  # a copy: reading the log imports no timer


def test_a_record_becomes_a_row_of_exactly_the_log_fields() -> None:
    from datetime import date, datetime, timedelta, timezone

    from pomoplan.core.timer import Phase, Status

    zone = timezone(timedelta(hours=8))
    record = PhaseRecord(
        "r1", Phase.FOCUS, Status.COMPLETED, "c", "s", "t", "k", 1500, 1500, 0, 0,
        datetime(2026, 11, 25, 9, tzinfo=zone), datetime(2026, 11, 25, 9, 25, tzinfo=zone),
        date(2026, 11, 25),
    )  # fmt: skip
    row = record.as_row()
    assert tuple(row) == LOG_COLUMNS
    assert (row["kind"], row["started_at"], row["study_date"]) == (
        "focus",
        "2026-11-25T09:00:00+08:00",
        "2026-11-25",
    )


@pytest.mark.parametrize("have_user_copy", [False, True])
def test_the_default_plan_is_the_bundled_one_everywhere(
    tmp_path: Path, have_user_copy: bool
) -> None:
    # The app's first run, today/review and curricula all name it by catalog.DEFAULT_REF.
    from pomoplan.services.context import Context
    from pomoplan.store import catalog
    from pomoplan.store.paths import Paths

    paths = Paths(tmp_path, tmp_path)
    paths.ensure()
    default = catalog.find(catalog.DEFAULT_REF, paths.curricula_dir)
    assert (default.id, default.kind) == (catalog.DEFAULT_ID, "bundled")
    if have_user_copy:  # a user curriculum with the default's id is not the default
        paths.curricula_dir.mkdir(parents=True, exist_ok=True)
        (paths.curricula_dir / f"{catalog.DEFAULT_ID}.yaml").write_bytes(default.path.read_bytes())
    assert catalog.find(catalog.DEFAULT_REF, paths.curricula_dir) == default
    assert Context(paths=paths).plan().entry == default
