"""Parse and format durations such as ``25m``, ``90s``, ``1h30m`` or a bare number of minutes."""

from __future__ import annotations

import re

LONG_EVERY_MIN, LONG_EVERY_MAX = 1, 100
"""A long break after every N-th focus: the N config, curricula and ``--long-every`` accept."""

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|s)")
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[hms]\s*)+$")


def parse_duration(text: str | int | float) -> int:
    """Return a duration in whole seconds.

    Args:
        text: ``25m``, ``90s``, ``1h``, ``1h30m``, or a bare number of minutes.

    Raises:
        ValueError: the text is not a duration, or it is not positive.
    """
    try:
        seconds = _seconds(text)
    except OverflowError:  # 400 nines, 1e999: float() gives inf
        raise ValueError("a duration must be at most 24h") from None
    if seconds <= 0:
        raise ValueError("a duration must be longer than 0 seconds")
    if seconds > 24 * 3600:
        raise ValueError("a duration must be at most 24h")
    return seconds


def _seconds(text: str | int | float) -> int:
    if isinstance(text, bool):
        raise ValueError("expected a duration like 25m, 90s or 1h30m")
    if isinstance(text, int | float):
        seconds = round(float(text) * 60)
    else:
        raw = text.strip().lower()
        if re.fullmatch(r"\d+(?:\.\d+)?", raw):
            seconds = round(float(raw) * 60)
        elif _WHOLE.match(raw):
            factor = {"h": 3600, "m": 60, "s": 1}
            seconds = round(sum(float(n) * factor[u] for n, u in _PART.findall(raw)))
        else:
            raise ValueError(f"{text!r} is not a duration (use 25m, 90s, 1h or 1h30m)")
    return seconds


def format_duration(seconds: int) -> str:
    """Format seconds the way they are written in config: ``25m``, ``90s``, ``1h30m``."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    out = ""
    if hours:
        out += f"{hours}h"
    if minutes:
        out += f"{minutes}m"
    if secs or not out:
        out += f"{secs}s"
    return out


def format_clock(seconds: float) -> str:
    """Format remaining seconds as ``MM:SS`` (or ``H:MM:SS`` past an hour), rounding up."""
    total = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
