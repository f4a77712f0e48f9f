"""The library's list of maps, drawn a line at a time so that ten thousand maps cost no more to
show than the screenful in view.

Every row has a fixed height known before it is drawn (a map: its title line and its details
line; a heading: its name, after a blank line unless it comes first), so the list's length is a
sum and no row is measured or wrapped until it scrolls into view. A line too wide for the list
ends in "…": the whole title is on the map's own screen.

Group headings (a couple's name) can't be highlighted or chosen: the cursor keys pass over them,
and when the first map of a group is highlighted its heading is scrolled into view with it.
Enter belongs to the screen's "Open" binding, so the footer shows it, and the key goes through
the same path as the arrow keys: a "down" typed just before "enter" is always handled first.
Printable keys are never commands here: they go to `typed` (the library's filter).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Any, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cyclemap.tui.widgets.filter_input import is_typing

PADDING = 1  # columns left blank at each side of a row


class ListRow(NamedTuple):
    """One row: a map (or a broken file) or a group heading. `data` is whatever the row stands
    for; the list's `lines_of` makes the row's `height` lines from it when it is first drawn."""

    id: str
    data: Any
    height: int = 2
    heading: bool = False
    indent: int = 0


class MapList(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    MapList {
        height: 1fr;
        background: $surface;
        & > .map-list--row { }
        & > .map-list--heading { color: $text-accent; }
        & > .map-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .map-list--highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "map-list--row",
        "map-list--heading",
        "map-list--highlighted",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
    ]

    class RowMessage(Message):
        def __init__(self, map_list: MapList, row: ListRow | None) -> None:
            super().__init__()
            self.map_list = map_list
            self.row = row

        @property
        def control(self) -> MapList:
            return self.map_list

    class Highlighted(RowMessage):
        """The cursor is on another row (`row`; None for none)."""

    class Selected(RowMessage):
        """A row was clicked."""

    def __init__(
        self,
        lines_of: Callable[[ListRow], Sequence[Text]],
        *,
        typed: Callable[[events.Key], None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.lines_of = lines_of
        self.typed = typed
        self.rows: Sequence[ListRow] = ()
        self.highlighted: int | None = None
        self._starts: list[int] = []  # the first line of each row
        self._texts: LRUCache[int, Sequence[Text]] = LRUCache(1024)
        self._strips: LRUCache[tuple[int, int, str, int], Strip] = LRUCache(1024)

    # -- the rows -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ListRow], *, keep: str | None = None) -> None:
        """Show `rows`, the cursor on the row whose id is `keep` if it is there, else on the
        first map."""
        self.rows = rows
        self._starts = [0, *accumulate(row.height for row in rows)][:-1]
        self._texts.clear()
        self._strips.clear()
        self._update_virtual_size()
        index = next((i for i, row in enumerate(rows) if row.id == keep), None) if keep else None
        self.highlight(index if index is not None else self._next_map(0, 1))
        self.refresh()

    @property
    def highlighted_row(self) -> ListRow | None:
        return None if self.highlighted is None else self.rows[self.highlighted]

    def _update_virtual_size(self) -> None:
        lines = self._starts[-1] + self.rows[-1].height if self.rows else 0
        self.virtual_size = Size(self.scrollable_content_region.width, lines)

    def _next_map(self, start: int, step: int) -> int | None:
        """The first row from `start` on, going by `step`, that is not a heading."""
        index = start
        while 0 <= index < len(self.rows):
            if not self.rows[index].heading:
                return index
            index += step
        return None

    def highlight(self, index: int | None) -> None:
        """Put the cursor on row `index` (None: on no row) and scroll it into view."""
        if index == self.highlighted:
            return
        self.highlighted = index
        self.refresh()  # drawn lines are kept by kind: the highlighted ones are apart
        self.scroll_to_highlight()
        self.post_message(self.Highlighted(self, self.highlighted_row))

    def scroll_to_highlight(self) -> None:
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        top = self._starts[index]
        if index and self.rows[index - 1].heading:
            top = self._starts[index - 1]  # the group's heading comes into view with its map
        bottom = self._starts[index] + self.rows[index].height
        self.scroll_to_region(
            Region(0, top, 1, bottom - top), animate=False, force=True, immediate=True
        )

    # -- keys and the mouse ---------------------------------------------------------------

    def action_cursor_down(self) -> None:
        below = self._next_map(0 if self.highlighted is None else self.highlighted + 1, 1)
        if below is not None:  # past the last map the cursor stays where it is
            self.highlight(below)

    def action_cursor_up(self) -> None:
        if self.highlighted is None:
            self.action_last()
            return
        above = self._next_map(self.highlighted - 1, -1)
        if above is not None:
            self.highlight(above)

    def action_first(self) -> None:
        self.highlight(self._next_map(0, 1))

    def action_last(self) -> None:
        self.highlight(self._next_map(len(self.rows) - 1, -1))

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def _move_page(self, direction: int) -> None:
        """A screenful on: to the map at that line, or the nearest one further on; at either
        end, the first or the last map."""
        if not self.rows:
            return
        current = self._starts[self.highlighted or 0]
        line = current + direction * max(1, self.scrollable_content_region.height)
        index = max(0, bisect_right(self._starts, line) - 1)
        target = self._next_map(index, direction)
        if target is None:
            target = self._next_map(index, -direction)
        self.highlight(target)

    async def _on_key(self, event: events.Key) -> None:
        """Letters are text: a printable key (or backspace) goes to `typed`, which puts it in
        the filter, and is never a command. Called here, in the list's own order of keys, and
        not from the screen: a burst of keys is all queued here before the first is handled,
        and every one of them must reach the filter, in order, after the focus moved there."""
        if self.typed is not None and is_typing(event):
            event.stop()
            event.prevent_default()
            self.typed(event)
            return
        await super()._on_key(event)

    def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if isinstance(index, int) and index < len(self.rows) and not self.rows[index].heading:
            self.highlight(index)
            self.post_message(self.Selected(self, self.rows[index]))

    # -- drawing --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # focus changes the highlight's colours
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._update_virtual_size()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        index = bisect_right(self._starts, line) - 1
        if not self.rows or index < 0 or line >= self.virtual_size.height:
            return Strip.blank(width, self.get_component_rich_style("map-list--row"))
        row = self.rows[index]
        if row.heading:
            kind = "map-list--heading"
        elif index == self.highlighted:
            kind = "map-list--highlighted"
        else:
            kind = "map-list--row"
        offset = line - self._starts[index]
        key = (index, offset, kind, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._draw(index, offset, kind, width)
            self._strips[key] = strip
        return strip.crop_extend(self.scroll_offset.x, self.scroll_offset.x + width, None)

    def _draw(self, index: int, offset: int, kind: str, width: int) -> Strip:
        texts = self._texts.get(index)
        if texts is None:
            texts = self.lines_of(self.rows[index])
            self._texts[index] = texts
        row = self.rows[index]
        text = texts[offset].copy() if offset < len(texts) else Text()
        if "\n" in text.plain:  # one line a line, whatever the text holds
            text = Text(" ").join(text.split("\n"))
        room = max(0, width - 2 * PADDING - row.indent)
        text.truncate(room, overflow="ellipsis")
        base: Style = self.get_component_rich_style(kind)
        console = self.app.console
        # Text.render leaves out the text's own style when it has no spans: added here.
        style = base + console.get_style(text.style) if text.style else base
        segments = [Segment(" " * (PADDING + row.indent)), *text.render(console)]
        strip = Strip(Segment.apply_style(segments, style))
        return strip.extend_cell_length(width, base).apply_meta({"row": index})
