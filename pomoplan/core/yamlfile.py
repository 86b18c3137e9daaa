"""Load YAML into pydantic models, reporting every problem at its file, line, column and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from pomoplan.core.errors import InputError, Problem

MAX_BYTES = 2 * 1024 * 1024
"""Largest input file accepted; curricula are a few hundred KiB at most."""
MAX_NODES = 200_000
"""Most YAML nodes a document may expand to (aliases counted each time they are used)."""
MAX_DEPTH = 64
"""Deepest nesting accepted; real curricula nest about 8 deep."""

M = TypeVar("M", bound=BaseModel)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file of bounded size, or raise a located InputError."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError([Problem(name, 1, 1, "", "is a directory, not a file")])
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError([Problem(name, 1, 1, "", "no such file")]) from None
    except PermissionError:
        raise InputError([Problem(name, 1, 1, "", "permission denied")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, 1, 1, "", "is a directory, not a file")]) from None
    except OSError as exc:
        raise InputError([Problem(name, 1, 1, "", f"cannot read: {exc.strerror}")]) from None
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise InputError([Problem(name, 1, 1, "", f"file is larger than {limit} MiB")])
    if b"\x00" in data:
        raise InputError([Problem(name, 1, 1, "", "binary file, expected UTF-8 text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(name, line, col, "", "not valid UTF-8 text")]) from None
    return text


def _check_size(node: yaml.Node, name: str) -> None:
    """Refuse alias bombs and absurd nesting before anything is constructed."""
    sizes: dict[int, int] = {}

    def expanded(n: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            m = n.start_mark
            raise InputError(
                [Problem(name, m.line + 1, m.column + 1, "", f"nested deeper than {MAX_DEPTH}")]
            )
        key = id(n)
        if key in sizes:
            return sizes[key]
        sizes[key] = 1  # guards against recursive aliases
        total = 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += expanded(k, depth + 1) + expanded(v, depth + 1)
        elif isinstance(n, yaml.SequenceNode):
            for v in n.value:
                total += expanded(v, depth + 1)
        if total > MAX_NODES:
            m = n.start_mark
            raise InputError(
                [Problem(name, m.line + 1, m.column + 1, "", "document expands to too many nodes")]
            )
        sizes[key] = total
        return total

    expanded(node, 0)


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (9x faster here), else the pure one."""


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document; return its data and its node tree (for locating errors)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_size(node, name)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or exc.context or "invalid YAML"
        raise InputError([Problem(name, line, col, "", f"YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, 1, 1, "", f"YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, "", "YAML nests too deeply")]) from None
    finally:
        loader.dispose()
    return data, node


def locate(
    node: yaml.Node | None, loc: tuple[int | str, ...], *, at_key: bool = False
) -> tuple[int, int, str]:
    """Follow a pydantic error location through the YAML nodes; return line, column, dotted path.

    Parts of the location that are not in the document (union branches, validator names)
    are skipped; the deepest node found gives the position (its key's, with ``at_key``).
    """
    if node is None:
        return 1, 1, ".".join(str(p) for p in loc)
    current = node
    mark = node.start_mark
    path: list[str] = []
    key_mark = None
    for part in loc:
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in current.value:
                if getattr(key_node, "value", None) == part:
                    path.append(part)
                    mark = key_mark = key_node.start_mark
                    current = value_node
                    break
            else:
                continue
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(current.value):
                path.append(f"[{part}]")
                current = current.value[part]
                mark = current.start_mark
                key_mark = None
            else:
                continue
        else:
            continue
    if at_key and key_mark is not None:
        mark = key_mark
    elif not isinstance(current, yaml.MappingNode | yaml.SequenceNode):
        mark = current.start_mark
    dotted = ".".join(path).replace(".[", "[")
    return mark.line + 1, mark.column + 1, dotted


def _message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    msg = str(err.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def problems_from(exc: ValidationError, node: yaml.Node | None, name: str) -> list[Problem]:
    """Turn a pydantic ValidationError into located problems, one per error."""
    out: list[Problem] = []
    seen: set[tuple[int, int, str, str]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        line, col, _ = locate(node, loc, at_key=err.get("type") == "extra_forbidden")
        field = _bracket_indices(loc)
        key = (line, col, field, _message(dict(err)))
        if key not in seen:
            seen.add(key)
            out.append(Problem(name, line, col, field, _message(dict(err))))
    return out


def _is_internal(part: int | str) -> bool:
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _bracket_indices(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if _is_internal(part):
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text


def load_model(path: Path, model: type[M], *, empty_ok: bool = False) -> M:
    """Read, parse and validate a YAML file as ``model``; raise InputError with every problem."""
    name = str(path)
    text = read_text(path)
    return load_model_text(text, name, model, empty_ok=empty_ok)


def load_model_text(text: str, name: str, model: type[M], *, empty_ok: bool = False) -> M:
    """Parse and validate YAML text as ``model``; ``name`` is used in error messages."""
    data, node = parse_yaml(text, name)
    if data is None:
        if empty_ok:
            data = {}
        else:
            raise InputError([Problem(name, 1, 1, "", "file is empty")])
    if not isinstance(data, dict):
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        raise InputError([Problem(name, line, col, "", "expected a mapping of keys at the top")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, node, name)) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, "", "nests too deeply")]) from None
