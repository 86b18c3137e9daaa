"""The weekly review: planned against done per day (bars), tracks, interruptions, backlog."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pomoplan.core.plan import Slot
from pomoplan.core.review import Review
from pomoplan.text.i18n import t
from pomoplan.text.review_lines import Line, review_lines
from pomoplan.text.safe import visible
from pomoplan.ui.keys import Screen as BaseScreen
from pomoplan.ui.widgets.broken_text import BrokenText
from pomoplan.ui.widgets.key_bar import KeyBar

BAR_WIDTH = 24
NARROW = 60
"""Columns under which the review's tracks and interruptions are one above the other."""
ReviewLoader = Callable[[date], Review]
"""The review of the ISO week holding a date."""


class _Body(VerticalScroll, inherit_bindings=False):
    """The review scrolls up and down only: ← and → are the app's week keys here."""


class _Backlog(OptionList, inherit_bindings=False):
    """The backlog's own keys (↑ ↓ enter...), without a scroll's ← →."""

    BINDINGS = OptionList.BINDINGS


class ReviewScreen(Screen[None]):
    """One ISO week; the app's week keys move between weeks; enter on a backlog slot reports
    :class:`SlotAdopted`."""

    BINDINGS = [Binding("escape", "app.today", "Today", show=False)]
    WHERE: ClassVar[BaseScreen] = "review"
    """Where the user is on this screen (the keys that act here: ui/keys.py)."""

    class SlotAdopted(Message):
        """Enter on a backlog slot: the user wants to study it today."""

        def __init__(self, slot: Slot, on: date) -> None:
            super().__init__()
            self.slot = slot
            self.on = on

    def __init__(self, loader: ReviewLoader, week_of: date, plan_title: str) -> None:
        super().__init__()
        self.loader = loader
        self.week_of = week_of
        self.plan_title = plan_title
        self.review: Review | None = None

    def compose(self) -> ComposeResult:
        with _Body(id="review"):
            yield Static("", id="review-title")
            yield Static("", id="review-days")
            yield BrokenText("", id="review-summary")
            with Horizontal(id="review-lower"):
                yield BrokenText("", id="review-tracks")
                yield BrokenText("", id="review-interruptions")
            yield BrokenText("", id="review-notes")
            yield Static(t("backlog"), id="review-backlog-title")
            yield _Backlog(id="review-backlog")
        yield KeyBar()  # whole entries that fit; ctrl+p is in the help

    def on_mount(self) -> None:
        self.load()
        # Focused for enter, but the week's title and days stay in view on a short terminal.
        self.query_one("#review-backlog", OptionList).focus(scroll_visible=False)

    def on_resize(self) -> None:
        """Under 60 columns the tracks go above the interruptions, not beside them."""
        self.set_class(self.size.width < NARROW, "-narrow")

    def load(self) -> None:
        """Compute and show the week holding ``week_of``."""
        from pomoplan.store.database import StoreError

        try:
            review = self.loader(self.week_of)
        except StoreError as exc:  # a log edited by hand: said, and the app goes on
            self.app.notify(visible(str(exc)), severity="error", timeout=15, markup=False)
            self.app.pop_screen()
            return
        self.review = review
        lines = review_lines(review, self.plan_title, BAR_WIDTH)
        title = styled([lines.title])
        title.append(f"   ← →   p {t('key_plan_long')}", style="dim")
        self.query_one("#review-title", Static).update(title)
        self.query_one("#review-days", Static).update(styled(lines.days, end="\n"))
        self.query_one("#review-summary", Static).update(styled([lines.summary]))
        self.query_one("#review-tracks", Static).update(styled(lines.tracks))
        self.query_one("#review-interruptions", Static).update(styled(lines.interruptions))
        notes = self.query_one("#review-notes", Static)
        notes.display = bool(review.notes)
        notes.update(styled(lines.notes))
        backlog = self.query_one("#review-backlog", OptionList)
        backlog.set_options(
            Option(styled([line]), id=f"backlog-{n}")
            for n, line in enumerate(lines.backlog[: len(review.backlog)])
        )
        if not review.backlog:
            backlog.set_options([Option(t("none"), disabled=True)])

    def show_week(self, step: int) -> None:
        """Move a week back or ahead."""
        self.week_of = self.week_of + timedelta(days=7 * step)
        self.load()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a backlog slot: it becomes the current slot today."""
        option_id = event.option.id or ""
        if self.review is None or not option_id.startswith("backlog-"):
            return
        item = self.review.backlog[int(option_id.split("-", 1)[1])]
        self.post_message(self.SlotAdopted(item.slot, item.date))


def styled(lines: Iterable[Line], end: str = "") -> Text:
    """Lines of the review (text/review_lines.py) as one Text: their looks, never markup."""
    out = Text()
    for n, line in enumerate(lines):
        if n:
            out.append("\n")
        for text, look in line:
            out.append(text, style=look)
    out.append(end)
    return out
