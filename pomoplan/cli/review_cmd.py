"""``pomoplan review``: the weekly review as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from pomoplan.core.errors import InputError, unlocated
from pomoplan.core.review import Review, parse_week
from pomoplan.services.context import Context
from pomoplan.services.reviewing import bar, load_review
from pomoplan.text.i18n import days, t, weekday_name
from pomoplan.text.safe import visible, visible_lines


def run_review(ctx: Context, args: argparse.Namespace) -> int:
    """Print the review of ``--week`` (default: this week)."""
    today = ctx.today()
    if args.week:
        try:
            week_of = parse_week(args.week)
        except ValueError as exc:
            raise InputError([unlocated(str(exc), field="--week")]) from None
    else:
        week_of = today
    with ctx.read_store() as store:
        plan = ctx.plan(None, store)
        review = load_review(store, plan.schedule, week_of, today)
    if args.json:
        json.dump(review.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(visible_lines(render_text(review, plan.curriculum.title)))
    return 0


def render_text(review: Review, title: str) -> str:
    """The review as lines of text with bars."""
    scale = review.day_scale
    lines = [f"{t('review_title', week=review.week)} · {visible(title)}", ""]
    for d in review.days:
        mark = "▶" if d.date == review.today else " "
        moved = f"  ({t('was_planned', n=d.original)})" if d.original != d.planned else ""
        lines.append(
            f"{mark}{weekday_name(d.date.weekday())} {d.date.isoformat()[5:]}  "
            f"{d.completed:>2}/{d.planned:<2} {bar(d.completed, scale, 16):<16} "
            f"{d.focus_minutes:>4} {t('minutes')}{moved}"
        )
    adherence = "—" if review.adherence is None else f"{review.adherence:.0%}"
    done, total = review.progress
    lines += [
        "",
        f"{t('adherence')}: {adherence}   {t('streak')}: {days(review.streak)}   "
        f"{t('progress')}: {done}/{total}",
    ]
    if review.projected_end is not None:
        lines.append(t("projected_end", date=review.projected_end.isoformat()))
    lines += [
        "",
        f"{t('by_track')}:",
    ]
    lines += [
        f"  {visible(str(tr.track))}: {tr.completed} 🍅, {tr.focus_minutes} {t('minutes')}"
        for tr in review.tracks
    ]
    if not review.tracks:
        lines.append(f"  {t('none')}")
    lines += ["", f"{t('interruptions')}:"]
    for i in review.interruptions:
        reason = f" — {visible(i.reason)}" if i.reason else ""
        lines.append(
            f"  {i.ended_at[5:16].replace('T', ' ')} {t('status_' + i.status)}: "
            f"{visible(i.slot_title or '')}{reason}"
        )
    if not review.interruptions:
        lines.append(f"  {t('none')}")
    lines += ["", f"{t('notes')}:"]
    for n in review.notes:
        when = f"{weekday_name(n.date.weekday())} {n.started_at[11:16]}"
        lines.append(f"  {when} {visible(n.slot_title or '—')}: {visible(n.note)}")
    if not review.notes:
        lines.append(f"  {t('none')}")
    lines += ["", f"{t('backlog')}:"]
    for b in review.backlog:
        lines.append(f"  {b.date.isoformat()} {visible(b.slot.title)} ({b.missing} 🍅)")
    if not review.backlog:
        lines.append(f"  {t('none')}")
    return "\n".join(lines) + "\n"
