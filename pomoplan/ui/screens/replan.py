"""Plan next week (``p`` on the review): a catch-up or a shift, previewed before it is made."""

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pomoplan.core.layout import ReplanError
from pomoplan.services.replanning import Proposal
from pomoplan.text.i18n import t
from pomoplan.text.safe import visible
from pomoplan.ui.screens.fitting import Middle, fit_middle
from pomoplan.ui.widgets.broken_text import BrokenText

PREVIEW_LINES = 8
Proposer = Callable[[str, int], Proposal]
"""(``catch-up`` and extra pomodoros a day, or ``shift`` and days) -> what it would move."""


class Choice(NamedTuple):
    """What the dialog proposes now."""

    kind: str
    amount: int


def preview_lines(proposal: Proposal, limit: int = PREVIEW_LINES) -> list[str]:
    """What moves, one slot a line (the first ``limit``), then how many more."""

    def short(d: date | None) -> str:
        return d.isoformat()[5:] if d else "—"

    lines = [
        t("moved_from", title=visible(slot.title), old=short(old), new=short(new))
        for slot, old, new in proposal.moves[:limit]
    ]
    if len(proposal.moves) > limit:
        lines.append(t("and_more", n=len(proposal.moves) - limit))
    return lines


class ReplanDialog(ModalScreen[Proposal | None]):
    """Dismisses with the re-plan to make, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply"),
        Binding("c", "choose('catch-up')", "Catch up"),
        Binding("s", "choose('shift')", "Shift"),
        Binding("plus,equals_sign", "amount(1)", "+1", show=False),
        Binding("minus", "amount(-1)", "-1", show=False),
    ]

    def __init__(self, propose: Proposer, has_backlog: bool) -> None:
        super().__init__()
        self.propose = propose
        self.choice = Choice("catch-up", 2) if has_backlog else Choice("shift", 1)
        self.proposal: Proposal | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(t("plan_title"), id="dialog-title")
            yield BrokenText("", id="replan-what")
            with Middle():
                yield BrokenText("", id="replan-preview")
            yield BrokenText(t("plan_hint"), id="dialog-hint")

    def on_mount(self) -> None:
        self.refresh_preview()
        self.call_after_refresh(fit_middle, self)

    def on_resize(self) -> None:
        self.call_after_refresh(fit_middle, self)

    def refresh_preview(self) -> None:
        """Show what the current choice would move (or why it moves nothing)."""
        kind, amount = self.choice
        what = (
            t("plan_catch_up", n=amount)
            if kind == "catch-up"
            else t("plan_shift_one" if abs(amount) == 1 else "plan_shift", n=f"{amount:+d}")
        )
        self.query_one("#replan-what", Static).update(Text(what, style="bold"))
        try:
            self.proposal = self.propose(kind, amount)
        except ReplanError as exc:
            self.proposal = None
            self.query_one("#replan-preview", Static).update(Text(str(exc), style="yellow"))
            return
        lines = preview_lines(self.proposal) or [t("none")]
        self.query_one("#replan-preview", Static).update(Text("\n".join(lines)))

    def action_choose(self, kind: str) -> None:
        """``c``: catch up on the backlog; ``s``: shift the coming days."""
        self.choice = Choice(kind, 2 if kind == "catch-up" else 1)
        self.refresh_preview()

    def action_amount(self, step: int) -> None:
        """``+``/``-``: more or fewer extra pomodoros a day, or days to shift."""
        kind, amount = self.choice
        amount += step
        if kind == "catch-up":
            amount = max(1, amount)
        elif amount == 0:
            amount += step
        self.choice = Choice(kind, amount)
        self.refresh_preview()

    def action_apply(self) -> None:
        """Enter: make the re-plan previewed (nothing when it moves nothing)."""
        if self.proposal is not None:
            self.dismiss(self.proposal)

    def action_cancel(self) -> None:
        """Escape: change nothing."""
        self.dismiss(None)
