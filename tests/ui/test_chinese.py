"""The Chinese UI is Chinese throughout: our strings, Textual's palette entries, the quit prompt."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Static

from pomoplan.text import i18n
from pomoplan.text.i18n import STRINGS, set_language, t

PACKAGE = Path(i18n.__file__).resolve().parents[1]


def keys_used() -> set[str]:
    """Every literal first argument of ``t(...)`` in the package, and the i18n keys of tables
    (``label`` fields, ``ENDED``) written as strings that name a key."""
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used.add(node.args[0].value)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"(key|status|palette|textual)_[a-z_]+", node.value)
            ):
                used.add(node.value)
    from pomoplan.core.timer import Phase, Status, TimerState
    from pomoplan.ui.app import ENDED

    used |= set(ENDED.values()) | {str(p) for p in Phase} | {str(s) for s in TimerState}
    used |= {f"status_{s}" for s in Status}
    return used


def test_every_key_used_exists_in_both_languages() -> None:
    used = keys_used()
    assert len(used) > 50
    missing = sorted(k for k in used if k not in STRINGS)
    assert missing == []
    for key, (en, zh) in STRINGS.items():
        assert en.strip() and zh.strip(), key


def test_t_never_returns_a_raw_key() -> None:
    import pytest

    with pytest.raises(KeyError):
        t("no_such_key")


async def test_review_palette_and_quit_prompt_in_chinese(make_app, clock) -> None:
    app = make_app(language="zh", start=date(2026, 11, 23))
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        await pilot.press("space")
        clock.advance(60)
        await pilot.press("s")
        await pilot.press("r")
        await pilot.pause()
        lines = str(app.screen.query_one("#review-interruptions", Static).content)
        assert "跳过" in lines and "skipped" not in lines
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "主题" in titles and "退出" in titles and "Theme" not in titles
        assert not any(c.help.startswith("pomoplan:") for c in app.get_system_commands(app.screen))
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        app.action_help_quit()
        await pilot.pause()
        assert any("退出" in n.message for n in app.said)
    set_language("en")
