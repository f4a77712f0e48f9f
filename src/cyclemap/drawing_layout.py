"""Where everything in the drawing goes: two partner cards split by the line, and the arrows.

Pure geometry in the SVG's own units (px at 100%): a `Loop` of two `Card`s goes in, a `Figure`
(boxes, lines of text, curves, arrowheads) comes out, and drawing.py writes it as SVG. Text is
wrapped with fontmetrics, so every box is as tall as its words need: nothing is cut.

Two arrangements: "wide" (the cards side by side, the arrow there across the middle and the way
back under both cards, a loop) and "stacked" (one card above the other for a phone, the arrow
down on the right and back up on the left, a loop still).

This is core code: it must never import Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cyclemap.fontmetrics import text_width, wrap

__all__ = [
    "Box",
    "Card",
    "Curve",
    "Entry",
    "Figure",
    "Loop",
    "Rule",
    "Words",
    "lay_out",
    "lay_out_words",
]

# Type sizes (px)
TITLE = 28
SUBTITLE = 16
LEGEND = 14
NAME = 22
POSITION = 15
LABEL = 14
ANSWER = 17
ARROW_LABEL = 15
LEADING = 1.35  # line height, as a multiple of the size

PAD = 18  # inside a card
ENTRY_GAP = 12  # between two answers in a card
BLANK_LINES = 3  # writing lines under each question of a blank card
BLANK_LINE_GAP = 34  # about 9 mm when the picture is printed at page width


@dataclass(frozen=True)
class Entry:
    label: str
    text: str | None  # None: not written yet; "" in a blank card: lines to write on
    mark: str | None = None  # "in": the other's arrow arrives here; "out": this one's leaves
    guess: bool = False  # the other one's guess, set beside the answer it guessed at


@dataclass(frozen=True)
class Card:
    name: str  # "" in a blank card: a line to write the name on
    position: str | None
    above: tuple[Entry, ...]
    below: tuple[Entry, ...]
    below_title: str = "underneath"


@dataclass(frozen=True)
class Loop:
    kind: str  # "negative" or "positive": the palette
    title: str
    subtitle: str
    legend: str
    cards: tuple[Card, Card]
    there: str  # the arrow from the first card's move to the second's trigger
    back: str  # and from the second's back to the first's


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    cls: str
    rx: float = 0


@dataclass(frozen=True)
class Words:
    """One line of text; `y` is its baseline."""

    x: float
    y: float
    text: str
    cls: str
    size: float
    bold: bool = False
    italic: bool = False
    anchor: str = "start"


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    cls: str


@dataclass(frozen=True)
class Curve:
    d: str
    cls: str


Item = Box | Words | Rule | Curve


@dataclass
class Figure:
    width: float
    height: float = 0
    items: list[Item] = field(default_factory=list)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# ---- text blocks --------------------------------------------------------------------------------


def _block(
    text: str,
    x: float,
    y: float,
    width: float,
    size: float,
    cls: str,
    *,
    bold: bool = False,
    italic: bool = False,
    anchor: str = "start",
) -> tuple[list[Words], float]:
    """Wrapped lines from `y` (their top) down; returns them and the height they take."""
    step = size * LEADING
    lines = wrap(text, width, size, bold=bold) or [""]
    out = [
        Words(x, y + step * i + size * 0.95, line, cls, size, bold, italic, anchor)
        for i, line in enumerate(lines)
    ]
    return out, step * len(lines)


def _centred(
    text: str,
    cx: float,
    y: float,
    width: float,
    size: float,
    cls: str,
    *,
    bold: bool = False,
    italic: bool = False,
) -> tuple[list[Words], float]:
    return _block(text, cx, y, width, size, cls, bold=bold, italic=italic, anchor="middle")


# ---- a card ----------------------------------------------------------------------------------


@dataclass
class _Placed:
    items: list[Item]
    height: float
    anchors: dict[str, float]  # "in"/"out": the y an arrow meets


def _entries(
    entries: tuple[Entry, ...], x: float, y: float, width: float, label_cls: str
) -> tuple[list[Item], float, dict[str, float]]:
    items: list[Item] = []
    anchors: dict[str, float] = {}
    top = y
    for number, entry in enumerate(entries):
        if number:
            y += ENTRY_GAP
        start = y
        label, height = _block(entry.label, x, y, width, LABEL, label_cls, bold=True)
        items += label
        y += height + 2
        if entry.text is None:
            words, height = _block("not written yet", x, y, width, ANSWER, "cm-muted", italic=True)
        elif entry.text == "":
            words = []
            height = BLANK_LINES * BLANK_LINE_GAP
            for line in range(BLANK_LINES):
                rule_y = y + (line + 1) * BLANK_LINE_GAP - 6
                items.append(Rule(x, rule_y, x + width, rule_y, "cm-writing"))
        elif entry.guess:
            words, height = _block(entry.text, x, y, width, ANSWER - 1, "cm-ink", italic=True)
        else:
            words, height = _block(entry.text, x, y, width, ANSWER, "cm-ink")
        items += words
        y += height
        if entry.guess:
            items.append(Rule(x - 8, start + 2, x - 8, y, "cm-guess-bar"))
        if entry.mark:
            anchors[entry.mark] = start + min(y - start, 2 * LABEL * LEADING) / 2
    return items, y - top, anchors


def _measure(card: Card, width: float) -> tuple[float, float, float]:
    """Heights of the card's header, above and below the line."""
    inner = width - 2 * PAD
    return (
        _header(card, 0, 0, width)[1],
        _entries(card.above, 0, 0, inner, "cm-label")[1] + 2 * PAD,
        _entries(card.below, 0, 0, inner, "cm-under-label")[1] + 2 * PAD + LABEL
        if card.below
        else 0,
    )


