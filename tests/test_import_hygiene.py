"""The core imports no Textual or Rich; ``status`` stays light (no pydantic, yaml, sqlite-utils)."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = [
    "pomoplan.core.clock",
    "pomoplan.core.timer",
    "pomoplan.core.curriculum",
    "pomoplan.core.schedule",
    "pomoplan.core.review",
    "pomoplan.core.config",
]


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def built_app(home: object) -> str:
    """Code that builds the app (as ``pomoplan`` does) on the data dir ``home``."""
    return (
        "import argparse, os\n"
        f"os.environ['POMOPLAN_HOME'] = {str(home)!r}\n"
        "from pomoplan.cli import commands\n"
        "from pomoplan.ui.launch import build_app\n"
        "args = argparse.Namespace(curriculum=None, date=None, focus=None, short_break=None,\n"
        "                          long_break=None, long_every=None)\n"
        "app, lock, store = build_app(commands._context(), args, autotick=False)\n"
    )


def test_core_imports_no_textual_or_rich() -> None:
    modules = loaded_after("\n".join(f"import {m}" for m in CORE))
    assert not {m for m in modules if m.split(".")[0] in {"textual", "rich"}}


def test_status_command_stays_light() -> None:
    modules = loaded_after(
        "import io, contextlib\nfrom pomoplan.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['status'])"
    )
    heavy = {"textual", "rich", "pydantic", "yaml", "sqlite_utils", "argparse"}
    assert not {m for m in modules if m.split(".")[0] in heavy}


def test_a_second_start_needs_neither_pydantic_nor_yaml(tmp_path) -> None:
    """The first frame comes from the cache of the validated plan (no YAML or pydantic before it)."""
    code = built_app(tmp_path) + "store.close(); lock.release()\n"
    loaded_after(code)  # the first start validates the plan and fills the cache
    modules = loaded_after(code)
    heavy = {"pydantic", "yaml", "sqlite_utils"}
    assert not {m for m in modules if m.split(".")[0] in heavy}
    assert "textual.app" in modules


def test_no_private_textual_api() -> None:
    """Neither the app nor its tests reach into Textual's private modules or attributes (they
    change without notice between releases): the stats' year keys once used ``_bindings``."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    private_module = re.compile(r"^\s*(from|import)\s+(textual|rich)(\.\w+)*\._\w+", re.M)
    private_attribute = re.compile(r"\._(bindings|notifications|footer|compose_stacks)\b")
    found = []
    for path in [*root.joinpath("pomoplan").rglob("*.py"), *root.joinpath("tests").rglob("*.py")]:
        if path.name == "test_import_hygiene.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (private_module, private_attribute):
            found += [
                f"{path.relative_to(root)}: {m.group(0).strip()}" for m in pattern.finditer(text)
            ]
    assert not found


def test_today_json_imports_only_what_it_uses(tmp_path) -> None:
    """``today --json`` is run by scripts and status bars: each import it makes costs every
    call (issue 15: under 100 ms on a 20,000-slot plan). None of these is needed for it."""

    def today(*first: str) -> str:
        words = (*first, ("today", "--json"))
        calls = "".join(f"    assert main({list(w)!r}) == 0, {w!r}\n" for w in words)
        return (
            "import io, os, contextlib\n"
            f"os.environ['POMOPLAN_HOME'] = {str(tmp_path)!r}\n"
            "from pomoplan.__main__ import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n" + calls
        )

    loaded_after(today(("start", "one-month"), ("replan", "shift", "1")))
    modules = loaded_after(today())
    unused = {
        "pydantic", "yaml", "sqlite_utils", "textual", "rich", "dataclasses", "inspect",
        "pickle", "uuid", "tempfile", "shutil", "platform", "argparse", "gettext", "locale",
    }  # fmt: skip
    assert not {m for m in modules if m.split(".")[0] in unused}
    assert "pomoplan.core.timer" not in modules  # the log's columns are copied, not imported


def test_records_are_made_without_string_annotations() -> None:
    """typing compiles a NamedTuple field's annotation given as a string (as ``from __future__
    import annotations`` makes every one), and its first compile builds Python's whole AST
    machinery: ~5 ms of every command here. So the modules that define records do without it."""
    code = (
        "import importlib, pkgutil, typing, pomoplan\n"
        "bad = []\n"
        "for info in pkgutil.walk_packages(pomoplan.__path__, 'pomoplan.'):\n"
        "    module = importlib.import_module(info.name)\n"
        "    for name, value in vars(module).items():\n"
        "        if isinstance(value, type) and issubclass(value, tuple) and "
        "value.__module__ == info.name:\n"
        "            hints = getattr(value, '__annotations__', {}).values()\n"
        "            if any(isinstance(h, (str, typing.ForwardRef)) for h in hints):\n"
        "                bad.append(f'{info.name}.{name}')\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_first_frame_needs_neither_the_review_nor_the_stats_screen(tmp_path) -> None:
    """The footer asks where the user is for every key; asking must not import the screens
    the user has not opened (with their figures' modules: ~13 ms of the launch)."""
    code = built_app(tmp_path) + (
        "import asyncio\n"
        "async def first_frame():\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert app.base_screen == 'today'\n"
        "asyncio.run(first_frame())\n"
        "store.close(); lock.release()\n"
    )
    modules = loaded_after(code)
    assert "pomoplan.ui.screens.today" in modules
    assert not {"pomoplan.ui.screens.review", "pomoplan.ui.screens.stats"} & modules
