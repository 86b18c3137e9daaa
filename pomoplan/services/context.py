"""What the commands and the app need: paths, settings, the log and the curriculum in force."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pomoplan.core.clock import Clock, SystemClock
from pomoplan.core.errors import InputError
from pomoplan.core.layout import DEFAULT_MODE, MODES, Replan
from pomoplan.core.plan import Curriculum, ReadOnly
from pomoplan.core.schedule import Schedule
from pomoplan.core.settings import Settings
from pomoplan.core.studyday import study_date_of
from pomoplan.store import catalog
from pomoplan.store.cache import cached
from pomoplan.store.log import Activation, LogStore
from pomoplan.store.paths import Paths, resolve_paths
from pomoplan.store.state import trusted_now
from pomoplan.text.i18n import t


class Plan(ReadOnly):
    """The curriculum in force and the date it started (read-only; ``_replace`` makes a
    changed copy)."""

    curriculum: Curriculum
    start: date
    entry: catalog.Entry
    active: bool
    mode: str
    """How the plan's days are laid from the start (core/layout.py)."""
    replans: tuple[Replan, ...]
    """The re-plans in force (not undone), oldest first."""
    activation_id: str
    """The activation re-plans apply to ("" when the plan is not the active one)."""
    ahead: str
    """When the activation in force was made, if that is after now (the clock was ahead then:
    its start date may be too); "" otherwise."""

    _COMPARED = (
        "curriculum", "start", "entry", "active", "mode", "replans", "activation_id", "ahead",
    )  # fmt: skip

    def __init__(
        self,
        curriculum: Curriculum,
        start: date,
        entry: catalog.Entry,
        active: bool,
        mode: str = DEFAULT_MODE,
        replans: tuple[Replan, ...] = (),
        activation_id: str = "",
        ahead: str = "",
    ) -> None:
        self._set(
            curriculum=curriculum,
            start=start,
            entry=entry,
            active=active,
            mode=mode,
            replans=replans,
            activation_id=activation_id,
            ahead=ahead,
        )

    def _replace(self, **changes: Any) -> Plan:
        """A copy with ``changes`` (its schedule built afresh)."""
        values = dict(zip(self._COMPARED, self._compared(), strict=True))
        return Plan(**{**values, **changes})

    def __repr__(self) -> str:
        return f"Plan({self.curriculum.id!r}, start={self.start!r}, replans={len(self.replans)})"

    @cached_property
    def schedule(self) -> Schedule:
        """The curriculum placed on the calendar (built once: it caches slot lookups)."""
        return Schedule(self.curriculum, self.start, self.mode, self.replans)


