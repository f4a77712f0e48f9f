"""The loop as a vector drawing (SVG): what a therapist would draw by hand for a couple.

Two partner cards, each split by the line: above it what can be seen (when my partner…, so
I…), below it, tinted, what is felt (underneath, afraid of, longing for). Curved arrows carry
each partner's move to the other's trigger, with words on them, round in a loop. The new
(positive) cycle is the same picture in its own colours. Where things go is
drawing_layout.py; this module says what goes in the cards and writes the SVG.

Every word of the partners' is escaped; `<title>` and `<desc>` carry the whole map in words;
the colours pass 4.5:1 in light and dark; nothing is loaded from anywhere (system fonts, no
links, no scripts).

This is core code: it must never import Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from cyclemap.drawing_layout import (
    Box,
    Card,
    Curve,
    Entry,
    Figure,
    Loop,
    Rule,
    Words,
    lay_out,
    lay_out_words,
)
from cyclemap.fontmetrics import FONT_FAMILY
from cyclemap.terms import MAP_LABELS, QUESTIONS_BY_KEY

if TYPE_CHECKING:  # a MapView (cyclemap.view) is drawn just the same
    from cyclemap.view import AnyMap as CycleMap
    from cyclemap.view import AnyPartner as PartnerSide

__all__ = [
    "ARRANGEMENTS",
    "PALETTES",
    "blank_loop",
    "description",
    "draw",
    "draw_blank",
    "draw_map",
    "draw_positive",
    "has_positive_cycle",
    "negative_loop",
    "positive_loop",
    "positive_description",
    "stylesheet",
    "svg",
]

ARRANGEMENTS = ("wide", "stacked")

_ABOVE = ("trigger", "meaning", "surface_feeling", "protective_move")
_BELOW = ("underlying_feeling", "fear", "longing")
_MARKS = {"trigger": "in", "protective_move": "out"}


def _prompt(key: str) -> str:
    return QUESTIONS_BY_KEY[key].prompt


def has_positive_cycle(cycle_map: CycleMap) -> bool:
    """True when at least one partner has written what they could say or how they could answer."""
    return any(partner.reach or partner.respond for partner in cycle_map.partners)


def _subtitle(cycle_map: CycleMap) -> str:
    parts = []
    if cycle_map.cycle_name:
        parts.append(f"“{cycle_map.cycle_name}”")
    pattern = cycle_map.pattern
    parts.append(f"{pattern.label} ({pattern.johnson_name})")
    if cycle_map.couple:
        parts.append(cycle_map.couple)
    return " · ".join(parts)


def _side(partner: PartnerSide, other: PartnerSide) -> Card:
    """One partner's card; the other's guess at the feeling underneath goes beside it."""

    def entries(keys: tuple[str, ...]) -> tuple[Entry, ...]:
        found = []
        for key in keys:
            if partner.answer(key) or key in _MARKS or key == "underlying_feeling":
                found.append(Entry(_prompt(key), partner.answer(key), _MARKS.get(key)))
            if key == "underlying_feeling" and other.guess:
                found.append(Entry(f"{other.name}’s guess", other.guess, guess=True))
        return tuple(found)

    return Card(partner.name, partner.position.verb, entries(_ABOVE), entries(_BELOW))


def negative_loop(cycle_map: CycleMap) -> Loop:
    """What the drawing of the cycle holds, before it is placed."""
    a_side, b_side = cycle_map.partners
    a, b = a_side.name, b_side.name
    return Loop(
        kind="negative",
        title=cycle_map.title,
        subtitle=_subtitle(cycle_map),
        legend="Above the line: what the other one sees. Below it: what each of us feels.",
        cards=(_side(a_side, b_side), _side(b_side, a_side)),
        there=f"…lands on {b} as…",
        back=f"…and lands back on {a} as…, round and round",
    )


def positive_loop(cycle_map: CycleMap) -> Loop:
    """The new cycle: each one reaches from underneath, the other answers."""
    cards = []
    first, second = cycle_map.partners
    for partner, other_side in ((first, second), (second, first)):
        other = other_side.name
        cards.append(
            Card(
                partner.name,
                None,
                (Entry(f"When {other} reaches, I can answer by…", partner.respond, "in"),),
                (Entry("Instead of my protective move, I could say…", partner.reach, "out"),),
                below_title="from underneath",
            )
        )
    a, b = (partner.name for partner in cycle_map.partners)
    return Loop(
        kind="positive",
        title="The new cycle",
        subtitle=f"{cycle_map.title} · reaching and responding",
        legend="Each one says what is underneath; the other answers with care.",
        cards=(cards[0], cards[1]),
        there=f"{a} reaches toward {b}",
        back=f"{b} reaches back toward {a}, and round again",
    )


def blank_loop(names: tuple[str, str] = ("", ""), title: str = "Our cycle") -> Loop:
    """The cycle's cards with nothing in them, lines to write on (a worksheet)."""

    def card(name: str) -> Card:
        def entries(keys: tuple[str, ...]) -> tuple[Entry, ...]:
            return tuple(Entry(_prompt(key), "", _MARKS.get(key)) for key in keys)

        return Card(name, None, entries(_ABOVE), entries(_BELOW))

    a, b = (name or "the other" for name in names)
    return Loop(
        kind="negative",
        title=title,
        subtitle="Write each answer on the lines; follow the arrows round.",
        legend="Above the line: what the other one sees. Below it: what each of us feels.",
        cards=(card(names[0]), card(names[1])),
        there=f"…lands on {b} as…",
        back=f"…and lands back on {a} as…, round and round",
    )