def _header(card: Card, x: float, y: float, width: float) -> tuple[list[Item], float]:
    inner = width - 2 * PAD
    items: list[Item] = []
    top = y + PAD * 0.8
    if card.name:
        name, height = _block(card.name, x + PAD, top, inner, NAME, "cm-ink", bold=True)
        items += name
    else:
        height = NAME * LEADING
        items += [Words(x + PAD, top + NAME * 0.95, "Name", "cm-label", LABEL, bold=True)]
        items.append(Rule(x + PAD + 52, top + NAME, x + width - PAD, top + NAME, "cm-writing"))
    y = top + height
    if card.position:
        position, height = _block(
            card.position, x + PAD, y, inner, POSITION, "cm-muted", italic=True
        )
        items += position
        y += height
    return items, y - top + PAD * 1.4


def _card(
    card: Card, x: float, y: float, width: float, heights: tuple[float, float, float]
) -> _Placed:
    head, above, below = heights
    inner = width - 2 * PAD
    total = head + above + below
    items: list[Item] = [
        Box(x, y, width, total, "cm-card", 14),
        Box(x + 1, y + 1, width - 2, head, "cm-head", 13),
        Box(x + 1, y + head - 12, width - 2, 12, "cm-head"),  # square under the round top
    ]
    items += _header(card, x, y, width)[0]
    items.append(Rule(x, y + head, x + width, y + head, "cm-edge"))
    body, _, anchors = _entries(card.above, x + PAD, y + head + PAD, inner, "cm-label")
    items += body
    if card.below:
        line = y + head + above
        items += [
            Box(x + 1, line, width - 2, below - 1, "cm-under", 13),
            Box(x + 1, line, width - 2, 14, "cm-under"),  # square under the line
            Rule(x, line, x + width, line, "cm-line"),
        ]
        title_y = line + PAD * 0.5
        items.append(
            Words(
                x + PAD,
                title_y + LABEL * 0.95,
                card.below_title,
                "cm-under-label",
                LABEL,
                italic=True,
            )
        )
        lower, _, more = _entries(
            card.below, x + PAD, title_y + LABEL + PAD * 0.7, inner, "cm-under-label"
        )
        items += lower
        anchors.update(more)
    items.append(Box(x, y, width, total, "cm-outline", 14))
    return _Placed(items, total, anchors)


