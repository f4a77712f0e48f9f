"""The trash (store.trash, issue 12.2): a delete moves a map, its history and its log into the
trash inside the library; restore brings all three back; purge leaves nothing. Planted links,
a second writer and clashing names are refused or survived without losing a word."""

from __future__ import annotations

import os
import stat
import threading
from datetime import date
from pathlib import Path

import pytest

from cyclemap import checkin, model, store
from cyclemap.store import Library, MapExists, MapNotFound, StoreError
from cyclemap.store.trash import TRASH_DIR, parse_key
from tests.conftest import map_data

SECRET = "only the two of us"


def a_map(**overrides) -> model.CycleMap:
    return model.validate_map(map_data(**overrides))


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    """'ours' with two saved versions kept in its history and a check-in log; 'theirs'."""
    library = Library(tmp_path / "library")
    for number in range(3):
        library.save(a_map(id="ours", notes=f"{SECRET} {number}"))
    library.save(a_map(id="theirs", title="Theirs"))
    entry = checkin.make_entry(when=date(2026, 1, 2), what_set_it_off=SECRET, caught=True)
    checkin.add_entry(library, "ours", entry)
    return library


def files(root: Path) -> dict[str, bytes]:
    """Every plain file under the library but the caches and the lock, with its bytes."""
    found = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if (
            path.is_file()
            and not path.is_symlink()
            and relative.parts[0]
            not in {
                store.INDEX_FILE,
                store.VIEWS_DIR,
                store.LOCK_FILE,
            }
        ):
            found[str(relative)] = path.read_bytes()
    return found


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_delete_moves_the_map_its_history_and_its_log_into_the_trash(lib: Library) -> None:
    content = lib.path_for("ours").read_bytes()
    log = (lib.root / "logs" / "ours.toml").read_bytes()
    entry = lib.delete("ours")
    assert not lib.exists("ours")
    assert [e.id for e in lib.summaries()] == ["theirs"]
    assert lib.history("ours") == []
    assert not (lib.root / "logs" / "ours.toml").exists()
    assert entry.map_id == "ours" and parse_key(entry.key) == (entry.deleted, "ours")
    assert entry.folder.parent == lib.root / TRASH_DIR
    assert entry.map_path.read_bytes() == content and mode(entry.map_path) == 0o600
    assert entry.versions() == 2 and entry.has_log()
    assert entry.log_path.read_bytes() == log
    assert mode(lib.root / TRASH_DIR) == 0o700 and mode(entry.folder) == 0o700
    (listed,) = lib.trash()
    assert listed == entry
    assert lib.trashed("ours") == entry == lib.trashed(entry.key)


def test_restore_brings_back_the_map_its_history_and_its_log(lib: Library) -> None:
    before = files(lib.root)
    lib.delete("ours")
    assert files(lib.root) != before
    restored = lib.restore_trashed("ours")
    assert restored.map_id == "ours"
    assert files(lib.root) == before  # every byte where it was
    assert len(lib.history("ours")) == 2
    assert checkin.load_log(lib, "ours").entries
    assert lib.trash() == [] and not os.listdir(lib.root / TRASH_DIR)
    with pytest.raises(MapNotFound, match="in the trash"):
        lib.restore_trashed("ours")


def test_purge_of_a_trashed_map_leaves_nothing_of_it(lib: Library) -> None:
    entry = lib.delete("ours")
    lib.purge_trashed("ours")
    assert not entry.folder.exists()
    assert not any(SECRET.encode() in data for data in files(lib.root).values())
    assert lib.load("theirs").title == "Theirs"
    with pytest.raises(MapNotFound):
        lib.purge_trashed("ours")


def test_purge_by_id_removes_the_trashed_maps_of_that_id_too(lib: Library) -> None:
    lib.delete("ours")
    removed = lib.purge("ours")
    assert any(path.parent == lib.root / TRASH_DIR for path in removed)
    assert lib.trash() == []
    assert not any(SECRET.encode() in data for data in files(lib.root).values())


def test_an_id_is_not_reused_while_its_map_is_in_the_trash(lib: Library) -> None:
    lib.delete("ours")
    assert lib.unique_id("ours") == "ours-2"
    # An import can still bring a map of that id: the trashed one then waits, refused in one
    # line, with nothing moved; both are intact.
    lib.save(a_map(id="ours", title="A new one"))
    before = files(lib.root)
    with pytest.raises(MapExists, match="in the library again") as caught:
        lib.restore_trashed("ours")
    assert "\n" not in str(caught.value)
    assert files(lib.root) == before
    assert lib.load("ours").title == "A new one"


def test_the_same_id_deleted_twice_is_two_entries(lib: Library) -> None:
    lib.delete("ours")
    lib.save(a_map(id="ours", title="Second"))
    lib.delete("ours")
    first, second = lib.trash()[1], lib.trash()[0]  # newest first
    assert first.key != second.key and first.map_id == second.map_id == "ours"
    assert store.load_file(second.map_path).title == "Second"
    assert lib.trashed("ours") == second  # an id means its latest delete
    lib.restore_trashed(first.key)  # a key means that one
    assert SECRET in lib.load("ours").notes
    assert lib.trash() == [second]