@dataclass(frozen=True)
class Prose:
    """Headed paragraphs drawn under the loops, in the negative cycle's colours."""

    sections: tuple[tuple[str, str], ...]
    kind: str = "negative"


def map_words(cycle_map: CycleMap) -> Prose | None:
    """The couple's own words besides the loop: warning signs, pause phrase, notes."""
    sections = tuple(
        (MAP_LABELS[key], value)
        for key in ("warning_signs", "pause_phrase", "notes")
        if (value := getattr(cycle_map, key))
    )
    return Prose(sections) if sections else None


# ---- words for a screen reader ----------------------------------------------------------------


def _said(text: str) -> str:
    text = " ".join(text.split())
    return text if text[-1:] in {".", "!", "?", "…"} else text + "."


def description(cycle_map: CycleMap) -> str:
    """The whole drawing in words, for `<desc>`: each partner's answers, then the loop."""
    a, b = cycle_map.partners
    parts = [f"A drawing of the cycle, {_subtitle(cycle_map)}."]
    for partner in (a, b):
        parts.append(f"{partner.name} {partner.position.verb}.")
        for key in (*_ABOVE, *_BELOW):
            value = partner.answer(key)
            if value:
                parts.append(f"{_prompt(key)} {_said(value)}")
            guesser = b if partner is a else a
            if key == "underlying_feeling" and guesser.guess:
                parts.append(f"{guesser.name}’s guess: {_said(guesser.guess)}")
    parts.append(
        f"What {a.name} does lands on {b.name} as what sets {b.name} off, and what "
        f"{b.name} does lands on {a.name} in turn: a loop."
    )
    return " ".join(parts)


def positive_description(cycle_map: CycleMap) -> str:
    parts = ["A drawing of the new cycle, reaching and responding."]
    for partner in cycle_map.partners:
        if partner.reach:
            parts.append(f"{partner.name} could say: {_said(partner.reach)}")
        if partner.respond:
            parts.append(f"When reached, {partner.name} can answer by {_said(partner.respond)}")
    return " ".join(parts)


# ---- colours --------------------------------------------------------------------------------

# Every text colour is at least 4.5:1 against what it is drawn on (tests/test_drawing.py and the
# browser suite check it); lines and fills need only be seen.
PALETTES: dict[str, dict[str, dict[str, str]]] = {
    "light": {
        "common": {
            "page": "#fbf9f4",
            "card": "#ffffff",
            "edge": "#857d72",
            "ink": "#24211d",
            "muted": "#5a554d",
            "writing": "#a8a196",
        },
        "negative": {
            "head": "#f6e7e0",
            "under": "#e6edf5",
            "under-label": "#3b4a5c",
            "label": "#6b3d2f",
            "line": "#3b4a5c",
            "arrow": "#a13e2d",
        },
        "positive": {
            "head": "#e1f0e7",
            "under": "#e4f1ea",
            "under-label": "#2b5640",
            "label": "#2b5640",
            "line": "#2b5640",
            "arrow": "#2e6b4c",
        },
    },
    "dark": {
        "common": {
            "page": "#1d1c1a",
            "card": "#292724",
            "edge": "#948b7f",
            "ink": "#f2eee7",
            "muted": "#cdc6bb",
            "writing": "#7d766c",
        },
        "negative": {
            "head": "#3d2b25",
            "under": "#222c38",
            "under-label": "#bfd0e3",
            "label": "#f0b9a8",
            "line": "#9fb3c9",
            "arrow": "#f2927e",
        },
        "positive": {
            "head": "#223a2d",
            "under": "#1f3329",
            "under-label": "#a9dcbf",
            "label": "#a9dcbf",
            "line": "#86c4a2",
            "arrow": "#86d0a8",
        },
    },
}


