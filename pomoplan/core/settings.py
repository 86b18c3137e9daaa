"""The settings in force as plain data, and the precedence of timer lengths; no pydantic here."""

from collections.abc import Mapping
from datetime import time
from typing import Any, NamedTuple

from pomoplan.core.durations import format_duration
from pomoplan.core.plan import TimerLengths


class TimerSettings(NamedTuple):
    """Lengths and behaviour of the timer."""

    focus: int = 25 * 60
    """Seconds of a focus period: the one default of the timer lengths (config, curricula and
    ``pomoplan config`` read theirs from here); the first four fields are ``TimerLengths``'."""
    short_break: int = 5 * 60
    long_break: int = 15 * 60
    long_every: int = 4
    auto_start_breaks: bool = True
    auto_start_focus: bool = False
    suspend_policy: str = "count"
    day_starts_at: time = time(4, 0)

    def planned(self, phase: str) -> int:
        """Planned seconds of ``phase`` (a timer ``Phase``: focus, short_break, long_break)."""
        return {
            "focus": self.focus,
            "short_break": self.short_break,
            "long_break": self.long_break,
        }[phase]


class NotifySettings(NamedTuple):
    """How the end of a phase is announced."""

    toast: bool = True
    bell: bool = True
    desktop: bool = True


class HookSettings(NamedTuple):
    """Shell commands run on events, and how long they may run (seconds)."""

    on_phase_start: str | None = None
    on_phase_end: str | None = None
    timeout: int = 10


class KeySettings(NamedTuple):
    """Key bindings (Textual key names)."""

    pause: str = "space"
    skip: str = "s"
    interrupt: str = "x"
    review: str = "r"
    today: str = "t"
    stats: str = "g"
    note: str = "n"
    quit: str = "q"


class ObsidianSettings(NamedTuple):
    """The daily note pomoplan keeps a block of the day's pomodoros in."""

    daily_note: str | None = None
    """A path with ``{date}`` (the study date, YYYY-MM-DD); None: no daily note."""
    heading: str | None = None
    """The block goes under this line when it is not in the note yet (else at the end)."""


class Settings(NamedTuple):
    """Everything ``config.yaml`` can set, validated; defaults when there is no file."""

    focus: int | None = None
    short_break: int | None = None
    long_break: int | None = None
    long_every: int | None = None
    auto_start_breaks: bool = True
    auto_start_focus: bool = False
    day_starts_at: time = time(4, 0)
    suspend_policy: str = "count"
    language: str | None = None
    theme: str = "textual-dark"
    notify: NotifySettings = NotifySettings()
    hooks: HookSettings = HookSettings()
    keys: KeySettings = KeySettings()
    obsidian: ObsidianSettings = ObsidianSettings()
    sync_dir: str | None = None
    """A folder shared between devices (each appends its journal there), as written in
    ``config.yaml``."""
    given: frozenset[str] = frozenset()
    """The keys the file set (for ``pomoplan config``'s sources)."""

    @property
    def ui_language(self) -> str:
        """The language in force: the setting, else the locale."""
        from pomoplan.core.locale import default_language

        return self.language or default_language()


class Effective(NamedTuple):
    """Timer settings in force, and where each came from (cli, config, curriculum, default)."""

    settings: TimerSettings
    sources: dict[str, str]

    def describe(self) -> list[tuple[str, str, str]]:
        """Rows of (name, value, source) for ``pomoplan config``."""
        s = self.settings
        values = {
            "focus": format_duration(s.focus),
            "short_break": format_duration(s.short_break),
            "long_break": format_duration(s.long_break),
            "long_every": str(s.long_every),
            "auto_start_breaks": str(s.auto_start_breaks).lower(),
            "auto_start_focus": str(s.auto_start_focus).lower(),
            "suspend_policy": s.suspend_policy,
            "day_starts_at": s.day_starts_at.strftime("%H:%M"),
        }
        return [(k, v, self.sources.get(k, "default")) for k, v in values.items()]


_LENGTHS = TimerLengths._fields


def effective_timer(
    cli: Mapping[str, int | None] | None, config: Settings, curriculum: TimerLengths | None
) -> Effective:
    """Merge timer settings: CLI flags > config > curriculum ``timer:`` > defaults.

    Args:
        cli: ``focus``, ``short_break``, ``long_break`` (seconds) and ``long_every`` from flags.
        config: the user's settings.
        curriculum: the curriculum's ``timer:``.
    """
    defaults = TimerSettings()
    sources: dict[str, str] = {}
    values: dict[str, Any] = {}
    layers: list[tuple[str, Mapping[str, Any]]] = [
        ("cli", cli or {}),
        ("config", {k: getattr(config, k) for k in _LENGTHS}),
        ("curriculum", {k: getattr(curriculum, k) for k in _LENGTHS} if curriculum else {}),
    ]
    for name in _LENGTHS:
        for source, layer in layers:
            value = layer.get(name)
            if value is not None:
                values[name] = value
                sources[name] = source
                break
    for name in ("auto_start_breaks", "auto_start_focus", "suspend_policy", "day_starts_at"):
        if name in config.given:
            sources[name] = "config"
    settings = TimerSettings(
        **{name: values.get(name, getattr(defaults, name)) for name in _LENGTHS},
        auto_start_breaks=config.auto_start_breaks,
        auto_start_focus=config.auto_start_focus,
        suspend_policy=config.suspend_policy,
        day_starts_at=config.day_starts_at,
    )
    return Effective(settings, sources)
