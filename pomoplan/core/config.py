"""User settings (``config.yaml``) as a pydantic model, and the precedence of timer settings."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from pomoplan.core.durations import format_duration
from pomoplan.core.models_common import Duration, Strict, TimerSpec
from pomoplan.core.studyday import parse_hhmm
from pomoplan.core.timer import TimerSettings
from pomoplan.core.yamlfile import load_model

_KEY = re.compile(
    r"^((ctrl|alt|shift|meta|super)\+)*"
    r"([a-z0-9]|f([1-9]|1[0-9]|2[0-4])|space|enter|escape|tab|backspace|delete|insert|home|end"
    r"|pageup|pagedown|up|down|left|right|question_mark|exclamation_mark|comma|full_stop"
    r"|slash|minus|plus|equals_sign|colon|semicolon)$"
)


class Notify(Strict):
    """How the end of a phase is announced."""

    toast: bool = Field(default=True, description="A notification inside the app.")
    bell: bool = Field(default=True, description="The terminal bell.")
    desktop: bool = Field(default=True, description="notify-send, where it is on PATH.")


class Hooks(Strict):
    """Shell commands run on events; details arrive in POMOPLAN_* environment variables."""

    on_phase_start: str | None = Field(default=None, description="Run when a phase starts.")
    on_phase_end: str | None = Field(default=None, description="Run when a phase ends.")
    timeout: Duration = Field(default=10, description="How long a hook may run (10s default).")

    @field_validator("timeout", mode="before")
    @classmethod
    def _bare_seconds(cls, value: Any) -> Any:
        """A bare number here means seconds, not minutes."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value}s"
        return value


class Keys(Strict):
    """Key bindings (Textual key names: space, s, ctrl+s, f5...)."""

    pause: str = Field(default="space", description="Start, pause or resume.")
    skip: str = Field(default="s", description="Skip the current phase.")
    interrupt: str = Field(default="x", description="Interrupt the focus.")
    review: str = Field(default="r", description="The weekly review.")
    today: str = Field(default="t", description="Today's plan.")
    quit: str = Field(default="q", description="Quit.")

    @field_validator("*")
    @classmethod
    def _key_name(cls, value: str) -> str:
        if not _KEY.match(value):
            raise ValueError(f"{value!r} is not a key name (e.g. space, s, ctrl+s, f5)")
        return value


def default_language(env: Mapping[str, str] | None = None) -> str:
    """``zh`` when the locale says Chinese, else ``en``."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class Config(Strict):
    """The settings in ``config.yaml``; every key is optional."""

    focus: Duration | None = Field(default=None, description="Focus length (25m).")
    short_break: Duration | None = Field(default=None, description="Short break length (5m).")
    long_break: Duration | None = Field(default=None, description="Long break length (15m).")
    long_every: int | None = Field(default=None, ge=1, le=100, description="Long break every N.")
    auto_start_breaks: bool = Field(default=True, description="A break starts by itself.")
    auto_start_focus: bool = Field(default=False, description="A focus starts by itself.")
    day_starts_at: str = Field(default="04:00", description="When a study day begins (HH:MM).")
    suspend_policy: Literal["count", "pause"] = Field(
        default="count", description="count: sleep time passes; pause: sleep is a pause."
    )
    language: Literal["en", "zh"] | None = Field(default=None, description="UI language.")
    theme: str = Field(default="textual-dark", description="A Textual theme name.")
    notify: Notify = Field(default_factory=Notify, description="Phase-end announcements.")
    hooks: Hooks = Field(default_factory=Hooks, description="Commands run on events.")
    keys: Keys = Field(default_factory=Keys, description="Key bindings.")

    @field_validator("day_starts_at", mode="before")
    @classmethod
    def _hhmm(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 04:00 as a sexagesimal number of minutes.
            value = f"{value // 60:02d}:{value % 60:02d}"
        if not isinstance(value, str):
            raise ValueError("expected a time of day like 04:00")
        try:
            parse_hhmm(value)
        except OverflowError:  # an hour of many digits
            raise ValueError("expected a time of day like 04:00") from None
        return value

    @property
    def day_start(self) -> time:
        """``day_starts_at`` as a time."""
        return parse_hhmm(self.day_starts_at)

    @property
    def ui_language(self) -> str:
        """The language in force: the setting, else the locale."""
        return self.language or default_language()


def load_config(path: Path) -> Config:
    """Read ``config.yaml``; a missing file means all defaults.

    Raises:
        InputError: the file is not valid, with every problem located.
    """
    if not path.exists():
        return Config()
    return load_model(path, Config, empty_ok=True)


@dataclass(frozen=True)
class Effective:
    """Timer settings in force, and where each came from (cli, config, curriculum, default)."""

    settings: TimerSettings
    sources: dict[str, str]

    def describe(self) -> list[tuple[str, str, str]]:
        """Rows of (name, value, source) for ``pomoplan config``."""
        s = self.settings
        values = {
            "focus": format_duration(s.focus_s),
            "short_break": format_duration(s.short_break_s),
            "long_break": format_duration(s.long_break_s),
            "long_every": str(s.long_every),
            "auto_start_breaks": str(s.auto_start_breaks).lower(),
            "auto_start_focus": str(s.auto_start_focus).lower(),
            "suspend_policy": s.suspend_policy,
            "day_starts_at": s.day_starts_at.strftime("%H:%M"),
        }
        return [(k, v, self.sources.get(k, "default")) for k, v in values.items()]


def effective_timer(
    cli: Mapping[str, int | None] | None, config: Config, curriculum: TimerSpec | None
) -> Effective:
    """Merge timer settings: CLI flags > config > curriculum ``timer:`` > defaults.

    Args:
        cli: ``focus``, ``short_break``, ``long_break`` (seconds) and ``long_every`` from flags.
        config: the user's config.
        curriculum: the curriculum's ``timer:``.
    """
    defaults = TimerSettings()
    sources: dict[str, str] = {}
    values: dict[str, Any] = {}
    layers: list[tuple[str, Mapping[str, Any]]] = [
        ("cli", cli or {}),
        ("config", config.model_dump()),
        ("curriculum", curriculum.model_dump() if curriculum else {}),
    ]
    for name in ("focus", "short_break", "long_break", "long_every"):
        for source, layer in layers:
            value = layer.get(name)
            if value is not None:
                values[name] = value
                sources[name] = source
                break
    for name in ("auto_start_breaks", "auto_start_focus", "suspend_policy", "day_starts_at"):
        if name in config.model_fields_set:
            sources[name] = "config"
    settings = TimerSettings(
        focus_s=values.get("focus", defaults.focus_s),
        short_break_s=values.get("short_break", defaults.short_break_s),
        long_break_s=values.get("long_break", defaults.long_break_s),
        long_every=values.get("long_every", defaults.long_every),
        auto_start_breaks=config.auto_start_breaks,
        auto_start_focus=config.auto_start_focus,
        suspend_policy=config.suspend_policy,
        day_starts_at=config.day_start,
    )
    return Effective(settings, sources)