def _rules(kind: str, colours: dict[str, dict[str, str]]) -> str:
    c = {**colours["common"], **colours[kind]}
    scope = f".cm-{kind}"
    return " ".join(
        [
            f"{scope} .cm-page,{scope} .cm-halo{{fill:{c['page']}}}",
            f"{scope} .cm-card{{fill:{c['card']}}}",
            f"{scope} .cm-outline{{fill:none;stroke:{c['edge']};stroke-width:1.5}}",
            f"{scope} .cm-edge{{stroke:{c['edge']};stroke-width:1}}",
            f"{scope} .cm-head{{fill:{c['head']}}}",
            f"{scope} .cm-under{{fill:{c['under']}}}",
            f"{scope} .cm-line{{stroke:{c['line']};stroke-width:2.5}}",
            f"{scope} .cm-writing{{stroke:{c['writing']};stroke-width:1}}",
            f"{scope} .cm-guess-bar{{stroke:{c['edge']};stroke-width:3}}",
            f"{scope} .cm-ink{{fill:{c['ink']}}}",
            f"{scope} .cm-muted{{fill:{c['muted']}}}",
            f"{scope} .cm-label{{fill:{c['label']}}}",
            f"{scope} .cm-under-label{{fill:{c['under-label']}}}",
            f"{scope} .cm-arrow{{fill:none;stroke:{c['arrow']};stroke-width:3;"
            "stroke-linecap:round}",
            f"{scope} .cm-arrow-head{{fill:{c['arrow']}}}",
            f"{scope} .cm-arrow-label{{fill:{c['arrow']}}}",
        ]
    )


def stylesheet(kind: str) -> str:
    """The drawing's CSS: light colours, dark ones when the screen asks for them."""
    return (
        f".cm-{kind} text{{font-family:{FONT_FAMILY}}} "
        + _rules(kind, PALETTES["light"])
        + " @media screen and (prefers-color-scheme: dark){"
        + _rules(kind, PALETTES["dark"])
        + "}"
    )


# ---- SVG ---------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _item(item: Box | Words | Rule | Curve) -> str:
    if isinstance(item, Words):
        style = ""
        if item.bold:
            style += ' font-weight="bold"'
        if item.italic:
            style += ' font-style="italic"'
        if item.anchor != "start":
            style += f' text-anchor="{item.anchor}"'
        return (
            f'<text x="{_n(item.x)}" y="{_n(item.y)}" class="{item.cls}" '
            f'font-size="{_n(item.size)}"{style}>{escape(item.text)}</text>'
        )
    if isinstance(item, Box):
        rx = f' rx="{_n(item.rx)}"' if item.rx else ""
        return (
            f'<rect x="{_n(item.x)}" y="{_n(item.y)}" width="{_n(item.w)}" '
            f'height="{_n(item.h)}"{rx} class="{item.cls}"/>'
        )
    if isinstance(item, Rule):
        return (
            f'<line x1="{_n(item.x1)}" y1="{_n(item.y1)}" x2="{_n(item.x2)}" '
            f'y2="{_n(item.y2)}" class="{item.cls}"/>'
        )
    return f'<path d="{item.d}" class="{item.cls}"/>'


def _inner(loop: Loop | Prose, arrangement: str) -> tuple[list[str], Figure]:
    if isinstance(loop, Prose):
        figure = lay_out_words(loop.sections, arrangement)
    else:
        figure = lay_out(loop, arrangement)
    width, height = _n(figure.width), _n(figure.height)
    lines = [
        f"<style>{stylesheet(loop.kind)}</style>",
        f'<rect x="0" y="0" width="{width}" height="{height}" class="cm-page"/>',
    ]
    lines += [_item(item) for item in figure.items]
    return lines, figure


