"""A map written out: plain text, Markdown, a picture (SVG, HTML), data (JSON, TOML) and the
pocket card.

Every format is deterministic (the map's own dates, never the current time), ends with exactly
one newline and treats the partners' words as literal text: escaped in Markdown, HTML and SVG,
never parsed as Rich markup. Pictures load nothing from the web (a local font stack, no URLs).

This is core code: it must never import Textual.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from cyclemap import store
from cyclemap.diagram import CycleDiagram, PositiveCycleDiagram, has_positive_cycle
from cyclemap.terms import MAP_LABELS, QUESTIONS_BY_KEY
from cyclemap.wrapping import wrap_plain, wrap_spans

if TYPE_CHECKING:  # a MapView (cyclemap.view) is exported just the same as the model
    from cyclemap.view import AnyMap as CycleMap
    from cyclemap.view import AnyPartner

__all__ = [
    "CARD_WIDTH",
    "EXTENSIONS",
    "FORMATS",
    "document",
    "md_escape",
    "render",
    "suggested_filename",
    "write",
]

FORMATS = ("text", "md", "svg", "html", "json", "toml", "card")
EXTENSIONS = {
    "text": ".txt",
    "md": ".md",
    "svg": ".svg",
    "html": ".html",
    "json": ".json",
    "toml": ".toml",
    "card": ".card.txt",
}
CARD_WIDTH = 40
PROSE_MAX = 80  # pause phrase, warning signs and notes wrap at most this wide in text exports

# Answers in the order the cycle runs: what sets me off, what I tell myself, what I do, what I
# feel underneath. The prompts are the plain words the partners answered (model.QUESTIONS).
CYCLE_KEYS = (
    "trigger",
    "meaning",
    "surface_feeling",
    "protective_move",
    "underlying_feeling",
    "fear",
    "longing",
)
POSITIVE_KEYS = ("reach", "respond")
# The couple's words for when the cycle starts, in every export in this order (notice, then say).
WHEN_IT_STARTS = ("warning_signs", "pause_phrase")

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_LABEL = Style(dim=True)
_HEADING = Style(bold=True)
_FOOTER = Style(dim=True, italic=True)


def render(cycle_map: CycleMap, fmt: str, *, ascii: bool = False, width: int = 80) -> str:
    """The map in one of FORMATS, as text ending with a single newline.

    `ascii` and `width` shape the diagram of text and md only: svg and html are drawn (see
    cyclemap.drawing), the card is always at most CARD_WIDTH columns, and json/toml are data.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    renderer = _RENDERERS[fmt]
    return renderer(cycle_map, ascii=ascii, width=width)


def suggested_filename(cycle_map: CycleMap, fmt: str) -> str:
    """A file name for the export: the map's id (always a safe slug) and the format's extension."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    return f"{cycle_map.id}{EXTENSIONS[fmt]}"


def write(
    cycle_map: CycleMap,
    fmt: str,
    destination: Path | str | None,
    *,
    ascii: bool = False,
    width: int = 80,
    replace: bool = False,
) -> Path | None:
    """Write the export and return where it went.

    None or '-' writes to standard output (UTF-8 whatever the locale). Otherwise the rules of
    store.outfile: a folder (or a name ending in '/') gets `suggested_filename`; a new file is
    created private (0600); an existing file is replaced only with `replace` (else
    store.OutputExists); a link, a pipe or a device is refused, /dev/null aside.
    """
    from cyclemap.store.outfile import output_path, write_output

    text = render(cycle_map, fmt, ascii=ascii, width=width)
    if destination is None or str(destination) == "-":
        _write_stdout(text)
        return None
    path = output_path(str(destination), suggested_filename(cycle_map, fmt))
    write_output(path, text.encode("utf-8"), replace=replace)
    return path


def _write_stdout(text: str) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _date(value: datetime) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _sep(ascii: bool) -> str:
    return " - " if ascii else " · "


# ---- text (and the styled document behind svg and html) --------------------------------------


def _labelled(label: str, text: str, width: int) -> list[Text]:
    return [_text(line) for line in wrap_spans([(label, _LABEL), (text, Style())], width)]


def _text(line: Sequence[tuple[str, Style]]) -> Text:
    result = Text(no_wrap=True, overflow="ignore", end="")
    for part, style in line:
        result.append(part, style)
    return result


def _footer(cycle_map: CycleMap, ascii: bool) -> str:
    """'Priya & Tom · updated 15 March 2026' (the map's own date, never today's)."""
    updated = _date(cycle_map.updated)
    if cycle_map.couple:
        return f"{cycle_map.couple}{_sep(ascii)}updated {updated}"
    return f"Updated {updated}"


def _label(key: str) -> str:
    """'Warning signs:', the map's field as the app and every export name it."""
    return f"{MAP_LABELS[key]}:"


