"""Exports: golden files for every example, and the promises each format makes.

Golden files live in tests/golden/<example-id>.<format> (plus .ascii.txt and .w60.txt for the
text variants) and are compared byte for byte. After a deliberate change, regenerate them with

    CYCLEMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export.py

and read the diff before committing it.
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cyclemap import export
from cyclemap.export import CARD_WIDTH, FORMATS, render, suggested_filename, write
from cyclemap.model import CycleMap, validate_map
from cyclemap.store import load_file
from tests.conftest import EXAMPLES, map_data
from tests.test_diagram import FULL, LONG, MARKUP, WIDE, make_map

GOLDEN = Path(__file__).parent / "golden" / "export"
UPDATE = os.environ.get("CYCLEMAP_UPDATE_GOLDEN") == "1"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"

VARIANTS: dict[str, dict] = {fmt: {"fmt": fmt} for fmt in FORMATS}
VARIANTS["ascii.txt"] = {"fmt": "text", "ascii": True}
VARIANTS["w60.txt"] = {"fmt": "text", "width": 60}

MAPS = [FULL, LONG, WIDE, MARKUP, make_map()]
MAP_IDS = ["full", "long", "wide", "markup", "bare"]


def golden_cases() -> list[tuple[Path, str]]:
    return [(example, suffix) for example in EXAMPLES for suffix in VARIANTS]


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(
    ("example", "suffix"), golden_cases(), ids=[f"{e.stem}.{s}" for e, s in golden_cases()]
)
def test_golden(example: Path, suffix: str) -> None:
    options = dict(VARIANTS[suffix])
    fmt = options.pop("fmt")
    actual = render(load_file(example), fmt, **options).encode("utf-8")
    path = GOLDEN / f"{example.stem}.{suffix}"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        if not path.exists() or path.read_bytes() != actual:
            path.write_bytes(actual)
    assert path.exists(), f"no golden file {path.name}: run with CYCLEMAP_UPDATE_GOLDEN=1"
    assert path.read_bytes() == actual, (
        f"{path.name} differs; if the change is intended, run with CYCLEMAP_UPDATE_GOLDEN=1"
    )


def test_no_golden_file_is_left_without_its_example() -> None:
    expected = {f"{e.stem}.{suffix}" for e in EXAMPLES for suffix in VARIANTS}
    if UPDATE:
        for stale in {p.name for p in GOLDEN.iterdir()} - expected:
            (GOLDEN / stale).unlink()
    assert {p.name for p in GOLDEN.iterdir()} == expected


# ---- every format ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_every_format_ends_with_one_newline_and_is_deterministic(
    cycle_map: CycleMap, fmt: str
) -> None:
    first = render(cycle_map, fmt)
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert render(cycle_map, fmt) == first


@pytest.mark.parametrize("fmt", ["svg", "html", "text"])
def test_the_environment_does_not_change_an_export(fmt: str, monkeypatch) -> None:
    before = render(FULL, fmt)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "33")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert render(FULL, fmt) == before


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(FULL, "pdf")


def test_suggested_filenames() -> None:
    names = {fmt: suggested_filename(FULL, fmt) for fmt in FORMATS}
    assert names == {
        "text": "sunday-nights.txt",
        "md": "sunday-nights.md",
        "svg": "sunday-nights.svg",
        "html": "sunday-nights.html",
        "json": "sunday-nights.json",
        "toml": "sunday-nights.toml",
        "card": "sunday-nights.card.txt",
    }


# ---- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_text_honours_the_width(cycle_map: CycleMap) -> None:
    for width in (20, 21, 37, 59, 60, 79, 80, 81, 120, 200):
        for ascii in (False, True):
            out = render(cycle_map, "text", width=width, ascii=ascii)
            assert max(cell_len(line) for line in out.splitlines()) <= width, (width, ascii)


def test_text_holds_the_loop_the_new_cycle_the_card_and_the_notes() -> None:
    cycle_map = FULL.model_copy(update={"notes": "We saw this on Sunday.\nAgain on Tuesday."})
    out = render(cycle_map, "text", width=100)
    assert out.index("Alex · pursues") < out.index("The new cycle") < out.index("Warning signs:")
    assert "Our pause phrase: The Storm is here, can we slow down?" in out
    assert "Notes\nWe saw this on Sunday.\nAgain on Tuesday.\n" in out
    assert out.endswith("\nAlex & Sam · updated 20 November 2026\n")
    assert "The new cycle" not in render(make_map(), "text")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_text_holds_every_guess_beside_whose_it_is(example: Path) -> None:
    cycle_map = load_file(example)
    flat = " ".join(render(cycle_map, "text").split())
    guesses = [(i, p) for i, p in enumerate(cycle_map.partners) if p.guess]
    for index, partner in guesses:
        label = export.guess_label(partner.name, cycle_map.other(index).name)
        assert f"{label} {' '.join(partner.guess.split())}" in flat


def test_the_examples_have_guesses_to_check() -> None:
    assert sum(bool(p.guess) for e in EXAMPLES for p in load_file(e).partners) >= 2


def test_text_uses_the_maps_own_date() -> None:
    cycle_map = validate_map(map_data(updated="2026-11-20T19:31:00Z", couple="Alex & Sam"))
    assert render(cycle_map, "text").endswith("\nAlex & Sam · updated 20 November 2026\n")
    assert render(cycle_map, "text", ascii=True).endswith("Alex & Sam - updated 20 November 2026\n")


def test_ascii_text_adds_only_ascii() -> None:
    assert render(FULL, "text", ascii=True).isascii()


# ---- Markdown --------------------------------------------------------------------------------


def test_markdown_has_every_answer_under_its_plain_prompt() -> None:
    out = render(FULL, "md")
    assert out.startswith("# Sunday nights\n")
    for partner in FULL.partners:
        for key in ("trigger", "meaning", "surface_feeling", "protective_move", "fear"):
            assert partner.answer(key) in out
    assert "- **When my partner…** Sam goes quiet when I bring something up" in out
    assert "- **…so I…** I shut down and leave the room" in out
    assert "## The new cycle" in out and "## When the cycle starts" in out


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_markdown_says_the_title_and_the_pattern_once(example: Path) -> None:
    cycle_map = load_file(example)
    out = render(cycle_map, "md")
    assert out.startswith(f"# {export.md_escape(cycle_map.title)}\n")
    assert out.count(cycle_map.title) == 1
    assert out.count(cycle_map.pattern.johnson_name) == 1
    assert out.count("The new cycle") <= 1


def test_markdown_puts_a_guess_beside_the_others_answer() -> None:
    out = render(FULL, "md")
    sam = out[out.index("## Sam") :]
    assert (
        "- **Underneath, I feel…** like a failure\n  - *Alex's guess:* he feels criticized" in sam
    )


def test_markdown_fence_cannot_be_closed_by_the_user() -> None:
    cycle_map = make_map({"trigger": "```\n# not a heading\n````` still text"})
    out = render(cycle_map, "md")
    fences = re.findall(r"^(`{3,})text$", out, flags=re.M)
    assert fences and all(len(fence) >= 6 for fence in fences)
    assert "\n# not a heading" not in out


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("> quote", "\\> quote"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[link](http://x)", "\\[link\\](http://x)"),
        ("<b>hi</b>", "\\<b>hi\\</b>"),
        ("a | b ~~c~~", "a \\| b \\~\\~c\\~\\~"),
        ("&amp; & me", "\\&amp; & me"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_markdown_escapes_user_text(typed: str, escaped: str) -> None:
    assert export.md_escape(typed) == escaped


def test_markdown_keeps_multi_line_answers_inside_their_item() -> None:
    cycle_map = make_map({"trigger": "first line\n- second line\n\n## third"})
    out = render(cycle_map, "md")
    assert "- **When my partner…** first line\\\n  \\- second line\\\n  \\## third" in out


# ---- SVG and HTML ----------------------------------------------------------------------------


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
@pytest.mark.parametrize("ascii", [False, True])
def test_svg_is_valid_xml_with_the_title_and_nothing_remote(cycle_map: CycleMap, ascii) -> None:
    svg = render(cycle_map, "svg", ascii=ascii)
    root = ET.fromstring(svg)
    assert root.tag == f"{{{SVG_NAMESPACE}}}svg"
    assert root.find(f"{{{SVG_NAMESPACE}}}title").text == cycle_map.title
    assert_nothing_remote(svg.replace(f'xmlns="{SVG_NAMESPACE}"', ""), cycle_map)
    assert "DejaVu Sans" in svg  # the fonts the drawing was measured against


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_html_escapes_user_text_and_loads_nothing(cycle_map: CycleMap) -> None:
    page = render(cycle_map, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert f"<title>{html.escape(cycle_map.title)}</title>" in page
    assert_nothing_remote(page, cycle_map)
    assert "DejaVu Sans" in page  # the fonts the drawing was measured against


def assert_nothing_remote(document: str, cycle_map: CycleMap) -> None:
    if "http" not in cycle_map.model_dump_json():  # (the markup map has a URL as its words)
        assert not re.search(r"https?:", document)
    assert not re.search(r"\b(src|href|xlink:href)=", document)
    assert "@import" not in document and "@font-face" not in document
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", document))


def test_user_markup_and_html_are_escaped_in_pictures() -> None:
    cycle_map = make_map({"trigger": "<script>alert(1)</script> & [bold]x[/bold]"})
    for fmt in ("svg", "html"):
        out = render(cycle_map, fmt)
        assert "<script>" not in out
        assert "&lt;script&gt;" in out
        assert "[bold]x[/bold]" in out.replace("&#160;", " ")


def test_svg_measures_wide_characters_as_wide() -> None:
    from cyclemap.fontmetrics import text_width

    assert text_width("健太", 17) >= 2 * 17
    assert text_width("😶", 17) >= 17
    assert "健太" in render(WIDE, "svg")


def test_svg_is_the_drawing_in_colour_whatever_the_terminal() -> None:
    from cyclemap.drawing import PALETTES

    assert PALETTES["light"]["negative"]["arrow"] in render(FULL, "svg")
    assert "textLength" not in render(FULL, "svg")  # not Rich's screenshot of a terminal


# ---- data ------------------------------------------------------------------------------------


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_json_round_trips_into_the_model(cycle_map: CycleMap) -> None:
    data = json.loads(render(cycle_map, "json"))
    assert data.pop("pattern") == cycle_map.pattern.value
    assert validate_map(data) == cycle_map


def test_json_is_readable_unicode() -> None:
    out = render(WIDE, "json")
    assert "さくら" in out and '\n  "id": ' in out


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_toml_reparses_to_the_same_map(cycle_map: CycleMap) -> None:
    assert validate_map(tomllib.loads(render(cycle_map, "toml"))) == cycle_map


# ---- the pocket card -------------------------------------------------------------------------


def test_card_has_the_name_signs_phrase_and_each_reach() -> None:
    out = render(FULL, "card")
    flat = " ".join(out.split())
    assert out.splitlines()[0] == "The Storm"
    assert out.splitlines()[1] == "Sunday nights · Alex & Sam"
    signs = flat.index("Warning signs short answers, the jaw tightens")
    phrase = flat.index("Our pause phrase The Storm is here, can we slow down?")
    reach = flat.index("Instead, from underneath Alex: I'm scared I don't matter to you right now")
    assert signs < phrase < reach
    assert "Sam: I'm going quiet because I feel I've let you down" in flat
    assert max(cell_len(line) for line in out.splitlines()) <= CARD_WIDTH


def test_card_has_plain_rules_to_cut_along() -> None:
    for ascii, rule in ((False, "─" * CARD_WIDTH), (True, "-" * CARD_WIDTH)):
        lines = render(FULL, "card", ascii=ascii).splitlines()
        assert [number for number, line in enumerate(lines) if line == rule] == [2, len(lines) - 2]
        assert lines[-1] == "It's the cycle, not either of us."
        assert not any("==" in line for line in lines)
    ascii_card = render(FULL, "card", ascii=True)
    assert ascii_card.isascii()  # the words in FULL are ASCII: only ours could be otherwise


def test_card_falls_back_to_the_title_and_says_what_is_missing() -> None:
    out = render(make_map(), "card")
    assert out.splitlines()[0] == "Sunday nights"
    assert "Nothing on this card yet" in out


card_text = st.one_of(
    st.text(min_size=1, max_size=1000),
    st.text(alphabet="漢字かな👩‍❤️‍👨🚪x", min_size=1, max_size=400),
    st.builds(lambda n: "w" * n, st.integers(1, 1000)),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(min_size=1, max_size=40),
    cycle_name=st.text(max_size=60),
    signs=card_text,
    phrase=card_text,
    reach=card_text,
)
def test_card_is_never_wider_than_40_columns(name, cycle_name, signs, phrase, reach) -> None:
    data = map_data(cycle_name=cycle_name, warning_signs=signs, pause_phrase=phrase)
    data["partners"][0].update(name=name, reach=reach)
    data["partners"][1].update(reach=reach)
    try:
        cycle_map = validate_map(data)
    except ValueError:
        return  # blank after cleaning: the model refuses it, as it should
    out = render(cycle_map, "card")
    assert max(cell_len(line) for line in out.splitlines()) <= CARD_WIDTH
    if cycle_map.pause_phrase:
        assert "".join(cycle_map.pause_phrase.split()) in "".join(out.split())


def test_card_of_long_answers() -> None:
    out = render(LONG, "card")
    assert all(cell_len(line) <= CARD_WIDTH for line in out.splitlines())


# ---- writing ---------------------------------------------------------------------------------


def test_write_to_a_file_is_atomic_and_private(tmp_path: Path) -> None:
    target = tmp_path / "map.md"
    assert write(FULL, "md", target) == target
    assert target.read_text(encoding="utf-8") == render(FULL, "md")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["map.md"]


def test_write_into_a_folder_uses_the_suggested_name(tmp_path: Path) -> None:
    assert write(FULL, "card", tmp_path) == tmp_path / "sunday-nights.card.txt"


def test_write_to_stdout(capfd) -> None:
    assert write(WIDE, "text", None) is None
    assert write(WIDE, "text", "-") is None
    out = capfd.readouterr().out
    assert out == render(WIDE, "text") * 2


def test_write_to_a_device_never_replaces_it() -> None:
    devnull = Path(os.devnull)
    before = devnull.stat()
    write(FULL, "svg", devnull)
    after = devnull.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_title_that_looks_like_a_template_is_shown_as_typed() -> None:
    cycle_map = make_map(title="{width} @@FONTS@@ {{unique_id}} </title>")
    root = ET.fromstring(render(cycle_map, "svg"))
    assert root.find(f"{{{SVG_NAMESPACE}}}title").text == cycle_map.title
    page = render(cycle_map, "html")
    assert "<title>{width} @@FONTS@@ {{unique_id}} &lt;/title&gt;</title>" in page
