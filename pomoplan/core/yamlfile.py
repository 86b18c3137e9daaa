"""Load YAML into pydantic models, reporting every problem at its file, line, column and field."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from pomoplan.core.errors import InputError, Problem, unlocated

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
            raise InputError([unlocated("is a directory, not a file", file=name)])
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError([unlocated("no such file", file=name)]) from None
    except PermissionError:
        raise InputError([unlocated("permission denied", file=name)]) from None
    except IsADirectoryError:
        raise InputError([unlocated("is a directory, not a file", file=name)]) from None
    except OSError as exc:
        raise InputError([unlocated(f"cannot read: {exc.strerror}", file=name)]) from None
    except ValueError:  # a name with a NUL character in it
        raise InputError([unlocated("not a usable file name", file=name)]) from None
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise InputError([Problem(name, 1, 1, "", f"file is larger than {limit} MiB")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            [Problem(name, 1, 1, "", "UTF-16 text, expected UTF-8 (save it as UTF-8)")]
        )
    body = data.removeprefix(b"\xef\xbb\xbf")
    nul = body.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(body, nul)
        raise InputError([Problem(name, line, col, "", "binary file, expected UTF-8 text")])
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(body, exc.start)
        raise InputError([Problem(name, line, col, "", "not valid UTF-8 text")]) from None
    return text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as far as they decode) of a byte offset."""
    breaks = list(re.finditer(rb"\r\n|\r|\n", data[:offset]))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1


_BREAK = re.compile(r"\r\n|\r|\n")
_EXTRA_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Characters YAML parsers count as line breaks and editors do not."""


class _Lines:
    """Lines and columns as an editor shows them: lines end at \\n, \\r\\n or \\r only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = _EXTRA_BREAKS.search(text) is None
        """The parser's own line and column are right (no NEL, LS or PS in the text)."""

    @cached_property
    def starts(self) -> list[int]:
        """Index of the first character of each line (a last empty one after a final break)."""
        return [0, *(m.end() for m in _BREAK.finditer(self.text))]

    def at_index(self, index: int) -> tuple[int, int]:
        """1-based line and column of a character index."""
        i = bisect_right(self.starts, index) - 1
        return i + 1, index - self.starts[i] + 1

    def at(self, mark: Any, *, clamp: bool = False) -> tuple[int, int]:
        """1-based line and column of a parser mark; ``clamp`` moves one past the end to the end."""
        if mark is None:
            return 1, 1
        line, col = (mark.line + 1, mark.column + 1) if self.exact else self.at_index(mark.index)
        if clamp:
            starts = self.starts
            last = (
                len(starts) - 1 if len(starts) > 1 and starts[-1] == len(self.text) else len(starts)
            )
            if line > last:
                end = starts[last] if last < len(starts) else len(self.text)
                line, col = last, len(self.text[starts[last - 1] : end].rstrip("\r\n")) + 1
        return line, col

    def fix(self, node: yaml.Node) -> None:
        """Give a node marks with editor lines and columns, inside the text.

        Only needed when the text has NEL, LS or PS in it, or for a mark past the last line
        (the empty value of a last ``key:`` or ``? key``).
        """
        start = node.start_mark
        if not self.exact or start.index >= self.content_end:
            node.start_mark = self._mark(start)
            node.end_mark = self._mark(node.end_mark)

    @cached_property
    def content_end(self) -> int:
        """Index just past the last character that is not a line break."""
        return len(self.text.rstrip("\r\n\x85\u2028\u2029"))

    def _mark(self, mark: Any) -> Any:
        if mark is None:
            return None
        line, col = self.at(mark, clamp=True)
        return yaml.Mark(str(mark.name), mark.index, line - 1, col - 1, None, 0)


