"""The system clock: local times carry the UTC offset of their own instant (daylight saving)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pomoplan.core.clock import FakeClock, SystemClock
from pomoplan.core.timer import PhaseEnded, SlotRef, Timer, TimerSettings

BERLIN = ZoneInfo("Europe/Berlin")
# 2026-10-25 03:00 CEST (+02:00) becomes 02:00 CET (+01:00).
BEFORE = datetime(2026, 10, 25, 2, 50, tzinfo=BERLIN).timestamp()


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_open_app_stamps_times_with_the_offset_then_in_force(berlin) -> None:
    clock = SystemClock()  # made before the change, as an app left open overnight is
    assert clock.local(BEFORE).utcoffset() == timedelta(hours=2)
    after = BEFORE + 3600
    assert clock.local(after).utcoffset() == timedelta(hours=1)
    assert clock.local(after).isoformat() == "2026-10-25T02:50:00+01:00"


def test_a_focus_across_the_change_has_each_end_in_its_own_offset() -> None:
    clock = FakeClock(datetime(2026, 10, 25, 2, 50, tzinfo=BERLIN), BERLIN)
    timer = Timer(clock, TimerSettings(), slot=SlotRef("c", "s", "t", "k"))
    timer.start()
    clock.advance(1500)
    (rec,) = [e.record for e in timer.tick() if isinstance(e, PhaseEnded)]
    row = rec.as_row()
    assert row["started_at"] == "2026-10-25T02:50:00+02:00"
    assert row["ended_at"] == "2026-10-25T02:15:00+01:00"
    assert rec.focused_s == 1500


def test_the_system_clock_reads_the_boot_clock_and_its_id() -> None:
    clock = SystemClock()
    first = clock.boottime()
    assert first is not None and clock.boottime() >= first >= clock.monotonic() - 1
    assert clock.boot_id() and clock.boot_id() == SystemClock().boot_id()
