"""Clocks: wall time (timezone-aware) and monotonic time; the system clock and a fake one for tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Protocol


class Clock(Protocol):
    """Where the timer gets time from: two readings and the local time zone."""

    def wall(self) -> float:
        """Seconds since the epoch (UTC), as the system's calendar clock says."""
        ...

    def monotonic(self) -> float:
        """Seconds that only ever go forward; they stop while the machine sleeps."""
        ...

    def tz(self) -> tzinfo:
        """The local time zone, for study dates and displayed times."""
        ...


def local_tz() -> tzinfo:
    """The system's current local time zone as a fixed offset."""
    return datetime.now().astimezone().tzinfo or UTC


class SystemClock:
    """The real clocks of this machine."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        self._tz = zone or local_tz()

    def wall(self) -> float:
        """Seconds since the epoch (UTC)."""
        return time.time()

    def monotonic(self) -> float:
        """``time.monotonic()``: does not count suspend on Linux."""
        return time.monotonic()

    def tz(self) -> tzinfo:
        """The local time zone."""
        return self._tz


class FakeClock:
    """A clock that moves only when told: ``advance``, ``suspend`` or ``jump_wall``."""

    def __init__(self, start: datetime | None = None, zone: tzinfo | None = None) -> None:
        self._tz = zone or timezone(timedelta(hours=8))
        start = start or datetime(2026, 11, 23, 9, 0, tzinfo=self._tz)
        if start.tzinfo is None:
            start = start.replace(tzinfo=self._tz)
        self._wall = start.timestamp()
        self._mono = 1000.0

    def wall(self) -> float:
        """The fake wall time."""
        return self._wall

    def monotonic(self) -> float:
        """The fake monotonic time."""
        return self._mono

    def tz(self) -> tzinfo:
        """The fake local time zone (UTC+8 unless given)."""
        return self._tz

    def now(self) -> datetime:
        """The fake wall time as an aware local datetime."""
        return datetime.fromtimestamp(self._wall, self._tz)

    def advance(self, seconds: float) -> None:
        """Let time pass normally: both clocks move."""
        self._wall += seconds
        self._mono += seconds

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: the wall clock moves, the monotonic clock does not."""
        self._wall += seconds

    def jump_wall(self, seconds: float) -> None:
        """The wall clock is set (NTP): it jumps by ``seconds`` (maybe backwards); monotonic stays."""
        self._wall += seconds

    def set(self, moment: datetime) -> None:
        """Move time forward to ``moment`` (both clocks)."""
        delta = moment.timestamp() - self._wall
        if delta < 0:
            raise ValueError("FakeClock.set cannot go back; use jump_wall")
        self.advance(delta)
