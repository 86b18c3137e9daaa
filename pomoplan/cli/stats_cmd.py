"""``pomoplan stats``: a month or a year as a heatmap and figures, or JSON."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from pomoplan.cli.setup import cli_context
from pomoplan.core.errors import InputError, unlocated
from pomoplan.core.stats import parse_month, parse_year
from pomoplan.services.stats import load_stats
from pomoplan.text.heatmap import stats_text

if TYPE_CHECKING:
    import argparse


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the statistics of ``--month`` or ``--year`` (default: this month)."""
    ctx = cli_context()
    today = ctx.today()
    try:
        if args.year:
            first, last = parse_year(args.year)
        else:
            first, last = parse_month(args.month or today.strftime("%Y-%m"))
    except ValueError as exc:
        flag = "--year" if args.year else "--month"
        raise InputError([unlocated(str(exc), field=flag)]) from None
    with ctx.read_store() as store:
        plan = ctx.plan(None, store)
        stats = load_stats(store, plan.schedule, first, last, today)
    if args.json:
        json.dump(stats.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(stats_text(stats, plan.curriculum.title))
    return 0
