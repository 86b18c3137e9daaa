"""Today's slots grouped by block, each with its state, track and pomodoros done.

A line-API widget: one row per line, drawn only for the lines on screen. Textual's
OptionList did this job too, at ~6 ms more of the first frame (it measures and wraps every
option); this list never wraps, it cuts a long title with an ellipsis.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pomoplan.text.safe import visible
from pomoplan.ui.today_view import SlotKey, SlotRow

MARKS = {"done": "✔", "current": "▶", "skipped": "↷", "pending": "·"}
STYLES = {"done": "green", "current": "bold", "skipped": "yellow", "pending": ""}
TRACK_CELLS = 10
NARROW = 40
"""Cells under which a row leaves out its track (the detail panel still shows it)."""
"""Track names are padded to this many cells so titles line up (深度学习 is 8 cells)."""


class SlotList(ScrollView, can_focus=True):
    """Block headings, then their slots; ↑/↓ move the highlight over slots, enter picks one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("enter", "pick", "Select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"slot-list--highlight"}
    DEFAULT_CSS = """
    SlotList {
        background: $surface;
        color: $foreground;
        padding: 0 1;
        overflow-x: hidden;
        & > .slot-list--highlight {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .slot-list--highlight {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    class Picked(Message):
        """Enter or a click on a slot: make it current."""

        def __init__(self, key: SlotKey) -> None:
            super().__init__()
            self.key = key

    class Highlighted(Message):
        """The highlight moved to another slot (``row`` is that slot's row of the view)."""

        def __init__(self, row: SlotRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Content] = []
        self._slots: list[SlotRow | None] = []  # the slot of each line; None for a heading
        self._shown: tuple[tuple[SlotRow, ...], SlotKey | None] | None = None
        self.highlighted: int | None = None
        """The highlighted line (a slot's, never a heading's), or None for an empty list."""

    @property
    def lines(self) -> list[str]:
        """The rows as plain text, headings included."""
        return [line.plain for line in self._lines]

    @property
    def highlighted_row(self) -> SlotRow | None:
        """The highlighted slot."""
        return None if self.highlighted is None else self._slots[self.highlighted]

    def show(self, rows: tuple[SlotRow, ...], current: SlotKey | None) -> None:
        """Show ``rows`` under their headings, keeping the highlight on the same slot (else on
        the ``current`` one). Nothing is redrawn when neither changed."""
        if self._shown == (rows, current):
            return
        was = self.highlighted
        keep = self._key(was)
        if self._shown is not None and keep == self._shown[1]:
            keep = None  # it was on the current slot: it follows the current one
        self._shown = (rows, current)
        lines: list[Content] = []
        slots: list[SlotRow | None] = []
        heading = None
        for row in rows:
            if row.heading != heading:
                heading = row.heading
                lines.append(Content.styled(visible(heading), "bold"))
                slots.append(None)
            lines.append(_line(row))
            slots.append(row)
        self._lines, self._slots = lines, slots
        self.virtual_size = Size(0, len(lines))
        keys = [self._key(n) for n in range(len(slots))]
        if keep is not None and keep in keys:
            line = keys.index(keep)
            self._move_to(line, reveal=line != was)  # in place: leave the user's scrolling be
        elif current is not None and current in keys:
            self._move_to(keys.index(current))
        else:
            lines_of_slots = self._slot_lines()
            self._move_to(lines_of_slots[0] if lines_of_slots else None)
        self.refresh()

    def highlight_key(self, key: SlotKey) -> None:
        """Move the highlight to the slot ``key``, if it is listed."""
        keys = [self._key(n) for n in range(len(self._slots))]
        if key in keys:
            self._move_to(keys.index(key))

    def _key(self, line: int | None) -> SlotKey | None:
        if line is None or not 0 <= line < len(self._slots):
            return None
        row = self._slots[line]
        return None if row is None else row.key

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self._lines):
            return Strip.blank(width, self.visual_style.rich_style)
        names = ("slot-list--highlight",) if row == self.highlighted else ()
        style = self.get_visual_style(*names)
        line = self._lines[row]
        slot = self._slots[row]
        if width < NARROW and slot is not None:  # the title needs the room more than the track
            line = _line(slot, track=False)
        content = line.truncate(width, ellipsis=True, pad=True)
        return Strip(content.render_segments(style), width).apply_meta({"row": row})

    # -- keys and mouse --------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the highlight ``step`` slots up (negative) or down, headings skipped."""
        slots = self._slot_lines()
        if not slots:
            return
        at = slots.index(self.highlighted) if self.highlighted in slots else 0
        self._move_to(slots[max(0, min(len(slots) - 1, at + step))])

    def action_first(self) -> None:
        """Highlight the first slot."""
        slots = self._slot_lines()
        if slots:
            self._move_to(slots[0])

    def action_last(self) -> None:
        """Highlight the last slot."""
        slots = self._slot_lines()
        if slots:
            self._move_to(slots[-1])

    def action_page(self, direction: int) -> None:
        """Move the highlight about a screenful."""
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_pick(self) -> None:
        """Make the highlighted slot current."""
        key = self._key(self.highlighted)
        if key is not None:
            self.post_message(self.Picked(key))

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if isinstance(row, int) and self._key(row) is not None:
            self._move_to(row)
            self.action_pick()

    def _slot_lines(self) -> list[int]:
        return [line for line, row in enumerate(self._slots) if row is not None]

    def _move_to(self, row: int | None, *, reveal: bool = True) -> None:
        if row != self.highlighted:
            before = self._key(self.highlighted)
            self.highlighted = row
            self.refresh()
            if self._key(row) != before:
                self.post_message(self.Highlighted(self.highlighted_row))
        if row is not None and reveal:
            self._reveal(row)

    def _reveal(self, row: int, *, again: bool = True) -> None:
        if self.scrollable_content_region.height:
            self.scroll_to_region(Region(0, row, 1, 1), animate=False, force=True, immediate=True)
        elif again:  # not laid out yet: once it is
            self.call_after_refresh(self._reveal, row, again=False)


def _line(row: SlotRow, *, track: bool = True) -> Content:
    style = STYLES[row.state]
    return Content.assemble(
        (f"{MARKS[row.state]} ", style),
        (f"{row.done}/{row.pomodoros} ", "dim" if row.state == "pending" else style),
        (pad_cells(visible(row.track), TRACK_CELLS) + " " if track else "", "cyan"),
        (visible(row.title), style),
    )


def pad_cells(text: str, cells: int) -> str:
    """Cut or pad ``text`` to exactly ``cells`` terminal cells (wide characters count 2)."""
    out, used = "", 0
    for ch in text:
        width = cell_len(ch)
        if used + width > cells:
            break
        out += ch
        used += width
    return out + " " * (cells - used)
