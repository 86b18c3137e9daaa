"""Make user text safe to show: no control character reaches a terminal, no bracket is markup.

Every place that shows text from a curriculum, a note, config, a reason or the log passes it
through :func:`visible` (command output, documents for people) or :func:`literal` (Textual
widgets). Nothing here changes what is stored: the log keeps the text as it was recorded.
"""

from __future__ import annotations

_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
"""Bidirectional overrides and isolates: invisible, yet they reorder what follows them."""

_TABLE: dict[int, str] = {
    **{code: "^" + chr(code + 64) for code in range(0x20)},  # ESC -> ^[, NUL -> ^@, TAB -> ^I
    0x7F: "^?",
    **{code: f"<U+{code:04X}>" for code in range(0x80, 0xA0)},  # C1, CSI (0x9B) among them
    **{code: f"<U+{code:04X}>" for code in _BIDI},
}


def visible(text: str) -> str:
    """``text`` with every control character shown as a visible stand-in (``ESC`` -> ``^[``).

    Caret notation for C0 controls and DEL, ``<U+XXXX>`` for C1 controls and bidirectional
    overrides. Everything else (CJK, emoji, brackets, backslashes) is returned unchanged.
    """
    return text.translate(_TABLE)


def visible_lines(text: str) -> str:
    """Like :func:`visible`, but line breaks stay line breaks (for multi-line documents)."""
    return "\n".join(visible(line) for line in text.replace("\r\n", "\n").split("\n"))


def literal(text: str) -> object:
    """A Textual ``Content`` that shows ``text`` exactly as written: brackets are text.

    Widgets take it where they would take a string; Textual never parses it as markup.
    """
    from textual.content import Content  # only the app pays for Textual

    return Content(visible(text))
