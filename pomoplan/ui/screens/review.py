"""The weekly review: planned against done per day (bars), tracks, interruptions, backlog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from pomoplan.core.plan import Slot
from pomoplan.core.review import Review
from pomoplan.services.reviewing import bar
from pomoplan.text.i18n import days, t, weekday_name
from pomoplan.text.safe import visible

BAR_WIDTH = 24
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
            yield Static("", id="review-summary")
            with Horizontal(id="review-lower"):
                yield Static("", id="review-tracks")
                yield Static("", id="review-interruptions")
            yield Static("", id="review-notes")
            yield Static(t("backlog"), id="review-backlog-title")
            yield _Backlog(id="review-backlog")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is in the help

    def on_mount(self) -> None:
        self.load()
        # Focused for enter, but the week's title and days stay in view on a short terminal.
        self.query_one("#review-backlog", OptionList).focus(scroll_visible=False)

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
        title = self.plan_title
        self.query_one("#review-title", Static).update(
            f"{t('review_title', week=review.week)} · {escape(title)}   [dim]← →   "
            f"p {t('key_plan_long')}[/]"
        )
        self.query_one("#review-days", Static).update(render_days(review))
        done, total = review.progress
        adherence = "—" if review.adherence is None else f"{review.adherence:.0%}"
        progress_bar = bar(done, max(total, 1), 20)
        self.query_one("#review-summary", Static).update(
            f"[b]{t('week_total')}[/b] {review.completed}/{review.planned}🍅 "
            f"{review.focus_minutes} {t('minutes')}   "
            f"[b]{t('adherence')}[/b] {adherence}   [b]{t('streak')}[/b] "
            f"{days(review.streak)}   [b]{t('progress')}[/b] {done}/{total} "
            f"[green]{progress_bar}[/]"
            + (
                f"   {t('projected_short', date=review.projected_end.isoformat())}"
                if review.projected_end
                else ""
            )
        )
        tracks = [f"[b]{t('by_track')}[/b]"] + [
            f"{escape(tr.track)}: {tr.completed}🍅 {tr.focus_minutes} {t('minutes')}"
            for tr in review.tracks
        ]
        if not review.tracks:
            tracks.append(t("none"))
        self.query_one("#review-tracks", Static).update("\n".join(tracks))
        lines = [f"[b]{t('interruptions')}[/b]"]
        for i in review.interruptions:
            reason = f" — {escape(i.reason)}" if i.reason else ""
            when = i.ended_at[5:16].replace("T", " ")
            lines.append(
                f"{when} [yellow]{t('status_' + i.status)}[/] {escape(i.slot_title or '')}{reason}"
            )
        if not review.interruptions:
            lines.append(t("none"))
        self.query_one("#review-interruptions", Static).update("\n".join(lines))
        notes = self.query_one("#review-notes", Static)
        notes.display = bool(review.notes)
        notes.update(render_notes(review))
        backlog = self.query_one("#review-backlog", OptionList)
        backlog.set_options(
            Option(
                Text(f"{b.date.isoformat()}  {b.missing}🍅 {b.slot.track}  {b.slot.title}"),
                id=f"backlog-{n}",
            )
            for n, b in enumerate(review.backlog)
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


def render_days(review: Review) -> Text:
    """Monday to Sunday: a dim bar for planned, a green bar for completed, minutes focused."""
    scale = review.day_scale
    out = Text()
    for d in review.days:
        marker = "▶ " if d.date == review.today else "  "
        out.append(f"{marker}{weekday_name(d.date.weekday())} {d.date.isoformat()[5:]} ")
        out.append(f"{d.completed:>2}/{d.planned:<2} ", style="bold" if d.completed else "")
        done_bar = bar(d.completed, scale, BAR_WIDTH)
        planned_bar = bar(d.planned, scale, BAR_WIDTH)
        out.append(done_bar, style="green")
        rest = max(0, len(planned_bar) - len(done_bar))
        out.append("░" * rest, style="dim")
        out.append(" " * (BAR_WIDTH + 1 - len(done_bar) - rest))
        out.append(f"{d.focus_minutes:>4} {t('minutes')}", style="dim")
        if d.skipped or d.interrupted:
            out.append(f"  ↷{d.skipped} ✗{d.interrupted}", style="yellow")
        if d.original != d.planned:
            out.append(f"  ({t('was_planned', n=d.original)})", style="dim italic")
        out.append("\n")
    return out


def render_notes(review: Review) -> Text:
    """The week's notes under their day: what was done or learned, as written."""
    out = Text()
    out.append(t("notes"), style="bold")
    shown: date | None = None
    for n in review.notes:
        if n.date != shown:
            out.append(f"\n{weekday_name(n.date.weekday())} {n.date.isoformat()[5:]}", style="dim")
            shown = n.date
        out.append(f"\n  {n.started_at[11:16]} {visible(n.slot_title or '—')}: ")
        out.append(visible(n.note))
    return out
