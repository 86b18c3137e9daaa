"""The footer: the keys that act on the screen, as many whole entries as the width holds."""

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from pomoplan.core.settings import KeySettings
from pomoplan.text.i18n import t
from pomoplan.ui.keys import PAIRS, SCREEN_RANK, key_table

RANKS = {spec.action: spec.rank for spec in key_table(KeySettings())}
"""By action (the same whatever key config binds it to): how long its key stays."""


class Entry(NamedTuple):
    """One key in the footer; the lower its ``rank``, the longer it stays when space is short."""

    key: str
    """The key pressed (Textual's name)."""
    shown: str
    """How the key is written."""
    description: str
    rank: int
    pair: str = ""
    """The label of the pair it is half of (``key_weeks``), else ""."""

    @property
    def cells(self) -> int:
        """Cells it takes: `` key `` then ``description ``."""
        return cell_len(self.shown) + 2 + cell_len(self.description) + 1


def fit(entries: list[Entry], width: int) -> list[Entry]:
    """The entries that fit ``width`` cells, in their order: a ``← →`` pair first becomes one
    entry, then the highest-ranked (least needed) go; rank 0 (quit) stays whatever the width."""
    kept = list(entries)
    if _cells(kept) > width:
        kept = _paired(kept)
    while kept and _cells(kept) > width:
        drop = max((e.rank for e in kept if e.rank > 0), default=None)
        if drop is None:
            break
        # Of equal ranks the later one goes first: the footer reads left to right.
        del kept[max(i for i, e in enumerate(kept) if e.rank == drop)]
    return kept


def _cells(entries: list[Entry]) -> int:
    return sum(e.cells for e in entries)


def _paired(entries: list[Entry]) -> list[Entry]:
    out: list[Entry] = []
    for entry in entries:
        last = out[-1] if out else None
        if last is not None and last.pair and last.pair == entry.pair:
            out[-1] = last._replace(shown=f"{last.shown} {entry.shown}", description=t(entry.pair))
        else:
            out.append(entry)
    return out


class KeyBar(Widget):
    """A one-line footer of whole entries (Textual's footer cuts the last one mid-word when
    the terminal is narrow). A click on an entry presses its key."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: list[Entry] = []
        """The entries on screen, after the last render."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def entries(self) -> list[Entry]:
        """Every key shown in the footer that acts now, in the order of the bindings."""
        out: list[Entry] = []
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            action = binding.action.removeprefix("app.")
            rank = RANKS.get(action, SCREEN_RANK)
            name, _, step = action.partition("(")
            pair = PAIRS.get(name, "") if step in ("-1)", "1)") else ""
            shown = self.app.get_key_display(binding)
            out.append(Entry(binding.key, shown, binding.description, rank, pair))
        return out

    def render(self) -> Text:
        self.shown = fit(self.entries(), self.size.width)
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        text = Text(no_wrap=True, overflow="crop")
        for entry in self.shown:
            text.append(f" {entry.shown} ", key_style)
            text.append(f"{entry.description} ", description_style)
        return text

    @property
    def plain(self) -> str:
        """The footer as it reads on screen."""
        return "".join(f" {e.shown} {e.description} " for e in self.shown)

    def on_click(self, event: events.Click) -> None:
        x = 0
        for entry in self.shown:
            if x <= event.x < x + entry.cells:
                self.app.simulate_key(entry.key)
                return
            x += entry.cells
