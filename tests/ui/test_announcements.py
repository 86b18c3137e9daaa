"""Phase ends are announced (toast, bell, desktop) as config says, and hooks run."""

from __future__ import annotations

import time
from pathlib import Path

from pomoplan.core.clock import FakeClock


def wait_for_file(path: Path, timeout: float = 10.0) -> str:
    """The hook runs in another process: poll for its output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").endswith("\n"):
            return path.read_text(encoding="utf-8")
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


async def test_every_announcement_by_default(make_app, clock: FakeClock, desktop) -> None:
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        await pilot.pause()
        assert [n.title for n in app.said] == ["Focus ended"]
        assert app.bells == [1]
        assert desktop == [("Focus ended", "Focus done: 复习Python高级特性（装饰器、异步编程）")]


async def test_announcements_can_be_switched_off(make_app, clock: FakeClock, desktop) -> None:
    app = make_app(config="notify: {toast: false, bell: false, desktop: false}\n")
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("space")
        clock.advance(1200)
        app.tick()
        await pilot.pause()
        assert list(app.said) == [] and app.bells == [] and desktop == []


async def test_hooks_get_the_event_in_the_environment(make_app, clock: FakeClock, tmp_path) -> None:
    out = tmp_path / "hook.txt"
    command = (
        'printf "%s|%s|%s|%s|%s\\n" "$POMOPLAN_EVENT" "$POMOPLAN_PHASE" "$POMOPLAN_STATUS" '
        f'"$POMOPLAN_SLOT_ID" "$POMOPLAN_FOCUSED_S" >> {out}'
    )
    app = make_app(config=f"hooks:\n  on_phase_end: '{command}'\n")
    async with app.run_test() as pilot:
        await pilot.press("space")
        clock.advance(90)
        await pilot.press("s")
        assert wait_for_file(out) == "phase_end|focus|skipped|w1-wed-b1-s1|90\n"


async def test_a_skipped_or_interrupted_focus_is_not_announced_as_done(
    make_app, clock: FakeClock, desktop
) -> None:
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("space")
        clock.advance(90)
        await pilot.press("s")  # the user skipped it: said in a toast, no bell, no desktop
        app.action_start_pause()
        clock.advance(30)
        app.handle(app.session.interrupt("电话"))
        await pilot.pause()
        messages = [n.message for n in app.said]
        assert messages == [
            "Focus skipped: 复习Python高级特性（装饰器、异步编程）",
            "Focus interrupted: 复习Python高级特性（装饰器、异步编程）",
        ]
        assert not any("done" in m for m in messages)
        assert app.bells == [] and desktop == []
