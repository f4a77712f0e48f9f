"""The history cache (.views/<id>.history.json): versions already read are not parsed again,
what comes out of it is validated by the model again, and it goes with the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cyclemap import history
from cyclemap.store import Library
from cyclemap.store import views as views_module
from tests.test_history import V1, V2, V3, make

MAP_ID = "sunday-nights"


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """One map saved three times; its files count as settled at once (no racy window)."""
    monkeypatch.setattr(views_module, "RACY_NS", 0)
    library = Library(tmp_path / "library")
    for data in (V1, V2, V3):
        library.save(make(data))
    return library


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The version files read from disk (not from the cache)."""
    read_paths: list[Path] = []
    real = history._read

    def counting(path: Path):
        read_paths.append(path)
        return real(path)

    monkeypatch.setattr(history, "_read", counting)
    return read_paths


def cache_file(library: Library) -> Path:
    return library.history_cache.path(MAP_ID)


def report(library: Library) -> str:
    return history.history_report(MAP_ID, history.versions(library, MAP_ID))


def test_versions_read_once_then_from_the_cache(library: Library, reads: list[Path]) -> None:
    first = report(library)
    kept = [version.path for version in library.history(MAP_ID)]
    assert set(kept) <= set(reads) and cache_file(library).is_file()
    assert cache_file(library).stat().st_mode & 0o777 == 0o600
    reads.clear()
    assert report(library) == first
    assert set(reads).isdisjoint(kept)  # only the current file is read again
    assert [v.map for v in history.versions(library, MAP_ID)][:2] == [make(V1), make(V2)]


def test_a_new_version_is_read_and_the_others_come_from_the_cache(
    library: Library, reads: list[Path]
) -> None:
    report(library)
    library.save(make(V1))  # V3 is kept now: one more version
    reads.clear()
    found = history.versions(library, MAP_ID)
    assert len(found) == 4
    newest_kept = library.history(MAP_ID)[-1].path
    assert newest_kept in reads and len([p for p in reads if p.parent == newest_kept.parent]) == 1


def test_a_forged_cache_is_cleaned_or_ignored(library: Library, reads: list[Path]) -> None:
    report(library)
    record = json.loads(cache_file(library).read_text(encoding="utf-8"))
    names = sorted(record["versions"])
    record["versions"][names[0]][1]["title"] = "\x1b]0;owned\x07[bold]Sunday\x1b[31m"
    record["versions"][names[1]][1]["partners"] = "not partners"
    cache_file(library).write_text(json.dumps(record), encoding="utf-8")
    reads.clear()
    found = history.versions(library, MAP_ID)
    title = found[0].map.title if found[0].map else ""
    assert "\x1b" not in title and "\x07" not in title
    assert found[1].map == make(V2)  # the dump that does not validate: read from its file
    assert found[1].path in reads


def test_a_changed_version_file_is_read_again(library: Library, reads: list[Path]) -> None:
    report(library)
    oldest = library.history(MAP_ID)[0].path
    oldest.write_text("this is = = not toml", encoding="utf-8")
    reads.clear()
    found = history.versions(library, MAP_ID)
    assert oldest in reads and found[0].map is None


def test_delete_and_purge_take_the_cache_with_them(library: Library) -> None:
    report(library)
    library.delete(MAP_ID)
    assert not cache_file(library).exists()
    library.restore_trashed(MAP_ID)
    report(library)
    assert cache_file(library).exists()
    library.purge(MAP_ID)
    assert not cache_file(library).exists()
    views = library.root / ".views"
    assert not any("Alex" in p.read_text(errors="replace") for p in views.glob("*") if p.is_file())


def test_a_link_at_the_cache_is_never_written_through(library: Library, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("mine", encoding="utf-8")
    cache = cache_file(library)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.symlink_to(outside)
    first = report(library)
    assert outside.read_text(encoding="utf-8") == "mine"
    assert report(library) == first
