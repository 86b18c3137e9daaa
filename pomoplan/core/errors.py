"""Located input errors: ``FILE:LINE:COL: field.path: message``."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One problem in an input file, located at a line and column (1-based)."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {field}{self.message}"


MAX_SHOWN = 20
"""Problems printed for one input; a file repeating a mistake through YAML aliases can have
thousands, and the first few say what to fix."""


def report_lines(problems: list[Problem], limit: int = MAX_SHOWN) -> list[str]:
    """The problems, one line each, cut after ``limit`` with a line saying how many more."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        rest = len(problems) - limit
        lines.append(f"{problems[limit].file}: ... and {rest} more problem{'s' * (rest > 1)}")
    return lines


class InputError(Exception):
    """Bad user input (a curriculum, config or note); carries every located problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "invalid input")
