"""The library's list of maps: an OptionList that leaves enter to the screen.

Enter belongs to the screen's "Open" binding, so the footer shows it, and the key goes through
the same path as the arrow keys: a "down" typed just before "enter" is always handled first.

Group headings (a couple's name) are disabled options: the cursor keys pass over them, and when
the first map of a group is highlighted its heading is scrolled into view with it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class MapList(OptionList, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
    ]

    def action_page_up(self) -> None:
        super().action_page_up()
        # A page up that ends on the first heading finds no map above it: the first map.
        if self._on_a_heading():
            self.action_first()

    def action_page_down(self) -> None:
        super().action_page_down()
        if self._on_a_heading():
            self.action_last()

    def _on_a_heading(self) -> bool:
        highlighted = self.highlighted
        return bool(self.options) and (highlighted is None or self.options[highlighted].disabled)

    def scroll_to_highlight(self, top: bool = False) -> None:
        super().scroll_to_highlight(top)
        highlighted = self.highlighted
        if not highlighted or not self.is_mounted or not self.options[highlighted - 1].disabled:
            return
        # The heading just above: Textual keeps only the option itself in view.
        heading_line = self._index_to_line.get(highlighted - 1)
        if heading_line is not None and heading_line < self.scroll_offset.y:
            self.scroll_to(y=heading_line, animate=False, immediate=True)
