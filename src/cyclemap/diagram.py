"""The loop as a picture: the negative cycle, and the new (positive) one, as Rich renderables.

Each partner gets a box: what sets them off and what they do about it above the dotted
"underneath" line (what the other one sees), the feelings below it (what the other one rarely
sees). Arrows join one partner's move to the other's trigger, and back again, so the picture is a
loop: the cycle is the problem, not either partner.

Side by side from 80 columns, stacked below that; an ASCII-only form; long answers wrap and
nothing is ever cut off. User text is only ever placed in `Text` spans, never parsed as markup.

This is core code: it must never import Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from cyclemap.anonymous import ANONYMOUS_NAMES, NameHider
from cyclemap.terms import ANSWER_LABELS as _LABELS
from cyclemap.wrapping import MIN_WIDTH, PLAIN, UNBROKEN, Line, Span, wrap_plain, wrap_spans
from cyclemap.wrapping import line_width as _line_width

if TYPE_CHECKING:  # a MapView (cyclemap.view) is drawn just the same as the model
    from cyclemap.view import AnyMap as CycleMap
    from cyclemap.view import AnyPartner as PartnerSide

__all__ = [
    "SIDE_BY_SIDE_MIN_WIDTH",
    "CycleDiagram",
    "PositiveCycleDiagram",
    "has_positive_cycle",
    "heading_text",
    "render_positive_text",
    "render_text",
    "wrap_plain",
]

SIDE_BY_SIDE_MIN_WIDTH = 70
"""From this many columns the two boxes stand side by side; below it they are stacked.
70, not 80: in an 80-column terminal the app's padding and scrollbar leave the diagram about 74
columns, and the loop reads best side by side."""

_BOX_MAX = 50  # side by side: each box at most this wide (about 46 characters of text a line)
_STACK_MAX = 64  # stacked: the box at most this wide
_LEFT_RAIL = 3  # "╭─▶" into A's trigger
_RIGHT_RAIL = 2  # "─╮" out of B's move
_GUTTER_MIN = 5
_GUTTER_MAX = 9
_STACK_TEE = 4  # column of the "┬" under a stacked box, and of the arrow below it
_MIN_INNER = MIN_WIDTH


# ---- glyphs and styles -----------------------------------------------------------------------


# Named tuples rather than dataclasses: cheap to define at import (every export imports this).


class _Glyphs(NamedTuple):
    h: str
    v: str
    tl: str
    tr: str
    bl: str
    br: str
    tee_out: str  # the right border where an arrow leaves a box
    tee_down: str  # the bottom border where the stacked arrow leaves a box
    right: str  # arrowhead into a box from the left
    down: str  # arrowhead down (stacked)
    back: str  # "and back to the start", with the space after it
    dots: str  # the iceberg line
    sep: str  # between parts of a heading
    dash: str  # in the pattern label


_UNICODE = _Glyphs("─", "│", "╭", "╮", "╰", "╯", "├", "┬", "▶", "▼", "↺ ", "┄", "·", "–")
_ASCII = _Glyphs("-", "|", "+", "+", "+", "+", "+", "+", ">", "v", "^ ", ".", "-", "-")

_NONE = PLAIN
_TITLE = Style(bold=True)
_CYCLE_NAME = Style(italic=True)
_PATTERN = Style(dim=True)
_BORDER = Style(dim=True)
_NAME = Style(bold=True)
_POSITION = Style(italic=True)
_LABEL = Style(dim=True)
_ANSWER = _NONE
_NOT_YET = UNBROKEN
_UNDERNEATH = Style(dim=True)
_ARROW = Style(color="cyan")
_ARROW_LABEL = Style(color="cyan", italic=True)


# ---- what goes in the boxes ------------------------------------------------------------------


class _Entry(NamedTuple):
    label: str
    text: str | None  # None: not written yet
    mark: str | None = None  # "in" (arrows arrive here) or "out" (arrows leave from here)


class _Side(NamedTuple):
    name: str
    position: str | None
    above: tuple[_Entry, ...]
    below: tuple[_Entry, ...] | None  # None: no "underneath" line in this box


class _Loop(NamedTuple):
    heading: tuple[Line, ...]  # parts, joined by " · "
    sides: tuple[_Side, _Side]
    down_label: str  # stacked, between the boxes
    back_label: str  # stacked, under the second box
    round_label: str  # side by side, on the return path under the boxes


class _Names:
    """Display names, and (in anonymous mode) the partners' names replaced in their answers."""

    def __init__(self, cycle_map: CycleMap, anonymous: bool) -> None:
        real = tuple(partner.name for partner in cycle_map.partners)
        self.shown = ANONYMOUS_NAMES if anonymous else real
        self._hider = NameHider(real) if anonymous else None

    def __getitem__(self, index: int) -> str:
        return self.shown[index]

    def text(self, value: str, author: int | None = None) -> str:
        """`value` as shown; `author` is whose answer it is (None for the couple's text)."""
        return value if self._hider is None else self._hider.hide(value, author)

    def optional(self, value: str | None, author: int | None = None) -> str | None:
        return None if value is None else self.text(value, author)


