"""Writing the plan: its id and title, and the curriculum YAML with a stable schema line."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import Any

import yaml

SCHEMA_URL = "./curriculum.schema.json"
"""Where the YAML's schema line points: a file beside it, made with ``pomoplan schema``.

Relative on purpose: an absolute path into the installed package broke when the venv moved.
"""


def dump(spec: dict[str, Any], name: str, schema_url: str | None = None) -> str:
    """The curriculum YAML: a schema line for editors, where it came from, then the data."""
    schema = _one_line(schema_url or SCHEMA_URL)
    header = (
        f"# yaml-language-server: $schema={schema}\n"
        f"# Imported from {_one_line(PurePath(name).name)} by pomoplan import"
        + (
            "; for editor checks: pomoplan schema > curriculum.schema.json\n"
            if schema_url is None
            else ".\n"
        )
    )
    body = yaml.dump(spec, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    return header + body


def curriculum_id(given: str | None, name: str) -> str:
    """The id given, or a slug of the file name (with a hash of it when letters were lost)."""
    if given and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", given):
        return given
    raw = given or PurePath(name).stem
    slug = re.sub(r"[^A-Za-z0-9_.\-]+", "-", raw).strip("-.").lower()
    if slug and not re.search(r"[^\x00-\x7f]", raw):
        return slug
    digest = hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else f"plan-{digest}"


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text)


def title_from_name(name: str) -> str:
    stem = PurePath(name).stem.strip()
    return stem if stem and stem not in ("-", "<stdin>") else "Imported plan"


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key and writes multi-line text as ``|`` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)
