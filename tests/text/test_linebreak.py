"""Line breaking: whole Latin words, no line opened by closing punctuation, every line fits."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from pomoplan.text.linebreak import CLOSING, OPENING, break_lines


def test_the_bugs_users_met() -> None:
    detail = "复习Python高级特性：装饰器的原理（函数是一等对象、闭包、@语法）"
    lines = break_lines(detail, 26)
    assert all("Python" in line or "Py" not in line for line in lines)
    assert not any(line[0] in CLOSING for line in lines[1:])
    # "、" would start the second line at 14 cells: it moves down with the character before it
    assert break_lines("一二三四五六、七八九", 12) == ["一二三四五", "六、七八九"]
    assert break_lines("学习 Transformer 架构", 13) == ["学习", "Transformer", "架构"]
    assert break_lines("阅读Transformer论文", 14) == ["阅读", "Transformer论", "文"]
    assert break_lines("（括号）里的字", 8) == ["（括号）", "里的字"]


def test_a_word_longer_than_the_line_is_cut_at_the_width() -> None:
    assert break_lines("https://docs.python.org/zh-cn/3/", 10) == [
        "https://do",
        "cs.python.",
        "org/zh-cn/",
        "3/",
    ]


def test_its_own_line_breaks_and_short_text_are_kept() -> None:
    assert break_lines("a\n\nb", 10) == ["a", "", "b"]
    assert break_lines("", 10) == [""]


WORD = st.text("abcxyzPQ019", min_size=1, max_size=6)
CJK = st.text("学习深度框架中文汉字", min_size=1, max_size=4)
MARK = st.sampled_from(sorted("、。，：；！？）」』】")) | st.sampled_from(sorted("（「『【"))
PIECE = WORD | CJK | MARK | st.just(" ")


@given(st.lists(PIECE, max_size=30).map("".join), st.integers(8, 40))
def test_lines_fit_keep_every_character_and_every_word_whole(text: str, width: int) -> None:
    text = re.sub(r" +(?=[、。，：；！？）」』】])", "", text)  # no space before a closing mark
    text = re.sub(r"(?<=[（「『【]) +", "", text)  # nor after an opening one
    text = re.sub(r"([^\w\s])[^\w\s]+", r"\1", text).strip()  # at most one mark in a row
    lines = break_lines(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # A word, with the marks that may not be parted from it, is cut only when longer than a line.
    for unit in re.findall(r"(?:[（「『【] *)?[A-Za-z0-9]+(?: *[、。，：；！？）」』】])?", text):
        word = re.sub(r"[^A-Za-z0-9]", "", unit)
        if cell_len(unit) <= width:
            assert any(word in line for line in lines), (word, lines)
    for before, line in itertools.pairwise(lines):
        assert line[:1] not in CLOSING and not line.startswith(" "), lines
        assert before[-1:] not in OPENING, lines
