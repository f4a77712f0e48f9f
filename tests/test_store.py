"""The library on disk: private permissions, atomic saves, history, broken files left alone."""

from __future__ import annotations

import os
import random
import re
import stat
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest

from cyclemap import model, store, terms
from cyclemap.store import (
    ConflictError,
    Fingerprint,
    Library,
    MapExists,
    MapFileError,
    MapNotFound,
    StoreError,
)
from cyclemap.store import fileformat as store_fileformat
from cyclemap.store import versions as store_versions
from tests.processes import let_run

OLD = b"old content, complete\n" * 50
NEW = b"new content, complete\n" * 80


def make_map(**overrides) -> model.CycleMap:
    data = {
        "id": "sunday-nights",
        "title": "Sunday nights",
        "created": datetime(2026, 11, 20, 19, 4, tzinfo=UTC),
        "updated": datetime(2026, 11, 20, 19, 31, tzinfo=UTC),
        "partners": [
            {
                "name": "Alex",
                "position": "pursue",
                "trigger": "Sam goes quiet when I bring something up",
                "protective_move": "I criticize and push harder",
                "underlying_feeling": "alone, scared I don't matter",
            },
            {
                "name": "Sam",
                "position": "withdraw",
                "trigger": "Alex raises her voice",
                "protective_move": "I shut down and leave the room",
                "underlying_feeling": "like a failure",
            },
        ],
    }
    data.update(overrides)
    return model.validate_map(data)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def assert_one_line(error: Exception, path: Path | None = None) -> str:
    text = str(error)
    assert "\n" not in text and "\r" not in text and "\x1b" not in text
    if path is not None:
        assert text.startswith(f"{path}: ")
    return text


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    return Library(tmp_path / "library")


@pytest.fixture
def loose_umask():
    """A permissive umask: the modes must be set explicitly, not inherited from it."""
    previous = os.umask(0)
    yield
    os.umask(previous)


# --- where the library lives -------------------------------------------------------------------


def test_library_path_prefers_override_then_env_then_platformdirs(tmp_path, monkeypatch):
    monkeypatch.setenv(store.ENV_HOME, str(tmp_path / "from-env"))
    assert store.library_path(tmp_path / "given") == tmp_path / "given"
    assert store.library_path() == tmp_path / "from-env"
    monkeypatch.delenv(store.ENV_HOME)
    expected = platformdirs.user_data_path("cyclemap", appauthor=False)
    assert store.library_path() == expected
    assert store.library_path("") == expected


def test_library_path_expands_home_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store.library_path("~/maps") == tmp_path / "maps"
    monkeypatch.setenv(store.ENV_HOME, "~/env-maps")
    assert store.library_path() == tmp_path / "env-maps"
    assert not (tmp_path / "maps").exists() and not (tmp_path / "env-maps").exists()


# --- permissions -------------------------------------------------------------------------------


def test_folders_are_0700_and_files_0600(lib, loose_umask):
    lib.save(make_map())
    lib.save(make_map(title="Sunday nights, again"))
    lib.save_draft({"title": "half done"})
    assert mode_of(lib.root) == 0o700
    assert mode_of(lib.root / "history") == 0o700
    assert mode_of(lib.root / "history" / "sunday-nights") == 0o700
    assert mode_of(lib.root / "drafts") == 0o700
    assert mode_of(lib.root / "sunday-nights.toml") == 0o600
    (version,) = lib.history("sunday-nights")
    assert mode_of(version.path) == 0o600
    assert mode_of(lib.root / "drafts" / "walkthrough.toml") == 0o600


def test_a_replaced_file_ends_up_0600_even_if_it_was_readable_by_others(lib):
    lib.save(make_map())
    os.chmod(lib.path_for("sunday-nights"), 0o644)
    lib.save(make_map(title="Changed"))
    assert mode_of(lib.path_for("sunday-nights")) == 0o600


def test_ensure_creates_missing_parents_and_returns_the_folder(tmp_path):
    lib = Library(tmp_path / "a" / "b" / "library")
    assert lib.ensure() == lib.root
    assert lib.root.is_dir() and mode_of(lib.root) == 0o700


def test_ensure_refuses_a_file_where_the_folder_should_be(tmp_path):
    (tmp_path / "library").write_text("not a folder")
    with pytest.raises(StoreError, match="is not a folder"):
        Library(tmp_path / "library").ensure()


# --- the file format ---------------------------------------------------------------------------


def test_map_round_trips_through_toml():
    cycle_map = make_map(
        cycle_name="The Storm",
        notes='Line one\nline "two"\t[bold]not markup[/bold]',
        couple="Alex & Sam",
    )
    text = store.map_to_toml(cycle_map)
    assert text.startswith("schema_version = 1\n")
    assert "null" not in text and "None" not in text
    assert store.parse_map(text, "x.toml") == cycle_map
    assert store.parse_map(text.encode(), "x.toml") == cycle_map


