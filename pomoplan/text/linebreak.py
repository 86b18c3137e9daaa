"""Line breaking for mixed Chinese and Latin text: whole words, no line opened by closing marks.

The rules (a small part of UAX 14 and of the Chinese/Japanese line-breaking rules):
- a line may break after a space (the space is dropped), and between two CJK characters or a
  CJK character and a Latin one; never inside a Latin word or number (``Python``, ``3.11``);
- no line starts with closing punctuation or a space (、。，：；！？）」』】 ...), and no line
  ends with opening punctuation (（「『【 ...);
- only a word longer than the whole line is cut, at the width.
Widths are terminal cells (a CJK character takes two).
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

CLOSING = frozenset(
    "、。，．：；！？）］｝〕〉》」』】〙〗〟’”｠»"
    ",.:;!?)]}%…‥ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ·・"
)
"""Characters no line may start with."""
OPENING = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{")
"""Characters no line may end with."""


def _wide(char: str) -> bool:
    """A character that breaks like CJK: a line may end before or after it."""
    return unicodedata.east_asian_width(char) in "WF"


def can_break(before: str, after: str) -> bool:
    """Whether a line may end between ``before`` and ``after``."""
    if after in CLOSING or before in OPENING or after.isspace():
        return False
    if before.isspace():
        return True
    return _wide(before) or _wide(after)


def break_lines(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells (its own line breaks kept)."""
    return [text[start:end] for start, end in line_spans(text, width)]


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where each line of ``text`` starts and ends (the spaces a break drops and the ``\n``
    are between spans): to cut styled text at the same places."""
    out: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n"):
        out.extend(_paragraph(text, start, start + len(paragraph), max(width, 2)))
        start += len(paragraph) + 1
    return out


def _paragraph(text: str, start: int, n: int, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    while True:
        while start < n and text[start] == " " and lines:
            start += 1  # a line never starts with the spaces a break left
        if start >= n:
            break
        end, used = start, 0
        while end < n and used + cell_len(text[end]) <= width:
            used += cell_len(text[end])
            end += 1
        if end >= n:
            lines.append((start, n))
            break
        cut = _last_break(text, start, end)
        if cut is None:
            cut = _forced(text, start, end, n)
        stop = cut
        while stop > start and text[stop - 1] == " ":
            stop -= 1
        lines.append((start, stop))
        start = cut
    return lines or [(start, start)]


def _last_break(text: str, start: int, end: int) -> int | None:
    """The last place in ``text[start:end + 1]`` where a line may end (the char at ``end``
    is the first that does not fit), or None."""
    if text[end] == " " and _ends_well(text[start:end]):
        return end  # the space that does not fit becomes the break
    for cut in range(end, start, -1):
        if can_break(text[cut - 1], text[cut]) and _ends_well(text[start:cut]):
            return cut
    return None


def _ends_well(line: str) -> bool:
    """A line with something on it that does not end with opening punctuation."""
    kept = line.rstrip(" ")
    return bool(kept) and kept[-1] not in OPENING


def _forced(text: str, start: int, end: int, n: int) -> int:
    """A word longer than the line: cut at the width, but not before closing punctuation
    while a character can move down with it."""

    def opens_badly(cut: int) -> bool:
        rest = text[cut:n].lstrip(" ")
        return rest[:1] in CLOSING if rest else False

    cut = end
    while cut - 1 > start and (opens_badly(cut) or text[cut - 1] in OPENING):
        cut -= 1
    return cut if cut > start else max(end, start + 1)
