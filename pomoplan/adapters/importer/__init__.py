"""Import a Markdown/Obsidian study plan (calendar or roadmap) as curriculum YAML."""

from __future__ import annotations

import re
from datetime import date

from pomoplan.adapters.importer.labels import format_days, parse_day_label
from pomoplan.adapters.importer.reading import (
    MAX_CHARS,
    MAX_LINES,
    NoteTooLarge,
    clean,
    read_note,
)
from pomoplan.adapters.importer.result import ImportResult, ImportWarning
from pomoplan.adapters.importer.writing import SCHEMA_URL
from pomoplan.core.errors import InputError, Problem

__all__ = [
    "MAX_CHARS",
    "MAX_LINES",
    "SCHEMA_URL",
    "ImportResult",
    "ImportWarning",
    "clean",
    "format_days",
    "import_note",
    "parse_day_label",
]

_CJK = re.compile(r"[\u4e00-\u9fff]")


def import_note(
    text: str,
    name: str,
    *,
    curriculum_id: str | None = None,
    schema_url: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Turn a Markdown/Obsidian study plan into curriculum data and YAML.

    Args:
        text: the note.
        name: its file name, for messages, the default title and the default id.
        curriculum_id: the id to give the curriculum; a slug of the file name when left out.
        schema_url: where the YAML's schema line points (``./curriculum.schema.json`` by default).
        today: the date that gives a year to dates written without one (``12月7日``).

    Returns:
        The curriculum data, its YAML text, its size and the warnings.

    Raises:
        InputError: the note holds no plan, or is larger than the importer reads.
    """
    from pomoplan.adapters.importer.building import build

    try:
        note = read_note(text)
    except NoteTooLarge as exc:
        raise InputError([Problem(name, 1, 1, "", str(exc))]) from None
    zh = bool(_CJK.search(text))
    return build(
        note,
        name,
        zh=zh,
        curriculum_id=curriculum_id,
        schema_url=schema_url,
        today=today or date.today(),
    )
