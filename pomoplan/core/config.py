"""User settings (``config.yaml``) as a pydantic model: validation with located errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from pomoplan.core.locale import default_language
from pomoplan.core.models_common import Duration, Strict, TimerSpec
from pomoplan.core.settings import (
    HookSettings,
    KeySettings,
    NotifySettings,
    ObsidianSettings,
    Settings,
)
from pomoplan.core.studyday import parse_hhmm
from pomoplan.core.yamlfile import load_model

_KEY = re.compile(
    r"^((ctrl|alt|shift|meta|super)\+)*"
    r"([a-z0-9]|f([1-9]|1[0-9]|2[0-4])|space|enter|escape|tab|backspace|delete|insert|home|end"
    r"|pageup|pagedown|up|down|left|right|question_mark|exclamation_mark|comma|full_stop"
    r"|slash|minus|plus|equals_sign|colon|semicolon)$"
)


RESERVED_KEYS = {
    **dict.fromkeys(("up", "down", "home", "end", "pageup", "pagedown"), "moves in the lists"),
    "enter": "picks a slot",
    "escape": "closes a dialog",
    **dict.fromkeys(("left", "right"), "moves between weeks in the review"),
    "question_mark": "opens the help",
    **dict.fromkeys(("tab", "shift+tab"), "moves the focus"),
    "ctrl+p": "opens the command palette",
    **dict.fromkeys(("ctrl+c", "ctrl+q"), "is Textual's quit key"),
}
"""Keys the app binds itself, with what they do: a configured key cannot take them over."""


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

    # Defaults are checked too: ``pause: q`` takes quit's default key.
    model_config = ConfigDict(**Strict.model_config, validate_default=True)

    pause: str = Field(default="space", description="Start, pause or resume.")
    skip: str = Field(default="s", description="Skip the current phase.")
    interrupt: str = Field(default="x", description="Interrupt the focus.")
    review: str = Field(default="r", description="The weekly review.")
    today: str = Field(default="t", description="Today's plan.")
    stats: str = Field(default="g", description="Statistics: the year's heatmap.")
    note: str = Field(default="n", description="Add or edit the note of the last focus.")
    quit: str = Field(default="q", description="Quit.")

    @field_validator("*")
    @classmethod
    def _key_name(cls, value: str, info: ValidationInfo) -> str:
        if not _KEY.match(value):
            raise ValueError(f"{value!r} is not a key name (e.g. space, s, ctrl+s, f5)")
        if value in RESERVED_KEYS:
            raise ValueError(f"{value!r} {RESERVED_KEYS[value]}; choose another key")
        for other, key in info.data.items():  # the keys validated before this one
            if key == value:
                raise ValueError(f"{value!r} is already the key of {other}")
        return value


class Obsidian(Strict):
    """An Obsidian (or any Markdown) daily note that keeps a block of the day's pomodoros."""

    daily_note: str | None = Field(
        default=None,
        description='The note of a day: a path with {date}, e.g. "~/Vault/Daily/{date}.md".',
    )
    heading: str | None = Field(
        default=None,
        description='The block goes under this line (e.g. "## 番茄"), else at the end.',
    )

    @field_validator("daily_note")
    @classmethod
    def _has_date(cls, value: str | None) -> str | None:
        if value is not None and "{date}" not in value:
            raise ValueError('needs {date} where the day goes, e.g. "~/Vault/Daily/{date}.md"')
        return value


class Config(TimerSpec):
    """The settings in ``config.yaml``; every key is optional (the timer lengths come first)."""

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
    obsidian: Obsidian = Field(default_factory=Obsidian, description="The daily note block.")
    sync_dir: str | None = Field(
        default=None,
        description="A folder you already sync (Syncthing, Dropbox, an Obsidian vault, a git "
        "repository): each device appends its record to its own files there.",
    )

    @field_validator("sync_dir")
    @classmethod
    def _folder(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("expected a folder path")
        return value

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

    def to_settings(self) -> Settings:
        """The validated values as plain data (what the app and the cache use)."""
        return Settings(
            focus=self.focus,
            short_break=self.short_break,
            long_break=self.long_break,
            long_every=self.long_every,
            auto_start_breaks=self.auto_start_breaks,
            auto_start_focus=self.auto_start_focus,
            day_starts_at=parse_hhmm(self.day_starts_at),
            suspend_policy=self.suspend_policy,
            language=self.language,
            theme=self.theme,
            notify=NotifySettings(**self.notify.model_dump()),
            hooks=HookSettings(**self.hooks.model_dump()),
            keys=KeySettings(**self.keys.model_dump()),
            obsidian=ObsidianSettings(**self.obsidian.model_dump()),
            sync_dir=self.sync_dir,
            given=frozenset(self.model_fields_set),
        )


def load_config(path: Path) -> Config:
    """Read ``config.yaml``; a missing file means all defaults.

    Raises:
        InputError: the file is not valid, with every problem located.
    """
    if not path.exists():
        return Config()
    return load_model(path, Config, empty_ok=True)


__all__ = ["Config", "Hooks", "Keys", "Notify", "Obsidian", "default_language", "load_config"]
