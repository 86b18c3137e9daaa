"""Clocks: wall time (timezone-aware), monotonic time and time asleep; a system clock and a fake one."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    """Where the timer gets time from: three readings and the local time zone."""

    def wall(self) -> float:
        """Seconds since the epoch (UTC), as the system's calendar clock says (it can be set)."""
        ...

    def monotonic(self) -> float:
        """Seconds that only ever go forward; they stop while the machine sleeps."""
        ...

    def boottime(self) -> float | None:
        """Seconds that go forward, also while the machine sleeps, and that no one can set.

        None where the system has no such clock: then a wall clock running ahead of the
        monotonic one cannot be told from a sleep.
        """
        ...

    def boot_id(self) -> str | None:
        """What tells this boot of the machine from the others (None when unknown).

        Boot times of the same boot can be compared across processes; of two boots, not.
        """
        ...

    def tz(self) -> tzinfo:
        """The local time zone now, for study dates and displayed times."""
        ...

    def local(self, epoch: float) -> datetime:
        """``epoch`` as an aware local time, with the UTC offset in force at that instant."""
        ...


def local_tz() -> tzinfo:
    """The system's local time zone as the fixed offset in force now."""
    return datetime.now().astimezone().tzinfo or UTC


_BOOT_CLOCK: int | None = getattr(time, "CLOCK_BOOTTIME", None)
if _BOOT_CLOCK is None and sys.platform == "darwin":  # pragma: no cover - macOS only
    # On macOS CLOCK_MONOTONIC keeps counting while asleep (time.monotonic does not).
    _BOOT_CLOCK = getattr(time, "CLOCK_MONOTONIC", None)


_BOOT_ID: str | None = None
"""Read once per process (it cannot change while the process lives)."""


class SystemClock:
    """The real clocks of this machine; local times follow daylight saving as it changes."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        self._tz = zone

    def wall(self) -> float:
        """Seconds since the epoch (UTC)."""
        return time.time()

    def monotonic(self) -> float:
        """``time.monotonic()``: does not count suspend on Linux."""
        return time.monotonic()

    def boottime(self) -> float | None:
        """``CLOCK_BOOTTIME`` on Linux: counts suspend; None where there is no such clock."""
        if _BOOT_CLOCK is None:  # pragma: no cover - Linux and macOS have one
            return None
        return time.clock_gettime(_BOOT_CLOCK)

    def boot_id(self) -> str | None:
        """Linux's random id of this boot; None where it cannot be read."""
        global _BOOT_ID
        if _BOOT_ID is None:
            try:
                _BOOT_ID = Path("/proc/sys/kernel/random/boot_id").read_text().strip() or ""
            except OSError:
                _BOOT_ID = ""
        return _BOOT_ID or None

    def tz(self) -> tzinfo:
        """The zone given, else the local UTC offset in force now (read at each call)."""
        return self._tz or local_tz()

    def local(self, epoch: float) -> datetime:
        """``epoch`` in local time, with the offset of that instant (daylight saving)."""
        if self._tz is not None:
            return datetime.fromtimestamp(epoch, self._tz)
        return datetime.fromtimestamp(epoch, UTC).astimezone()


class FakeClock:
    """A clock that moves only when told: ``advance``, ``suspend`` or ``jump_wall``.

    ``boottime()`` counts real time passing (``advance`` and ``suspend``) and ignores the wall
    clock being set (``jump_wall``), as Linux's ``CLOCK_BOOTTIME`` does; ``real()`` is the
    true time now, for tests that check nothing is dated after it.
    """

    def __init__(
        self,
        start: datetime | None = None,
        zone: tzinfo | None = None,
        *,
        has_boottime: bool = True,
    ) -> None:
        self._tz = zone or timezone(timedelta(hours=8))
        start = start or datetime(2026, 11, 23, 9, 0, tzinfo=self._tz)
        if start.tzinfo is None:
            start = start.replace(tzinfo=self._tz)
        self._wall = start.timestamp()
        self._real = self._wall
        self._mono = 1000.0
        self._boot = 1000.0
        self._boots = 1
        self.has_boottime = has_boottime

    def wall(self) -> float:
        """The fake wall time."""
        return self._wall

    def monotonic(self) -> float:
        """The fake monotonic time."""
        return self._mono

    def boottime(self) -> float | None:
        """The fake time since boot, counting sleep; None when made ``has_boottime=False``."""
        return self._boot if self.has_boottime else None

    def boot_id(self) -> str | None:
        """Changes at each ``reboot()``."""
        return f"boot-{self._boots}" if self.has_boottime else None

    def tz(self) -> tzinfo:
        """The fake local time zone (UTC+8 unless given)."""
        return self._tz

    def local(self, epoch: float) -> datetime:
        """``epoch`` in the fake zone (a ``ZoneInfo`` zone follows its daylight saving)."""
        return datetime.fromtimestamp(epoch, self._tz)

    def now(self) -> datetime:
        """The fake wall time as an aware local datetime."""
        return datetime.fromtimestamp(self._wall, self._tz)

    def real(self) -> float:
        """The true time now (epoch seconds), whatever the wall clock was set to."""
        return self._real

    def advance(self, seconds: float) -> None:
        """Let time pass normally: every clock moves."""
        self._wall += seconds
        self._real += seconds
        self._mono += seconds
        self._boot += seconds

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: the wall clock and boot time move, the monotonic clock does not."""
        self._wall += seconds
        self._real += seconds
        self._boot += seconds

    def jump_wall(self, seconds: float) -> None:
        """The wall clock is set (by hand, NTP): it jumps by ``seconds`` (maybe backwards)."""
        self._wall += seconds

    def restart(self) -> None:
        """A new process: its monotonic clock starts from an unrelated value (boot time stays)."""
        self._mono = 500.0 + (self._mono * 7919) % 100_000.0

    def reboot(self) -> None:
        """The machine restarts: monotonic and boot time start again from zero."""
        self._mono = 0.0
        self._boot = 0.0
        self._boots += 1

    def set(self, moment: datetime) -> None:
        """Move time forward to ``moment`` (every clock)."""
        delta = moment.timestamp() - self._wall
        if delta < 0:
            raise ValueError("FakeClock.set cannot go back; use jump_wall")
        self.advance(delta)
