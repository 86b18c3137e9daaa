"""The stats screen: a year's heatmap (done behind, planned ahead), streaks, tracks, the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pomoplan.core.stats import Stats, parse_year
from pomoplan.text.heatmap import heatmap, summary_lines
from pomoplan.text.i18n import t
from pomoplan.text.safe import visible
from pomoplan.ui.keys import Screen as BaseScreen
from pomoplan.ui.widgets.key_bar import KeyBar

StatsLoader = Callable[[date, date], Stats]
"""The statistics of the days from the first date to the last."""


class _Body(VerticalScroll, inherit_bindings=False):
    """Scrolls up and down only: ← and → move between years here."""


class _Year(HorizontalScroll, can_focus=False, inherit_bindings=False):
    """The year's heatmap, wider than a narrow terminal: it shows the latest weeks (the
    mouse scrolls back), never folded onto the next line."""


class StatsScreen(Screen[None]):
    """One calendar year; ← and → (the app's year keys) move a year back or ahead."""

    BINDINGS = [Binding("escape", "app.today", "Today", show=False)]
    WHERE: ClassVar[BaseScreen] = "stats"
    """Where the user is on this screen (the keys that act here: ui/keys.py)."""

    def __init__(self, loader: StatsLoader, today: date, plan_title: str) -> None:
        super().__init__()
        self.loader = loader
        self.year = today.year
        self.plan_title = plan_title
        self.stats: Stats | None = None

    def compose(self) -> ComposeResult:
        with _Body(id="stats"):
            yield Static("", id="stats-title")
            with _Year(id="stats-year"):
                yield Static("", id="stats-heatmap")
            yield Static("", id="stats-summary")
        yield KeyBar()  # whole entries that fit; ctrl+p is in the help

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        """Compute and show ``year``."""
        first, last = parse_year(f"{self.year:04d}")
        from pomoplan.store.database import StoreError

        try:
            stats = self.loader(first, last)
        except StoreError as exc:  # a log edited by hand: said, and the app goes on
            self.app.notify(visible(str(exc)), severity="error", timeout=15, markup=False)
            self.app.pop_screen()
            return
        self.stats = stats
        title = f"{t('stats_title', first=first.isoformat(), last=last.isoformat())}"
        self.query_one("#stats-title", Static).update(
            Text(f"{title} · {visible(self.plan_title)}   ← →")
        )
        self.query_one("#stats-heatmap", Static).update(Text("\n".join(heatmap(stats, 1))))
        year = self.query_one(_Year)
        self.call_after_refresh(lambda: year.scroll_to(x=year.max_scroll_x, animate=False))
        self.query_one("#stats-summary", Static).update(Text("\n".join(summary_lines(stats))))

    def action_year(self, step: int) -> None:
        """A year back or ahead."""
        self.year = min(9999, max(1, self.year + step))
        self.load()