def test_a_byte_order_mark_is_accepted():
    text = store.map_to_toml(make_map())
    assert store.parse_map(b"\xef\xbb\xbf" + text.encode(), "x.toml") == make_map()
    assert store.parse_map("\ufeff" + text, "x.toml") == make_map()


def test_save_and_load_by_id_and_by_path(lib):
    cycle_map = make_map()
    lib.save(cycle_map)
    assert lib.load("sunday-nights") == cycle_map
    assert lib.load(str(lib.path_for("sunday-nights"))) == cycle_map
    assert store.load_file(lib.path_for("sunday-nights")) == cycle_map
    assert lib.exists("sunday-nights")
    assert not lib.exists("other") and not lib.exists("../sunday-nights")


def test_older_versions_are_migrated_in_memory_and_the_file_is_not_rewritten(tmp_path, monkeypatch):
    path = tmp_path / "old.toml"
    path.write_text(store.map_to_toml(make_map()))
    before = path.read_bytes()
    monkeypatch.setattr(model, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(terms, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(
        store_fileformat, "MIGRATIONS", {1: lambda data: {**data, "title": "Migrated"}}
    )
    migrated = store.load_file(path)
    assert migrated.title == "Migrated" and migrated.schema_version == 2
    assert path.read_bytes() == before


def test_migrate_needs_a_path_from_the_file_version(monkeypatch):
    monkeypatch.setattr(model, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(terms, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(store_fileformat, "MIGRATIONS", {1: lambda data: data})
    with pytest.raises(ValueError, match="no migration from schema_version 2"):
        store.migrate({"schema_version": 1})
    with pytest.raises(MapFileError, match="could not be brought up from schema_version 1"):
        store.map_from_data({"schema_version": 1, "id": "x"}, "x.toml")


def test_migrate_leaves_the_callers_data_alone():
    data = {"schema_version": 1, "title": "t"}
    assert store.migrate(data) == data
    assert store.migrate(data) is not data


# --- broken files ------------------------------------------------------------------------------

GOOD = store.map_to_toml(make_map(id="broken"))
THIRD_PARTNER = """
[[partners]]
name = "Kim"
position = "pursue"
trigger = "x"
protective_move = "y"
underlying_feeling = "z"
"""

BROKEN_FILES = {
    "truncated": (GOOD[: GOOD.index("Sunday") + 3].encode(), "is not valid TOML: at the end"),
    "truncated-midline": (
        GOOD.replace('title = "Sunday nights"', "title = ").encode(),
        "is not valid TOML: line 3, column 9",
    ),
    "invalid-utf8": (GOOD.encode().replace(b"Sunday", b"Sund\xe9y"), "is not UTF-8 text"),
    "empty": (b"", "the file is empty"),
    "whitespace": (b" \n\t\n  ", "the file is empty"),
    "comments-only": (b"# nothing yet\n", "holds no map"),
    "binary": (bytes(range(256)) * 8, "binary data"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    "utf16": (GOOD.encode("utf-16"), "UTF-16"),
    "unknown-key": (
        GOOD.replace("schema_version = 1\n", 'schema_version = 1\ncolour = "red"\n').encode(),
        "unknown key 'colour'",
    ),
    "unknown-partner-key": (
        GOOD.replace('name = "Sam"\n', 'name = "Sam"\nmood = "fine"\n').encode(),
        "unknown key 'mood' in Sam",
    ),
    "future-version": (
        GOOD.replace("schema_version = 1", "schema_version = 99").encode(),
        "made by a newer version of cyclemap (schema_version 99); this version reads up to 1",
    ),
    "no-version": (GOOD.replace("schema_version = 1\n", "").encode(), "schema_version is missing"),
    "text-version": (
        GOOD.replace("schema_version = 1", 'schema_version = "1"').encode(),
        "schema_version must be a whole number",
    ),
    "zero-version": (
        GOOD.replace("schema_version = 1", "schema_version = 0").encode(),
        "schema_version 0 is not a version",
    ),
    "missing-answer": (
        GOOD.replace('trigger = "Sam goes quiet when I bring something up"\n', "").encode(),
        "Alex · trigger: is missing",
    ),
    "blank-answer": (
        GOOD.replace('"Alex raises her voice"', '"   "').encode(),
        "Sam · trigger: is empty",
    ),
    "wrong-type": (GOOD.replace('title = "Sunday nights"', "title = 5").encode(), "title: must be"),
    "bad-position": (
        GOOD.replace('"withdraw"', '"sideways"').encode(),
        "Sam · position: must be",
    ),
    "three-partners": (
        (GOOD + THIRD_PARTNER).encode(),
        "partners: must list exactly two partners (found 3)",
    ),
    "one-partner": (
        GOOD[: GOOD.rindex("[[partners]]")].encode(),
        "partners: must list exactly two partners (found 1)",
    ),
    "id-mismatch": (
        GOOD.replace('id = "broken"', 'id = "someone-else"').encode(),
        "its id is 'someone-else' but the file is named 'broken.toml'",
    ),
    "too-large": (
        GOOD.replace('notes = ""', "notes = '" + "x" * (3 * 1024 * 1024) + "'").encode(),
        "is too large to be a map (3.0 MiB)",
    ),
}


@pytest.fixture(params=sorted(BROKEN_FILES), ids=sorted(BROKEN_FILES))
def broken(request, lib) -> tuple[Path, bytes, str]:
    content, reason = BROKEN_FILES[request.param]
    lib.ensure()
    path = lib.root / "broken.toml"
    path.write_bytes(content)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    return path, content, reason


def test_a_broken_file_gives_one_line_naming_the_file_and_the_problem(lib, broken):
    path, _, reason = broken
    with pytest.raises(MapFileError) as caught:
        lib.load("broken")
    text = assert_one_line(caught.value, path)
    assert reason in text
    assert caught.value.path == path and caught.value.reason in text


def test_a_broken_file_is_listed_beside_good_maps_and_never_touched(lib, broken):
    path, content, reason = broken
    before = path.stat()
    lib.save(make_map(id="aaa", title="Zebra crossing"))
    lib.save(make_map(id="bbb", title="apples"))
    lib.save(make_map(id="bbb", title="Apples and pears"))
    lib.delete("aaa")
    lib.save(make_map(id="ccc", title="Bicycles"))
    entries = lib.entries()
    assert [e.id for e in entries] == ["bbb", "ccc", "broken"]
    assert [e.broken for e in entries] == [False, False, True]
    assert reason in entries[-1].error and "\n" not in entries[-1].error
    assert entries[-1].path == path and entries[-1].map is None
    with pytest.raises(MapFileError):
        lib.load("broken")
    after = path.stat()
    assert path.read_bytes() == content
    assert (after.st_mtime_ns, after.st_ino, after.st_mode) == (
        before.st_mtime_ns,
        before.st_ino,
        before.st_mode,
    )
    assert not (lib.root / "history" / "broken").exists()


def test_check_by_path_ignores_the_file_name(tmp_path):
    path = tmp_path / "Any Name.toml"
    path.write_text(GOOD)
    assert store.load_file(path).id == "broken"
    assert Library(tmp_path / "lib").load(str(path)).id == "broken"


def test_a_file_whose_name_is_not_an_id_is_listed_as_broken(lib):
    lib.save(make_map())
    odd = lib.root / "Our Map.toml"
    odd.write_text(GOOD)
    entries = lib.entries()
    assert [e.broken for e in entries] == [False, True]
    assert "not a valid map id" in entries[1].error
    assert odd.read_text() == GOOD


def test_a_reason_is_kept_on_one_line_even_with_control_characters():
    text = '"a\\nb\\u001b[31mc" = 1\n' + GOOD
    with pytest.raises(MapFileError) as caught:
        store.parse_map(text, Path("/tmp/we\nird.toml"))
    assert_one_line(caught.value)
    assert "unknown key 'a bc'" in str(caught.value)
    assert caught.value.path == Path("/tmp/we\nird.toml")


def test_a_folder_is_not_a_map(tmp_path):
    with pytest.raises(MapFileError, match="is a folder"):
        store.load_file(tmp_path)


def test_a_missing_file_is_not_found(tmp_path):
    with pytest.raises(MapNotFound) as caught:
        store.load_file(tmp_path / "nope.toml")
    assert_one_line(caught.value, tmp_path / "nope.toml")


def test_a_huge_string_is_refused_before_parsing():
    with pytest.raises(MapFileError, match="too large"):
        store.parse_map("x" * (store.MAX_FILE_SIZE + 1), "big.toml")


# --- listing -----------------------------------------------------------------------------------


def test_entries_sorts_by_title_and_skips_what_is_not_a_map(lib):
    assert lib.entries() == []  # no folder yet: an empty library, nothing created
    assert not lib.root.exists()
    lib.save(make_map(id="b", title="beta"))
    lib.save(make_map(id="a", title="Gamma"))
    lib.save(make_map(id="c", title="Alpha"))
    lib.save_draft({"title": "draft"})
    (lib.root / ".hidden.toml").write_text(GOOD)
    (lib.root / ".c.toml.1234.tmp").write_text("half")
    (lib.root / "notes.txt").write_text("hello")
    (lib.root / "folder.toml").mkdir()
    entries = lib.entries()
    assert [e.id for e in entries] == ["c", "b", "a"]
    for entry in entries:
        assert entry.modified.tzinfo is not None and entry.modified.utcoffset().total_seconds() == 0
        assert abs((datetime.now(UTC) - entry.modified).total_seconds()) < 60
        assert entry.map is not None and entry.error is None and not entry.broken


# --- history -----------------------------------------------------------------------------------


def test_each_replace_keeps_the_previous_version_and_identical_saves_add_none(lib):
    titles = ["One", "Two", "Three"]
    written = []
    for title in titles:
        lib.save(make_map(title=title))
        written.append(lib.path_for("sunday-nights").read_bytes())
    lib.save(make_map(title="Three"))  # the same bytes again
    versions = lib.history("sunday-nights")
    assert [v.number for v in versions] == [1, 2]
    assert [v.path.read_bytes() for v in versions] == written[:2]
    assert [store.load_file(v.path).title for v in versions] == ["One", "Two"]
    assert versions[0].saved < versions[1].saved
    assert all(v.saved.tzinfo is not None and not v.deleted for v in versions)
    assert re.fullmatch(r"\d{8}T\d{6}\.\d{6}Z\.toml", versions[0].path.name)


def test_identical_save_writes_nothing(lib):
    first = lib.save(make_map())
    again = lib.save(make_map(), expected=first)
    assert again == first
    assert lib.history("sunday-nights") == []


def test_versions_are_unique_and_in_order_within_one_microsecond(lib, monkeypatch):
    frozen = datetime(2026, 11, 20, 19, 31, 0, 123456, tzinfo=UTC)

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen

    monkeypatch.setattr(store_versions, "datetime", FrozenClock)
    for number in range(6):
        lib.save(make_map(title=f"Version {number}"))
    versions = lib.history("sunday-nights")
    assert len({v.path.name for v in versions}) == 5
    assert [store.load_file(v.path).title for v in versions] == [f"Version {n}" for n in range(5)]
    assert versions[0].path.name == "20261120T193100.123456Z.toml"


def test_history_of_an_unknown_map_is_empty_and_bad_ids_are_refused(lib):
    assert lib.history("never-saved") == []
    with pytest.raises(StoreError, match="not a valid map id"):
        lib.history("../etc")


# --- conflicts and new maps --------------------------------------------------------------------


def test_a_change_on_disk_since_opening_is_a_conflict(lib):
    opened = lib.save(make_map())
    path = lib.path_for("sunday-nights")
    path.write_text(path.read_text().replace("Sunday nights", "Edited elsewhere, longer"))
    edited = path.read_bytes()
    with pytest.raises(ConflictError) as caught:
        lib.save(make_map(title="Mine"), expected=opened)
    assert "changed on disk since it was opened" in assert_one_line(caught.value, path)
    assert path.read_bytes() == edited
    assert lib.history("sunday-nights") == []
    lib.save(make_map(title="Mine"), expected=store.fingerprint(path))  # after a re-read
    assert lib.load("sunday-nights").title == "Mine"


def test_a_replace_with_the_same_size_and_time_is_still_noticed(lib, tmp_path):
    opened = lib.save(make_map(title="AAAA"))
    path = lib.path_for("sunday-nights")
    other = tmp_path / "other.toml"
    other.write_bytes(path.read_bytes().replace(b"AAAA", b"BBBB"))
    os.utime(other, ns=(opened.mtime_ns, opened.mtime_ns))
    os.replace(other, path)
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (opened.mtime_ns, opened.size)
    with pytest.raises(ConflictError):
        lib.save(make_map(title="CCCC"), expected=opened)


def test_a_map_deleted_since_opening_is_a_conflict(lib):
    opened = lib.save(make_map())
    lib.delete("sunday-nights")
    with pytest.raises(ConflictError, match="deleted or moved"):
        lib.save(make_map(), expected=opened)


def test_save_returns_the_new_fingerprint_for_the_next_save(lib):
    first = lib.save(make_map(title="One"))
    second = lib.save(make_map(title="Two"), expected=first)
    assert second == store.fingerprint(lib.path_for("sunday-nights")) != first
    lib.save(make_map(title="Three"), expected=second)
    with pytest.raises(ConflictError):
        lib.save(make_map(title="Four"), expected=second)


def test_a_fingerprint_made_by_hand_is_compared_without_the_inode(lib):
    saved = lib.save(make_map(title="One"))
    lib.save(make_map(title="Two"), expected=Fingerprint(saved.mtime_ns, saved.size))


def test_fingerprint_of_a_missing_file_is_none(tmp_path):
    assert store.fingerprint(tmp_path / "missing.toml") is None


def test_only_one_of_several_concurrent_saves_from_the_same_state_wins(lib):
    opened = lib.save(make_map())
    outcomes: list[str] = []

    def save(number: int) -> None:
        try:
            lib.save(make_map(title=f"Writer {number}"), expected=opened)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    assert len(lib.history("sunday-nights")) == 1


def test_new_refuses_to_overwrite(lib):
    lib.save(make_map(), new=True)
    before = lib.path_for("sunday-nights").read_bytes()
    with pytest.raises(MapExists) as caught:
        lib.save(make_map(title="Imported"), new=True)
    assert "already in the library" in assert_one_line(caught.value)
    assert lib.path_for("sunday-nights").read_bytes() == before


# --- ids never escape --------------------------------------------------------------------------

BAD_IDS = ["../x", "/etc/passwd", "a/b", "..", ".", "", "A", "a b", "x\n", "a--b", "-a", "a-",
           "a.toml", "a\\b", "x" * 65, "~root", "é"]  # fmt: skip


@pytest.mark.parametrize("bad", BAD_IDS)
def test_ids_that_are_not_ids_are_refused(lib, bad):
    with pytest.raises(StoreError) as caught:
        lib.path_for(bad)
    assert "is not a valid map id" in assert_one_line(caught.value)
    with pytest.raises(StoreError):
        lib.delete(bad)
    with pytest.raises(StoreError):
        lib.history(bad)
    assert not lib.exists(bad)


def test_a_symlink_out_of_the_library_is_refused(lib, tmp_path):
    secret = tmp_path / "outside.toml"
    secret.write_text(store.map_to_toml(make_map(id="escape")))
    before = secret.read_bytes()
    lib.ensure()
    (lib.root / "escape.toml").symlink_to(secret)
    with pytest.raises(StoreError, match="not a valid map id"):
        lib.path_for("escape")
    with pytest.raises(StoreError):
        lib.load("escape")
    with pytest.raises(StoreError):
        lib.save(make_map(id="escape", title="Overwritten"))
    with pytest.raises(StoreError):
        lib.delete("escape")
    (entry,) = lib.entries()
    assert entry.broken and "is a link out of the library" in entry.error
    assert secret.read_bytes() == before
    assert (lib.root / "escape.toml").is_symlink()


def test_a_history_folder_that_leads_out_is_refused(lib, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    lib.save(make_map())
    (lib.root / "history").mkdir(exist_ok=True)
    (lib.root / "history" / "sunday-nights").symlink_to(outside, target_is_directory=True)
    before = lib.path_for("sunday-nights").read_bytes()
    with pytest.raises(StoreError, match="outside the library"):
        lib.save(make_map(title="Changed"))
    assert list(outside.iterdir()) == []
    assert lib.path_for("sunday-nights").read_bytes() == before


def test_a_symlink_loop_is_refused(lib):
    lib.ensure()
    (lib.root / "loop.toml").symlink_to(lib.root / "loop.toml")
    with pytest.raises(StoreError):
        lib.path_for("loop")


# --- resolving what the user typed -------------------------------------------------------------


def test_resolve_ids_and_paths(lib, tmp_path, monkeypatch):
    lib.save(make_map())
    assert lib.resolve("sunday-nights") == lib.root / "sunday-nights.toml"
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(GOOD)
    assert lib.resolve(str(elsewhere)) == elsewhere
    monkeypatch.chdir(tmp_path)
    assert lib.resolve("elsewhere.toml") == Path("elsewhere.toml")
    (tmp_path / "plainfile").write_text(GOOD)
    # Without a '/' or '.toml' it is an id (DESIGN, "Commands"), whatever is in this folder.
    with pytest.raises(MapNotFound, match="no map called 'plainfile'"):
        lib.resolve("plainfile")
    assert lib.resolve("./plainfile") == Path("plainfile")
    assert lib.load("./plainfile").id == "broken"  # by path: the name is not compared


def test_resolve_says_plainly_what_is_missing(lib, tmp_path):
    with pytest.raises(MapNotFound) as caught:
        lib.resolve("nothing-here")
    assert str(caught.value) == f"no map called 'nothing-here' in the library ({lib.root})"
    with pytest.raises(MapNotFound) as caught:
        lib.resolve(str(tmp_path / "missing.toml"))
    assert str(caught.value) == f"{tmp_path / 'missing.toml'}: no such file"
    with pytest.raises(MapNotFound, match="no map called 'Not An Id'"):
        lib.load("Not An Id")


# --- new ids -----------------------------------------------------------------------------------


def test_unique_id_counts_up_past_maps_and_deleted_maps(lib):
    assert lib.unique_id("Sunday nights") == "sunday-nights"
    lib.save(make_map())
    assert lib.unique_id("Sunday Nights!") == "sunday-nights-2"
    lib.save(make_map(id="sunday-nights-2"))
    lib.delete("sunday-nights-2")
    assert lib.unique_id("Sunday nights") == "sunday-nights-3"
    assert lib.unique_id("") == "cycle"


def test_unique_id_stays_within_the_limit(lib):
    title = "a" * 200
    first = lib.unique_id(title)
    lib.save(make_map(id=first))
    second = lib.unique_id(title)
    assert len(first) == len(second) == model.ID_MAX
    assert second.endswith("-2") and lib.path_for(second)


# --- delete ------------------------------------------------------------------------------------


def test_delete_moves_the_map_into_the_trash(lib):
    # The whole story of the trash is in tests/test_trash.py.
    lib.save(make_map(title="First"))
    lib.save(make_map(title="Last"))
    content = lib.path_for("sunday-nights").read_bytes()
    entry = lib.delete("sunday-nights")
    assert not lib.exists("sunday-nights")
    assert lib.entries() == []
    assert lib.history("sunday-nights") == []  # the history went with it
    assert entry.map_path.read_bytes() == content
    assert mode_of(entry.map_path) == 0o600
    assert entry.versions() == 1


def test_deleting_a_missing_map_is_not_found(lib):
    with pytest.raises(MapNotFound, match="no map called 'ghost'"):
        lib.delete("ghost")


# --- drafts ------------------------------------------------------------------------------------


def test_drafts_round_trip_without_none(lib, loose_umask):
    draft = {
        "title": "Half done",
        "cycle_name": None,
        "step": 3,
        "partners": [
            {"name": "Alex", "fear": None, "trigger": "x\ny [b]"},
            {"name": "Sam", "answers": {"a": None, "b": "kept"}},
        ],
        "skipped": [None, "kept"],
    }
    lib.save_draft(draft)
    assert lib.load_draft() == {
        "title": "Half done",
        "step": 3,
        "partners": [
            {"name": "Alex", "trigger": "x\ny [b]"},
            {"name": "Sam", "answers": {"b": "kept"}},
        ],
        "skipped": ["kept"],
    }
    assert draft["cycle_name"] is None  # the caller's data is left alone
    path = lib.root / "drafts" / "walkthrough.toml"
    assert mode_of(path) == 0o600 and mode_of(path.parent) == 0o700
    lib.save_draft({"title": "other"}, name="second")
    assert lib.load_draft("second") == {"title": "other"}
    lib.discard_draft()
    assert lib.load_draft() is None
    lib.discard_draft()  # discarding nothing is fine
    assert temp_files(lib.root) == []


def test_a_missing_or_unreadable_draft_is_none(lib):
    assert lib.load_draft() is None
    lib.ensure()
    (lib.root / "drafts").mkdir()
    (lib.root / "drafts" / "walkthrough.toml").write_bytes(b'title = "cut sh')
    assert lib.load_draft() is None
    (lib.root / "drafts" / "walkthrough.toml").write_bytes(b"\xff\xfe\x00")
    assert lib.load_draft() is None
    assert lib.load_draft("../escape") is None


def test_draft_names_are_checked(lib):
    with pytest.raises(StoreError, match="not a valid draft name"):
        lib.save_draft({"a": 1}, name="../../x")
    with pytest.raises(StoreError):
        lib.discard_draft("/etc/passwd")


# --- atomic writes, interrupted ----------------------------------------------------------------


class Boom(OSError):
    def __init__(self) -> None:
        super().__init__(28, "No space left on device")


def fail_creating_the_temp(monkeypatch):
    real = os.open

    def fake(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise Boom()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake)


def fail_chmod(monkeypatch):
    def fake(*args, **kwargs):
        raise Boom()

    monkeypatch.setattr(os, "fchmod", fake)


def fail_halfway_through_the_write(monkeypatch):
    real = os.write

    def fake(fd, data):
        real(fd, bytes(data[: len(data) // 2]))
        raise Boom()

    monkeypatch.setattr(os, "write", fake)


def fail_after_a_short_write(monkeypatch):
    """The kernel may write less than asked: the rest must still be written, then it fails."""
    real = os.write
    calls = []

    def fake(fd, data):
        calls.append(1)
        if len(calls) > 3:
            raise Boom()
        return real(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", fake)


def failing_fsync(of_folder: bool):
    def patch(monkeypatch):
        real = os.fsync

        def fake(fd):
            if stat.S_ISDIR(os.fstat(fd).st_mode) == of_folder:
                raise Boom()
            return real(fd)

        monkeypatch.setattr(os, "fsync", fake)

    return patch


def fail_replace(monkeypatch):
    def fake(*args, **kwargs):
        raise Boom()

    monkeypatch.setattr(os, "replace", fake)


STEPS = {
    "create-temp": (fail_creating_the_temp, OLD),
    "chmod": (fail_chmod, OLD),
    "write": (fail_halfway_through_the_write, OLD),
    "short-writes": (fail_after_a_short_write, OLD),
    "fsync-file": (failing_fsync(of_folder=False), OLD),
    "replace": (fail_replace, OLD),
    # After the rename: the new file is already complete.
    "fsync-folder": (failing_fsync(of_folder=True), NEW),
}


@pytest.mark.parametrize("step", sorted(STEPS))
def test_an_interrupted_write_leaves_the_old_or_the_new_file(tmp_path, monkeypatch, step):
    patch, expected = STEPS[step]
    target = tmp_path / "map.toml"
    target.write_bytes(OLD)
    with monkeypatch.context() as patched:
        patch(patched)
        with pytest.raises(StoreError) as caught:
            store.atomic_write(target, NEW)
    assert_one_line(caught.value, target)
    assert target.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.toml"]


@pytest.mark.parametrize("step", sorted(STEPS))
def test_an_interrupted_first_write_leaves_no_file_or_the_whole_file(tmp_path, monkeypatch, step):
    patch, expected = STEPS[step]
    target = tmp_path / "new.toml"
    with monkeypatch.context() as patched:
        patch(patched)
        with pytest.raises(StoreError):
            store.atomic_write(target, NEW)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ([] if expected is OLD else ["new.toml"])
    if names:
        assert target.read_bytes() == NEW


def test_an_interrupt_during_the_write_removes_the_temp_and_propagates(tmp_path, monkeypatch):
    target = tmp_path / "map.toml"
    target.write_bytes(OLD)

    def interrupted(fd, data):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(os, "write", interrupted)
        with pytest.raises(KeyboardInterrupt):
            store.atomic_write(target, NEW)
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["map.toml"]


@pytest.mark.parametrize("step", ["write", "fsync-file", "replace"])
def test_a_save_interrupted_while_keeping_history_leaves_the_map_as_it_was(lib, monkeypatch, step):
    lib.save(make_map(title="Before"))
    path = lib.path_for("sunday-nights")
    before = path.read_bytes()
    patch, _ = STEPS[step]
    with monkeypatch.context() as patched:
        patch(patched)
        with pytest.raises(StoreError):
            lib.save(make_map(title="After"))
    assert path.read_bytes() == before
    assert lib.history("sunday-nights") == []
    assert temp_files(lib.root) == []
    lib.save(make_map(title="After"))  # and it works once the disk is fine again
    assert [store.load_file(v.path).title for v in lib.history("sunday-nights")] == ["Before"]


def test_a_save_interrupted_at_the_final_replace_keeps_the_old_map_and_its_copy(lib, monkeypatch):
    lib.save(make_map(title="Before"))
    path = lib.path_for("sunday-nights")
    before = path.read_bytes()
    real = os.replace
    calls = []

    def second_replace_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise Boom()
        return real(src, dst)

    monkeypatch.setattr(os, "replace", second_replace_fails)
    with pytest.raises(StoreError, match="No space left on device"):
        lib.save(make_map(title="After"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    (version,) = lib.history("sunday-nights")
    assert version.path.read_bytes() == before
    assert temp_files(lib.root) == []


def test_a_save_sweeps_away_temporary_files_left_by_a_killed_save(lib):
    lib.save(make_map(title="One"))
    history = lib.root / "history" / "sunday-nights"
    history.mkdir(parents=True)
    stale = [
        lib.root / ".sunday-nights.toml.0123456789ab.tmp",
        history / ".20261120T193100.123456Z.toml.0123456789ab.tmp",
    ]
    fresh = lib.root / ".sunday-nights.toml.ba9876543210.tmp"
    not_ours = lib.root / ".notes.tmp"
    for path in [*stale, fresh, not_ours]:
        path.write_bytes(b"half a map")
    for path in [*stale, not_ours]:
        os.utime(path, (time.time() - 2 * 3600,) * 2)
    lib.save(make_map(title="Two"))
    assert [path.exists() for path in stale] == [False, False]
    assert fresh.exists() and not_ours.exists()


def test_atomic_write_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        store.atomic_write(tmp_path / "no" / "such" / "out.txt", b"x")


def test_atomic_write_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(OLD)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    store.atomic_write(link, NEW, mode=0o640)
    assert link.is_symlink() and real.read_bytes() == NEW
    assert mode_of(real) == 0o640


def test_atomic_write_into_a_pipe_writes_into_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        store.atomic_write(fifo, b"exported\n")
        assert os.read(reader, 100) == b"exported\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_atomic_write_handles_the_longest_file_names(tmp_path):
    target = tmp_path / ("é" * 125 + ".txt")  # 254 bytes: the temporary name must be shorter
    store.atomic_write(target, NEW)
    assert target.read_bytes() == NEW


def test_atomic_write_accepts_text(tmp_path):
    store.atomic_write(tmp_path / "out.md", "héllo\n")
    assert (tmp_path / "out.md").read_bytes() == "héllo\n".encode()
    assert mode_of(tmp_path / "out.md") == 0o600


# --- a real process killed mid-save ------------------------------------------------------------

CHILD = """
import sys
from pathlib import Path
from cyclemap import store
library = store.Library(Path(sys.argv[1]))
maps = [store.load_file(Path(sys.argv[2])), store.load_file(Path(sys.argv[3]))]
print("ready", flush=True)
number = 0
while True:
    library.save(maps[number % 2])
    number += 1
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_process_killed_while_saving_leaves_a_whole_map(lib, tmp_path):
    # Big, different answers, so that a torn write could not pass for either map.
    first = make_map(title="First", notes="1" * model.NOTES_MAX)
    second = make_map(title="Second", notes="2" * (model.NOTES_MAX - 7))
    sources = []
    for cycle_map in (first, second):
        source = tmp_path / f"{cycle_map.title}.toml"
        source.write_text(store.map_to_toml(cycle_map))
        sources.append(str(source))
    lib.save(first)
    rng = random.Random(20261120)
    # 20 kills, each 1-40 ms of the child's own CPU time into its saving (not of the clock: on a
    # busy machine a child may not run at all for that long).
    for _ in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(lib.root), *sources],
            stdout=subprocess.PIPE,
        )
        try:
            assert child.stdout.readline() == b"ready\n"
            let_run(child.pid, rng.uniform(0.001, 0.04))
        finally:
            child.kill()
            child.wait()
            child.stdout.close()
        assert lib.load("sunday-nights") in (first, second)
        assert [entry.broken for entry in lib.entries()] == [False]
    versions = lib.history("sunday-nights")
    assert versions, "the child never got to save"
    for version in versions:
        assert store.load_file(version.path) in (first, second)
    # A kill can leave a temporary file behind, but only one that listings skip.
    for path in lib.root.rglob("*"):
        if path.is_file() and path.name not in {"sunday-nights.toml", ".lock"}:
            assert re.fullmatch(r"\..*\.tmp|\d{8}T\d{6}\.\d{6}Z\.toml", path.name), path


# --- hygiene -----------------------------------------------------------------------------------


def test_the_store_does_not_import_textual():
    code = "import sys, cyclemap.store; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# --- ids and paths (DESIGN: an id always means the library's map) -----------------------------


def test_an_id_means_the_librarys_map_even_beside_a_file_of_that_name(
    lib, tmp_path, monkeypatch
) -> None:
    lib.save(make_map(title="In the library"))
    here = tmp_path / "here"
    here.mkdir()
    (here / "sunday-nights").write_text(store.map_to_toml(make_map(title="A file here")))
    monkeypatch.chdir(here)
    assert lib.load("sunday-nights").title == "In the library"
    assert lib.load_view("sunday-nights").title == "In the library"
    assert lib.load("./sunday-nights").title == "A file here"  # a '/' makes it a path


@pytest.mark.parametrize("name", ["con", "nul", "com1", "lpt9", "aux", "prn"])
def test_names_windows_keeps_are_refused_as_ids_in_one_line(lib, name) -> None:
    for attempt in (lambda: lib.path_for(name), lambda: lib.load(name)):
        with pytest.raises(StoreError, match="Windows keeps that name") as caught:
            attempt()
        assert_one_line(caught.value)
    with pytest.raises(StoreError, match="Windows keeps that name"):
        lib.save(make_map(id=name))


@pytest.mark.parametrize("title", ["Con", "NUL", "com1", "Lpt3", "  aux  "])
def test_a_title_that_is_a_name_windows_keeps_gets_a_safe_id(lib, title) -> None:
    from cyclemap import terms

    map_id = lib.unique_id(title)
    assert map_id == terms.slugify(title).lower() and map_id.endswith("-1")
    assert lib.path_for(map_id).name == f"{map_id}.toml"
    assert terms.reserved_id("CON.toml") and terms.reserved_id("com1.tar.gz")
    assert not terms.reserved_id("con-1") and not terms.reserved_id("console")