def test_a_name_clash_in_the_trash_gets_the_next_name(lib: Library, monkeypatch) -> None:
    import cyclemap.store.trash as trash_module

    monkeypatch.setattr(trash_module, "stamp", lambda moment: "20260101T000000.000000Z")
    (lib.root / TRASH_DIR).mkdir(mode=0o700)
    planted = lib.root / TRASH_DIR / "20260101T000000.000000Z-ours"
    planted.mkdir()
    (planted / "map.toml").write_text("someone else's")
    entry = lib.delete("ours")
    assert entry.key == "20260101T000000.000000Z~2-ours"
    assert (planted / "map.toml").read_text() == "someone else's"  # not overwritten
    assert SECRET in store.load_file(entry.map_path).notes


def test_a_trash_folder_that_is_a_link_out_is_refused(lib: Library, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (lib.root / TRASH_DIR).symlink_to(outside, target_is_directory=True)
    before = files(lib.root)
    with pytest.raises(StoreError, match="leads outside the library") as caught:
        lib.delete("ours")
    assert "\n" not in str(caught.value)
    assert list(outside.iterdir()) == []
    assert files(lib.root) == before and lib.exists("ours")
    with pytest.raises(StoreError, match="leads outside the library"):
        lib.trash()
    # A link that stays inside the library is no trash either: refused, never followed.
    (lib.root / TRASH_DIR).unlink()
    (lib.root / "elsewhere").mkdir()
    (lib.root / TRASH_DIR).symlink_to(lib.root / "elsewhere", target_is_directory=True)
    with pytest.raises(StoreError, match="not a folder of the library"):
        lib.delete("ours")
    assert lib.exists("ours") and list((lib.root / "elsewhere").iterdir()) == []


def test_links_planted_in_the_trash_are_never_followed(lib: Library, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    precious = outside / "precious.toml"
    precious.write_text(store.map_to_toml(a_map(id="ours", title="Not yours")))
    kept = precious.read_bytes()
    entry = lib.delete("ours")
    # An entry that is a link, and a map file in an entry swapped for a link.
    (lib.root / TRASH_DIR / "20260101T000000.000000Z-ghost").symlink_to(outside)
    entry.map_path.unlink()
    entry.map_path.symlink_to(precious)
    assert [e.key for e in lib.trash()] == [entry.key]  # the link is not an entry
    with pytest.raises(StoreError, match="not a plain file"):
        lib.restore_trashed("ours")
    assert not lib.exists("ours")
    lib.purge_trashed("ours")  # removes the link in it, never what it points at
    assert not entry.folder.exists()
    with pytest.raises(MapNotFound):
        lib.purge("ghost")  # a link is never taken for a deleted map
    assert sorted(p.name for p in outside.iterdir()) == ["precious.toml"]
    assert precious.read_bytes() == kept


def test_a_second_writer_deleting_and_restoring_loses_nothing(lib: Library) -> None:
    for number in range(20):
        lib.save(a_map(id=f"map-{number}", notes=f"{SECRET} {number}"))
    errors: list[Exception] = []

    def writer(numbers: range) -> None:
        other = Library(lib.root)  # its own objects, as another process would have
        try:
            for number in numbers:
                other.delete(f"map-{number}")
                if number % 2:
                    other.restore_trashed(f"map-{number}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(range(n, 20, 2),)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(e.map_id for e in lib.trash()) == sorted(f"map-{n}" for n in range(0, 20, 2))
    for number in range(20):
        text = (
            lib.path_for(f"map-{number}") if number % 2 else lib.trashed(f"map-{number}").map_path
        ).read_text()
        assert f"{SECRET} {number}" in text


def test_the_same_map_deleted_by_two_writers_is_deleted_once(lib: Library) -> None:
    results: list[object] = []

    def delete() -> None:
        try:
            results.append(Library(lib.root).delete("ours"))
        except MapNotFound as error:
            results.append(error)

    threads = [threading.Thread(target=delete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(r, MapNotFound) for r in results) == 1
    assert len(lib.trash()) == 1


def test_a_broken_file_goes_to_the_trash_and_back_untouched(lib: Library) -> None:
    (lib.root / "broken.toml").write_bytes(b"\x00garbage")
    entry = lib.delete("broken")
    assert entry.map_path.read_bytes() == b"\x00garbage"
    lib.restore_trashed("broken")
    assert (lib.root / "broken.toml").read_bytes() == b"\x00garbage"


def test_a_map_deleted_before_the_trash_keeps_its_history(lib: Library) -> None:
    # A delete used to move the map into history/<id>/ as <stamp>.deleted.toml: that history
    # and a trashed map of the same id become one history when it comes back.
    old = lib.root / "history" / "theirs" / "20250101T000000.000000Z.deleted.toml"
    lib.delete("theirs")
    old.parent.mkdir(parents=True)
    old.write_text(store.map_to_toml(a_map(id="theirs", title="Long ago")))
    lib.restore_trashed("theirs")
    assert lib.load("theirs").title == "Theirs"
    assert [v.path.name for v in lib.history("theirs")] == [old.name]