# ---- the heading -------------------------------------------------------------------------------


def _heading(loop: Loop, width: float, margin: float) -> tuple[list[Item], float]:
    items: list[Item] = []
    y = margin * 0.8
    inner = width - 2 * margin
    for text, size, cls, bold, italic in (
        (loop.title, TITLE, "cm-ink", True, False),
        (loop.subtitle, SUBTITLE, "cm-muted", False, False),
        (loop.legend, LEGEND, "cm-muted", False, True),
    ):
        if not text:
            continue
        lines, height = _centred(text, width / 2, y, inner, size, cls, bold=bold, italic=italic)
        items += lines
        y += height + 4
    return items, y + 14 if items else 16


def _arrowhead(x: float, y: float, direction: int, cls: str) -> Curve:
    """A filled head whose point is at (x, y), pointing right (1) or left (-1)."""
    back = x - 13 * direction
    return Curve(f"M{_n(x)},{_n(y)} L{_n(back)},{_n(y - 7)} L{_n(back)},{_n(y + 7)} Z", cls)


def _label(text: str, cx: float, cy: float, width: float) -> list[Item]:
    """An arrow's words, centred on (cx, cy), on a patch of paper so the curve never runs
    through them."""
    lines, height = _centred(text, cx, 0, width, ARROW_LABEL, "cm-arrow-label", italic=True)
    top = cy - height / 2
    widest = max(text_width(w.text, ARROW_LABEL) for w in lines)
    patch = Box(cx - widest / 2 - 6, top - 3, widest + 12, height + 6, "cm-halo", 6)
    items: list[Item] = [patch]
    items += [Words(w.x, w.y + top, w.text, w.cls, w.size, False, True, "middle") for w in lines]
    return items


# ---- the two arrangements ----------------------------------------------------------------------

WIDE_WIDTH = 920  # printed at A4's width, 17 px answers come out at about 10 pt
_WIDE_MARGIN = 50
_WIDE_GAP = 150
STACKED_WIDTH = 420
_STACKED_MARGIN = 48


def _aligned(loop: Loop, width: float) -> tuple[float, float, float]:
    """Both cards with the same heights, so the line runs straight across the picture."""
    first, second = (_measure(card, width) for card in loop.cards)
    return max(first[0], second[0]), max(first[1], second[1]), max(first[2], second[2])


def _wide(loop: Loop) -> Figure:
    figure = Figure(WIDE_WIDTH)
    margin = _WIDE_MARGIN
    card_w = (WIDE_WIDTH - 2 * margin - _WIDE_GAP) / 2
    heading, top = _heading(loop, WIDE_WIDTH, margin)
    heights = _aligned(loop, card_w)
    a_x, b_x = margin, margin + card_w + _WIDE_GAP
    a = _card(loop.cards[0], a_x, top, card_w, heights)
    b = _card(loop.cards[1], b_x, top, card_w, heights)
    bottom = top + max(a.height, b.height)
    figure.items += heading
    a_out, a_in = a.anchors["out"], a.anchors["in"]
    b_out, b_in = b.anchors["out"], b.anchors["in"]
    a_right, b_right = a_x + card_w, b_x + card_w
    there = (
        f"M{_n(a_right)},{_n(a_out)} C{_n(a_right + 80)},{_n(a_out)} "
        f"{_n(b_x - 80)},{_n(b_in)} {_n(b_x - 2)},{_n(b_in)}"
    )
    low = bottom + 44
    out = WIDE_WIDTH - 8
    back = (
        f"M{_n(b_right)},{_n(b_out)} C{_n(out)},{_n(b_out)} {_n(out)},{_n(low)} "
        f"{_n(b_right)},{_n(low)} L{_n(a_x)},{_n(low)} C8,{_n(low)} 8,{_n(a_in)} "
        f"{_n(a_x - 2)},{_n(a_in)}"
    )
    figure.items += [Curve(there, "cm-arrow"), Curve(back, "cm-arrow")]
    figure.items += a.items + b.items
    figure.items += [
        _arrowhead(b_x, b_in, 1, "cm-arrow-head"),
        _arrowhead(a_x, a_in, 1, "cm-arrow-head"),
    ]
    figure.items += _label(loop.there, WIDE_WIDTH / 2, (a_out + b_in) / 2, _WIDE_GAP - 28)
    figure.items += _label(loop.back, WIDE_WIDTH / 2, low, WIDE_WIDTH - 2 * margin - 120)
    figure.height = low + 40
    return figure


