"""The example maps in examples/: valid, one per pattern, and between them every field used."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from cyclemap.model import QUESTIONS, CycleMap, PartnerSide, Pattern, validate_map

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PATHS = sorted(EXAMPLES.glob("*.toml"))

MAP_OPTIONAL = ("cycle_name", "couple", "pause_phrase", "warning_signs", "notes")
PARTNER_OPTIONAL = tuple(q.key for q in QUESTIONS if not q.required)
PARTNER_REQUIRED = ("name", "position", *(q.key for q in QUESTIONS if q.required))


def _raw(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def test_there_are_examples() -> None:
    assert len(PATHS) >= 3


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_example_is_a_valid_version_1_map(path: Path) -> None:
    raw = _raw(path)
    assert raw["schema_version"] == 1
    cycle_map = validate_map(raw)
    assert cycle_map.id == path.stem


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_example_text_is_already_clean(path: Path) -> None:
    """What is in the file is exactly what the model keeps: nothing trimmed or stripped."""
    raw = _raw(path)
    kept = validate_map(raw).to_toml_dict()
    for key, value in raw.items():
        if key != "partners":
            assert kept[key] == value, key
    for raw_partner, kept_partner in zip(raw["partners"], kept["partners"], strict=True):
        assert kept_partner == raw_partner


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_example_dates_are_fixed_utc_datetimes_in_2026(path: Path) -> None:
    raw = _raw(path)
    for key in ("created", "updated"):
        value = raw[key]
        assert isinstance(value, datetime), key
        assert value.utcoffset() == UTC.utcoffset(None), key
        assert value.year == 2026, key
    assert raw["created"] <= raw["updated"]


def test_there_is_one_example_per_pattern() -> None:
    patterns = {validate_map(_raw(path)).pattern for path in PATHS}
    assert patterns == set(Pattern)


def test_one_example_fills_every_optional_field() -> None:
    def full(raw: dict[str, Any]) -> bool:
        return all(raw.get(key) for key in MAP_OPTIONAL) and all(
            partner.get(key) for partner in raw["partners"] for key in PARTNER_OPTIONAL
        )

    assert any(full(_raw(path)) for path in PATHS)
    # ...and the model has no optional field the examples leave out.
    assert set(PARTNER_OPTIONAL) | set(PARTNER_REQUIRED) == set(PartnerSide.model_fields)


def test_one_example_is_nearly_minimal() -> None:
    """Required fields plus a few: shows that the depth questions really are optional. The
    couple's names do not count: they only group the map with the couple's others."""

    def optional_count(raw: dict[str, Any]) -> int:
        return sum(key in raw for key in MAP_OPTIONAL if key != "couple") + sum(
            key in partner for partner in raw["partners"] for key in PARTNER_OPTIONAL
        )

    assert min(optional_count(_raw(path)) for path in PATHS) <= 3


def test_examples_use_different_couples() -> None:
    names = {frozenset(p["name"] for p in _raw(path)["partners"]) for path in PATHS}
    assert len(names) >= 3


def test_the_packaged_demo_is_the_sunday_nights_example() -> None:
    """`cyclemap present --demo` needs a map that ships in the wheel; it must not drift."""
    demo = files("cyclemap").joinpath("data", "demo", "sunday-nights.toml")
    assert demo.read_bytes() == (EXAMPLES / "sunday-nights.toml").read_bytes()


DOCS = EXAMPLES.parent / "docs"


def _toml_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```toml\n(.*?)^```$", markdown, flags=re.S | re.M)


def test_the_maps_in_the_file_format_doc_are_valid_and_current() -> None:
    blocks = _toml_blocks((DOCS / "file-format.md").read_text(encoding="utf-8"))
    # Map blocks have partners; the check-in log's blocks are tested in test_checkin.py.
    blocks = [block for block in blocks if "[[partners]]" in block]
    assert len(blocks) >= 2
    for block in blocks:
        validate_map(tomllib.loads(block))
    # The complete example is the example file itself, word for word.
    assert blocks[0] == (EXAMPLES / "sunday-nights.toml").read_text(encoding="utf-8")


def test_the_file_format_doc_names_every_field() -> None:
    text = (DOCS / "file-format.md").read_text(encoding="utf-8")
    for key in [*CycleMap.model_fields, *PartnerSide.model_fields]:
        assert f"| `{key}` |" in text, key
    for question in QUESTIONS:
        assert question.prompt in text, question.key


def test_the_examples_folder_reads_as_a_library_with_nothing_broken() -> None:
    """What `make run` and `cyclemap show examples/…` rely on: the store's own reading."""
    from cyclemap.store import Library

    entries = Library(EXAMPLES).entries()
    assert [entry.error for entry in entries if entry.broken] == []
    assert {entry.id for entry in entries} == {path.stem for path in PATHS}
