"""Any text a person can type or paste survives model → save → load → every export, and no
control character reaches any output."""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from cyclemap.export import FORMATS, render
from cyclemap.model import validate_map
from cyclemap.store import Library
from tests.conftest import map_data

TRICKY = [
    "[bold]",
    "[/",
    "[/bold]",
    "[@click=app.quit]x[/]",
    "[link=https://example.com]x[/link]",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\u202eevil\u202c",
    "👩‍❤️‍💋‍👨",
    "e\u0301\u0302\u0303",
    "שלום עליכם",
    "مرحبا",
    "漢字かな",
    "<script>alert(1)</script>",
    "&amp; ]]> <!--",
    "```",
    "# heading",
    '"""',
    "\\",
    "\ufeff",
    "\x00\x7f\x9b",
]

any_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(TRICKY),
    st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), max_size=6).map("".join),
)
long_text = st.text(min_size=200, max_size=1000, alphabet=st.characters(codec="utf-8"))

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def build(texts: dict[str, str]) -> dict:
    data = map_data(
        title=texts["title"],
        cycle_name=texts["cycle_name"],
        notes=texts["notes"],
        pause_phrase=texts["pause_phrase"],
        warning_signs=texts["warning_signs"],
    )
    data["partners"][0].update(
        name=texts["name_a"], trigger=texts["trigger"], fear=texts["fear"], guess=texts["guess"]
    )
    data["partners"][1].update(
        name=texts["name_b"], underlying_feeling=texts["underlying"], reach=texts["reach"]
    )
    return data


fields = st.fixed_dictionaries(
    {
        "title": any_text,
        "cycle_name": any_text,
        "notes": any_text,
        "name_a": any_text,
        "name_b": any_text,
        "trigger": st.one_of(any_text, long_text),
        "fear": any_text,
        "underlying": any_text,
        "reach": any_text,
        "guess": any_text,
        "pause_phrase": any_text,
        "warning_signs": any_text,
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields)
def test_any_text_round_trips_and_exports_cleanly(texts: dict[str, str]) -> None:
    try:
        cycle_map = validate_map(build(texts))
    except ValidationError:
        assume(False)  # blank-after-cleaning or over-long names are rejected, as they should be
        return
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder))
        library.save(cycle_map)
        loaded = library.load(cycle_map.id)
    assert loaded == cycle_map
    for fmt in FORMATS:
        for ascii_only in (False, True):
            output = render(loaded, fmt, ascii=ascii_only, width=80)
            assert not CONTROL.search(output), (fmt, ascii_only)
            if fmt == "svg":
                ET.fromstring(output)
            if fmt in {"svg", "html"}:
                assert "<script>" not in output
