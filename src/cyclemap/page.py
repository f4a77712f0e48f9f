"""The HTML export: a real page a couple can read on a phone and a therapist can print.

A heading, the drawing of the loop inline (cyclemap.drawing: side by side on a wide screen,
one card above the other on a phone, the arrows kept), then each partner's answers as text in
headed lists with the other's guess beside the feeling it guessed at; the new cycle; the pocket
card; the notes. Dark when the system is; printed, the cycle fills one A4 or Letter page, and
the new cycle and the pocket card (at card size, with cut marks) have a page each.

No script, nothing loaded from anywhere: a strict Content-Security-Policy says so to the
browser. Every word of the partners' is escaped.

This is core code: it must never import Textual.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from cyclemap import drawing
from cyclemap.drawing_layout import Loop
from cyclemap.fontmetrics import FONT_FAMILY
from cyclemap.terms import MAP_LABELS, QUESTIONS_BY_KEY

if TYPE_CHECKING:  # a MapView (cyclemap.view) is shown just the same
    from cyclemap.view import AnyMap as CycleMap
    from cyclemap.view import AnyPartner as PartnerSide

__all__ = ["CSP", "render"]

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; font-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

_ABOVE = ("trigger", "meaning", "surface_feeling", "protective_move")
_BELOW = ("underlying_feeling", "fear", "longing")

_STYLE = """
:root { color-scheme: light dark; --paper: #fbf9f4; --card: #ffffff; --ink: #24211d;
  --muted: #5a554d; --edge: #857d72; --under: #e6edf5; --under-ink: #3b4a5c;
  --accent: #6b3d2f; --new: #2b5640; --guess: #f6f0e2; }
@media screen and (prefers-color-scheme: dark) {
  :root { --paper: #1d1c1a; --card: #292724; --ink: #f2eee7; --muted: #cdc6bb;
    --edge: #948b7f; --under: #222c38; --under-ink: #bfd0e3; --accent: #f0b9a8;
    --new: #a9dcbf; --guess: #34302a; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font-family: @@FONTS@@; font-size: 17px; line-height: 1.5; overflow-wrap: anywhere; }
main { max-width: 68rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
header { text-align: center; margin-bottom: 1rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.4rem; line-height: 1.25; margin: 2rem 0 0.5rem; }
h3 { font-size: 0.95rem; margin: 1rem 0 0.25rem; color: var(--accent); }
.about, .legend, footer { color: var(--muted); }
.about { margin: 0; }
.legend { font-style: italic; font-size: 0.9rem; text-align: center; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; height: auto; }
.stacked { display: none; }
@media screen and (max-width: 44rem) {
  .wide { display: none; }
  .stacked { display: block; max-width: 30rem; margin: 0 auto; }
  .cut { display: none; }
  .card { width: 100%; }
}
.partners { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
  gap: 1rem 2rem; }
.partner h2 { margin-top: 1rem; }
.position { font-weight: normal; font-style: italic; color: var(--muted); font-size: 1rem; }
dl { margin: 0; }
dt { font-weight: bold; font-size: 0.9rem; color: var(--accent); margin-top: 0.6rem; }
dd { margin: 0.1rem 0 0; }
.underneath { background: var(--under); border-top: 3px solid var(--under-ink); margin-top: 0.8rem;
  border-radius: 0 0 0.6rem 0.6rem; padding: 0.2rem 0.9rem 0.8rem; }
.underneath h3, .underneath dt { color: var(--under-ink); }
.feeling { display: grid; grid-template-columns: 1fr; gap: 0.4rem 1rem; }
@media (min-width: 30rem) { .feeling.guessed { grid-template-columns: 1fr 1fr; } }
.guess { background: var(--guess); border-left: 3px solid var(--edge); margin: 0;
  padding: 0.3rem 0.6rem; font-size: 0.95rem; }
.guess b { display: block; font-size: 0.85rem; }
.new-cycle h3, .new-cycle dt { color: var(--new); }
.not-yet { color: var(--muted); font-style: italic; }
.card-sheet { display: flex; flex-wrap: wrap; gap: 0; justify-content: center; margin: 1.5rem 0; }
.card { position: relative; width: 85mm; max-width: 100%; min-height: 55mm; padding: 4mm 5mm;
  background: var(--card); border: 1px dashed var(--edge); font-size: 10pt; line-height: 1.35; }
.card h3 { margin: 0 0 1.5mm; font-size: 12pt; color: var(--ink); }
.card p { margin: 0 0 1.5mm; }
.card .label { display: block; font-weight: bold; font-size: 8pt; color: var(--muted); }
.card .motto { font-style: italic; color: var(--muted); font-size: 8.5pt; }
.card-cut { display: flex; position: relative; flex-wrap: wrap; justify-content: center; }
.cut { position: absolute; background: var(--ink); }
.cut.h { height: 0.3mm; width: 4mm; } .cut.v { width: 0.3mm; height: 4mm; }
.cut.top { top: -0.15mm; } .cut.bottom { bottom: -0.15mm; }
.cut.left { left: -0.15mm; } .cut.right { right: -0.15mm; }
.cut.h.left { left: -6mm; } .cut.h.right { right: -6mm; }
.cut.v.top { top: -6mm; } .cut.v.bottom { bottom: -6mm; }
.how { text-align: center; font-size: 0.9rem; color: var(--muted); }
.notes p { white-space: pre-wrap; }
footer { font-style: italic; font-size: 0.9rem; margin-top: 2rem; text-align: center; }
@media print {
  @page { margin: 12mm; }
  :root { --paper: #ffffff; }
  body { font-size: 10.5pt; background: #ffffff; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 18pt; margin-top: 0; }
  h2 { font-size: 14pt; margin-top: 4mm; }
  .wide { display: block; }
  .stacked, .answers, .screen-only { display: none; }
  figure { margin: 2mm 0; break-inside: avoid; }
  figcaption.legend { font-size: 9pt; }
  figure svg { max-height: 205mm; }
  svg.cm-drawing .cm-page, svg.cm-drawing .cm-halo { fill: #ffffff; }  /* white paper */
  .new-cycle, .card-page { break-before: page; }
  .card-sheet { margin-top: 12mm; }
  .card-cut { flex-wrap: nowrap; }
  .card { border: 0.2mm solid var(--edge); }
  .card.back { border-left: 0.2mm dashed var(--edge); }
  footer { margin-top: 4mm; }
}
"""


def _text(value: str) -> str:
    """User text as HTML, line breaks kept."""
    return "<br>".join(escape(line) for line in value.split("\n"))


def _entry(key: str, value: str | None, extra: str = "") -> str:
    prompt = escape(QUESTIONS_BY_KEY[key].prompt)
    if value is None:
        answer = '<span class="not-yet">not written yet</span>'
    else:
        answer = f'<span dir="auto">{_text(value)}</span>'
    return f"<div><dt>{prompt}</dt><dd>{answer}{extra}</dd></div>"


def _guess(guesser: PartnerSide) -> str:
    if not guesser.guess:
        return ""
    return (
        f'<p class="guess"><b>{escape(guesser.name)}’s guess</b>'
        f'<span dir="auto">{_text(guesser.guess)}</span></p>'
    )


def _partner(cycle_map: CycleMap, index: int) -> str:
    partner = cycle_map.partners[index]
    other = cycle_map.other(index)
    head = (
        f'<h2 id="partner-{index}"><span dir="auto">{escape(partner.name)}</span> '
        f'<span class="position">· {escape(partner.position.verb)}</span></h2>'
    )
    above = [_entry(key, partner.answer(key)) for key in _ABOVE if partner.answer(key) is not None]
    below = []
    for key in _BELOW:
        value = partner.answer(key)
        if value is None:
            continue
        if key == "underlying_feeling" and other.guess:
            below.append(
                '<div class="feeling guessed"><div><dt>'
                f"{escape(QUESTIONS_BY_KEY[key].prompt)}</dt>"
                f'<dd><span dir="auto">{_text(value)}</span></dd></div>'
                f"<dd>{_guess(other)}</dd></div>"
            )
        else:
            below.append(_entry(key, value))
    return (
        f'<article class="partner" aria-labelledby="partner-{index}">{head}'
        f"<h3>Above the line</h3><dl>{''.join(above)}</dl>"
        f'<div class="underneath"><h3>Underneath</h3><dl>{"".join(below)}</dl></div>'
        "</article>"
    )


def _figure(wide: str, stacked: str, caption: str = "") -> str:
    caption = f'<figcaption class="legend">{escape(caption)}</figcaption>' if caption else ""
    return (
        f'<figure><div class="wide">{wide}</div><div class="stacked">{stacked}</div>'
        f"{caption}</figure>"
    )


def _drawn(loop: Loop, title: str, desc: str, ident: str) -> str:
    """The loop without its own heading (the page has one), in both arrangements."""
    bare = replace(loop, title="", subtitle="", legend="")
    wide, stacked = (
        drawing.svg(
            (bare,),
            title=title,
            desc=desc,
            arrangement=arrangement,
            ident=f"{ident}-{arrangement}",
            standalone=False,
        )
        for arrangement in drawing.ARRANGEMENTS
    )
    return _figure(wide, stacked, loop.legend)


def _about(cycle_map: CycleMap) -> str:
    parts = []
    if cycle_map.cycle_name:
        parts.append(f'“<span dir="auto">{escape(cycle_map.cycle_name)}</span>”')
    pattern = cycle_map.pattern
    parts.append(f"{escape(pattern.label)} ({escape(pattern.johnson_name)})")
    if cycle_map.couple:
        parts.append(f'<span dir="auto">{escape(cycle_map.couple)}</span>')
    return " · ".join(parts)


def _new_cycle(cycle_map: CycleMap) -> str:
    if not drawing.has_positive_cycle(cycle_map):
        return ""
    lists = []
    for partner in cycle_map.partners:
        entries = "".join(
            _entry(key, partner.answer(key))
            for key in ("reach", "respond")
            if partner.answer(key) is not None
        )
        if entries:
            lists.append(
                f'<article class="partner"><h3 dir="auto">{escape(partner.name)}</h3>'
                f"<dl>{entries}</dl></article>"
            )
    figure = _drawn(
        drawing.positive_loop(cycle_map),
        f"The new cycle — {cycle_map.title}",
        drawing.positive_description(cycle_map),
        "new",
    )
    return (
        '<section class="new-cycle" aria-labelledby="new-cycle">'
        '<h2 id="new-cycle">The new cycle</h2>'
        '<p class="about">reaching and responding</p>'
        f'{figure}<div class="partners answers">{"".join(lists)}</div></section>'
    )


def _cut_marks() -> str:
    marks = []
    for v in ("top", "bottom"):
        for h in ("left", "right"):
            marks.append(f'<span class="cut h {v} {h}"></span><span class="cut v {v} {h}"></span>')
    return "".join(marks)


def _card(cycle_map: CycleMap) -> str:
    front = []
    if cycle_map.warning_signs:
        front.append((MAP_LABELS["warning_signs"], cycle_map.warning_signs))
    if cycle_map.pause_phrase:
        front.append((MAP_LABELS["pause_phrase"], cycle_map.pause_phrase))
    back = [
        (f"Instead, {partner.name} could say", partner.reach)
        for partner in cycle_map.partners
        if partner.reach
    ]
    if not front and not back:
        return ""

    def paragraphs(items: list[tuple[str, str]]) -> str:
        return "".join(
            f'<p><span class="label">{escape(label)}</span>'
            f'<span dir="auto">{_text(text)}</span></p>'
            for label, text in items
        )

    name = escape(cycle_map.cycle_name or cycle_map.title)
    motto = '<p class="motto">It’s the cycle, not either of us.</p>'
    panels = [
        f'<div class="card front"><h3 dir="auto">{name}</h3>{paragraphs(front)}'
        f"{'' if back else motto}</div>"
    ]
    if back:
        panels.append(f'<div class="card back">{paragraphs(back)}{motto}</div>')
    fold = " Fold it in the middle." if back else ""
    return (
        '<section class="card-page" aria-labelledby="card">'
        '<h2 id="card">When the cycle starts</h2>'
        f'<p class="how">Our pocket card: cut along the marks.{fold}</p>'
        f'<div class="card-sheet"><div class="card-cut">{_cut_marks()}{"".join(panels)}</div></div>'
        "</section>"
    )


def _notes(cycle_map: CycleMap) -> str:
    if not cycle_map.notes:
        return ""
    return (
        f'<section class="notes" aria-labelledby="notes"><h2 id="notes">{MAP_LABELS["notes"]}'
        f'</h2><p dir="auto">{escape(cycle_map.notes)}</p></section>'
    )


def render(cycle_map: CycleMap, *, footer: str) -> str:
    """The page, as text ending with one newline; `footer` is the export's closing line."""
    title = escape(cycle_map.title)
    cycle = _drawn(
        drawing.negative_loop(cycle_map), cycle_map.title, drawing.description(cycle_map), "cycle"
    )
    partners = "".join(_partner(cycle_map, index) for index in range(2))
    body = [
        f'<header><h1 dir="auto">{title}</h1><p class="about">{_about(cycle_map)}</p></header>',
        '<section class="cycle" aria-label="The cycle">',
        cycle,
        f'<div class="partners answers">{partners}</div>',
        "</section>",
        _new_cycle(cycle_map),
        _notes(cycle_map),
        _card(cycle_map),
        f'<footer dir="auto">{escape(footer)}</footer>',
    ]
    style = _STYLE.replace("@@FONTS@@", FONT_FAMILY).strip()
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{title}</title>\n<style>\n{style}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(part for part in body if part)
        + "\n</main>\n</body>\n</html>\n"
    )
