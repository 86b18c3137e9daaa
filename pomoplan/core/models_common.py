"""Pydantic building blocks shared by curricula and config: strict models, durations, resources."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from pomoplan.core.durations import (
    LONG_EVERY_MAX,
    LONG_EVERY_MIN,
    format_duration,
    parse_duration,
)
from pomoplan.core.timer import TimerSettings


class Strict(BaseModel):
    """Base for user-written models: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


def _duration(value: Any) -> int:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value) and not value > 0:
            raise ValueError("expected a duration like 25m, 90s, 1h30m or a number of minutes")
        try:
            return parse_duration(value)
        except OverflowError:  # .inf, 1e400, or hundreds of digits
            raise ValueError("a duration must be at most 24h") from None
    raise ValueError("expected a duration like 25m, 90s, 1h30m or a number of minutes")


Duration = Annotated[
    int,
    BeforeValidator(_duration),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*(\d+(\.\d+)?\s*[hms]?\s*)+$"},
                {"type": "number", "exclusiveMinimum": 0},
            ],
            "description": "A duration: 25m, 90s, 1h, 1h30m, or a number of minutes.",
        }
    ),
]
"""A duration in seconds, written as ``25m``, ``90s``, ``1h30m`` or a bare number of minutes."""


class Resource(Strict):
    """A book, course, paper, survey, code repository or dataset that helps with a slot."""

    title: str = Field(min_length=1, description="What to read, watch or use.")
    kind: str | None = Field(
        default=None, description="book, course, paper, survey, code, dataset, docs, site..."
    )
    url: str | None = Field(default=None, description="Where to find it, if it has an address.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        """Accept a bare string as the title."""
        if isinstance(value, str):
            return {"title": value}
        return value


_DEFAULT = TimerSettings()


class TimerSpec(Strict):
    """Timer lengths a curriculum (or config) asks for; any left out keep their default."""

    focus: Duration | None = Field(
        default=None, description=f"Length of a focus period ({format_duration(_DEFAULT.focus)})."
    )
    short_break: Duration | None = Field(
        default=None,
        description=f"Length of a short break ({format_duration(_DEFAULT.short_break)}).",
    )
    long_break: Duration | None = Field(
        default=None,
        description=f"Length of a long break ({format_duration(_DEFAULT.long_break)}).",
    )
    long_every: int | None = Field(
        default=None,
        ge=LONG_EVERY_MIN,
        le=LONG_EVERY_MAX,
        description=f"A long break after every N-th focus ({_DEFAULT.long_every}).",
    )
