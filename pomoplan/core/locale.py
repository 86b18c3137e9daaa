"""The user's language from the environment (LC_ALL, LC_MESSAGES, LANG)."""

from __future__ import annotations

import os
from collections.abc import Mapping


def default_language(env: Mapping[str, str] | None = None) -> str:
    """``zh`` when the locale says Chinese, else ``en``."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