def heading_text(cycle_map: CycleMap, *, ascii: bool = False, anonymous: bool = False) -> str:
    """The heading of the diagram as one line of plain text: title, "cycle name", pattern."""
    g = _ASCII if ascii else _UNICODE
    groups = _heading(cycle_map, g, _Names(cycle_map, anonymous))
    return f" {g.sep} ".join("".join(text for text, _ in group) for group in groups)


def _heading(cycle_map: CycleMap, g: _Glyphs, names: _Names) -> tuple[Line, ...]:
    groups: list[Line] = [[(names.text(cycle_map.title), _TITLE)]]
    if cycle_map.cycle_name:
        groups.append([(f'"{names.text(cycle_map.cycle_name)}"', _CYCLE_NAME)])
    pattern = cycle_map.pattern
    label = f"{pattern.value.replace('-', g.dash)} ({pattern.johnson_name})"
    groups.append([(label, _PATTERN)])
    return tuple(groups)


def _wrap_heading(groups: Sequence[Line], width: int, g: _Glyphs) -> list[Line]:
    """The heading's parts joined by " · ", a part moving to the next line rather than being
    split when it can, so that no line ends with a dangling separator."""
    sep: Span = (f" {g.sep} ", _PATTERN)
    lines: list[Line] = []
    current: Line = []
    for group in groups:
        size = _line_width(group)
        if current and _line_width(current) + cell_len(sep[0]) + size <= width:
            current += [sep, *group]
            continue
        if current:
            lines.append(current)
        if size <= width:
            current = list(group)
        else:
            wrapped = wrap_spans(group, width, indent=0)
            lines += wrapped[:-1]
            current = wrapped[-1]
    lines.append(current)
    return _centred(lines, width)


def _negative_loop(
    cycle_map: CycleMap, g: _Glyphs, names: _Names, *, heading: bool, surface_only: bool
) -> _Loop:
    sides: list[_Side] = []
    for partner in cycle_map.partners:
        sides.append(_negative_side(partner, names, len(sides), surface_only=surface_only))
    a, b = names[0], names[1]
    return _Loop(
        heading=_heading(cycle_map, g, names) if heading else (),
        sides=(sides[0], sides[1]),
        down_label=f"what {a} does lands as {b}'s trigger",
        back_label=f"what {b} does lands as {a}'s trigger, back at the top",
        round_label=f"{'' if g is _ASCII else g.back}what each one does lands as the other's trigger",
    )


def _negative_side(
    partner: PartnerSide, names: _Names, index: int, *, surface_only: bool = False
) -> _Side:
    def text(value: str) -> str:
        return names.text(value, index)

    def optional(value: str | None) -> str | None:
        return names.optional(value, index)

    above = [_Entry(_LABELS["trigger"], text(partner.trigger), "in")]
    if partner.meaning and not surface_only:
        above.append(_Entry(_LABELS["meaning"], optional(partner.meaning)))
    if partner.surface_feeling and not surface_only:
        above.append(_Entry(_LABELS["surface_feeling"], optional(partner.surface_feeling)))
    above.append(_Entry(_LABELS["protective_move"], text(partner.protective_move), "out"))
    if surface_only:  # only what each one sees of the other: no "underneath" line
        return _Side(names[index], partner.position.verb, tuple(above), None)
    below = [_Entry(_LABELS["underlying_feeling"], text(partner.underlying_feeling))]
    if partner.fear:
        below.append(_Entry(_LABELS["fear"], optional(partner.fear)))
    if partner.longing:
        below.append(_Entry(_LABELS["longing"], optional(partner.longing)))
    return _Side(names[index], partner.position.verb, tuple(above), tuple(below))


