"""MapView mirrors the model, and Library.load_view's cache is never stale.

A view is the model's own dump of a validated map (model.CycleMap stays the single source of
truth); these tests prove it reads back as the same fields, derived values and exports — the
golden files included — and that the cache behind `cyclemap export`/`show` is keyed so that any
change to the file, the program or the cache itself sends the file through the model again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cyclemap import store
from cyclemap.export import FORMATS, render
from cyclemap.model import QUESTIONS, CycleMap, PartnerSide, Pattern, Position, validate_map
from cyclemap.store import VIEWS_DIR, Library, MapFileError, MapNotFound, load_file
from cyclemap.store import atomic as store_atomic
from cyclemap.store import layout as store_layout
from cyclemap.view import MAP_FIELDS, PARTNER_FIELDS, MapView, PartnerView
from tests.conftest import EXAMPLES, map_data
from tests.test_diagram import FULL, LONG, MARKUP, WIDE, make_map
from tests.test_export import GOLDEN, VARIANTS, golden_cases

OLD_NS = 1_700_000_000_000_000_000

EDGE_MAPS = {
    "full": FULL,
    "long": LONG,
    "wide": WIDE,
    "markup": MARKUP,
    "bare": make_map(),
    "microseconds": validate_map(
        map_data(
            created=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
            updated=datetime(2026, 1, 2, 3, 4, 6, 1, tzinfo=UTC),
        )
    ),
}


def all_maps() -> dict[str, CycleMap]:
    maps = {example.stem: load_file(example) for example in EXAMPLES}
    maps.update(EDGE_MAPS)
    return maps


MAPS = all_maps()


# --- the view mirrors the model ----------------------------------------------------------------


def test_the_view_has_the_models_fields():
    assert tuple(CycleMap.model_fields) == MAP_FIELDS
    assert tuple(PartnerSide.model_fields) == PARTNER_FIELDS


@pytest.mark.parametrize("name", sorted(MAPS))
def test_every_field_and_derived_value_is_the_models(name):
    cycle_map = MAPS[name]
    view = MapView.of(cycle_map)
    for field in MAP_FIELDS:
        if field != "partners":
            assert getattr(view, field) == getattr(cycle_map, field), field
            assert type(getattr(view, field)) is type(getattr(cycle_map, field)), field
    assert view.created.tzinfo is UTC and view.updated.tzinfo is UTC
    assert view.pattern is cycle_map.pattern
    assert type(view.pattern) is Pattern
    for index, (mine, theirs) in enumerate(zip(view.partners, cycle_map.partners, strict=True)):
        assert isinstance(mine, PartnerView)
        for field in PARTNER_FIELDS:
            assert getattr(mine, field) == getattr(theirs, field), field
        assert mine.position is theirs.position and type(mine.position) is Position
        for question in QUESTIONS:
            assert mine.answer(question.key) == theirs.answer(question.key)
        assert view.other(index).name == cycle_map.other(index).name


@pytest.mark.parametrize("name", sorted(MAPS))
def test_dumps_are_the_models(name):
    cycle_map = MAPS[name]
    view = MapView.of(cycle_map)
    for mode in ("python", "json"):
        for exclude_none in (False, True):
            assert view.model_dump(mode=mode, exclude_none=exclude_none) == cycle_map.model_dump(
                mode=mode, exclude_none=exclude_none
            ), (mode, exclude_none)
    assert view.to_toml_dict() == cycle_map.to_toml_dict()
    assert store.map_to_toml(view) == store.map_to_toml(cycle_map)


@pytest.mark.parametrize("name", sorted(MAPS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_is_the_same_from_a_view(name, fmt):
    cycle_map = MAPS[name]
    view = MapView.of(cycle_map)
    assert render(view, fmt) == render(cycle_map, fmt)
    if fmt in {"text", "md"}:
        for options in ({"ascii": True}, {"width": 60}, {"width": 40, "ascii": True}):
            assert render(view, fmt, **options) == render(cycle_map, fmt, **options)


@pytest.mark.parametrize(
    ("example", "suffix"), golden_cases(), ids=[f"{e.stem}.{s}" for e, s in golden_cases()]
)
def test_golden_from_the_cache(example, suffix, tmp_path):
    """The golden files again, this time from a view that came out of the cache."""
    lib = Library(tmp_path / "library")
    lib.ensure()
    path = lib.root / example.name
    shutil.copy(example, path)
    lib.load_view(example.stem)  # validated, and cached
    view = lib.load_view(example.stem)
    assert view_came_from_cache(lib, example.stem)
    options = dict(VARIANTS[suffix])
    fmt = options.pop("fmt")
    expected = (GOLDEN / f"{example.stem}.{suffix}").read_bytes()
    assert render(view, fmt, **options).encode("utf-8") == expected


def test_a_view_is_read_only():
    view = MapView.of(FULL)
    with pytest.raises(AttributeError):
        view.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        view.partners[0].name = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del view.title


BAD = {
    "missing field": lambda d: d.pop("title"),
    "extra field": lambda d: d.update(colour="red"),
    "title a number": lambda d: d.update(title=5),
    "naive date": lambda d: d.update(updated="2026-01-02T03:04:05"),
    "other offset": lambda d: d.update(updated="2026-01-02T03:04:05+02:00"),
    "not a date": lambda d: d.update(created="soon"),
    "one partner": lambda d: d.update(partners=d["partners"][:1]),
    "partners a dict": lambda d: d.update(partners={}),
    "bad position": lambda d: d["partners"][0].update(position="sideways"),
    "position a list": lambda d: d["partners"][0].update(position=["pursue"]),
    "partner extra field": lambda d: d["partners"][1].update(mood="fine"),
    "version text": lambda d: d.update(schema_version="1"),
    "id null": lambda d: d.update(id=None),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_data_that_no_model_dumped_is_refused(kind):
    data = FULL.model_dump(mode="json")
    BAD[kind](data)
    with pytest.raises((ValueError, KeyError, TypeError)):
        MapView(data)


def test_only_the_two_dump_modes_are_offered():
    with pytest.raises(ValueError):
        MapView.of(FULL).model_dump(mode="other")
    with pytest.raises(TypeError):
        MapView.of(FULL).model_dump(include={"title"})  # type: ignore[call-arg]


# --- the cache behind load_view ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch):
    monkeypatch.setattr(store_layout, "RACY_NS", 0)


@pytest.fixture
def lib(tmp_path) -> Library:
    library = Library(tmp_path / "library")
    library.ensure()
    return library


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """The ids of the library files read and validated during the test (not from the cache)."""
    seen: list[str] = []
    real = Library.load_file_view

    def counting(self, path):
        seen.append(Path(path).stem)
        return real(self, path)

    monkeypatch.setattr(Library, "load_file_view", counting)
    return seen


def view_came_from_cache(lib: Library, map_id: str) -> bool:
    return (lib.root / VIEWS_DIR / f"{map_id}.json").is_file()


def put(lib: Library, cycle_map: CycleMap) -> Path:
    lib.save(cycle_map)
    return lib.path_for(cycle_map.id)


def same_as_model(lib: Library, map_id: str) -> None:
    view = lib.load_view(map_id)
    assert view.model_dump(mode="json") == lib.load(map_id).model_dump(mode="json")


def test_the_second_read_comes_from_the_cache(lib, validations):
    put(lib, FULL)
    first = lib.load_view(FULL.id)
    assert validations == [FULL.id]
    second = lib.load_view(FULL.id)
    assert validations == [FULL.id]  # not validated again
    assert second.model_dump(mode="json") == first.model_dump(mode="json")
    assert second.model_dump(mode="json") == FULL.model_dump(mode="json")


def test_the_cache_is_private_and_out_of_the_listing(lib):
    put(lib, FULL)
    lib.load_view(FULL.id)
    folder = lib.root / VIEWS_DIR
    assert folder.name.startswith(".")
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct((folder / f"{FULL.id}.json").stat().st_mode & 0o777) == "0o600"
    assert [e.id for e in lib.entries()] == [FULL.id]
    assert [s.id for s in lib.summaries()] == [FULL.id]


def test_an_edit_behind_its_back_is_validated_again(lib, validations):
    path = put(lib, FULL)
    lib.load_view(FULL.id)
    path.write_text(path.read_text().replace(FULL.title, "Edited by hand"))
    assert lib.load_view(FULL.id).title == "Edited by hand"
    assert validations == [FULL.id, FULL.id]
    same_as_model(lib, FULL.id)


def test_same_size_same_mtime_in_place_is_validated_again(lib, validations):
    path = put(lib, make_map(title="Aaaa"))
    os.utime(path, ns=(OLD_NS, OLD_NS))
    assert lib.load_view("sunday-nights").title == "Aaaa"
    inode = path.stat().st_ino
    with open(path, "r+b") as file:
        content = file.read().replace(b"Aaaa", b"Bbbb")
        file.seek(0)
        file.write(content)
    os.utime(path, ns=(OLD_NS, OLD_NS))
    assert path.stat().st_ino == inode
    assert lib.load_view("sunday-nights").title == "Bbbb"


def test_same_size_same_mtime_new_inode_is_validated_again(lib, tmp_path):
    path = put(lib, make_map(title="Aaaa"))
    os.utime(path, ns=(OLD_NS, OLD_NS))
    assert lib.load_view("sunday-nights").title == "Aaaa"
    os.link(path, tmp_path / "keep")  # the old inode stays taken
    new = tmp_path / "new.toml"
    new.write_bytes(path.read_bytes().replace(b"Aaaa", b"Bbbb"))
    os.utime(new, ns=(OLD_NS, OLD_NS))
    os.replace(new, path)
    assert lib.load_view("sunday-nights").title == "Bbbb"


def test_a_file_broken_behind_its_back_is_an_error_not_the_old_map(lib):
    path = put(lib, FULL)
    lib.load_view(FULL.id)
    path.write_text(path.read_text().replace("schema_version = 1", "schema_version = 99"))
    with pytest.raises(MapFileError, match="newer version"):
        lib.load_view(FULL.id)
    path.unlink()
    with pytest.raises(MapNotFound):
        lib.load_view(FULL.id)


def cache_file(lib: Library, map_id: str) -> Path:
    return lib.root / VIEWS_DIR / f"{map_id}.json"


CORRUPTIONS = {
    "garbage": lambda raw: b"\x00garbage",
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "a-list": lambda raw: b"[]",
    "other-cache-version": lambda raw: _edit(raw, lambda d: d.update(cache_version=99)),
    "other-program": lambda raw: _edit(raw, lambda d: d.update(cyclemap="0.0.1")),
    "other-schema": lambda raw: _edit(raw, lambda d: d.update(schema_version=99)),
    "other-key": lambda raw: _edit(raw, lambda d: d["key"].__setitem__(3, d["key"][3] + 1)),
    "other-map": lambda raw: _edit(raw, lambda d: d["map"].update(id="someone-else")),
    "bad-map": lambda raw: _edit(raw, lambda d: d["map"].update(partners=[])),
    "deep": lambda raw: b"[" * 100_000,
    # Text the model never lets through: a cache is never trusted for text (issue 12).
    "escape-in-title": lambda raw: _edit(raw, lambda d: d["map"].update(title="\x1b]0;pwned\x07")),
    "bidi-in-notes": lambda raw: _edit(raw, lambda d: d["map"].update(notes="a\u202eb")),
    "escape-in-answer": lambda raw: _edit(
        raw, lambda d: d["map"]["partners"][1].update(trigger="x\x1b[2J")
    ),
    "two-line-name": lambda raw: _edit(raw, lambda d: d["map"]["partners"][0].update(name="A\nB")),
    "padded-title": lambda raw: _edit(raw, lambda d: d["map"].update(title=" padded ")),
    "long-title": lambda raw: _edit(raw, lambda d: d["map"].update(title="t" * 101)),
}


def _edit(raw: bytes, change) -> bytes:
    data = json.loads(raw)
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_cache_that_cannot_be_trusted_is_rebuilt(lib, validations, kind):
    put(lib, FULL)
    lib.load_view(FULL.id)
    good = cache_file(lib, FULL.id).read_bytes()
    data = json.loads(good)
    data["map"]["title"] = "Not what the file says"
    cache_file(lib, FULL.id).write_bytes(CORRUPTIONS[kind](json.dumps(data).encode()))
    validations.clear()
    view = lib.load_view(FULL.id)
    assert view.title == FULL.title
    assert validations == [FULL.id]
    assert cache_file(lib, FULL.id).read_bytes() == good


def test_a_link_is_never_cached(lib, tmp_path, validations):
    real = put(lib, FULL)
    link = lib.root / "linked.toml"
    outside = tmp_path / "outside.toml"
    outside.write_text(real.read_text().replace(f'id = "{FULL.id}"', 'id = "linked"'))
    link.symlink_to(outside)
    with pytest.raises(MapFileError, match="link out of the library"):
        lib.load_view("linked")
    assert not cache_file(lib, "linked").exists()


def test_a_file_outside_the_library_is_never_cached(lib, validations):
    example = EXAMPLES[0]
    view = lib.load_view(str(example))
    assert view.model_dump(mode="json") == load_file(example).model_dump(mode="json")
    assert not (lib.root / VIEWS_DIR).exists()


def test_saving_and_deleting_leave_no_copy_in_the_cache(lib):
    put(lib, FULL)
    lib.load_view(FULL.id)
    assert cache_file(lib, FULL.id).exists()
    lib.save(FULL.touched(title="Renamed"))
    assert not cache_file(lib, FULL.id).exists()
    assert lib.load_view(FULL.id).title == "Renamed"
    lib.delete(FULL.id)
    assert not cache_file(lib, FULL.id).exists()


def test_purge_leaves_nothing_in_the_cache(lib):
    put(lib, FULL)
    lib.load_view(FULL.id)
    leftover = lib.root / VIEWS_DIR / f".{FULL.id}.json.0123456789ab.tmp"
    leftover.write_text("a killed write")
    removed = lib.purge(FULL.id)
    assert cache_file(lib, FULL.id) in removed and leftover in removed
    assert not cache_file(lib, FULL.id).exists() and not leftover.exists()


def test_a_folder_that_cannot_be_written_still_reads(lib, monkeypatch, validations):
    put(lib, FULL)

    def refused(folder, name):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(store_atomic, "create_temp", refused)
    for _ in range(2):
        assert lib.load_view(FULL.id).title == FULL.title
    assert validations == [FULL.id, FULL.id]


def test_a_file_changed_just_now_is_not_cached(lib, monkeypatch):
    monkeypatch.setattr(store_layout, "RACY_NS", 2_000_000_000)
    put(lib, FULL)
    lib.load_view(FULL.id)
    assert not cache_file(lib, FULL.id).exists()


PROBE = """
import sys
from cyclemap.cli import main
main(sys.argv[1:])
print(sorted(m for m in sys.modules if m.split(".")[0] in {"pydantic", "pydantic_core", "textual"}))
"""


def test_an_export_from_the_cache_needs_no_pydantic(lib, tmp_path):
    put(lib, FULL)
    lib.load_view(FULL.id)  # the cache is filled (the racy window is 0 in this process only)
    assert cache_file(lib, FULL.id).exists()
    out = tmp_path / "out.txt"
    argv = ["--data-dir", str(lib.root), "export", FULL.id, "--format", "text", "-o", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert out.read_text(encoding="utf-8") == render(FULL, "text")


def test_text_forged_into_the_view_cache_never_reaches_an_export(lib, monkeypatch, capsys):
    """Escape sequences and markup written into .views/<id>.json: `show` and the HTML title
    say what the map file says."""
    from cyclemap.cli import main

    monkeypatch.setattr(store_layout, "RACY_NS", 0)
    put(lib, FULL)
    lib.load_view(FULL.id)
    forged = "\x1b]0;pwned\x07[bold red]x[/]\x1b[2J</title><script>"
    cache_file(lib, FULL.id).write_bytes(
        _edit(cache_file(lib, FULL.id).read_bytes(), lambda d: d["map"].update(title=forged))
    )
    for command in (["show", FULL.id], ["export", FULL.id, "--format", "html"]):
        assert main(["--data-dir", str(lib.root), *command]) == 0
        printed = capsys.readouterr().out
        assert "\x1b" not in printed and "pwned" not in printed and "<script>" not in printed
        assert "[bold red]" not in printed
        assert FULL.title.split()[0] in printed
