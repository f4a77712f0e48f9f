"""The drawing (cyclemap.drawing): valid SVG, every word in it and escaped, text that fits its
card, the loop's arrows, the contrast figure, nothing loaded from outside.

The golden SVGs are in tests/golden/export (test_export.py); the browser suite
(tests/browser/) looks at them in Chromium.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyclemap import drawing
from cyclemap.drawing_layout import PAD, Card, Words, lay_out
from cyclemap.fontmetrics import text_width, wrap
from cyclemap.model import CycleMap
from cyclemap.store import load_file
from tests.conftest import EXAMPLES
from tests.strategies import cycle_maps
from tests.test_diagram import FULL, LONG, MARKUP, WIDE, make_map

NS = "{http://www.w3.org/2000/svg}"
MAPS = [FULL, LONG, WIDE, MARKUP, make_map(), *(load_file(e) for e in EXAMPLES)]
MAP_IDS = ["full", "long", "wide", "markup", "bare", *(e.stem for e in EXAMPLES)]
HOSTILE = {
    "trigger": "<script>alert('x')</script> & \"quotes\" 'too' ]]> <![CDATA[ x ]]>",
    "meaning": "emoji 😶‍🌫️👩‍❤️‍👨 and RTL שלום עליכם مرحبا بكم",
    "protective_move": "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6,
    "underlying_feeling": "&amp; &lt;b&gt; {{unique_id}} @@TITLE@@ </svg>",
}
HOSTILE_MAP = make_map(HOSTILE, {"name": '<b>Tom</b> & "Jo"'}, title="</title><script>x</script>")


def texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{NS}text")]


def words(text: str) -> str:
    return "".join(text.split())


def answers(cycle_map: CycleMap) -> list[str]:
    keys = ("trigger", "meaning", "surface_feeling", "protective_move")
    keys += ("underlying_feeling", "fear", "longing", "reach", "respond")
    return [v for p in cycle_map.partners for k in keys if (v := p.answer(k))]


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_every_answer_is_drawn_whole_and_named_in_the_desc(cycle_map: CycleMap) -> None:
    svg = drawing.draw_map(cycle_map)
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title").text == cycle_map.title
    desc = root.find(f"{NS}desc").text
    drawn = words("".join(texts(svg)))
    for answer in answers(cycle_map):
        assert words(answer) in drawn  # wrapped, never cut
        assert " ".join(answer.split()) in desc
    for partner in cycle_map.partners:
        assert partner.name in desc
    for text in (cycle_map.warning_signs, cycle_map.pause_phrase, cycle_map.notes):
        if text:
            assert words(text) in drawn and " ".join(text.split()) in desc


def test_user_text_is_escaped_whatever_it_holds() -> None:
    svg = drawing.draw_map(HOSTILE_MAP)
    root = ET.fromstring(svg)  # well-formed XML
    assert not [el for el in root.iter() if el.tag in {"script", f"{NS}script"}]
    assert "<script>" not in svg and "<b>" not in svg and "<![CDATA[" not in svg
    assert root.find(f"{NS}title").text == HOSTILE_MAP.title
    drawn = words("".join(texts(svg)))
    for answer in HOSTILE.values():
        assert words(answer) in drawn
    assert '<b>Tom</b> & "Jo"' in texts(svg)


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
@pytest.mark.parametrize("arrangement", drawing.ARRANGEMENTS)
def test_text_fits_inside_its_card(cycle_map: CycleMap, arrangement: str) -> None:
    figure = lay_out(drawing.negative_loop(cycle_map), arrangement)
    cards = [b for b in figure.items if getattr(b, "cls", "") == "cm-card"]
    assert len(cards) == 2
    for item in figure.items:
        if not isinstance(item, Words) or item.anchor != "start":
            continue
        inside = [c for c in cards if c.x <= item.x <= c.x + c.w and c.y <= item.y <= c.y + c.h]
        assert inside, item
        card = inside[0]
        assert (
            item.x + text_width(item.text, item.size, bold=item.bold) <= card.x + card.w - PAD + 0.5
        )


@pytest.mark.parametrize("arrangement", drawing.ARRANGEMENTS)
def test_the_loop_has_two_arrows_and_their_words(arrangement: str) -> None:
    svg = drawing.draw(FULL, arrangement=arrangement)
    assert svg.count('class="cm-arrow"') == 2
    assert svg.count('class="cm-arrow-head"') == 2
    a, b = (p.name for p in FULL.partners)
    drawn = " ".join(texts(svg))
    assert f"lands on {b} as" in drawn and f"lands back on {a}" in drawn


def test_the_new_cycle_is_drawn_in_its_own_colours() -> None:
    svg = drawing.draw_map(FULL)
    root = ET.fromstring(svg)
    inner = [el.get("class") for el in root.findall(f"{NS}svg")]
    assert inner[:2] == ["cm-negative", "cm-positive"]
    assert "cm-negative" not in root.get("class")  # its colours would reach the new cycle
    light = drawing.PALETTES["light"]
    assert light["positive"]["arrow"] != light["negative"]["arrow"]
    assert light["positive"]["arrow"] in svg
    assert "cm-positive" not in drawing.draw_map(make_map())  # no new cycle written


def test_the_blank_loop_has_lines_to_write_on_and_no_answers() -> None:
    svg = drawing.draw_blank()
    ET.fromstring(svg)
    assert svg.count('class="cm-writing"') > 20
    assert "not written yet" not in svg
    named = drawing.draw_blank(("Priya", "Tom"))
    assert "Priya" in texts(named) and "Tom" in texts(named)


# ---- contrast -----------------------------------------------------------------------------


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def fills(kind: str, scheme: str) -> dict[str, str]:
    """class -> fill colour, read back from the drawing's own stylesheet."""
    css = drawing.stylesheet(kind)
    if scheme == "dark":
        css = css[css.index("prefers-color-scheme: dark") :]
    found: dict[str, str] = {}
    for selectors, colour in re.findall(r"([^{}]+)\{fill:(#[0-9a-f]{6})", css):
        for selector in selectors.split(","):
            found.setdefault(selector.split(".")[-1].strip(), colour)
    return found


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_has_contrast_with_what_is_behind_it(cycle_map: CycleMap, scheme: str) -> None:
    """The figure: for each line of text, the last shape drawn under it, 4.5:1 at least."""
    lowest = 21.0
    for loop in (drawing.negative_loop(cycle_map), drawing.positive_loop(cycle_map)):
        colours = fills(loop.kind, scheme)
        figure = lay_out(loop, "wide")
        for index, item in enumerate(figure.items):
            if not isinstance(item, Words):
                continue
            middle = item.y - item.size * 0.35
            behind = "cm-page"
            for shape in figure.items[:index]:
                cls = getattr(shape, "cls", "")
                inside = hasattr(shape, "w") and (
                    shape.x <= item.x <= shape.x + shape.w
                    and shape.y <= middle <= shape.y + shape.h
                )
                if cls in colours and inside:
                    behind = cls
            lowest = min(lowest, contrast(colours[item.cls], colours[behind]))
    assert lowest >= 4.5


