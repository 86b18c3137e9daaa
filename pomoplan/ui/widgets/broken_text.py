"""Text that breaks into lines by pomoplan's rules (whole Latin words, no line opened by 、 or ：).

Textual folds a run of text without spaces at the width, wherever that falls: inside
``Python`` or before a ``、``; its ``text-wrap``/``text-overflow`` styles offer no other rule.
This widget hands Textual lines it has already broken with :mod:`pomoplan.text.linebreak`,
each no wider than the widget, so Textual has nothing left to fold.
"""

from __future__ import annotations

import itertools

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.visual import Visual
from textual.widgets import Static

from pomoplan.text.linebreak import line_spans


def broken(content: Content, width: int) -> Content:
    """``content`` with a line break wherever the rules put one for ``width`` cells."""
    spans = line_spans(content.plain, width)
    if len(spans) <= 1 and content.cell_length <= width:
        return content
    cuts = sorted({offset for span in spans for offset in span})
    pieces = dict(zip(itertools.pairwise(cuts), content.divide(cuts)[1:], strict=False))
    lines = [pieces.get((start, end), Content("")) for start, end in spans]
    return Content("\n").join(lines)


class BrokenText(Static):
    """A Static (markup, a Rich Text or Content) whose lines break by pomoplan's rules."""

    _cache: tuple[int, Visual, Visual] | None = None

    def lines(self, width: int) -> Visual:
        """What it shows, broken for ``width`` cells (other visuals as they are)."""
        visual = self.visual
        cache = self._cache
        if cache is None or cache[0] != width or cache[1] is not visual:
            shown = broken(visual, width) if isinstance(visual, Content) else visual
            cache = self._cache = (width, visual, shown)
        return cache[2]

    def render(self) -> RenderResult:
        return self.lines(self.content_size.width or self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not width:
            return 0
        shown = self.lines(width)
        if isinstance(shown, Content):
            return len(shown.plain.split("\n"))
        return super().get_content_height(container, viewport, width)
