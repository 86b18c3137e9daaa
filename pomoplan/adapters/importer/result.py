"""What an import gives back: the plan's data and YAML, its size, and located warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ImportWarning:
    """A line of the note that the importer could not place, or a guess it made (1-based)."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class ImportResult:
    """The imported curriculum: its data, the YAML to write, what it holds, and the warnings."""

    spec: dict[str, Any]
    """Curriculum data that ``CalendarSpec`` or ``SelfPacedSpec`` validates."""
    yaml_text: str
    """The YAML to write, starting with a yaml-language-server schema line."""
    weeks: int
    """Weeks in a calendar plan (a 第二周至第四周 section counts three); 0 for self-paced."""
    days: int
    """Weekdays planned over all weeks, rest days included (a mon-fri entry counts five)."""
    slots: int
    """Slots in the plan."""
    pomodoros: int
    """Pomodoros in the plan."""
    warnings: list[ImportWarning]
    """Lines it could not place, and the guesses it made, in line order."""
    kind: str = "calendar"
    """``calendar`` or ``self-paced``."""
    phases: int = 0
    """Phases of a self-paced plan."""
    topics: int = 0
    """Topics of a self-paced plan."""
    start_date: date | None = None
    """The first date a dated plan names (start it on that day), else None."""