def _open(width: str, height: str, classes: str, ident: str, standalone: bool) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    size = f' width="{width}" height="{height}"' if standalone else ""
    return (
        f'{head}<svg{namespace} viewBox="0 0 {width} {height}"{size} class="{classes}" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
    )


def _words(ident: str, title: str, desc: str) -> list[str]:
    return [
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def svg(
    loops: tuple[Loop | Prose, ...],
    *,
    title: str,
    desc: str,
    arrangement: str = "wide",
    ident: str = "cm",
    standalone: bool = True,
) -> str:
    """Loops drawn one under the other, as an SVG document (`standalone`) or as an `<svg>`
    element for a page. `ident` starts every id in it: two drawings in one page need different
    ones. `title` and `desc` are what a screen reader says for the whole picture."""
    parts: list[str] = []
    top = 0.0
    width = 0.0
    for loop in loops:
        lines, figure = _inner(loop, arrangement)
        if len(loops) == 1:
            parts += lines
        else:
            parts.append(
                f'<svg x="0" y="{_n(top)}" width="{_n(figure.width)}" height="{_n(figure.height)}" '
                f'viewBox="0 0 {_n(figure.width)} {_n(figure.height)}" class="cm-{loop.kind}">'
            )
            parts += [*lines, "</svg>"]
        top += figure.height
        width = max(width, figure.width)
    # One kind a root: a drawing of several has each kind on its own inner <svg>, so that the
    # colours of one never reach into another.
    kind = f" cm-{loops[0].kind}" if len(loops) == 1 else ""
    opening = _open(_n(width), _n(top), f"cm-drawing{kind} cm-{arrangement}", ident, standalone)
    return "\n".join([opening, *_words(ident, title, desc), *parts, "</svg>"]) + "\n"


def draw(
    cycle_map: CycleMap, *, arrangement: str = "wide", ident: str = "cm", standalone: bool = True
) -> str:
    """The negative cycle of `cycle_map`, drawn."""
    return svg(
        (negative_loop(cycle_map),),
        title=cycle_map.title,
        desc=description(cycle_map),
        arrangement=arrangement,
        ident=ident,
        standalone=standalone,
    )


def draw_positive(
    cycle_map: CycleMap,
    *,
    arrangement: str = "wide",
    ident: str = "cm-new",
    standalone: bool = True,
) -> str:
    """The new cycle of `cycle_map` (reaching and responding), drawn in its own colours."""
    return svg(
        (positive_loop(cycle_map),),
        title=f"The new cycle — {cycle_map.title}",
        desc=positive_description(cycle_map),
        arrangement=arrangement,
        ident=ident,
        standalone=standalone,
    )


def draw_map(cycle_map: CycleMap, *, arrangement: str = "wide") -> str:
    """The SVG export: the cycle; under it the new cycle when the map has one, then the
    warning signs, the pause phrase and the notes."""
    loops: list[Loop | Prose] = [negative_loop(cycle_map)]
    desc = description(cycle_map)
    if has_positive_cycle(cycle_map):
        loops.append(positive_loop(cycle_map))
        desc += " " + positive_description(cycle_map)
    extra = map_words(cycle_map)
    if extra is not None:
        loops.append(extra)
        desc += " " + " ".join(f"{label}: {_said(text)}" for label, text in extra.sections)
    return svg(tuple(loops), title=cycle_map.title, desc=desc, arrangement=arrangement)


def draw_blank(
    names: tuple[str, str] = ("", ""),
    *,
    title: str = "Our cycle",
    arrangement: str = "wide",
    ident: str = "cm-blank",
    standalone: bool = True,
) -> str:
    """The loop with empty cards to write in by hand (a worksheet); `names` may be blank."""
    return svg(
        (blank_loop(names, title),),
        title=title,
        desc=(
            "A blank drawing of the cycle to fill in by hand: two cards, each split by the "
            "line, what can be seen above it and what is felt below, with arrows from each "
            "one's move to the other's trigger, round in a loop."
        ),
        arrangement=arrangement,
        ident=ident,
        standalone=standalone,
    )