def _dotted(path: list[int | str]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _check_tree(node: yaml.Node, name: str, lines: _Lines) -> None:
    """Before anything is constructed, refuse alias bombs, deep nesting (aliases included),
    an alias inside its own anchor and duplicate keys (all, each at its second occurrence)."""
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()
    path: list[int | str] = []
    duplicates: list[Problem] = []

    def refuse(n: yaml.Node, message: str) -> InputError:
        m = n.start_mark
        return InputError([Problem(name, m.line + 1, m.column + 1, "", message)])

    def expanded(n: yaml.Node, depth: int) -> int:
        lines.fix(n)
        if depth > MAX_DEPTH:
            raise refuse(n, f"nested deeper than {MAX_DEPTH}")
        key = id(n)
        if key in open_nodes:
            raise refuse(n, "YAML: an alias inside this anchored collection refers to it")
        if key in sizes:
            if depth + heights[key] > MAX_DEPTH:  # an alias puts it deeper than its anchor
                raise refuse(n, f"nested deeper than {MAX_DEPTH} where an alias of this is used")
            return sizes[key]
        open_nodes.add(key)
        total = 1
        below = 0
        if isinstance(n, yaml.MappingNode):
            first: dict[tuple[str, str], yaml.Node] = {}
            for k, v in n.value:
                total += expanded(k, depth + 1)
                if isinstance(k, yaml.ScalarNode):
                    ident = (k.tag, k.value)
                    if ident in first:
                        earlier = first[ident].start_mark.line + 1
                        m = k.start_mark
                        duplicates.append(
                            Problem(
                                name,
                                m.line + 1,
                                m.column + 1,
                                _dotted([*path, k.value]),
                                f"duplicate key (first on line {earlier})",
                            )
                        )
                    else:
                        first[ident] = k
                path.append(str(k.value) if isinstance(k, yaml.ScalarNode) else "?")
                total += expanded(v, depth + 1)
                path.pop()
                below = max(below, heights[id(k)] + 1, heights[id(v)] + 1)
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                path.append(i)
                total += expanded(v, depth + 1)
                path.pop()
                below = max(below, heights[id(v)] + 1)
        open_nodes.discard(key)
        if total > MAX_NODES:
            raise refuse(n, "document expands to too many nodes")
        sizes[key] = total
        heights[key] = below
        return total

    expanded(node, 0)
    if duplicates:
        raise InputError(duplicates)


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    """libyaml's safe loader when PyYAML was built with it (9x faster here), else the pure one."""


class _Loader(_SafeLoader):
    """The safe loader, reporting a value it cannot construct (a date 2024-13-45, an integer
    of 5000 digits, ``!!int abc``) at its node instead of raising a bare ValueError."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Refuse deep nesting while composing (the pure-Python composer recurses; libyaml
        composes in C, never calls this, and stops at 1000 levels by itself)."""
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            start: Any = event.start_mark
            raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH}", start)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError, MemoryError):
            raise
        except Exception as exc:  # whatever PyYAML's constructors raise on a bad value
            kind = str(node.tag).rsplit(":", 1)[-1]
            if "digits" in str(exc):
                reason = "has too many digits"
            elif kind == "timestamp" and type(exc) is ValueError:
                reason = f"is not a valid date ({exc})"
            else:
                reason = f"is not a valid {kind}"
            value = str(node.value)
            shown = repr(value if len(value) <= 40 else value[:40] + "...")
            raise ConstructorError(None, None, f"{shown} {reason}", node.start_mark) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    message = exc.problem or exc.context or "invalid YAML"
    if exc.problem and exc.problem.startswith("but ") and exc.context:
        message = f"{exc.context}, {exc.problem}"  # e.g. a second document
    if exc.problem == "second occurrence" and exc.context:  # a duplicate anchor
        message = exc.context.removesuffix("; first occurrence")
        if exc.context_mark is not None:
            message += f" (first on line {exc.context_mark.line + 1})"
    return _one_line(message)


def parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML document; return its data and its node tree (for locating errors)."""
    text = text.removeprefix("\ufeff")
    lines = _Lines(text)
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad:
        line, col = lines.at_index(bad.start())
        char = f"U+{ord(bad.group()):04X}"
        raise InputError([Problem(name, line, col, "", f"YAML: character {char} is not allowed")])
    try:
        loader = _Loader(text)
    except (yaml.YAMLError, ValueError) as exc:  # pragma: no cover - the check above finds it
        raise InputError([Problem(name, 1, 1, "", f"YAML: {_one_line(str(exc))}")]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_tree(node, name, lines)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = lines.at(mark, clamp=True)
        message = _yaml_message(exc)
        if mark is not None and text[mark.index : mark.index + 1] == "\t" and "tab" not in message:
            message += " (a tab: indent with spaces)"
        raise InputError([Problem(name, line, col, "", f"YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, 1, 1, "", f"YAML: {_one_line(str(exc))}")]) from None
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
