"""A file outside the library is validated by the model once; after that its bytes have a verdict
(store.verdicts) and are read with the model's own cleaning (view.view_of_valid), without pydantic.

These tests hold that the model stays the source of truth: every field of the models cleans with
the function cleaning.py names for it, a map read by its verdict is exactly the model's (for the
examples and for hostile generated maps), a file that changed is judged again, and a verdict
file that was forged or broken gives the model's own answer, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic.functional_validators import BeforeValidator

from cyclemap import cleaning, model, view
from cyclemap.store import Library, MapFileError, fileformat, load_file, map_to_toml, verdicts
from cyclemap.store.layout import VERDICTS_FILE
from tests.conftest import EXAMPLES, map_data
from tests.strategies import cycle_maps

ROOT = Path(__file__).resolve().parent.parent


def _before_validator(field: Any) -> Any:
    """The function of the BeforeValidator the model runs on a field."""
    found = [item.func for item in field.metadata if isinstance(item, BeforeValidator)]
    assert len(found) == 1, field
    return found[0]


@pytest.mark.parametrize(
    ("model_class", "table"),
    [(model.CycleMap, cleaning.MAP_TEXT), (model.PartnerSide, cleaning.PARTNER_TEXT)],
)
def test_every_text_field_of_the_model_cleans_as_cleaning_says(model_class, table):
    fields = model_class.model_fields
    text_fields = {
        name
        for name, field in fields.items()
        if any(isinstance(item, BeforeValidator) for item in field.metadata)
    }
    assert text_fields == set(table)
    for name, (clean, required, longest) in table.items():
        field = fields[name]
        assert _before_validator(field) is clean, name
        assert field.is_required() is (required and name != "notes"), name
        # The longest length, wherever the model keeps it (on the field, or inside Optional).
        assert f"max_length={longest})" in repr(field) or f"MaxLen(max_length={longest})" in repr(
            field
        ), (name, repr(field))


def view_by_verdict(cycle_map_or_data: Any) -> view.MapView:
    data = cycle_map_or_data
    if isinstance(data, model.CycleMap):
        data = fileformat.map_data(map_to_toml(data).encode(), Path("x.toml"))
    return view.view_of_valid(data)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_an_example_read_by_its_verdict_is_the_models(example):
    data = fileformat.map_data(example.read_bytes(), example)
    assert view.view_of_valid(data).model_dump() == load_file(example).model_dump()


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(cycle_maps())
def test_any_valid_map_read_by_its_verdict_is_the_models(cycle_map):
    """From the file the model validated: the same words, cleaned, trimmed, on one line."""
    raw = map_to_toml(cycle_map).encode()
    data = fileformat.map_data(raw, Path("x.toml"))
    assert view.view_of_valid(data).model_dump() == model.validate_map(data).model_dump()


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(title="x" * 101),
        lambda d: d.update(title="  \x1b[2J "),
        lambda d: d.update(extra="a key the model refuses"),
        lambda d: d.update(created="2026-01-01T00:00:00Z"),  # text: the model would parse it
        lambda d: d.pop("updated"),  # the model would fill in now
        lambda d: d.update(id="Not An Id"),
        lambda d: d["partners"][0].pop("trigger"),
        lambda d: d["partners"][0].update(position="sideways"),
        lambda d: d["partners"][0].update(name=7),
        lambda d: d["partners"].pop(),
        lambda d: d.update(schema_version=2),
    ],
)
def test_data_not_shaped_as_a_valid_map_is_left_to_the_model(change):
    data = map_data(created=model._utc_now(), updated=model._utc_now())
    change(data)
    with pytest.raises(ValueError):
        view.view_of_valid(data)


@pytest.fixture
def lib(tmp_path) -> Library:
    library = Library(tmp_path / "library")
    library.ensure()
    return library


@pytest.fixture
def validations(monkeypatch) -> list[Path]:
    """The files validated with the model during the test."""
    seen: list[Path] = []
    real = fileformat._validated

    def counting(data, path):
        seen.append(path)
        return real(data, path)

    monkeypatch.setattr(fileformat, "_validated", counting)
    return seen


@pytest.fixture
def outside(tmp_path) -> Path:
    path = tmp_path / "elsewhere" / "map.toml"
    path.parent.mkdir()
    path.write_bytes(EXAMPLES[0].read_bytes())
    return path


def test_a_file_outside_is_validated_once_then_known_by_its_bytes(lib, outside, validations):
    first = lib.load_file_view(outside)
    assert validations == [outside]
    again = lib.load_view(str(outside))
    assert validations == [outside]
    assert again.model_dump() == first.model_dump() == load_file(outside).model_dump()
    record = json.loads((lib.root / VERDICTS_FILE).read_text())
    assert record["valid"] == [verdicts.digest(outside.read_bytes())]
    assert (lib.root / VERDICTS_FILE).stat().st_mode & 0o777 == 0o600


def test_the_verdict_file_holds_no_word_of_the_map(lib, outside):
    lib.load_file_view(outside)
    text = (lib.root / VERDICTS_FILE).read_text()
    for word in load_file(outside).partners[0].trigger.split():
        assert word not in text or len(word) < 4 or word.isdigit()


def test_a_changed_file_is_judged_again(lib, outside, validations):
    lib.load_file_view(outside)
    outside.write_text(outside.read_text().replace('title = "', 'title = "Changed: ', 1))
    assert lib.load_file_view(outside).title.startswith("Changed: ")
    assert validations == [outside, outside]
    broken = outside.read_text().replace("[[partners]]", "[[partner]]", 1)
    outside.write_text(broken)
    with pytest.raises(MapFileError, match="exactly two partners"):
        lib.load_file_view(outside)
    assert len(json.loads((lib.root / VERDICTS_FILE).read_text())["valid"]) == 2


def test_a_forged_verdict_gets_the_models_answer(lib, outside, validations):
    outside.write_text(outside.read_text().replace('\nname = "', '\nname = "' + "x" * 50, 1))
    with pytest.raises(MapFileError, match="at most 40 characters"):
        lib.load_file_view(outside)
    (lib.root / VERDICTS_FILE).write_text(
        json.dumps(
            {
                "verdicts_version": verdicts.VERDICTS_VERSION,
                "cyclemap": verdicts.__version__,
                "schema_version": model.SCHEMA_VERSION,
                "valid": [verdicts.digest(outside.read_bytes())],
            }
        )
    )
    with pytest.raises(MapFileError, match="at most 40 characters"):
        lib.load_file_view(outside)
    assert validations == [outside, outside]


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[]", b'{"valid": "x"}', b"\xff" * 10, b"{" * 100_000],
)
def test_a_broken_verdict_file_is_ignored_and_replaced(lib, outside, validations, content):
    title = load_file(outside).title
    validations.clear()
    (lib.root / VERDICTS_FILE).write_bytes(content)
    assert lib.load_file_view(outside).title == title
    assert validations == [outside]
    lib.load_file_view(outside)
    assert validations == [outside]


def test_only_the_newest_verdicts_are_kept(lib, tmp_path):
    for number in range(verdicts.KEEP + 5):
        path = tmp_path / f"map-{number}.toml"
        path.write_text(EXAMPLES[0].read_text().replace('title = "', f'title = "{number} ', 1))
        lib.load_file_view(path)
    kept = json.loads((lib.root / VERDICTS_FILE).read_text())["valid"]
    assert len(kept) == verdicts.KEEP
    assert kept[-1] == verdicts.digest(path.read_bytes())


def test_no_library_folder_is_made_for_a_verdict(tmp_path, outside):
    library = Library(tmp_path / "none")
    assert library.load_file_view(outside).title == load_file(outside).title
    assert not library.root.exists()


def test_the_second_export_of_a_file_imports_no_pydantic(tmp_path, outside):
    """What makes it fast: the same export, the same bytes out, no model built."""
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    probe = (
        "import sys, runpy; sys.argv = ['cyclemap'] + sys.argv[1:];"
        "from cyclemap.cli import main; code = main();"
        "sys.stderr.write('pydantic' if 'pydantic' in sys.modules else 'none'); sys.exit(code)"
    )
    env = {**os.environ, "CYCLEMAP_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    argv = [sys.executable, "-c", probe, "export", str(outside), "--format", "text"]
    first = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    second = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    assert first.stderr == "pydantic" and second.stderr == "none"
    assert second.stdout == first.stdout
    check = [sys.executable, "-c", probe, "check", str(outside)]
    checked = subprocess.run(check, capture_output=True, text=True, env=env, check=True)
    assert checked.stderr == "none" and checked.stdout.startswith("ok: ")