# ---- nothing from outside -------------------------------------------------------------------


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_nothing_is_loaded_from_anywhere(cycle_map: CycleMap) -> None:
    svg = drawing.draw_map(cycle_map).replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"\b(src|href|xlink:href)=", svg)
    assert "@import" not in svg and "@font-face" not in svg and "url(" not in svg
    assert "<script" not in svg and "<foreignObject" not in svg


# ---- wrapping -------------------------------------------------------------------------------


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400), st.integers(min_value=60, max_value=500))
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: int) -> None:
    lines = wrap(text, width, 17)
    assert words("".join(lines)) == words(text)
    for line in lines:
        assert text_width(line, 17) <= width or len(line) == 1


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cycle_maps())
def test_any_map_draws_as_valid_svg_with_its_words(cycle_map: CycleMap) -> None:
    svg = drawing.draw_map(cycle_map)
    root = ET.fromstring(svg)
    drawn = words("".join(texts(svg)))
    for answer in answers(cycle_map):
        assert words(answer) in drawn
    assert root.find(f"{NS}title").text == cycle_map.title


def test_a_card_is_as_tall_as_its_words() -> None:
    short = lay_out(drawing.negative_loop(make_map()), "stacked")
    long = lay_out(drawing.negative_loop(LONG), "stacked")
    assert long.height > short.height * 2
    assert isinstance(drawing.negative_loop(LONG).cards[0], Card)
