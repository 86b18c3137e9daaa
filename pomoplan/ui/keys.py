"""Which key does what, and where: one table for the bindings, the footer, help and the palette."""

from typing import Literal, NamedTuple

from pomoplan.core.settings import KeySettings

Where = Literal["today", "review", "stats", "away", "anywhere"]
"""``away``: any screen but today's."""
Screen = Literal["today", "review", "stats", "other"]


class KeySpec(NamedTuple):
    """One binding: ``key`` runs the app's ``action`` where it acts; ``label`` is an i18n key."""

    key: str
    action: str
    label: str
    where: Where
    runs_timer: bool = False
    """Off in a window that only follows the timer another window runs."""
    footer: bool = True
    """Shown in the footer (else only in the help and the palette: 80 columns are full)."""
    rank: int = 9
    """How long it stays in a narrow footer: the highest rank goes first; 0 (quit) stays."""


SCREEN_KEYS: dict[Screen, tuple[tuple[str, str], ...]] = {
    "today": (
        ("↑ ↓", "key_move"),
        ("PgUp PgDn", "key_page"),
        ("Home End", "key_ends"),
        ("enter", "key_select"),
    ),
    "review": (
        ("↑ ↓", "key_move_backlog"),
        ("enter", "key_adopt"),
        ("escape", "key_today"),
    ),
    "stats": (("escape", "key_today"),),
}
"""Keys a screen's own widgets take (the slot list, the review's backlog, the stats' years):
the help lists them under the app's keys that act there."""

LEGENDS: dict[Screen, str] = {"today": "legend", "review": "legend_review"}
"""What the marks on a screen mean (an i18n key), for the help."""


def key_table(keys: KeySettings) -> tuple[KeySpec, ...]:
    """The app's bindings in the order the footer and the help show them."""
    return (
        KeySpec(keys.pause, "start_pause", "key_pause", "anywhere", runs_timer=True, rank=2),
        KeySpec(keys.skip, "skip", "key_skip", "today", runs_timer=True, rank=4),
        KeySpec(keys.interrupt, "interrupt", "key_interrupt", "today", runs_timer=True, rank=5),
        KeySpec(keys.review, "review", "key_review", "today", rank=6),
        KeySpec(keys.note, "note", "key_note", "today", runs_timer=True, footer=False),
        KeySpec(keys.stats, "stats", "key_stats", "today", rank=7),
        KeySpec("left", "week(-1)", "key_prev_week", "review", rank=1),
        KeySpec("right", "week(1)", "key_next_week", "review", rank=1),
        KeySpec("left", "year(-1)", "key_prev_year", "stats", rank=1),
        KeySpec("right", "year(1)", "key_next_year", "stats", rank=1),
        # The review names it in its title line: its footer has no room left at 80 columns.
        KeySpec("p", "plan_week", "key_plan", "review", runs_timer=True, footer=False),
        KeySpec(keys.today, "today", "key_today", "away", rank=2),
        KeySpec("question_mark", "help", "key_help", "anywhere", rank=3),
        KeySpec(keys.quit, "quit", "key_quit", "anywhere", rank=0),
    )


SCREEN_RANK = 1
"""A screen's own shown keys (the stats' years) stay as long as the review's weeks."""

PAIRS = {"week": "key_weeks", "year": "key_years_pair"}
"""``NAME(-1)`` and ``NAME(1)`` side by side become one ``← → label`` when space is short."""


def acts(where: Where, screen: Screen) -> bool:
    """Whether a key for ``where`` does something on ``screen``."""
    if where == "anywhere":
        return True
    if where == "away":
        return screen != "today"
    return where == screen


def display(key: str) -> str:
    """How a key is written in the footer and the help."""
    return {"question_mark": "?", "left": "←", "right": "→"}.get(key, key)