def guess_label(guesser: str, other: str) -> str:
    """'Tom's guess at what Priya feels underneath:' (a partner's `guess` is about the other)."""
    return f"{guesser}'s guess at what {other} feels underneath:"


def document(cycle_map: CycleMap, *, width: int = 80, ascii: bool = False) -> list[Text]:
    """The text export as styled lines: the loop, the guesses, the new cycle, the card's words,
    the notes."""
    prose = min(width, PROSE_MAX)
    lines = CycleDiagram(cycle_map, ascii=ascii).lines(width)
    guesses = []
    partners: tuple[AnyPartner, ...] = cycle_map.partners  # a model's or a view's
    for index, partner in enumerate(partners):
        if partner.guess:
            label = guess_label(partner.name, cycle_map.other(index).name)
            guesses += _labelled(label, partner.guess, prose)
    if guesses:
        lines += [Text(), *guesses]
    if has_positive_cycle(cycle_map):
        lines += [Text(), *PositiveCycleDiagram(cycle_map, ascii=ascii).lines(width)]
    card = []
    for key in WHEN_IT_STARTS:
        value = getattr(cycle_map, key)
        if value:
            card += _labelled(_label(key), value, prose)
    if card:
        lines += [Text(), *card]
    if cycle_map.notes:
        lines += [Text(), Text(MAP_LABELS["notes"], style=_HEADING)]
        for paragraph in cycle_map.notes.split("\n"):
            lines += [_text(line) for line in wrap_spans([(paragraph, Style())], prose, 0)]
    lines.append(Text())
    lines += [_text(line) for line in wrap_spans([(_footer(cycle_map, ascii), _FOOTER)], prose, 0)]
    return lines


def _plain(lines: Sequence[Text]) -> str:
    return "".join(line.plain.rstrip() + "\n" for line in lines)


def _render_text(cycle_map: CycleMap, *, ascii: bool, width: int) -> str:
    return _plain(document(cycle_map, width=width, ascii=ascii))


