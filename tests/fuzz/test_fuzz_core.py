"""Hostile text through the whole core: model → save → load → diagram at every width → every
export → the CLI's output → history, check-ins and the presentation; damaged files and odd data
refused in one clean line. Zero crashes, zero control characters anywhere a person looks.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from rich.cells import cell_len

from cyclemap import changes, checkin, cli, history, model, presentation, store
from cyclemap.diagram import render_positive_text, render_text
from cyclemap.export import CARD_WIDTH, FORMATS, render
from cyclemap.store import Library, MapFileError, StoreError
from tests.fuzz.conftest import budget, count
from tests.strategies import (
    CONTROL,
    TRICKY,
    answer_text,
    cycle_maps,
    hostile_text,
    map_data,
    mutated_bytes,
    widths,
)

GOOD_TOML = (Path(__file__).resolve().parents[2] / "examples" / "sunday-nights.toml").read_bytes()

SVG = "{http://www.w3.org/2000/svg}"
SVG_TAGS = {
    f"{SVG}{tag}" for tag in ("svg", "title", "desc", "style", "rect", "line", "path", "text")
}
SVG_ATTRIBUTES = {
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "d",
    "rx",
    "viewBox",
    "class",
    "id",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "role",
    "aria-labelledby",
    "aria-describedby",
}
HTML_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section"),
    *("article", "figure", "figcaption", "div", "h1", "h2", "h3", "p", "ul", "li", "dl", "dt"),
    *("dd", "span", "b", "br", "svg", "desc", "rect", "line", "path", "text"),
}


def clean_line(text: str) -> None:
    """A message a person reads: one line, nothing a terminal would act on."""
    assert "\n" not in text and "\r" not in text, text
    assert not CONTROL.search(text), ascii(text)


def no_control(text: str, where: str) -> None:
    found = CONTROL.search(text)
    assert found is None, f"{where}: control character {found.group()!r}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def check_outputs(cycle_map: model.CycleMap, width: int, ascii_only: bool) -> None:
    for draw in (render_text, render_positive_text):
        picture = draw(cycle_map, width=width, ascii=ascii_only)
        no_control(picture, draw.__name__)
        assert "\t" not in picture, "a tab would break the box lines"
        for line in picture.splitlines():
            assert cell_len(line) <= width, (draw.__name__, width, line)
    for fmt in FORMATS:
        output = render(cycle_map, fmt, ascii=ascii_only, width=width)
        no_control(output, fmt)
        assert output.endswith("\n") and not output.endswith("\n\n"), fmt
        if fmt == "svg":
            root = ET.fromstring(output)
            tags = {element.tag for element in root.iter()}
            assert tags <= SVG_TAGS, tags - SVG_TAGS  # user text never becomes an element
            attributes = {name for element in root.iter() for name in element.attrib}
            assert attributes <= SVG_ATTRIBUTES, attributes - SVG_ATTRIBUTES
        elif fmt == "html":
            parser = _Tags()
            parser.feed(output)
            parser.close()
            assert parser.tags <= HTML_TAGS, parser.tags - HTML_TAGS
            assert not parser.attributes & {"href", "src", "onerror", "onload"}, parser.attributes
        elif fmt == "json":
            data = json.loads(output)
            assert data.pop("pattern") == cycle_map.pattern.value
            assert model.validate_map(data) == cycle_map
        elif fmt == "toml":
            assert store.parse_map(output, "export.toml") == cycle_map
        elif fmt == "card":
            for line in output.splitlines():
                assert cell_len(line) <= CARD_WIDTH, line


@budget(0.2, ci=160)
@given(map_data(), widths, st.booleans())
def test_any_text_survives_save_load_diagram_and_every_export(
    data: dict[str, Any], width: int, ascii_only: bool
) -> None:
    count("core")
    try:
        cycle_map = model.validate_map(data)
    except ValidationError as error:
        clean_line(model.describe_validation_error(error, data))
        return
    for value in _texts(cycle_map):
        no_control(value, "the model")  # cleaned at the boundary, before anything else
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "library")
        library.save(cycle_map)
        loaded = library.load(cycle_map.id)
        assert loaded == cycle_map
        assert [entry.id for entry in library.entries()] == [cycle_map.id]
        # A second save of the same map writes nothing; a changed one keeps the first.
        library.save(loaded)
        assert library.history(cycle_map.id) == []
    assert store.parse_map(store.map_to_toml(cycle_map).encode("utf-8"), "x.toml") == cycle_map
    check_outputs(loaded, width, ascii_only)


@budget(0.3)
@given(map_data())
def test_cleaning_is_idempotent_and_a_valid_map_validates_to_itself(data: dict[str, Any]) -> None:
    count("idempotent")
    for value in (data["title"], data["partners"][0]["name"], data["partners"][1]["trigger"]):
        once = model.clean_text(value)
        assert model.clean_text(once) == once
        assert model.clean_text(once.strip()) == once.strip()
    try:
        cycle_map = model.validate_map(data)
    except ValidationError:
        return
    assert model.validate_map(cycle_map.model_dump()) == cycle_map
    assert store.parse_map(store.map_to_toml(cycle_map), "x.toml") == cycle_map


def _texts(cycle_map: model.CycleMap) -> list[str]:
    values = [
        cycle_map.title,
        cycle_map.cycle_name,
        cycle_map.couple,
        cycle_map.notes,
        cycle_map.pause_phrase,
        cycle_map.warning_signs,
    ]
    for partner in cycle_map.partners:
        values += [partner.name, *(partner.answer(q.key) for q in model.QUESTIONS)]
    return [value for value in values if value]


def _run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@budget(0.06)
@given(cycle_maps(), widths)
def test_the_cli_prints_any_map_cleanly(cycle_map: model.CycleMap, width: int) -> None:
    count("cli")
    with tempfile.TemporaryDirectory() as folder:
        root = str(Path(folder) / "library")
        Library(Path(root)).save(cycle_map)
        for argv in (
            ("list",),
            ("list", "--json"),
            ("show", cycle_map.id, "--width", str(width)),
            ("show", cycle_map.id, "--ascii", "--width", str(width)),
            ("export", cycle_map.id, "--format", "card"),
            ("history", cycle_map.id),
            ("check", str(Path(root) / f"{cycle_map.id}.toml")),
        ):
            code, out, err = _run_cli("--data-dir", root, *argv)
            assert code == 0, (argv, err)
            no_control(out + err, " ".join(argv))
        rows = json.loads(_run_cli("--data-dir", root, "list", "--json")[1])
        assert [row["title"] for row in rows] == [cycle_map.title]


@budget(0.06)
@given(cycle_maps(), cycle_maps())
def test_history_diff_and_restore_of_any_two_versions(
    first: model.CycleMap, second: model.CycleMap
) -> None:
    count("history")
    second = second.model_copy(update={"id": first.id})
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "library")
        library.save(first)
        library.save(second)
        found = history.versions(library, first.id)
        assert [version.map for version in found] == (
            [first, second] if first != second else [first]
        )
        no_control(history.history_report(first.id, found, width=80), "history")
        if len(found) == 2:
            report = history.diff_report(first.id, found[0], found[1])
            no_control(report, "diff")
            for change in changes.diff_maps(first, second):
                no_control(str(change), "change")
            for row in changes.compare_rows(first, second):
                no_control(repr(row), "row")
            history.restore(library, first.id, 1)
            # A restore is a new save (`updated` is now), and none at all when the versions
            # differ only in their dates.
            restored = library.load(first.id)
            dates = {"updated": first.updated, "created": first.created}
            assert restored.model_copy(update=dates) == first
            # Restoring keeps the replaced version: nothing is lost.
            assert second in [v.map for v in history.versions(library, first.id)]


@budget(0.06)
@given(
    cycle_maps(),
    st.lists(
        st.tuples(
            st.dates(max_value=date(2026, 1, 1)),
            answer_text(),
            st.booleans(),
            st.none() | st.booleans(),
            st.none() | hostile_text,
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_check_ins_with_any_words(cycle_map: model.CycleMap, entries: list[tuple]) -> None:
    count("checkin")
    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "library")
        library.save(cycle_map)
        log = checkin.load_log(library, cycle_map.id)
        for when, what, caught, pause, repair in entries:
            try:
                entry = checkin.make_entry(
                    when=when,
                    what_set_it_off=what,
                    caught=caught,
                    pause_phrase_used=pause,
                    repair=repair,
                )
            except StoreError as error:
                clean_line(str(error))
                continue
            log = checkin.add_entry(library, cycle_map.id, entry)
        assert checkin.load_log(library, cycle_map.id) == log
        for ascii_only in (False, True):
            no_control(checkin.summary_chart(log, cycle_map.title, ascii=ascii_only), "summary")
        no_control(checkin.format_entries(log, cycle_map.title, cycle_map.id), "log")


@budget(0.15)
@given(cycle_maps(), st.booleans())
def test_the_presentation_of_any_map(cycle_map: model.CycleMap, anonymous: bool) -> None:
    count("presentation")
    shown = presentation.presentation(cycle_map, anonymous=anonymous)
    for step in shown.steps:
        for value in (step.heading, step.text, step.lead_in, step.caption):
            if value:
                no_control(value, "presentation")
    if anonymous:
        names = {p.name for p in cycle_map.partners}
        for step in shown.steps:
            for name in names:
                if len(name) >= 4 and name not in "Partner A Partner B":
                    assert name not in step.heading, "anonymous mode showed a name"


def check_refused_or_read(raw: bytes | str) -> None:
    try:
        store.parse_map(raw, "damaged.toml")
    except MapFileError as error:
        clean_line(str(error))
        assert str(error).startswith("damaged.toml: ")


@budget(0.8)
@given(mutated_bytes(GOOD_TOML))
def test_a_damaged_file_is_read_or_refused_in_one_clean_line(raw: bytes) -> None:
    count("damaged-bytes")
    check_refused_or_read(raw)


@budget(0.4)
@given(st.binary(max_size=2_000) | st.text(st.characters(exclude_categories=()), max_size=500))
def test_any_bytes_are_read_or_refused_in_one_clean_line(raw: bytes | str) -> None:
    count("any-bytes")
    check_refused_or_read(raw)


toml_scalars = st.one_of(
    hostile_text,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
)
toml_keys = st.one_of(
    st.sampled_from(
        [
            "schema_version",
            "id",
            "title",
            "partners",
            "name",
            "position",
            "trigger",
            "protective_move",
            "underlying_feeling",
            "notes",
            "created",
            "fear",
        ]
    ),
    hostile_text,
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(toml_keys, children, max_size=5)
    ),
    max_leaves=20,
)


@st.composite
def odd_map_data(draw: st.DrawFn) -> dict[str, Any]:
    """A real map with one part replaced by anything TOML can hold."""
    data = model.validate_map(tomllib.loads(GOOD_TOML.decode())).to_toml_dict()
    target = data
    if draw(st.booleans()):
        target = draw(st.sampled_from(data["partners"]))
    key = draw(toml_keys)
    if draw(st.booleans()) and key in target:
        del target[key]
    else:
        target[key] = draw(toml_values)
    return data


@budget(0.4)
@given(odd_map_data() | st.dictionaries(toml_keys, toml_values, max_size=6))
def test_odd_data_in_a_file_is_refused_in_one_clean_line(data: dict[str, Any]) -> None:
    count("odd-data")
    try:
        store.map_from_data(data, "odd.toml")
    except MapFileError as error:
        clean_line(str(error))
    # The same through a real file, when TOML can hold it.
    try:
        import tomli_w

        text = tomli_w.dumps(data)
        raw = text.encode("utf-8")
    except (TypeError, ValueError):
        return
    check_refused_or_read(raw)


draft_values = st.recursive(
    st.one_of(hostile_text, st.integers(), st.booleans(), st.floats(allow_nan=False)),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(toml_keys, children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def drafts(draw: st.DrawFn) -> dict[str, Any]:
    draft: dict[str, Any] = draw(st.dictionaries(toml_keys, draft_values, max_size=4))
    partner = st.fixed_dictionaries(
        {"name": hostile_text},
        optional={
            key: st.one_of(hostile_text, hostile_text, draft_values)
            for key in (
                "position",
                "trigger",
                "protective_move",
                "underlying_feeling",
                "meaning",
                "fear",
                "guess",
                "reach",
                "respond",
            )
        },
    )
    draft["partners"] = draw(
        st.lists(st.one_of(partner, partner, partner, draft_values), max_size=3)
    )
    draft["together"] = draw(
        st.dictionaries(
            st.sampled_from(["pause_phrase", "warning_signs", "notes"]) | toml_keys,
            st.one_of(hostile_text, draft_values),
            max_size=3,
        )
    )
    for key in ("title", "couple", "cycle_name"):
        if draw(st.booleans()):
            draft[key] = draw(hostile_text)
    draft["step"] = draw(
        st.sampled_from(
            [
                "names",
                "mode",
                "0:trigger",
                "1:guess",
                "handover",
                "review",
                "way_out",
                "couple:notes",
                "9:x",
            ]
        )
        | hostile_text
    )
    draft["mode"] = draw(st.sampled_from(["private", "together"]) | hostile_text)
    return draft


@budget(0.2)
@given(drafts())
def test_any_draft_is_kept_whole_and_resumes_without_a_control_character(
    draft: dict[str, Any],
) -> None:
    count("drafts")
    from cyclemap.walkthrough_draft import draft_of, draft_summary, read_draft

    with tempfile.TemporaryDirectory() as folder:
        library = Library(Path(folder) / "library")
        try:
            library.save_draft(draft)
        except StoreError as error:
            clean_line(str(error))
            return
        loaded = library.load_draft()
    assert loaded is not None
    no_control(draft_summary(loaded), "the resume question")
    state = read_draft(loaded)
    for value in [
        *state.names,
        state.title,
        state.couple,
        state.cycle_name,
        *(v for answers in state.answers for v in answers.values()),
        *state.together.values(),
    ]:
        no_control(value, "a resumed walkthrough")
    no_control(state.progress(), "the progress line")
    assert draft_of(read_draft(draft_of(state))) == draft_of(state)


@pytest.mark.parametrize("piece", TRICKY)
def test_each_tricky_piece_alone_in_every_field(piece: str) -> None:
    """The named cases, one by one, so a failure names its culprit."""
    data = {
        "schema_version": 1,
        "id": "tricky",
        "title": f"t{piece}",
        "cycle_name": piece,
        "couple": piece,
        "pause_phrase": piece,
        "warning_signs": piece,
        "notes": piece,
        "partners": [
            {
                "name": f"A{piece}",
                "position": "pursue",
                "trigger": f"x{piece}",
                "protective_move": f"{piece}y",
                "underlying_feeling": piece + "z",
                **{
                    key: piece
                    for key in (
                        "meaning",
                        "surface_feeling",
                        "fear",
                        "longing",
                        "guess",
                        "reach",
                        "respond",
                    )
                },
            },
            {
                "name": f"B{piece}",
                "position": "withdraw",
                "trigger": piece + "1",
                "protective_move": piece + "2",
                "underlying_feeling": piece + "3",
            },
        ],
    }
    try:
        cycle_map = model.validate_map(data)
    except ValidationError as error:
        clean_line(model.describe_validation_error(error, data))
        # Only a name made too long by the piece is refused; everything else is cleaned.
        assert {e["type"] for e in error.errors()} == {"string_too_long"}, error
        return
    for width in (20, 80, 200):
        check_outputs(cycle_map, width, ascii_only=width == 20)
