"""Today's slots grouped by block, each with its state, track and pomodoros done."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pomoplan.session import SlotEntry, StudySession

MARKS = {"done": "✔", "current": "▶", "skipped": "↷", "pending": "·"}
STYLES = {"done": "green", "current": "bold", "skipped": "yellow", "pending": ""}
TRACK_CELLS = 10
"""Track names are padded to this many cells so titles line up (深度学习 is 8 cells)."""


class SlotList(OptionList):
    """Block headings are disabled options; a slot option's id is its index in the session."""

    def show(self, session: StudySession) -> None:
        """Rebuild the options, keeping the highlighted slot."""
        keep = self.highlighted
        options: list[Option] = []
        section = None
        for index, entry in enumerate(session.entries):
            if entry.section != section:
                section = entry.section
                options.append(Option(Content.styled(section, "bold"), disabled=True))
            options.append(Option(self._prompt(session, entry), id=f"slot-{index}"))
        self.set_options(options)
        if keep is not None and keep < len(options):
            self.highlighted = keep
        elif session.current is not None:
            self.highlight_entry(session, session.current)

    def highlight_entry(self, session: StudySession, entry: SlotEntry) -> None:
        """Move the highlight to ``entry``."""
        index = session.entries.index(entry)
        self.highlighted = self.get_option_index(f"slot-{index}")

    @staticmethod
    def _prompt(session: StudySession, entry: SlotEntry) -> Content:
        # Textual's own Content: cheaper to lay out than Rich Text (measured on the first frame).
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
