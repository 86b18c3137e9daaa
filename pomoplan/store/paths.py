"""Where config, data and state live: ``$POMOPLAN_HOME`` or platformdirs' user dirs.

Nothing is created on import; ``Paths.ensure()`` makes the folders (mode 0700) when a command
is about to write.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

APP = "pomoplan"


class Paths(NamedTuple):
    """The folders and files pomoplan reads and writes."""

    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        """``config.yaml``: the user's settings."""
        return self.config_dir / "config.yaml"

    @property
    def curricula_dir(self) -> Path:
        """User curricula, listed beside the bundled ones."""
        return self.config_dir / "curricula"

    @property
    def db_file(self) -> Path:
        """The SQLite log."""
        return self.data_dir / "pomoplan.db"

    @property
    def cache_dir(self) -> Path:
        """Derived data that can be thrown away (validated curricula)."""
        return self.data_dir / "cache"

    @property
    def lock_file(self) -> Path:
        """Held by the running app, with its pid."""
        return self.data_dir / "pomoplan.lock"

    def ensure(self) -> None:
        """Create the folders (0700: a study log is private)."""
        for folder in (self.config_dir, self.data_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.suppress(OSError):
                os.chmod(folder, 0o700)


def resolve_paths(env: Mapping[str, str] | None = None) -> Paths:
    """``$POMOPLAN_HOME`` holds everything when set; else platformdirs' user config/data dirs."""
    env = os.environ if env is None else env
    home = env.get("POMOPLAN_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(config_dir=root, data_dir=root)
    import platformdirs

    return Paths(
        config_dir=platformdirs.user_config_path(APP, appauthor=False),
        data_dir=platformdirs.user_data_path(APP, appauthor=False),
    )
