"""Words drawn in large type (`cyclemap.tui.bigtype`) when there is room, else as bold text:
the headings of presentation mode, the pause phrase, the words of a reach to say aloud."""

from __future__ import annotations

from rich.align import Align
from rich.console import Group, RenderableType
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from cyclemap.tui import bigtype

# Columns kept clear on each side of a line of large type.
BIG_MARGIN = 4


class BigHeading(Widget):
    """A heading drawn in large type when `large` is set and it fits; else bold text.

    Large type is capitals from a small font (`cyclemap.tui.bigtype`), at most `max_lines` lines (two unless set). The
    screen sets `large` only when every heading of the presentation can be drawn large, so that
    both partners' headings always look alike (a name the font lacks makes them all bold text);
    `mark_row` keeps a row for accents on every line when any heading has one.
    """

    text: reactive[str] = reactive("", layout=True)
    large: reactive[bool] = reactive(False, layout=True)
    mark_row: reactive[bool] = reactive(False, layout=True)
    max_lines: reactive[int] = reactive(2, layout=True)

    def _big(self, width: int) -> list[list[str]] | None:
        if not self.large or width <= 0:
            return None
        # Large type never runs edge to edge: it wraps first.
        return bigtype.big_lines(
            self.text, width - 2 * BIG_MARGIN, self.max_lines, mark_row=self.mark_row
        )

    @property
    def is_big(self) -> bool:
        """True when the heading is drawn in large type right now."""
        return self._big(self.content_size.width) is not None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        big = self._big(width)
        if big is None:
            return max(1, Content(self.text).get_height(self.styles, width))
        return sum(len(line) for line in big) + (len(big) - 1)

    def render(self) -> RenderableType:
        big = self._big(self.content_size.width)
        if big is None:
            return Text(self.text, style="bold")
        # Each line of large type is centred as one block (not row by row, which would
        # misalign the rows of a glyph); a generic renderable keeps text-align out of it.
        style = self.rich_style
        blocks: list[RenderableType] = []
        for number, line in enumerate(big):
            if number:
                blocks.append(Text(""))
            rows = Group(*(Text(row, style=style, no_wrap=True, overflow="crop") for row in line))
            blocks.append(Align.center(rows, style=style))
        return Group(*blocks)
