"""Find curricula: the bundled ones shipped in the package and the user's own, by name or path."""

import os
import re
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from pomoplan.core.errors import InputError, unlocated
from pomoplan.core.plan import Curriculum
from pomoplan.store.cache import cached

DEFAULT_ID = "one-month"
"""The bundled curriculum used when none is active: 一个月学习计划."""
BUNDLED_PREFIX = "bundled:"
DEFAULT_REF = f"{BUNDLED_PREFIX}{DEFAULT_ID}"
"""The default plan is the bundled one, even when a user plan has its name."""


def bundled_dir() -> Path:
    """The folder of bundled curricula (inside the installed package, or the source checkout)."""
    # The package's own path, not importlib.resources: that costs every start ~4 ms of imports.
    try:
        package = import_module("pomoplan.curricula")  # installed from the top-level curricula/
        for name in package.__path__:
            folder = Path(name)
            if folder.is_dir() and any(folder.glob("*.yaml")):
                return folder
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "curricula"


class Entry(NamedTuple):
    """A curriculum file that can be started."""

    id: str
    path: Path
    kind: str  # "bundled" or "user"

    @property
    def ref(self) -> str:
        """How an activation remembers it: ``bundled:ID`` survives reinstalls."""
        return f"{BUNDLED_PREFIX}{self.id}" if self.kind == "bundled" else str(self.path)

    def is_ref(self, ref: str) -> bool:
        """Whether an activation's ``ref`` names this very file (a user plan and a bundled one
        may share an id: the source tells them apart, never the id alone)."""
        if self.kind == "bundled" or ref.startswith(BUNDLED_PREFIX):
            return ref == self.ref
        try:
            return Path(ref).expanduser().resolve() == self.path.resolve()
        except (OSError, ValueError):
            return False


def entries(user_dir: Path) -> list[Entry]:
    """Bundled curricula, then the user's (``*.yaml`` / ``*.yml`` in the config dir)."""
    out = [Entry(p.stem, p, "bundled") for p in _named(bundled_dir(), (".yaml",))]
    out += [Entry(p.stem, p, "user") for p in _named(user_dir, (".yaml", ".yml"))]
    return out


def _named(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """What ``folder.glob("*.yaml")`` lists (sorted), without the pattern machinery: it is
    asked at every start, and compiling glob patterns cost each ~1 ms."""
    try:
        names = os.listdir(folder)
    except OSError:  # no such folder (or none readable): no curricula there, as glob says
        return []
    return sorted(folder / name for name in names if name.endswith(suffixes))


def name_of(entry: Entry, listed: list[Entry]) -> str:
    """The name that starts ``entry``: its id, or ``bundled:ID`` for a bundled plan that a
    user plan of the same name shadows (the user's own plan wins a bare name)."""
    shadowed = entry.kind == "bundled" and any(
        e.kind == "user" and e.id == entry.id for e in listed
    )
    return entry.ref if shadowed else entry.id


def find(name_or_path: str, user_dir: Path) -> Entry:
    """Resolve ``NAME`` (a user curriculum id, else a bundled one), ``bundled:NAME`` (the
    bundled one even when a user plan has its name) or a path to a YAML file.

    Raises:
        InputError: nothing by that name, and no such file.
    """
    listed = entries(user_dir)
    if name_or_path.startswith(BUNDLED_PREFIX):
        name = name_or_path[len(BUNDLED_PREFIX) :]
        for entry in listed:
            if entry.kind == "bundled" and entry.id == name:
                return entry
        known = ", ".join(sorted({e.ref for e in listed if e.kind == "bundled"}))
        raise InputError([unlocated(f"no bundled curriculum {name!r} (known: {known})")])
    looks_like_path = any(c in name_or_path for c in "/\\") or name_or_path.endswith(
        (".yaml", ".yml")
    )
    if not looks_like_path:
        # User curricula take precedence over bundled ones of the same name.
        for entry in reversed(listed):
            if entry.id == name_or_path:
                return entry
    path = Path(name_or_path).expanduser()
    if path.exists():
        return Entry(path.stem, path.resolve(), "user")
    if looks_like_path:
        raise InputError([unlocated("no such file", file=name_or_path)])
    known = ", ".join(sorted({e.id for e in listed}))
    raise InputError([unlocated(f"no curriculum named {name_or_path!r} (known: {known})")])


def candidates(path: str, curriculum_id: str, user_dir: Path) -> list[Entry]:
    """Curricula here that may be the one another device started from ``path`` (its file):
    the user's or bundled ones named like that file or like the curriculum's id, the user's
    first as in ``find`` (the caller checks the id inside)."""
    stem = re.split(r"[/\\]", path.removeprefix(BUNDLED_PREFIX))[-1].rsplit(".", 1)[0]
    known = list(reversed(entries(user_dir)))
    return [e for name in dict.fromkeys((stem, curriculum_id)) for e in known if e.id == name]


def load(entry: Entry, cache_dir: Path | None = None) -> Curriculum:
    """Load and validate the curriculum behind ``entry``.

    With ``cache_dir``, a curriculum validated before (same file, size, mtime and pomoplan
    version) is read back from the cache: start-up then needs neither YAML nor pydantic.
    """
    bundled = entry.kind == "bundled"

    def validate() -> Curriculum:
        from pomoplan.core.curriculum import load_curriculum  # pydantic and YAML: only here

        return load_curriculum(entry.path, bundled=bundled)

    return cached(entry.path, cache_dir, Curriculum, validate)
