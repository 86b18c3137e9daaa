"""Reading the note: markdown-it-py's token tree as located lines, and inline Markdown as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

MAX_LINES = 5_000
"""Longest note imported (lines): a year of daily plans fits; longer notes are refused."""
MAX_CHARS = 100_000
"""Largest note imported (characters): parsing time and memory grow with it."""
MAX_NESTING = 24
"""Deepest nesting of lists and quotes read; deeper lines are reported, not read."""

_BREAK = re.compile(r"\r\n|\r|\n")
_OBSIDIAN_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)
_FORMAT_TAGS = re.compile(
    r"</?(?:font|span|mark|u|b|i|em|strong|sup|sub|small|big|s|del|ins|code|kbd|br|center|div|p)"
    r"\b[^>]*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"#([^\s#`~!@$%^&*()\[\]{}<>,.;:'\"?/\\|+=，。；：！？、（）【】《》]+)")
_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_SPACES = re.compile(r"[ \t\u00a0]+")
_MARKUP = re.compile(r"[\\`*_~=\[\]!<>&#%|:]|  $")
_LEAVES = frozenset(
    ("front_matter", "heading_open", "paragraph_open", "fence", "code_block", "html_block",
     "table_open", "hr")
)  # fmt: skip
_TASK = re.compile(r"^\[([ xX])\][ \t]+")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")


@dataclass(frozen=True)
class Link:
    """A link in the note: its text, and its address (None for an Obsidian link to a note)."""

    text: str
    url: str | None


@dataclass
class Inline:
    """One line of inline Markdown read as plain text, with the links and #tags it holds."""

    text: str
    links: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Line:
    """One line of the note as the Markdown parser saw it.

    ``kind`` is ``heading``, ``item`` (the first line of a list item), ``text`` (a line of a
    paragraph), ``table`` (a whole table, at its first line), ``code`` (a fenced or indented
    code block, at its first line), or ``deep`` (a line nested too deep to read).
    """

    kind: str
    line: int
    """1-based line in the note."""
    column: int
    """1-based column where the line's content starts."""
    indent: int
    """Columns before the list marker (items) or the text (other lines), tabs as 4."""
    text: str
    """The line's inline Markdown: an item without its marker and checkbox."""
    source: str
    """The whole line as written (tabs expanded)."""
    level: int = 0
    """A heading's level (1-6)."""
    checked: bool | None = None
    """A task-list item: True when ticked, False when open; None for other lines."""
    rows: list[list[str]] = field(default_factory=list)
    """A table's cells (inline Markdown), header row first."""
    row_lines: list[int] = field(default_factory=list)
    """The line of each row of ``rows``."""


@dataclass
class Note:
    """The note read: its front matter (raw YAML text) and its lines in order."""

    front_matter: str | None
    lines: list[Line]
    source_lines: list[str]


class NoteTooLarge(Exception):
    """The note is past what the importer reads (``MAX_LINES``)."""


# ---------------------------------------------------------------------------------------------
# Obsidian: wikilinks, embeds, ==highlights== and #tags as inline rules


def _obsidian_rule(state: StateInline, silent: bool) -> bool:
    """``[[note|alias]]`` -> a ``wikilink`` token; ``![[file]]`` -> an ``embed`` token."""
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not (embed or src.startswith("[[", pos)):
        return False
    start = pos + (3 if embed else 2)
    end = src.find("]]", start, state.posMax)
    if end < 0 or "\n" in src[start:end] or "[[" in src[start:end]:
        return False
    if not silent:
        token = state.push("embed" if embed else "wikilink", "", 0)
        token.content = src[start:end].replace("\\[", "[").replace("\\]", "]")
    state.pos = end + 2
    return True


def _highlight_rule(state: StateInline, silent: bool) -> bool:
    """``==text==`` (Obsidian highlight) -> ``mark_open``, the text's tokens, ``mark_close``."""
    if not state.src.startswith("==", state.pos):
        return False
    m = _HIGHLIGHT.match(state.src, state.pos, state.posMax)
    if not m:
        return False
    if not silent:
        old_max = state.posMax
        state.push("mark_open", "mark", 1)
        state.pos, state.posMax = m.start(1), m.end(1)
        state.md.inline.tokenize(state)
        state.push("mark_close", "mark", -1)
        state.posMax = old_max
    state.pos = m.end()
    return True


