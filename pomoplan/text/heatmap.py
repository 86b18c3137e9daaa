"""The statistics as lines of text: a calendar heatmap (done behind, planned ahead) and tables.

Shared by ``pomoplan stats`` and the app's stats screen. Cells are counted in terminal cells
(a CJK character is two), so the grid lines up under Chinese labels as under English ones.
"""

from __future__ import annotations

from datetime import date, timedelta

from pomoplan.core.stats import Stats, heat_level, heat_weeks
from pomoplan.text.i18n import cells, days, pad, t, weekday_name
from pomoplan.text.safe import visible

GLYPHS = "·░▒▓█"
"""Completed pomodoros of a day, by ``heat_level``."""
PLANNED = "○"
"""A day ahead with pomodoros planned."""


def _cell(stats: Stats, day: date, width: int) -> str:
    if not stats.first <= day <= stats.last:
        return " " * width
    figures = stats.days[(day - stats.first).days]
    ahead = day > stats.today
    if ahead:
        glyph = PLANNED if figures.planned else " "
        number = figures.planned
    else:
        glyph = GLYPHS[heat_level(figures.completed)]
        number = figures.completed
    if width == 1:
        return glyph
    shown = f"{number}" if number else ""
    return (glyph + shown.rjust(width - 2))[: width - 1] + " "


def heatmap(stats: Stats, width: int | None = None) -> list[str]:
    """Rows Monday..Sunday, a column per week; month names above. ``width``: cells per day
    (1 for a year, 4 for a month: the count beside the shade)."""
    mondays = heat_weeks(stats.first, stats.last)
    if width is None:
        width = 1 if len(mondays) > 8 else 4
    label = max(cells(weekday_name(i)) for i in range(7)) + 1
    header = [" "] * (label + len(mondays) * width)
    taken = 0
    for col, mon in enumerate(mondays):
        # a month is named above the first week that holds its first day
        first_days = [mon + timedelta(days=i) for i in range(7)]
        starts = [d for d in first_days if d.day == 1 and stats.first <= d <= stats.last]
        if col == 0 or starts:
            month = (starts[0] if starts else max(stats.first, mon)).month
            name = t("month_names").split()[month - 1]
            at = label + col * width
            if at < taken:
                continue
            pos = at
            for ch in name:
                w = cells(ch)
                if pos + w > len(header):
                    break
                header[pos] = ch
                for extra in range(1, w):
                    header[pos + extra] = ""
                pos += w
            taken = pos + 1
    lines = ["".join(header).rstrip()]
    for weekday in range(7):
        row = pad(weekday_name(weekday), label)
        row += "".join(_cell(stats, mon + timedelta(days=weekday), width) for mon in mondays)
        lines.append(row.rstrip())
    legend = f"{t('heat_less')} {' '.join(GLYPHS)} {t('heat_more')}   {PLANNED} {t('heat_planned')}"
    lines.append(" " * label + legend)
    return lines


def summary_lines(stats: Stats) -> list[str]:
    """Days studied, streaks, totals, tracks, and the plan's planned against done."""
    lines = [
        f"{t('days_studied')}: {stats.days_studied}   "
        f"{t('current_streak')}: {days(stats.current_streak)}   "
        f"{t('longest_streak')}: {days(stats.longest_streak)}",
        f"{t('total')}: {stats.completed} 🍅 · {stats.focus_minutes} {t('minutes')}",
        "",
        f"{t('by_track')}:",
    ]
    lines += [
        f"  {visible(tr.track)}: {tr.completed} 🍅, {tr.focus_minutes} {t('minutes')}"
        for tr in stats.tracks
    ] or [f"  {t('none')}"]
    if stats.weeks:
        lines += ["", f"{t('plan_weeks')}:"]
        for w in stats.weeks:
            mark = "" if w.completed >= w.planned else f"  (-{w.planned - w.completed})"
            lines.append(f"  {w.week}  {w.completed:>3}/{w.planned:<3}{mark}")
    if stats.plan_tracks:
        lines += ["", f"{t('plan_tracks')}:"]
        name_w = max(cells(visible(p.track)) for p in stats.plan_tracks) + 2
        for p in stats.plan_tracks:
            behind = f"  {t('behind', n=p.behind)}" if p.behind else ""
            lines.append(
                f"  {pad(visible(p.track), name_w)}{p.done:>3}/{p.due:<3} "
                f"({t('of_total', n=p.total)}){behind}"
            )
    return lines


def stats_text(stats: Stats, title: str) -> str:
    """``pomoplan stats`` as text."""
    head = f"{t('stats_title', first=stats.first.isoformat(), last=stats.last.isoformat())}"
    lines = [f"{head} · {visible(title)}", "", *heatmap(stats), "", *summary_lines(stats)]
    return "\n".join(lines) + "\n"