def _stacked(loop: Loop) -> Figure:
    figure = Figure(STACKED_WIDTH)
    margin = _STACKED_MARGIN
    card_w = STACKED_WIDTH - 2 * margin
    heading, top = _heading(loop, STACKED_WIDTH, 16)
    figure.items += heading
    a = _card(loop.cards[0], margin, top, card_w, _measure(loop.cards[0], card_w))
    gap_top = top + a.height
    there, there_h = _centred(loop.there, 0, 0, card_w - 40, ARROW_LABEL, "cm-arrow-label")
    back, back_h = _centred(loop.back, 0, 0, card_w - 40, ARROW_LABEL, "cm-arrow-label")
    gap = there_h + back_h + 44
    b_top = gap_top + gap
    b = _card(loop.cards[1], margin, b_top, card_w, _measure(loop.cards[1], card_w))
    right, left = margin + card_w, margin
    a_out, a_in = a.anchors["out"], a.anchors["in"]
    b_out, b_in = b.anchors["out"], b.anchors["in"]
    side = 38
    down = (
        f"M{_n(right)},{_n(a_out)} C{_n(right + side)},{_n(a_out)} "
        f"{_n(right + side)},{_n(b_in)} {_n(right + 2)},{_n(b_in)}"
    )
    up = (
        f"M{_n(left)},{_n(b_out)} C{_n(left - side)},{_n(b_out)} "
        f"{_n(left - side)},{_n(a_in)} {_n(left - 2)},{_n(a_in)}"
    )
    figure.items += [Curve(down, "cm-arrow"), Curve(up, "cm-arrow")]
    figure.items += a.items + b.items
    figure.items += [
        _arrowhead(right, b_in, -1, "cm-arrow-head"),
        _arrowhead(left, a_in, 1, "cm-arrow-head"),
    ]
    figure.items += _label(loop.there, STACKED_WIDTH / 2, gap_top + 14 + there_h / 2, card_w - 40)
    figure.items += _label(
        loop.back, STACKED_WIDTH / 2, gap_top + 30 + there_h + back_h / 2, card_w - 40
    )
    figure.height = b_top + b.height + 24
    return figure


def lay_out_words(sections: tuple[tuple[str, str], ...], arrangement: str = "wide") -> Figure:
    """Headed paragraphs under the loops (the pause phrase, the warning signs, notes)."""
    width = WIDE_WIDTH if arrangement == "wide" else STACKED_WIDTH
    margin = _WIDE_MARGIN if arrangement == "wide" else 16
    figure = Figure(width)
    y = 12.0
    for heading, text in sections:
        lines, height = _block(heading, margin, y, width - 2 * margin, NAME, "cm-ink", bold=True)
        figure.items += lines
        y += height + 4
        for paragraph in text.split("\n"):
            if paragraph.strip():
                lines, height = _block(paragraph, margin, y, width - 2 * margin, ANSWER, "cm-ink")
                figure.items += lines
                y += height + 6
        y += 18
    figure.height = y + 12
    return figure


def lay_out(loop: Loop, arrangement: str = "wide") -> Figure:
    """The loop placed: "wide" (side by side) or "stacked" (for a narrow screen)."""
    if arrangement not in {"wide", "stacked"}:
        raise ValueError(f"unknown arrangement {arrangement!r} (wide or stacked)")
    return _wide(loop) if arrangement == "wide" else _stacked(loop)