class Context:
    """Lazily loaded parts shared by the subcommands."""

    def __init__(
        self,
        paths: Paths | None = None,
        clock: Clock | None = None,
        on_open: Callable[[LogStore], None] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.paths = resolve_paths() if paths is None else paths
        self.clock: Clock = SystemClock() if clock is None else clock
        self.on_open = on_open
        """Called with each log opened for writing (the CLI attaches the sync journal)."""
        self.warn = warn
        """Told, once each, what does not stop a command but must be said (a plan synced from
        another device that is not on this machine)."""
        self._config: Settings | None = None
        self._saved: dict[str, Any] | None = None
        """The saved timer state (read once), whose clock readings bound ``time_now()``."""
        self._warned: set[str] = set()

    @property
    def config(self) -> Settings:
        """The settings of ``config.yaml`` (InputError when invalid); defaults without one."""
        if self._config is None:
            path = self.paths.config_file
            if path.exists():
                self._config = cached(path, self.cache_dir, Settings, lambda: _validate(path))
            else:
                self._config = Settings()
        return self._config

    def time_now(self, store: LogStore | None = None) -> float:
        """The time now (epoch seconds) as the timer takes it: the wall clock, but no later
        than the timer's saved time plus the boot time passed since, when it was saved during
        this boot (a wall clock set ahead since is not believed: nothing is dated by it).

        The saved state is read once, through ``store`` when the caller has the log open.
        """
        if self._saved is None:
            self._saved = {}
            if self.paths.db_file.exists():
                import sqlite3

                from pomoplan.store.database import StoreError
                from pomoplan.store.state import check_state, read_state

                # A log that cannot be read: the command that reads it says what is wrong.
                with suppress(StoreError, sqlite3.Error):
                    saved = read_state(self.paths.db_file) if store is None else store.load_state()
                    self._saved = check_state(saved).state or {}
        clock = self.clock
        return trusted_now(self._saved or None, clock.wall(), clock.boot_id(), clock.boottime())

    def now(self) -> datetime:
        """``time_now()`` as an aware local time (the offset of that instant): what events are
        dated by."""
        return self.clock.local(self.time_now())

    def aware(self, naive: datetime) -> datetime:
        """A local time given without an offset (``--at``), with the UTC offset in force at
        that instant (daylight saving), not the one in force now."""
        guess = naive.replace(tzinfo=self.clock.tz())
        there = self.clock.local(guess.timestamp())
        if there.utcoffset() == guess.utcoffset():
            return guess
        return naive.replace(tzinfo=there.tzinfo)

    def today(self) -> date:
        """The current study date (``day_starts_at`` applies), by ``time_now()``."""
        return study_date_of(self.time_now(), self.clock.tz(), self.config.day_starts_at)

    def open_store(self) -> LogStore:
        """The log, for writing (created on first use); ``on_open`` gets it first (sync
        attaches this device's journal there)."""
        self.paths.ensure()
        store = LogStore(self.paths.db_file)
        if self.on_open is not None:
            self.on_open(store)
        return store

    @property
    def cache_dir(self) -> Path | None:
        """Where validated curricula are cached, once the data dir exists."""
        return self.paths.cache_dir if self.paths.data_dir.is_dir() else None

    @contextmanager
    def read_store(self) -> Iterator[LogStore | None]:
        """The log opened for reading, closed afterwards; None when nothing was recorded yet."""
        if not self.paths.db_file.exists():
            yield None
            return
        with LogStore(self.paths.db_file, readonly=True) as store:
            yield store

    def plan(self, override: str | None = None, store: LogStore | None = None) -> Plan:
        """The curriculum given, else the active one, else the bundled default from today."""
        activation = store.active(self.time_now(store)) if store is not None else None
        if override is None and activation is not None:
            found = self._activated(activation)
            if found is not None:
                return _active_plan(found[1], found[0], activation, store)
            activation = None  # not on this machine (said once): the default plan is shown
        name = override or catalog.DEFAULT_REF
        entry = catalog.find(name, self.paths.curricula_dir)
        curriculum = catalog.load(entry, self.cache_dir)
        if activation is not None and entry.is_ref(activation.path):
            return _active_plan(curriculum, entry, activation, store)
        return Plan(curriculum, self.today(), entry, override is None)

    def _activated(self, activation: Activation) -> tuple[catalog.Entry, Curriculum] | None:
        """The active curriculum: at the path it was started from, else (an activation synced
        from another device names that device's file) the same curriculum here, found by its
        file name or id; None, said once through ``warn``, when this machine has neither."""
        user_dir = self.paths.curricula_dir
        try:
            entry = catalog.find(activation.path, user_dir)
        except InputError:
            pass
        else:
            return entry, catalog.load(entry, self.cache_dir)
        for entry in catalog.candidates(activation.path, activation.curriculum_id, user_dir):
            try:
                curriculum = catalog.load(entry, self.cache_dir)
            except InputError:
                continue  # a file of that name that is not a valid curriculum: not this one
            if curriculum.id == activation.curriculum_id:
                return entry, curriculum
        message = t(
            "plan_not_here",
            id=activation.curriculum_id,
            path=activation.path,
            default=catalog.DEFAULT_ID,
            dir=str(user_dir),
        )
        if self.warn is not None and message not in self._warned:
            self._warned.add(message)
            self.warn(message)
        return None


def made_ahead_line(plan: Plan, user_dir: Path) -> str:
    """The line that says the activation in force was made by a clock that was ahead ("" if
    it was not): the command ``today`` and the app both show it."""
    if not plan.ahead:
        return ""
    from pomoplan.text.i18n import t

    made = plan.ahead[:16].replace("T", " ")
    return t(
        "plan_made_ahead",
        made_at=made,
        start=plan.start.isoformat(),
        id=start_name(plan.entry, user_dir),
    )


def start_name(entry: catalog.Entry, user_dir: Path) -> str:
    """What to give ``pomoplan start`` to start this very file again: a bundled plan a user
    plan shadows is ``bundled:ID``, a user file outside the curricula folder its path."""
    if entry.kind == "bundled":
        return catalog.name_of(entry, catalog.entries(user_dir))
    try:
        inside = entry.path.resolve().parent == user_dir.resolve()
    except OSError:
        inside = False
    if inside:
        return entry.id
    import shlex

    return shlex.quote(str(entry.path))


def _active_plan(
    curriculum: Curriculum, entry: catalog.Entry, activation: Activation, store: LogStore | None
) -> Plan:
    from pomoplan.services.replanning import replans_in_force

    mode = activation.mode if activation.mode in MODES else DEFAULT_MODE
    replans = replans_in_force(store, activation.id) if curriculum.kind == "calendar" else ()
    return Plan(
        curriculum,
        activation.start_date,
        entry,
        True,
        mode,
        replans,
        activation.id,
        activation.ahead,
    )


def path_arg(text: str) -> Path:
    """A path given on the command line."""
    return Path(text).expanduser()


def _validate(path: Path) -> Settings:
    from pomoplan.core.config import load_config  # pydantic and YAML: only here

    return load_config(path).to_settings()
