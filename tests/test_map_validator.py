"""The models stay the source of truth for what a valid map is, though `export`, `show` and
`check` of a file validate it with data/map_schema.json (map_validator.py) and build no model.

These tests hold that the kept schema is exactly what the models make now, that the validator and
the model accept and refuse the same data — the examples, hostile generated maps, damaged data and
damaged files — and hold a valid one to the same words, and that whatever the validator refuses,
or cannot run, gets the model's own answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic_core
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyclemap import map_schema, map_validator, model
from cyclemap.store import Library, MapFileError, fileformat, load_file, map_to_toml
from cyclemap.view import MapView
from tests.conftest import EXAMPLES, map_data
from tests.strategies import hostile_text, mutated_bytes
from tests.strategies import map_data as generated_map_data

ROOT = Path(__file__).resolve().parent.parent
KEPT = json.loads(map_validator.SCHEMA_FILE.read_text(encoding="ascii"))


@pytest.fixture(autouse=True)
def _fresh_validator():
    map_validator.validator.cache_clear()
    yield
    map_validator.validator.cache_clear()


def models_verdict(data: Any) -> dict[str, Any] | None:
    """What the model makes of the data: its dump, or None when it refuses it."""
    try:
        return model.validate_map(data).model_dump()
    except ValueError:  # pydantic's ValidationError is a ValueError
        return None


def test_the_kept_schema_is_the_one_the_models_make_now():
    """After changing model.py (or upgrading pydantic): `make schema`."""
    if KEPT["pydantic_core"] != pydantic_core.__version__:
        # Made with another pydantic-core: never run, the model validates every file.
        assert map_validator.validator() is None
        return
    assert map_validator.validator() is not None
    assert map_schema.plain_schema() == KEPT, "data/map_schema.json is out of date: make schema"
    assert map_validator.SCHEMA_FILE.read_text(encoding="ascii") == map_schema.schema_text()


def test_the_schema_names_only_cleanings_functions_and_terms_enums():
    text = json.dumps(KEPT)
    assert '"$function"' in text and '"$enum": "Position"' in text
    assert "cyclemap.model" not in text  # no method of a model, no model class


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_an_example_validates_as_the_model_has_it(example):
    data = fileformat.map_data(example.read_bytes(), example)
    assert map_validator.validate(data) == load_file(example).model_dump()
    view = fileformat.parse_view(example.read_bytes(), example)
    assert view.model_dump(mode="json") == MapView.of(load_file(example)).model_dump(mode="json")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(generated_map_data())
def test_any_map_is_valid_to_both_or_to_neither_and_reads_the_same(data):
    """Hostile text in every field: cleaned, trimmed, too long, blank — the same verdict and,
    when valid, the same words."""
    assert map_validator.validate(data) == models_verdict(data)


# Damage of every kind the model refuses (and some it takes): each by both, or by neither.
DAMAGE = [
    lambda d: d.update(title="x" * 101),
    lambda d: d.update(title="  \x1b[2J "),
    lambda d: d.update(extra="a key the model refuses"),
    lambda d: d.update(created="2026-01-01T00:00:00Z"),  # text the model parses as a date
    lambda d: d.update(created="yesterday"),
    lambda d: d.update(created=20260101),
    lambda d: d.pop("updated"),  # filled in with now: compared below without it
    lambda d: d.update(id="Not An Id"),
    lambda d: d.update(id="x" * 65),
    lambda d: d.update(id=7),
    lambda d: d["partners"][0].pop("trigger"),
    lambda d: d["partners"][0].update(position="sideways"),
    lambda d: d["partners"][0].update(position="PURSUE"),
    lambda d: d["partners"][0].update(name=7),
    lambda d: d["partners"][0].update(name="\u202e" * 3),
    lambda d: d["partners"][0].update(fear=None),
    lambda d: d["partners"][0].update(unknown="key"),
    lambda d: d["partners"].pop(),
    lambda d: d["partners"].append(d["partners"][0]),
    lambda d: d.update(partners={"a": 1}),
    lambda d: d.update(partners="two"),
    lambda d: d.update(schema_version=2),
    lambda d: d.update(schema_version="1"),
    lambda d: d.update(schema_version=True),
    lambda d: d.update(notes=None),
    lambda d: d.update(notes=["a", "list"]),
    lambda d: d.update(couple=" \t "),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_data_gets_the_same_verdict(damage):
    data = map_data(created=model.utc_now(), updated=model.utc_now())
    damage(data)
    ours, models = map_validator.validate(data), models_verdict(data)
    if ours is not None and models is not None and "updated" not in data:
        ours.pop("updated"), models.pop("updated")
    assert ours == models


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["title", "id", "notes", "couple", "created", "partners", "schema_version"]),
    st.one_of(
        hostile_text,
        st.none(),
        st.integers(),
        st.booleans(),
        st.floats(allow_nan=False),
        st.lists(hostile_text, max_size=3),
        st.dictionaries(hostile_text, hostile_text, max_size=2),
    ),
)
def test_any_value_in_any_field_gets_the_same_verdict(key, value):
    data = map_data(created=model.utc_now(), updated=model.utc_now())
    data[key] = value
    assert map_validator.validate(data) == models_verdict(data)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_bytes(EXAMPLES[0].read_bytes()))
def test_a_damaged_file_reads_as_the_model_reads_it(raw):
    """The view or the error: parse_view says what parse_map says."""
    path = Path("damaged.toml")
    try:
        expected: Any = MapView.of(fileformat.parse_map(raw, path)).model_dump(mode="json")
    except MapFileError as error:
        expected = (str(error), error.problems)
    try:
        got: Any = fileformat.parse_view(raw, path).model_dump(mode="json")
    except MapFileError as error:
        got = (str(error), error.problems)
    assert got == expected


def test_what_it_refuses_the_model_words(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text(EXAMPLES[0].read_text().replace('\nname = "', '\nname = "' + "x" * 50, 1))
    with pytest.raises(MapFileError) as expected:
        load_file(path)
    with pytest.raises(MapFileError, match="at most 40 characters") as got:
        Library(tmp_path / "library").load_file_view(path)
    assert (str(got.value), got.value.problems) == (str(expected.value), expected.value.problems)


@pytest.mark.parametrize(
    "kept",
    [
        {**KEPT, "pydantic_core": "0.0.1"},  # made with another pydantic-core
        {**KEPT, "format": 99},
        {**KEPT, "schema": {"type": "no-such-schema"}},
        {**KEPT, "schema": {"type": "str", "function": {"$function": "no_such_function"}}},
        None,  # no file at all
        "not json",
    ],
    ids=["other-core", "other-format", "bad-schema", "unknown-function", "missing", "not-json"],
)
def test_without_a_validator_the_model_validates(tmp_path, monkeypatch, kept):
    schema_file = tmp_path / "map_schema.json"
    if kept is not None:
        schema_file.write_text(kept if isinstance(kept, str) else json.dumps(kept))
    monkeypatch.setattr(map_validator, "SCHEMA_FILE", schema_file)
    assert map_validator.validator() is None
    example = EXAMPLES[0]
    data = fileformat.map_data(example.read_bytes(), example)
    assert map_validator.validate(data) is None
    view = fileformat.parse_view(example.read_bytes(), example)
    assert view.model_dump() == load_file(example).model_dump()


def test_a_map_saved_and_read_back_is_the_same(tmp_path):
    for example in EXAMPLES:
        cycle_map = load_file(example)
        raw = map_to_toml(cycle_map).encode()
        assert fileformat.parse_view(raw, example).model_dump() == cycle_map.model_dump()


def test_no_library_folder_is_made_to_read_a_file(tmp_path):
    library = Library(tmp_path / "none")
    assert library.load_file_view(EXAMPLES[0]).title == load_file(EXAMPLES[0]).title
    assert not library.root.exists()


def test_export_show_and_check_of_a_file_build_no_model(tmp_path):
    """What makes them fast: pydantic-core runs the schema; pydantic's models are never made.
    The bytes out are the ones the model's path gives."""
    home = tmp_path / "home"
    probe = (
        "import sys; sys.argv = ['cyclemap'] + sys.argv[1:];"
        "from cyclemap.cli import main; code = main();"
        "sys.stderr.write(' '.join(sorted(m for m in ('pydantic', 'cyclemap.model')"
        " if m in sys.modules)) or 'none'); sys.exit(code)"
    )
    env = {**os.environ, "CYCLEMAP_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    example = str(EXAMPLES[0])
    for command in (
        ["export", example, "--format", "text"],
        ["show", example, "--width", "80"],
        ["check", example],
    ):
        done = subprocess.run(
            [sys.executable, "-c", probe, *command], capture_output=True, text=True, env=env
        )
        assert (done.returncode, done.stderr) == (0, "none"), command
    export = subprocess.run(
        [sys.executable, "-c", probe, "export", example, "--format", "text"],
        capture_output=True,
        text=True,
        env=env,
    )
    from cyclemap.export import render

    assert export.stdout == render(load_file(EXAMPLES[0]), "text")
    assert not home.exists()