def _positive_loop(cycle_map: CycleMap, g: _Glyphs, names: _Names, *, heading: bool) -> _Loop:
    sides: list[_Side] = []
    partners: tuple[PartnerSide, ...] = cycle_map.partners  # a model's or a view's
    for index, partner in enumerate(partners):
        other = names[1 - index]
        above = (
            _Entry(
                _LABELS["respond"].format(other=other),
                names.optional(partner.respond, index),
                "in",
            ),
            _Entry(_LABELS["reach"], names.optional(partner.reach, index), "out"),
        )
        sides.append(_Side(names[index], None, above, None))
    a, b = names[0], names[1]
    parts: tuple[Line, ...] = (
        [("The new cycle", _TITLE)],
        [("reaching and responding", _PATTERN)],
    )
    return _Loop(
        heading=parts if heading else (),
        sides=(sides[0], sides[1]),
        down_label=f"{a} reaches toward {b}",
        back_label=f"{b} reaches back toward {a}, and round again",
        round_label=f"{'' if g is _ASCII else g.back}each reach is met by the other's answer",
    )


def has_positive_cycle(cycle_map: CycleMap) -> bool:
    """True when at least one partner has written what they could say or how they could answer."""
    return any(partner.reach or partner.respond for partner in cycle_map.partners)


# ---- drawing ---------------------------------------------------------------------------------


class _Box(NamedTuple):
    """One partner's box, wrapped to a width, before it is given a height."""

    header: Line | None  # in the top border, or None when the names went inside the box
    above: list[Line]
    below: list[Line] | None
    marks: dict[str, int]  # "in"/"out" -> index into `above`


def _entry_lines(entry: _Entry, inner: int) -> list[Line]:
    if entry.text is None:
        return wrap_spans([(entry.label, _LABEL), ("(not written yet)", _NOT_YET)], inner)
    return wrap_spans([(entry.label, _LABEL), (entry.text, _ANSWER)], inner)


def _header_spans(side: _Side, g: _Glyphs) -> Line:
    line: Line = [(side.name, _NAME)]
    if side.position:
        if g is _ASCII:
            line.append((f" ({side.position})", _POSITION))
        else:
            line += [(f" {g.sep} ", _BORDER), (side.position, _POSITION)]
    return line


def _prepare(side: _Side, width: int, g: _Glyphs) -> _Box:
    inner = max(width - 4, _MIN_INNER)
    spans = _header_spans(side, g)
    header: Line | None = spans
    above: list[Line] = []
    if _line_width(spans) > width - 6:  # "╭─ " + header + " ─╮" does not fit: put it inside
        above += wrap_spans(spans, inner)
        header = None
    marks: dict[str, int] = {}
    for entry in side.above:
        if entry.mark:
            marks[entry.mark] = len(above)
        above += _entry_lines(entry, inner)
    below = None
    if side.below is not None:
        below = [line for entry in side.below for line in _entry_lines(entry, inner)]
    return _Box(header, above, below, marks)


def _pad(line: Line, width: int) -> Line:
    gap = width - _line_width(line)
    return [*line, (" " * gap, _NONE)] if gap > 0 else list(line)


def _underneath(inner: int, g: _Glyphs) -> Line:
    label = " underneath "
    if inner < len(label) + 2:
        return [(g.dots * inner, _UNDERNEATH)]
    left = (inner - len(label)) // 2
    right = inner - len(label) - left
    return [(g.dots * left + label + g.dots * right, _UNDERNEATH)]


def _draw_box(
    box: _Box,
    width: int,
    g: _Glyphs,
    *,
    above_height: int,
    below_height: int,
    exits: Iterable[str] = (),
    tee_down: bool = False,
) -> tuple[list[Line], dict[str, int]]:
    """The box as lines exactly `width` cells wide, and the row of each mark."""
    inner = max(width - 4, _MIN_INNER)
    width = inner + 4
    if box.header is not None:
        rest = width - 5 - _line_width(box.header)
        top = [(g.tl + g.h + " ", _BORDER), *box.header, (" " + g.h * rest + g.tr, _BORDER)]
    else:
        top = [(g.tl + g.h * (width - 2) + g.tr, _BORDER)]
    rows = [top]
    exit_rows = {box.marks[mark] + 1 for mark in exits}
    content = box.above + [[]] * (above_height - len(box.above))
    if box.below is not None:
        content.append(_underneath(inner, g))
        content += box.below + [[]] * (below_height - len(box.below))
    for number, line in enumerate(content, start=1):
        right = (g.tee_out, _ARROW) if number in exit_rows else (g.v, _BORDER)
        rows.append([(g.v + " ", _BORDER), *_pad(line, inner), (" ", _NONE), right])
    if tee_down and width > _STACK_TEE + 1:
        bottom = g.bl + g.h * (_STACK_TEE - 1)
        rows.append(
            [
                (bottom, _BORDER),
                (g.tee_down, _ARROW),
                (g.h * (width - _STACK_TEE - 2) + g.br, _BORDER),
            ]
        )
    else:
        rows.append([(g.bl + g.h * (width - 2) + g.br, _BORDER)])
    marks = {mark: row + 1 for mark, row in box.marks.items()}
    return rows, marks