def _tag_rule(state: StateInline, silent: bool) -> bool:
    """``#tag`` after a space or at the start (not all digits) -> a ``tag`` token."""
    src, pos = state.src, state.pos
    if src[pos] != "#" or (pos > 0 and not src[pos - 1].isspace()):
        return False
    m = _TAG.match(src, pos, state.posMax)
    if not m or m.group(1).isdigit():
        return False
    if not silent:
        token = state.push("tag", "", 0)
        token.content = m.group(1)
    state.pos = m.end()
    return True


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The Markdown parser: CommonMark with tables, strikethrough, front matter, task lists,
    and the Obsidian rules above."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    # Task lists are read in read_note, not by mdit_py_plugins.tasklists: its rule looks for
    # each item's list by scanning back over every token before it, quadratic in the length
    # of a checklist (4,000 items took 13 s).
    md.use(front_matter_plugin)
    md.inline.ruler.before("link", "obsidian", _obsidian_rule)
    md.inline.ruler.before("emphasis", "highlight", _highlight_rule)
    md.inline.ruler.before("link", "tag", _tag_rule)
    md.core.ruler.at("inline", _inline_by_line)
    return md


MAX_MARKUP = 200
"""Markup characters per line read as Markdown; the rest of the line is text as written (a
line of 50,000 ``*a`` would otherwise cost the parser seconds)."""
_MARKUP_CHAR = re.compile(r"\\.|[*_~=\[\]!<>`&#%|]")


def _markup_cut(line: str) -> int:
    """Where the ``MAX_MARKUP``-th markup character of a line ends (the line's length if sooner)."""
    for marks, m in enumerate(_MARKUP_CHAR.finditer(line), start=1):
        if marks == MAX_MARKUP:
            return m.end()
    return len(line)


