"""A slot's detail and resources: the highlighted slot's, so a learner can read before choosing."""

from __future__ import annotations

from textual.content import Content

from pomoplan.text.i18n import t
from pomoplan.text.safe import visible
from pomoplan.ui.today_view import SlotInfo
from pomoplan.ui.widgets.broken_text import BrokenText


class SlotDetail(BrokenText):
    """Detail text, then resources one per line; user text is shown literally."""

    _shown: tuple[SlotInfo | None, str] | None = None

    def show(self, info: SlotInfo | None) -> None:
        """Show ``info`` (or that no slot is selected); nothing is redrawn when it is the same."""
        shown = (info, t("no_slot"))
        if shown == self._shown:
            return
        self._shown = shown
        self.update(detail_content(info))


def detail_content(info: SlotInfo | None) -> Content:
    """The panel's text for ``info``."""
    if info is None:
        return Content(t("no_slot"))
    parts: list[Content | tuple[str, str] | str] = [
        (visible(info.title), "bold"),
        "\n",
        (f"{visible(info.track)} · {visible(info.block)}", "dim"),
    ]
    if info.detail:
        parts += ["\n\n", visible(info.detail)]
    if info.resources:
        parts += ["\n\n", (t("resources"), "bold")]
        parts += [f"\n• {visible(r)}" for r in info.resources]
    return Content.assemble(*parts)