def _centred(lines: list[Line], width: int) -> list[Line]:
    return [[(" " * max(0, (width - _line_width(line)) // 2), _NONE), *line] for line in lines]


def _heading_lines(loop: _Loop, width: int, g: _Glyphs) -> list[Line]:
    """The heading and a blank line under it; nothing for a loop drawn without one."""
    return [*_wrap_heading(loop.heading, width, g), []] if loop.heading else []


def _layout(loop: _Loop, width: int, g: _Glyphs) -> list[Line]:
    if width >= SIDE_BY_SIDE_MIN_WIDTH:
        return _side_by_side(loop, width, g)
    return _stacked(loop, width, g)


def _stacked(loop: _Loop, width: int, g: _Glyphs) -> list[Line]:
    box_width = max(min(width, _STACK_MAX), _MIN_INNER + 4)
    lines = _heading_lines(loop, box_width, g)
    labels = (loop.down_label, loop.back_label)
    arrows = (g.down + " ", g.back)
    for side, label, arrow in zip(loop.sides, labels, arrows, strict=True):
        box = _prepare(side, box_width, g)
        below = len(box.below) if box.below is not None else 0
        rows, _ = _draw_box(
            box, box_width, g, above_height=len(box.above), below_height=below, tee_down=True
        )
        lines += rows
        indent = _STACK_TEE + 2
        if box_width - indent >= 8:
            wrapped = wrap_spans([(label, _ARROW_LABEL)], box_width - indent, indent=0)
            lines.append([(" " * _STACK_TEE, _NONE), (arrow, _ARROW), *wrapped[0]])
            lines += [[(" " * indent, _NONE), *line] for line in wrapped[1:]]
        else:
            lines.append([(" " * _STACK_TEE, _NONE), (arrow.strip(), _ARROW)])
            lines += wrap_spans([(label, _ARROW_LABEL)], box_width, indent=0)
    return lines


def _side_by_side(loop: _Loop, width: int, g: _Glyphs) -> list[Line]:
    rails = _LEFT_RAIL + _RIGHT_RAIL
    box_width = min(_BOX_MAX, (width - rails - _GUTTER_MIN) // 2)
    gutter = min(_GUTTER_MAX, width - rails - 2 * box_width)
    total = rails + 2 * box_width + gutter

    boxes = [_prepare(side, box_width, g) for side in loop.sides]
    # The "underneath" lines meet at the same height, like a waterline across the picture.
    above = max(len(box.above) for box in boxes)
    below = max(len(box.below) if box.below is not None else 0 for box in boxes)
    drawn = [
        _draw_box(box, box_width, g, above_height=above, below_height=below, exits=["out"])
        for box in boxes
    ]
    (rows_a, marks_a), (rows_b, marks_b) = drawn
    in_a, out_a = marks_a["in"], marks_a["out"]
    in_b, out_b = marks_b["in"], marks_b["out"]

    lines = _heading_lines(loop, total, g)
    for row, (left_box, right_box) in enumerate(zip(rows_a, rows_b, strict=True)):
        lines.append(
            [
                _left_rail(row, in_a, g),
                *left_box,
                _gutter(row, out_a, in_b, gutter, g),
                *right_box,
                _right_rail(row, out_b, g),
            ]
        )
    label = f" {loop.round_label} "
    run = total - 2
    if cell_len(label) + 8 <= run:
        left = (run - cell_len(label)) // 2
        right = run - cell_len(label) - left
        lines.append(
            [
                (g.bl + g.h * left, _ARROW),
                (label, _ARROW_LABEL),
                (g.h * right + g.br, _ARROW),
            ]
        )
    else:
        lines.append([(g.bl + g.h * run + g.br, _ARROW)])
    return lines


def _left_rail(row: int, entry: int, g: _Glyphs) -> Span:
    if row < entry:
        return (" " * _LEFT_RAIL, _NONE)
    if row == entry:
        return (g.tl + g.h + g.right, _ARROW)
    return (g.v + "  ", _ARROW)


def _right_rail(row: int, leave: int, g: _Glyphs) -> Span:
    if row < leave:
        return (" " * _RIGHT_RAIL, _NONE)
    if row == leave:
        return (g.h + g.tr, _ARROW)
    return (" " + g.v, _ARROW)


def _gutter(row: int, leave: int, entry: int, width: int, g: _Glyphs) -> Span:
    """The arrow from A's move (row `leave`) to B's trigger (row `entry`), in the gap."""
    if leave == entry:
        return (g.h * (width - 1) + g.right, _ARROW) if row == leave else (" " * width, _NONE)
    corner = (width - 1) // 2
    going_up = leave > entry
    if row == leave:
        turn = g.br if going_up else g.tr
        return (g.h * corner + turn + " " * (width - corner - 1), _ARROW)
    if row == entry:
        turn = g.tl if going_up else g.bl
        return (" " * corner + turn + g.h * (width - corner - 2) + g.right, _ARROW)
    if min(leave, entry) < row < max(leave, entry):
        return (" " * corner + g.v + " " * (width - corner - 1), _ARROW)
    return (" " * width, _NONE)


# ---- the renderables -------------------------------------------------------------------------


def _to_text(line: Line) -> Text:
    text = Text(no_wrap=True, overflow="ignore", end="")
    for part, style in line:
        text.append(part, style)
    return text


class _LoopDiagram:
    """Shared by both diagrams: a loop drawn at whatever width it is given."""

    def __init__(
        self,
        cycle_map: CycleMap,
        *,
        ascii: bool = False,
        anonymous: bool = False,
        heading: bool = True,
    ):
        """`heading=False` leaves out the title line (for a screen that has its own)."""
        self.cycle_map = cycle_map
        self.ascii = ascii
        self.anonymous = anonymous
        self.heading = heading

    def _loop(self, g: _Glyphs) -> _Loop:
        raise NotImplementedError

    def lines(self, width: int, *, ascii: bool | None = None) -> list[Text]:
        """The picture at `width` columns, one `Text` a line (none wider than `width`)."""
        g = _ASCII if (self.ascii if ascii is None else ascii) else _UNICODE
        return [_to_text(line) for line in _layout(self._loop(g), width, g)]

    def plain(self, width: int) -> str:
        """The picture as plain text: no styles, no trailing spaces, every line ending in a
        newline."""
        return "".join(line.plain.rstrip() + "\n" for line in self.lines(width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width, ascii=self.ascii or options.ascii_only):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = options.max_width
        lines = self.lines(width, ascii=self.ascii or options.ascii_only)
        natural = max((line.cell_len for line in lines), default=1)
        return Measurement(min(20, width, natural), min(natural, width))


class CycleDiagram(_LoopDiagram):
    """The negative cycle: A's move lands as B's trigger, B's move lands as A's trigger.

    `surface_only` draws only what each one sees of the other (what sets them off, what they
    do), without the "underneath" half of the boxes.
    """

    def __init__(
        self,
        cycle_map: CycleMap,
        *,
        ascii: bool = False,
        anonymous: bool = False,
        heading: bool = True,
        surface_only: bool = False,
    ) -> None:
        super().__init__(cycle_map, ascii=ascii, anonymous=anonymous, heading=heading)
        self.surface_only = surface_only

    def _loop(self, g: _Glyphs) -> _Loop:
        names = _Names(self.cycle_map, self.anonymous)
        return _negative_loop(
            self.cycle_map, g, names, heading=self.heading, surface_only=self.surface_only
        )


class PositiveCycleDiagram(_LoopDiagram):
    """The new cycle: A reaches, B answers; B reaches, A answers."""

    def _loop(self, g: _Glyphs) -> _Loop:
        names = _Names(self.cycle_map, self.anonymous)
        return _positive_loop(self.cycle_map, g, names, heading=self.heading)


def render_text(
    cycle_map: CycleMap, *, width: int = 80, ascii: bool = False, anonymous: bool = False
) -> str:
    """The negative cycle as plain text (no colour, no escape codes), every line ending in a
    newline and without trailing spaces."""
    return CycleDiagram(cycle_map, ascii=ascii, anonymous=anonymous).plain(width)


def render_positive_text(
    cycle_map: CycleMap, *, width: int = 80, ascii: bool = False, anonymous: bool = False
) -> str:
    """The new cycle as plain text, like `render_text`."""
    return PositiveCycleDiagram(cycle_map, ascii=ascii, anonymous=anonymous).plain(width)
