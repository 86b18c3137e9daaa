"""Input errors: ``FILE:LINE:COL: field.path: message`` in a file, ``field: message`` otherwise."""

from typing import NamedTuple


class Problem(NamedTuple):
    """One problem in an input file, located at a line and column (1-based); line 0 when it
    has no place in a file (see :func:`unlocated`)."""

    file: str
    line: int
    column: int
    field: str
    message: str

    @property
    def located(self) -> bool:
        """Whether it points into a file (``FILE:LINE:COL:``)."""
        return self.line > 0

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        if not self.located:  # a flag, a name, or a file that cannot be read at all
            return f"{self.file}: {field}{self.message}" if self.file else f"{field}{self.message}"
        return f"{self.file}:{self.line}:{self.column}: {field}{self.message}"


def unlocated(message: str, *, field: str = "", file: str = "") -> Problem:
    """A problem with no line to point at: a command-line flag (``field="--week"``), a name
    that is not a file, or a ``file`` that cannot be opened. Shown without ``:1:1:``."""
    return Problem(file, 0, 0, field, message)


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


class UsageError(Exception):
    """A mistake on the command line (exit 2)."""
