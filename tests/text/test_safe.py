"""Text from the user is shown as written: control characters visible, brackets literal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pomoplan.text.safe import literal, visible, visible_lines


def test_escape_sequences_become_caret_notation() -> None:
    assert visible("a\x1b]0;pwned\x07b") == "a^[]0;pwned^Gb"
    assert visible("\x00\t\n\x7f") == "^@^I^J^?"


def test_c1_controls_and_bidi_overrides_are_named() -> None:
    assert visible("\x9b2J") == "<U+009B>2J"
    assert visible("abc\u202edef") == "abc<U+202E>def"


def test_text_people_write_is_unchanged() -> None:
    for text in ["[TODO] a[i][j], list[int]", "Read [/etc/hosts]", "番茄1（25分钟）", "🍅 ok\\n"]:
        assert visible(text) == text


def test_visible_lines_keeps_line_breaks_only() -> None:
    assert visible_lines("a\x1b\r\nb\n") == "a^[\nb\n"


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    shown = visible(text)
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in shown)


@given(st.text())
def test_literal_content_is_the_visible_text(text: str) -> None:
    assert str(literal(text)) == visible(text)