# ---- Markdown ---------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """User text as literal Markdown on one line: nothing in it can start a heading, a list, a
    link, emphasis, code, a table or HTML."""
    for pattern, replacement in _md_escapes():
        text = pattern.sub(replacement, text)
    return text


@functools.cache
def _md_escapes() -> tuple[tuple[re.Pattern[str], str], ...]:
    """md_escape's patterns in their order, and what each match becomes; compiled at the first
    Markdown export, not at every start."""
    return (
        (re.compile(r"([\\`*_\[\]<|~])"), r"\\\1"),  # inline marks
        (re.compile(r"&(?=#?[A-Za-z0-9]+;)"), r"\\&"),  # an entity
        (re.compile(r"#(?=#*\s*$)"), r"\\#"),  # "## Title ##": a heading's closing run
        (re.compile(r"^([#>+=-])"), r"\\\1"),  # a block's start
        (re.compile(r"^(\d+)([.)])"), r"\1\\\2"),  # an ordered list's number
    )


def _md_lines(text: str, indent: str) -> str:
    """Multi-line user text inside a list item: hard line breaks, every line escaped."""
    lines = [md_escape(line.strip()) for line in text.split("\n") if line.strip()]
    return ("\\\n" + indent).join(lines)


def _fence(content: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    return "`" * max(3, longest + 1)


def _fenced(content: str) -> list[str]:
    fence = _fence(content)
    return [f"{fence}text", content.rstrip("\n"), fence, ""]


def _md_item(label: str, text: str, indent: str = "") -> str:
    return f"{indent}- **{label}** {_md_lines(text, indent + '  ')}"


def _md_partner(cycle_map: CycleMap, index: int) -> list[str]:
    partner = cycle_map.partners[index]
    other = cycle_map.other(index)
    out = [f"## {md_escape(partner.name)}{_sep(False)}{partner.position.verb}", ""]
    for key in CYCLE_KEYS:
        value = partner.answer(key)
        if value is None:
            continue
        out.append(_md_item(QUESTIONS_BY_KEY[key].prompt, value))
        if key == "underlying_feeling" and other.guess:
            out.append(f"  - *{md_escape(other.name)}'s guess:* {_md_lines(other.guess, '    ')}")
    out.append("")
    return out


def _md_positive(cycle_map: CycleMap, ascii: bool, width: int) -> list[str]:
    out = ["## The new cycle", ""]
    out += _fenced(PositiveCycleDiagram(cycle_map, ascii=ascii, heading=False).plain(width))
    for partner in cycle_map.partners:
        answers = [(key, partner.answer(key)) for key in POSITIVE_KEYS]
        items = [
            _md_item(QUESTIONS_BY_KEY[key].prompt, answer, "  ")
            for key, answer in answers
            if answer
        ]
        if items:
            out += [f"- **{md_escape(partner.name)}**", *items]
    out.append("")
    return out


def _render_md(cycle_map: CycleMap, *, ascii: bool, width: int) -> str:
    sep = _sep(False)
    out = [f"# {md_escape(cycle_map.title)}", ""]
    about = []
    if cycle_map.cycle_name:
        about.append(f'*"{md_escape(cycle_map.cycle_name)}"*')
    pattern = cycle_map.pattern
    about.append(f"{pattern.label} ({pattern.johnson_name})")
    if cycle_map.couple:
        about.append(md_escape(cycle_map.couple))
    out += [sep.join(about), ""]
    # The heading says the title, the cycle's name and the pattern: the diagram need not again.
    out += _fenced(CycleDiagram(cycle_map, ascii=ascii, heading=False).plain(width))
    for index in range(2):
        out += _md_partner(cycle_map, index)
    if has_positive_cycle(cycle_map):
        out += _md_positive(cycle_map, ascii, width)
    if cycle_map.warning_signs or cycle_map.pause_phrase:
        out += ["## When the cycle starts", ""]
        for key in WHEN_IT_STARTS:
            value = getattr(cycle_map, key)
            if value:
                out.append(_md_item(_label(key), value))
        out.append("")
    if cycle_map.notes:
        out += [f"## {MAP_LABELS['notes']}", ""]
        paragraphs = [p for p in re.split(r"\n\s*\n", cycle_map.notes) if p.strip()]
        for paragraph in paragraphs:
            out += [_md_lines(paragraph, ""), ""]
    out += ["---", "", f"*{md_escape(_footer(cycle_map, False))}*"]
    return "\n".join(out) + "\n"


# ---- SVG and HTML -----------------------------------------------------------------------------


def _render_svg(cycle_map: CycleMap, *, ascii: bool, width: int) -> str:
    """The drawing (cyclemap.drawing): a vector picture; `ascii` and `width` are for text."""
    from cyclemap.drawing import draw_map

    return draw_map(cycle_map)


def _render_html(cycle_map: CycleMap, *, ascii: bool, width: int) -> str:
    """A real page (cyclemap.page) with the drawing inline; `ascii` and `width` are for text."""
    from cyclemap.page import render as page

    return page(cycle_map, footer=_footer(cycle_map, False))


# ---- data -------------------------------------------------------------------------------------


def _render_json(cycle_map: CycleMap, *, ascii: bool, width: int) -> str:
    data = cycle_map.model_dump(mode="json", exclude_none=True)
    data["pattern"] = cycle_map.pattern.value
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _render_toml(cycle_map: CycleMap, *, ascii: bool, width: int) -> str:
    return store.map_to_toml(cycle_map).rstrip("\n") + "\n"


# ---- the pocket card --------------------------------------------------------------------------


def _card_block(label: str, text: str) -> list[str]:
    lines = wrap_plain(label, CARD_WIDTH)
    lines += ["  " + line for line in wrap_plain(text, CARD_WIDTH - 2)]
    return lines


def _render_card(cycle_map: CycleMap, *, ascii: bool = False, width: int = CARD_WIDTH) -> str:
    """What to have at hand when the cycle starts, at most CARD_WIDTH columns whatever the
    answers: the cycle's name, the warning signs, the pause phrase and what each could say
    instead; plain rules (ASCII ones with `ascii`) above and below, to cut along."""
    rule = ("-" if ascii else "─") * CARD_WIDTH
    out = wrap_plain(cycle_map.cycle_name or cycle_map.title, CARD_WIDTH)
    subtitle = [cycle_map.title] if cycle_map.cycle_name else []
    if cycle_map.couple:
        subtitle.append(cycle_map.couple)
    if subtitle:
        out += wrap_plain(_sep(ascii).join(subtitle), CARD_WIDTH)
    out += [rule, ""]
    blocks: list[list[str]] = []
    for key in WHEN_IT_STARTS:
        value = getattr(cycle_map, key)
        if value:
            blocks.append(_card_block(MAP_LABELS[key], value))
    reaches = [(partner.name, partner.reach) for partner in cycle_map.partners if partner.reach]
    if reaches:
        block = wrap_plain("Instead, from underneath", CARD_WIDTH)
        for name, reach in reaches:
            said = wrap_spans([(f"{name}:", Style()), (reach, Style())], CARD_WIDTH - 2)
            block += ["  " + "".join(part for part, _ in line) for line in said]
        blocks.append(block)
    if not blocks:
        blocks.append(
            wrap_plain(
                "Nothing on this card yet: add your warning signs, a pause phrase and what "
                "each of you could say instead.",
                CARD_WIDTH,
            )
        )
    for number, block in enumerate(blocks):
        if number:
            out.append("")
        out += block
    out += ["", rule, *wrap_plain("It's the cycle, not either of us.", CARD_WIDTH)]
    return "".join(line.rstrip() + "\n" for line in out)


_RENDERERS: dict[str, Callable[..., str]] = {
    "text": _render_text,
    "md": _render_md,
    "svg": _render_svg,
    "html": _render_html,
    "json": _render_json,
    "toml": _render_toml,
    "card": _render_card,
}
