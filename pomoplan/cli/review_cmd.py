"""``pomoplan review``: the weekly review as text or JSON."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from pomoplan.core.errors import InputError, unlocated
from pomoplan.core.review import parse_week
from pomoplan.services.context import Context
from pomoplan.services.reviewing import load_review
from pomoplan.text.review_lines import review_text
from pomoplan.text.safe import visible_lines

if TYPE_CHECKING:
    import argparse


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
        sys.stdout.write(visible_lines(review_text(review, plan.curriculum.title)))
    return 0
