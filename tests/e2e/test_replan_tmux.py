"""Re-planning in a real terminal: the backlog on a study day, then the review's ``p``."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from tmux_app import Terminal, wait_for
from tmux_app import pomoplan as cli


def test_backlog_on_a_study_day_then_plan_next_week(home: Path, mini: Path, terminals) -> None:
    today = date.fromisoformat(json.loads(cli(home, "today", "--json"))["date"])
    on = (today - timedelta(days=2)).isoformat()
    cli(home, "start", str(mini), "--on", on, "--consecutive")
    term = Terminal(home, size=(80, 40))  # 80 columns: the footers still show q Quit
    terminals.append(term)
    wait_for(lambda: "q Quit" in term.screen(), what="the idle screen")
    screen = term.screen()
    assert "Backlog" in screen and "q Quit" in screen
    term.press("r")
    wait_for(lambda: "p plan next week" in term.screen(), what="the review")
    wait_for(lambda: "← Previous week" in term.screen(), what="the review's footer")
    assert "q Quit" in term.screen()
    term.press("p")
    wait_for(lambda: "Plan next week" in term.screen(), what="the plan dialog")
    wait_for(lambda: "→" in term.screen(), what="the preview of what moves")
    assert json.loads(cli(home, "replan", "--json")) == []  # nothing made yet
    term.press("Enter")
    wait_for(lambda: "Plan next week" not in term.screen(), what="the dialog to close")
    made = json.loads(cli(home, "replan", "--json"))
    assert [(r["kind"], r["undone"]) for r in made] == [("catch-up", False)]
    assert json.loads(cli(home, "today", "--json"))["backlog"] == []
    term.press("q")
