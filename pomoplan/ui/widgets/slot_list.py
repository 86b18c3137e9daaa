"""Today's slots grouped by block, each with its state, track and pomodoros done.

A line-API widget: one row per line, drawn only for the lines on screen. Textual's
OptionList did this job too, at ~6 ms more of the first frame (it measures and wraps every
option); this list never wraps, it cuts a long title with an ellipsis.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pomoplan.services.session import SlotEntry, StudySession

MARKS = {"done": "✔", "current": "▶", "skipped": "↷", "pending": "·"}
STYLES = {"done": "green", "current": "bold", "skipped": "yellow", "pending": ""}
TRACK_CELLS = 10
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
        """Enter or a click on a slot: ``index`` is its place in ``session.entries``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Content] = []
        self._entries: list[int | None] = []  # the entry index of each row; None for a heading
        self._keys: list[tuple[str, date] | None] = []  # each row's slot id and plan date
        self.highlighted: int | None = None
        """The highlighted row (a slot's, never a heading's), or None for an empty list."""

    @property
    def lines(self) -> list[str]:
        """The rows as plain text, headings included."""
        return [row.plain for row in self._rows]

    def show(self, session: StudySession) -> None:
        """Rebuild the rows, keeping the highlight on the same slot (else on the current one)."""
        was = self.highlighted
        keep = self._keys[was] if was is not None else None
        rows: list[Content] = []
        entries: list[int | None] = []
        keys: list[tuple[str, date] | None] = []
        section = None
        for index, entry in enumerate(session.entries):
            if entry.section != section:
                section = entry.section
                rows.append(Content.styled(section, "bold"))
                entries.append(None)
                keys.append(None)
            rows.append(_row(session, entry))
            entries.append(index)
            keys.append((entry.slot.id, entry.date))
        self._rows, self._entries, self._keys = rows, entries, keys
        self.virtual_size = Size(0, len(rows))
        if keep is not None and keep in keys:
            row = keys.index(keep)
            self._move_to(row, reveal=row != was)  # in place: leave the user's scrolling be
        elif session.current is not None:
            self.highlight_entry(session, session.current)
        else:
            slots = self._slot_rows()
            self._move_to(slots[0] if slots else None)
        self.refresh()

    def highlight_entry(self, session: StudySession, entry: SlotEntry) -> None:
        """Move the highlight to ``entry``."""
        index = session.entries.index(entry)
        self._move_to(self._entries.index(index) if index in self._entries else None)

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self._rows):
            return Strip.blank(width, self.visual_style.rich_style)
        names = ("slot-list--highlight",) if row == self.highlighted else ()
        style = self.get_visual_style(*names)
        content = self._rows[row].truncate(width, ellipsis=True, pad=True)
        return Strip(content.render_segments(style), width).apply_meta({"row": row})

    # -- keys and mouse --------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the highlight ``step`` slots up (negative) or down, headings skipped."""
        slots = self._slot_rows()
        if not slots:
            return
        at = slots.index(self.highlighted) if self.highlighted in slots else 0
        self._move_to(slots[max(0, min(len(slots) - 1, at + step))])

    def action_first(self) -> None:
        """Highlight the first slot."""
        slots = self._slot_rows()
        if slots:
            self._move_to(slots[0])

    def action_last(self) -> None:
        """Highlight the last slot."""
        slots = self._slot_rows()
        if slots:
            self._move_to(slots[-1])

    def action_page(self, direction: int) -> None:
        """Move the highlight about a screenful."""
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_pick(self) -> None:
        """Make the highlighted slot current."""
        if self.highlighted is not None:
            index = self._entries[self.highlighted]
            if index is not None:
                self.post_message(self.Picked(index))

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if (
            isinstance(row, int)
            and 0 <= row < len(self._entries)
            and self._entries[row] is not None
        ):
            self._move_to(row)
            self.action_pick()

    def _slot_rows(self) -> list[int]:
        return [row for row, index in enumerate(self._entries) if index is not None]

    def _move_to(self, row: int | None, *, reveal: bool = True) -> None:
        if row != self.highlighted:
            self.highlighted = row
            self.refresh()
        if row is not None and reveal:
            self._reveal(row)

    def _reveal(self, row: int, *, again: bool = True) -> None:
        if self.scrollable_content_region.height:
            self.scroll_to_region(Region(0, row, 1, 1), animate=False, force=True, immediate=True)
        elif again:  # not laid out yet: once it is
            self.call_after_refresh(self._reveal, row, again=False)


def _row(session: StudySession, entry: SlotEntry) -> Content:
    state = session.slot_state(entry)
    done = session.done.get(entry.slot.id, 0)
    style = STYLES[state]
    return Content.assemble(
        (f"{MARKS[state]} ", style),
        (f"{done}/{entry.slot.pomodoros} ", "dim" if state == "pending" else style),
        (pad_cells(entry.slot.track, TRACK_CELLS), "cyan"),
        " ",
        (entry.slot.title, style),
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
