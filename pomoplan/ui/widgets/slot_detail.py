"""The current (or highlighted) slot's detail and resources."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from pomoplan.core.plan import Slot
from pomoplan.text.i18n import t


class SlotDetail(Static):
    """Detail text, then resources one per line."""

    def show(self, slot: Slot | None, note: str | None = None) -> None:
        """Show ``slot`` (or a note when there is none)."""
        if slot is None:
            self.update(escape(note or t("no_slot")))
            return
        parts = [f"[b]{escape(slot.title)}[/b]", f"[dim]{escape(slot.track)} · {slot.block}[/dim]"]
        if slot.detail:
            parts += ["", escape(slot.detail)]
        if slot.resources:
            parts += ["", f"[b]{t('resources')}[/b]"]
            parts += [f"• {escape(str(r))}" for r in slot.resources]
        self.update("\n".join(parts))
