"""Where config, data and state live: ``$POMOPLAN_HOME`` or platformdirs' user dirs.

Nothing is created on import; ``Paths.ensure()`` makes the missing folders (mode 0700) when a
command is about to write. A folder that already exists keeps its mode: it is the user's.
"""

import errno
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

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
        """Create the missing folders (0700: a study log is private); existing ones are left as
        they are (``POMOPLAN_HOME=/tmp`` keeps its sticky bit)."""
        for folder in (self.config_dir, self.data_dir):
            make_private_dir(folder)


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` and each missing parent mode 0700 (as the XDG base directory spec
    asks of a folder a program creates) unless it exists; never chmod one that exists."""
    missing: list[Path] = []
    for above in (folder, *folder.parents):
        if above.is_dir():
            break
        if above.exists():  # "File exists" would not say what is wrong
            raise NotADirectoryError(errno.ENOTDIR, "is a file, not a folder", str(above))
        missing.append(above)
    for made in reversed(missing):
        try:
            os.mkdir(made, 0o700)
        except FileExistsError:
            if not made.is_dir():
                raise
            continue  # another process made it at the same moment: not ours to change
        os.chmod(made, 0o700)  # ours: the umask may have taken bits we meant to keep


def sqlite_uri(path: Path, **params: str) -> str:
    """A SQLite URI for ``path``: ``#``, ``?``, ``%`` and spaces in it are quoted, not parsed."""
    uri = Path(os.path.abspath(path)).as_uri()
    return f"{uri}?{urlencode(params)}" if params else uri


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
