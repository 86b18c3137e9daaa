"""The weekly review as plain lines of styled parts: `pomoplan review` prints them, the review
screen draws them; neither words the review itself."""

from datetime import date
from typing import NamedTuple

from pomoplan.core.review import Review
from pomoplan.text.i18n import days, t, weekday_name
from pomoplan.text.safe import visible

Part = tuple[str, str]
"""A piece of text and its look: "" (plain), "bold", "dim", "green", "yellow", "dim italic".
User text in it has been through ``visible()``: no markup, no control characters."""
Line = tuple[Part, ...]


class ReviewLines(NamedTuple):
    """The review's sections, each a list of lines (a section's first line is its heading)."""

    title: Line
    days: tuple[Line, ...]
    summary: Line
    tracks: tuple[Line, ...]
    interruptions: tuple[Line, ...]
    notes: tuple[Line, ...]
    backlog: tuple[Line, ...]


def bar(value: int, scale: int, width: int = 20) -> str:
    """A text bar: ``value`` out of ``scale`` in ``width`` cells (eighths for the last cell)."""
    if scale <= 0 or value <= 0:
        return ""
    cells = min(width, value / scale * width)
    full = int(cells)
    rest = int((cells - full) * 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


def plain(line: Line) -> str:
    """The line's text without its looks."""
    return "".join(text for text, _ in line)


def review_lines(review: Review, plan_title: str, bar_width: int = 24) -> ReviewLines:
    """Word the review: the days with bars ``bar_width`` cells wide, then the sections."""
    return ReviewLines(
        title=((f"{t('review_title', week=review.week)} · {visible(plan_title)}", ""),),
        days=tuple(_day(review, d, bar_width) for d in range(len(review.days))),
        summary=_summary(review),
        tracks=(
            ((t("by_track"), "bold"),),
            *(
                ((f"{visible(tr.track)}: {tr.completed}🍅 {tr.focus_minutes} {t('minutes')}", ""),)
                for tr in review.tracks
            ),
            *_none(review.tracks),
        ),
        interruptions=(
            ((t("interruptions"), "bold"),),
            *(
                (
                    (f"{i.ended_at[5:16].replace('T', ' ')} ", ""),
                    (t("status_" + i.status), "yellow"),
                    (f" {visible(i.slot_title or '')}", ""),
                    (f" — {visible(i.reason)}" if i.reason else "", ""),
                )
                for i in review.interruptions
            ),
            *_none(review.interruptions),
        ),
        notes=_notes(review),
        backlog=tuple(
            (
                (
                    f"{b.date.isoformat()}  {b.missing}🍅 {visible(b.slot.track)}  "
                    f"{visible(b.slot.title)}",
                    "",
                ),
            )
            for b in review.backlog
        )
        or _none(review.backlog),
    )


def _none(items: object) -> tuple[Line, ...]:
    return () if items else (((t("none"), ""),),)


def _day(review: Review, index: int, width: int) -> Line:
    """Monday to Sunday: a green bar for completed, dim for the rest planned, minutes focused."""
    d = review.days[index]
    scale = review.day_scale
    done_bar = bar(d.completed, scale, width)
    planned_bar = bar(d.planned, scale, width)
    rest = max(0, len(planned_bar) - len(done_bar))
    parts: list[Part] = [
        (f"{'▶' if d.date == review.today else ' '} ", ""),
        (f"{weekday_name(d.date.weekday())} {d.date.isoformat()[5:]} ", ""),
        (f"{d.completed:>2}/{d.planned:<2} ", "bold" if d.completed else ""),
        (done_bar, "green"),
        ("░" * rest, "dim"),
        (" " * (width + 1 - len(done_bar) - rest), ""),
        (f"{d.focus_minutes:>4} {t('minutes')}", "dim"),
    ]
    if d.skipped or d.interrupted:
        parts.append((f"  ↷{d.skipped} ✗{d.interrupted}", "yellow"))
    if d.original != d.planned:
        parts.append((f"  ({t('was_planned', n=d.original)})", "dim italic"))
    return tuple(p for p in parts if p[0])


def _summary(review: Review) -> Line:
    done, total = review.progress
    adherence = "—" if review.adherence is None else f"{review.adherence:.0%}"
    parts: list[Part] = [
        (t("week_total"), "bold"),
        (f" {review.completed}/{review.planned}🍅 {review.focus_minutes} {t('minutes')}   ", ""),
        (t("adherence"), "bold"),
        (f" {adherence}   ", ""),
        (t("streak"), "bold"),
        (f" {days(review.streak)}   ", ""),
        (t("progress"), "bold"),
        (f" {done}/{total} ", ""),
        (bar(done, max(total, 1), 20), "green"),
    ]
    if review.projected_end is not None:
        parts.append((f"   {t('projected_short', date=review.projected_end.isoformat())}", ""))
    return tuple(p for p in parts if p[0])


def _notes(review: Review) -> tuple[Line, ...]:
    """The week's notes under their day: what was done or learned, as written."""
    lines: list[Line] = [((t("notes"), "bold"),)]
    shown: date | None = None
    for n in review.notes:
        if n.date != shown:
            lines.append(((f"{weekday_name(n.date.weekday())} {n.date.isoformat()[5:]}", "dim"),))
            shown = n.date
        lines.append(
            ((f"  {n.started_at[11:16]} {visible(n.slot_title or '—')}: {visible(n.note)}", ""),)
        )
    return (*lines, *_none(review.notes))


def review_text(review: Review, plan_title: str, bar_width: int = 16) -> str:
    """The review as text for a terminal or a file: the same lines, sections apart."""
    lines = review_lines(review, plan_title, bar_width)
    out = [plain(lines.title), "", *map(plain, lines.days), "", plain(lines.summary)]
    for section in (lines.tracks, lines.interruptions, lines.notes):
        out += ["", plain(section[0]), *(f"  {plain(line)}" for line in section[1:])]
    out += ["", t("backlog"), *(f"  {plain(line)}" for line in lines.backlog)]
    return "\n".join(line.rstrip() for line in out) + "\n"