def _defuse(line: str) -> str:
    """Escape the brackets that cannot open a link: unmatched ones, and those nested deeper
    than an Obsidian ``[[link]]``. They show the same, and the link rules no longer rescan the
    rest of the line from each of them (quadratic time on a line of ``[[[[...``)."""
    if "[" not in line:
        return line
    opens: list[int] = []
    escape: set[int] = set()
    i = 0
    while i < len(line):
        c = line[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            opens.append(i)
        elif c == "]" and opens:
            start = opens.pop()
            if len(opens) >= 2:
                escape.update((start, i))
        i += 1
    escape.update(opens)
    if not escape:
        return line
    return "".join("\\" + c if k in escape else c for k, c in enumerate(line))


def parse_line(md: MarkdownIt, line: str, env: Any, out: list[Token]) -> None:
    """Parse one line of inline Markdown onto ``out``, in time linear in its length.

    Each line gets its own token list: the post-processing rules walk the whole list.
    """
    cut = _markup_cut(line)
    out.extend(md.inline.parse(_defuse(line[:cut]), md, env, []))
    if cut < len(line):  # past MAX_MARKUP marks: the rest of the line is text as written
        from markdown_it.token import Token

        out.append(Token("text", "", 0, content=line[cut:]))


def _inline_by_line(state: StateCore) -> None:
    """The core ``inline`` rule, one source line at a time (lines joined by soft breaks)."""
    from markdown_it.token import Token

    for token in state.tokens:
        if token.type == "inline":
            children: list[Token] = []
            for k, line in enumerate(token.content.split("\n")):
                if k:
                    children.append(Token("softbreak", "br", 0))
                parse_line(state.md, line, state.env, children)
            token.children = children


# ---------------------------------------------------------------------------------------------
# Inline Markdown -> text


def wiki_name(target: str) -> str:
    """What an Obsidian link shows: its alias, else the note's name (``Note > Heading``)."""
    target, _, alias = target.partition("|")
    if alias.strip():
        return alias.strip()
    note, _, heading = target.partition("#")
    note = note.strip().rstrip("/").rsplit("/", 1)[-1].removesuffix(".md").strip()
    heading = heading.strip().lstrip("^")
    if note and heading:
        return f"{note} > {heading}"
    return note or heading


def _render(tokens: list[Token], out: Inline, parts: list[str]) -> None:
    link: list[Any] | None = None  # [href, start index in parts]
    for tok in tokens:
        kind = tok.type
        if kind in ("text", "code_inline", "text_special", "entity"):
            parts.append(tok.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "wikilink":
            name = wiki_name(tok.content)
            parts.append(name)
            note = tok.content.partition("|")[0].partition("#")[0].strip()
            if note:
                out.links.append(Link(note.rsplit("/", 1)[-1].removesuffix(".md"), None))
        elif kind == "tag":
            out.tags.append(tok.content)
        elif kind == "html_inline":
            if not _FORMAT_TAGS.fullmatch(tok.content) and "task-list-item" not in tok.content:
                parts.append(tok.content)
        elif kind == "link_open":
            link = [tok.attrGet("href"), len(parts)]
        elif kind == "link_close" and link is not None:
            text = "".join(parts[link[1] :]).strip()
            href = link[0]
            if isinstance(href, str) and href and not href.startswith("#"):
                out.links.append(Link(text or href, href))
            link = None
        elif kind in ("strong_open", "strong_close", "em_open", "em_close") and tok.markup in (
            "_",
            "__",
        ):
            parts.append(tok.markup)  # snake_case and __init__ are names, not emphasis
        # images, embeds and other markup: nothing to show


def inline(md_text: str) -> Inline:
    """Plain text of a line of inline Markdown, with its links and tags.

    Links keep their text, Obsidian links show their alias or note name, embeds and images go,
    emphasis marks go, brackets that are not links stay as written (``a[i][j]``, ``[TODO]``).
    """
    return _inline_cached(md_text)


@lru_cache(maxsize=4096)
def _inline_cached(md_text: str) -> Inline:
    out = Inline("")
    if not md_text.strip():
        return out
    if not _MARKUP.search(md_text):  # plain text: nothing for the parser to do
        out.text = _SPACES.sub(" ", md_text).strip()
        return out
    text = _OBSIDIAN_COMMENT.sub("", md_text)
    if "%%" in text:
        text = text[: text.index("%%")]
    children: list[Token] = []
    parse_line(parser(), text.replace("\n", " "), {}, children)
    parts: list[str] = []
    _render(children, out, parts)
    joined = "".join(parts).replace("**", "")
    out.text = _SPACES.sub(" ", joined).strip()
    return out


def clean(md_text: str) -> str:
    """Plain text of a Markdown/Obsidian fragment: links, tags, embeds and emphasis removed."""
    return inline(md_text).text


def split_cell(md_text: str) -> list[str]:
    """A table cell's parts: cells break lines with ``<br>``."""
    return [p for p in (s.strip() for s in _BR.split(md_text)) if p]


# ---------------------------------------------------------------------------------------------
# The token tree -> lines


def _blank_comments(text: str) -> str:
    """Obsidian ``%%comments%%`` as spaces, keeping every line break (and so every line number)."""
    return _OBSIDIAN_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _leading(source: str) -> int:
    return len(source) - len(source.lstrip())


def read_note(text: str) -> Note:
    """Read a note into its front matter and located lines.

    Raises:
        NoteTooLarge: the note has more than ``MAX_LINES`` lines or ``MAX_CHARS`` characters.
    """
    text = text.removeprefix("\ufeff")
    raw_lines = _BREAK.split(text)
    count = len(raw_lines) - (1 if raw_lines and not raw_lines[-1] else 0)
    if count > MAX_LINES:
        raise NoteTooLarge(f"the note has {count:,} lines; at most {MAX_LINES:,} are imported")
    if len(text) > MAX_CHARS:
        size = f"{len(text):,} characters"
        raise NoteTooLarge(f"the note has {size}; at most {MAX_CHARS:,} are imported")
    expanded = [line.expandtabs(4) for line in raw_lines]
    tokens = parser().parse(_blank_comments("\n".join(raw_lines)))
    lines: list[Line] = []
    front: str | None = None
    covered = bytearray(len(raw_lines) + 1)
    in_item = False  # the next paragraph opens a list item
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        start = tok.map[0] if tok.map else 0
        if tok.map and kind in _LEAVES:
            covered[tok.map[0] : tok.map[1]] = b"\x01" * (tok.map[1] - tok.map[0])
        if kind == "front_matter":
            front = tok.content
        elif kind == "list_item_open":
            in_item = True
        elif kind == "heading_open":
            in_item = False
            content = tokens[i + 1].content if i + 1 < n else ""
            src = expanded[start]
            lines.append(
                Line(
                    "heading",
                    start + 1,
                    _leading(raw_lines[start]) + 1,
                    0,
                    content.replace("\n", " "),
                    src,
                    level=int(tok.tag[1:]),
                )
            )
            i += 3
            continue
        elif kind == "paragraph_open":
            inl = tokens[i + 1]
            content = inl.content
            checked = None
            if in_item and (box := _TASK.match(content)):
                checked = box.group(1) != " "
                content = " " * box.end() + content[box.end() :]
            for k, part in enumerate(content.split("\n")):
                lineno = min(start + k, len(raw_lines) - 1)
                src = expanded[lineno]
                first_of_item = in_item and k == 0
                indent = _marker_indent(src) if first_of_item else _leading(src)
                col = _leading(raw_lines[lineno]) + 1
                lines.append(
                    Line(
                        "item" if first_of_item else "text",
                        lineno + 1,
                        col,
                        indent,
                        part.strip(),
                        src,
                        checked=checked if first_of_item else None,
                    )
                )
            in_item = False
            i += 3
            continue
        elif kind in ("fence", "code_block"):
            in_item = False
            lines.append(Line("code", start + 1, _leading(raw_lines[start]) + 1, 0, "", ""))
        elif kind == "table_open":
            i = _table(tokens, i, lines, raw_lines, expanded)
            in_item = False
            continue
        elif kind == "html_block":
            in_item = False
            for k, part in enumerate(tok.content.rstrip("\n").split("\n")):
                lineno = start + k
                if _FORMAT_TAGS.sub("", part).strip() and lineno < len(raw_lines):
                    src = expanded[lineno]
                    col = _leading(raw_lines[lineno]) + 1
                    lines.append(Line("text", lineno + 1, col, _leading(src), part.strip(), src))
        elif kind in ("bullet_list_open", "ordered_list_open", "blockquote_open", "hr"):
            in_item = False if kind == "hr" else in_item
        i += 1
    _report_unread(raw_lines, covered, lines)
    return Note(front, lines, raw_lines)


def _marker_indent(source: str) -> int:
    """Columns before an item's marker, after any ``>`` quote markers."""
    m = re.match(r"^((?:\s*>)*)(\s*)", source)
    assert m is not None
    return len(m.group(2)) if m.group(1) else len(m.group(0))


def _table(
    tokens: list[Token], i: int, lines: list[Line], raw: list[str], expanded: list[str]
) -> int:
    """Read a table starting at ``tokens[i]``; return the index after it."""
    where = tokens[i].map
    start = where[0] if where else 0
    rows: list[list[str]] = []
    row_lines: list[int] = []
    cells: list[str] = []
    i += 1
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "tr_open":
            cells = []
            row_lines.append((tok.map[0] if tok.map else start) + 1)
        elif tok.type == "inline":
            cells.append(tok.content.strip())
        elif tok.type == "tr_close":
            rows.append(cells)
        i += 1
    src = expanded[start]
    lines.append(
        Line(
            "table",
            start + 1,
            _leading(raw[start]) + 1,
            _leading(src),
            src.strip(),
            src,
            rows=rows,
            row_lines=row_lines,
        )
    )
    return i + 1


def _report_unread(raw: list[str], covered: bytearray, lines: list[Line]) -> None:
    """Lines the parser did not read (nested past ``MAX_NESTING``) become ``deep`` lines."""
    deep = [
        Line("deep", k + 1, _leading(line) + 1, 0, line.strip(), line)
        for k, line in enumerate(raw)
        if not covered[k] and line.strip() and not _LINK_DEFINITION.match(line)
    ]
    if deep:
        lines.extend(deep)
        lines.sort(key=lambda ln: ln.line)
