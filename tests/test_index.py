"""The listing index (Library.summaries): the same listing as entries(), never stale.

Most tests set the racy window to 0 so that files written a moment ago are remembered at once;
the window itself has tests of its own at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest
from hypothesis import example as given_example
from hypothesis import given, settings
from hypothesis import strategies as st

from cyclemap import model, store
from cyclemap.cli import main
from cyclemap.store import INDEX_FILE, Library, MapSummary, StoreError
from cyclemap.store import atomic as store_atomic
from cyclemap.store import index as store_index
from cyclemap.store import layout as store_layout
from cyclemap.store import text as store_text
from tests.conftest import EXAMPLES
from tests.strategies import hostile_text
from tests.test_store import BROKEN_FILES, make_map

OLD_NS = 1_700_000_000_000_000_000  # November 2023: far outside any racy window


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    library.ensure()
    return library


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_layout, "RACY_NS", 0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the map files read (and validated) during the test."""
    names: list[str] = []
    real = Library._read_entry

    def counting(self, path, name, modified, link):
        names.append(name)
        return real(self, path, name, modified, link)

    monkeypatch.setattr(Library, "_read_entry", counting)
    return names


def write(path: Path, text: str | bytes) -> Path:
    data = text.encode() if isinstance(text, str) else text
    path.write_bytes(data)
    return path


def index_of(lib: Library) -> dict:
    return json.loads((lib.root / INDEX_FILE).read_text(encoding="utf-8"))


def assert_same_listing(lib: Library) -> None:
    """summaries() lists exactly what entries() lists, field by field."""
    entries = lib.entries()
    summaries = lib.summaries()
    assert [(e.id, e.path, e.error, e.modified, e.broken) for e in entries] == [
        (s.id, s.path, s.error, s.modified, s.broken) for s in summaries
    ]
    for entry, summary in zip(entries, summaries, strict=True):
        if entry.map is None:
            assert summary.map is None
            continue
        m, s = entry.map, summary.map
        assert isinstance(s, MapSummary)
        for name in ("id", "title", "cycle_name", "couple", "updated"):
            assert getattr(s, name) == getattr(m, name), name
        assert s.updated.tzinfo == m.updated.tzinfo
        assert s.pattern is m.pattern
        assert [(p.name, p.position) for p in s.partners] == [
            (p.name, p.position) for p in m.partners
        ]
        assert all(type(p.position) is model.Position for p in s.partners)


def fill(lib: Library) -> None:
    """The examples, an edge-case map, and one broken file of every kind."""
    for example in EXAMPLES:
        shutil.copy(example, lib.root / example.name)
    lib.save(make_map(id="plain", title="sunday nights", cycle_name=None, couple=None))
    for name, (content, _) in BROKEN_FILES.items():
        (lib.root / f"{name}.toml").write_bytes(content.replace(b'"broken"', f'"{name}"'.encode()))
    write(lib.root / "Not An Id.toml", store.map_to_toml(make_map(id="not-an-id")))


# --- the same listing --------------------------------------------------------------------------


def test_summaries_list_what_entries_list_cold_and_warm(lib, no_racy_window, reads):
    fill(lib)
    assert_same_listing(lib)  # cold: the index is built
    assert (lib.root / INDEX_FILE).is_file()
    reads.clear()
    assert_same_listing(lib)  # warm: entries() reads every file, summaries() none
    files = len([p for p in lib.root.glob("*.toml")])
    assert len(reads) == files  # all of them by entries(), not one more


def test_the_reasons_of_broken_files_are_the_same(lib, no_racy_window):
    fill(lib)
    lib.summaries()
    by_id = {s.id: s for s in lib.summaries()}
    for name, (_, reason) in BROKEN_FILES.items():
        if name == "id-mismatch":
            continue  # its id was rewritten by fill()
        assert by_id[name].broken and reason in by_id[name].error, name
    assert "not a valid map id" in by_id["Not An Id"].error


def test_a_missing_library_is_empty_and_nothing_is_created(tmp_path):
    lib = Library(tmp_path / "nowhere")
    assert lib.summaries() == []
    assert not lib.root.exists()


def test_an_empty_folder_writes_no_index(lib):
    assert lib.summaries() == []
    assert not (lib.root / INDEX_FILE).exists()


def test_the_index_is_private_skipped_and_written_atomically(lib, no_racy_window):
    fill(lib)
    lib.summaries()
    path = lib.root / INDEX_FILE
    assert path.name.startswith(".")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(lib.root.glob("*.tmp")) and not list(lib.root.glob(".*.tmp"))
    assert INDEX_FILE not in {s.path.name for s in lib.summaries()}
    assert INDEX_FILE not in {e.path.name for e in lib.entries()}
    data = index_of(lib)
    assert data["index_version"] == store.INDEX_VERSION
    assert data["schema_version"] == model.SCHEMA_VERSION


def test_the_index_holds_only_what_a_listing_shows(lib, no_racy_window):
    lib.save(make_map())
    lib.summaries()
    text = (lib.root / INDEX_FILE).read_text(encoding="utf-8")
    assert "Sunday nights" in text
    for secret in ("Sam goes quiet", "push harder", "scared", "leave the room", "failure"):
        assert secret not in text


def test_an_unchanged_index_is_not_written_again(lib, no_racy_window):
    fill(lib)
    lib.summaries()
    before = (lib.root / INDEX_FILE).stat()
    lib.summaries()
    after = (lib.root / INDEX_FILE).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


# --- never stale -------------------------------------------------------------------------------


def listed(lib: Library) -> dict[str, str | None]:
    return {s.id: (s.map.title if s.map else s.error) for s in lib.summaries()}


def test_a_file_edited_behind_its_back_is_read_again(lib, no_racy_window, reads):
    lib.save(make_map(title="Before"))
    lib.save(make_map(id="other", title="Other"))
    assert listed(lib) == {"other": "Other", "sunday-nights": "Before"}
    reads.clear()
    path = lib.path_for("sunday-nights")
    write(path, path.read_text().replace("Before", "After, and longer"))
    assert listed(lib) == {"other": "Other", "sunday-nights": "After, and longer"}
    assert reads == ["sunday-nights.toml"]
    assert_same_listing(lib)


def test_same_size_same_mtime_edited_in_place_is_read_again(lib, no_racy_window, reads):
    """An in-place edit that keeps the size and puts the mtime back (cp -p, rsync -t) still
    changes the ctime, which no one can set."""
    path = write(lib.root / "sunday-nights.toml", store.map_to_toml(make_map(title="Aaaa")))
    os.utime(path, ns=(OLD_NS, OLD_NS))
    assert listed(lib) == {"sunday-nights": "Aaaa"}
    before = path.stat()
    with open(path, "r+b") as file:  # same inode, same size
        content = file.read().replace(b"Aaaa", b"Bbbb")
        file.seek(0)
        file.write(content)
    os.utime(path, ns=(OLD_NS, OLD_NS))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    reads.clear()
    assert listed(lib) == {"sunday-nights": "Bbbb"}
    assert reads == ["sunday-nights.toml"]


def test_same_size_same_mtime_new_inode_is_read_again(lib, no_racy_window):
    path = write(lib.root / "sunday-nights.toml", store.map_to_toml(make_map(title="Aaaa")))
    os.utime(path, ns=(OLD_NS, OLD_NS))
    assert listed(lib) == {"sunday-nights": "Aaaa"}
    old_inode = path.stat().st_ino
    keep = lib.root.parent / "keep"  # holds the old inode, so the new file cannot reuse it
    os.link(path, keep)
    replacement = write(lib.root.parent / "new.toml", path.read_bytes().replace(b"Aaaa", b"Bbbb"))
    os.utime(replacement, ns=(OLD_NS, OLD_NS))
    os.replace(replacement, path)
    assert path.stat().st_ino != old_inode and path.stat().st_mtime_ns == OLD_NS
    assert listed(lib) == {"sunday-nights": "Bbbb"}


@pytest.mark.parametrize("field", range(4), ids=["size", "mtime_ns", "ctime_ns", "inode"])
def test_any_one_difference_in_the_key_means_a_new_read(lib, no_racy_window, reads, field):
    """Each of size, mtime, ctime and inode alone makes the record untrusted (the record is
    changed in the index here, as the file cannot be changed in only one of them)."""
    lib.save(make_map())
    lib.summaries()
    data = index_of(lib)
    record = data["files"]["sunday-nights.toml"]
    record[field] += 1
    record[5] = "A title that is not in the file"
    write(lib.root / INDEX_FILE, json.dumps(data))
    reads.clear()
    assert listed(lib) == {"sunday-nights": "Sunday nights"}
    assert reads == ["sunday-nights.toml"]


def test_new_files_are_added_and_removed_ones_dropped(lib, no_racy_window, reads):
    lib.save(make_map(id="a", title="A"))
    lib.save(make_map(id="b", title="B"))
    assert listed(lib) == {"a": "A", "b": "B"}
    reads.clear()
    write(lib.root / "c.toml", store.map_to_toml(make_map(id="c", title="C")))
    lib.path_for("a").unlink()
    lib.delete("b")
    assert listed(lib) == {"c": "C"}
    assert reads == ["c.toml"]
    assert set(index_of(lib)["files"]) == {"c.toml"}


def test_a_broken_file_that_is_fixed_becomes_a_map(lib, no_racy_window):
    path = write(lib.root / "sunday-nights.toml", "title = ")
    (entry,) = lib.summaries()
    assert entry.broken and "not valid TOML" in entry.error
    write(path, store.map_to_toml(make_map()))
    (entry,) = lib.summaries()
    assert not entry.broken and entry.map.title == "Sunday nights"
    write(path, "")
    (entry,) = lib.summaries()
    assert entry.broken and entry.error == "the file is empty"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_names_that_are_not_utf8_are_listed_and_the_index_still_written(lib, no_racy_window, reads):
    lib.save(make_map())
    odd = os.fsdecode(b"caf\xe9")  # Latin-1 bytes: a lone surrogate in Python
    write(lib.root / f"{odd}.toml", "not a map")
    write(lib.root / "café.toml", "not a map either")
    assert_same_listing(lib)
    reads.clear()
    by_name = {s.path.name: s for s in lib.summaries()}
    assert by_name[f"{odd}.toml"].broken and by_name["café.toml"].broken
    assert reads == [f"{odd}.toml"]  # read each time; the others come from the index
    assert set(index_of(lib)["files"]) == {"sunday-nights.toml", "café.toml"}


def test_a_renamed_file_is_judged_by_its_new_name(lib, no_racy_window):
    lib.save(make_map())
    lib.summaries()
    os.rename(lib.path_for("sunday-nights"), lib.root / "other-name.toml")
    (entry,) = lib.summaries()
    assert entry.broken and "its id is 'sunday-nights'" in entry.error


def test_links_are_always_read_again(lib, no_racy_window, reads, tmp_path):
    inside = write(lib.root / "real.toml", store.map_to_toml(make_map(id="real")))
    (lib.root / "linked.toml").symlink_to(inside)
    outside = write(tmp_path / "outside.toml", store.map_to_toml(make_map(id="escape")))
    (lib.root / "escape.toml").symlink_to(outside)
    assert_same_listing(lib)
    reads.clear()
    by_id = {s.id: s for s in lib.summaries()}
    assert sorted(reads) == ["escape.toml", "linked.toml"]
    assert by_id["escape"].broken and "is a link out of the library" in by_id["escape"].error
    assert by_id["linked"].broken and "its id is 'real'" in by_id["linked"].error
    assert set(index_of(lib)["files"]) == {"real.toml"}


# --- an index that cannot be trusted ------------------------------------------------------------


def good_index_bytes(lib: Library) -> bytes:
    lib.summaries()
    return (lib.root / INDEX_FILE).read_bytes()


CORRUPTIONS = {
    "garbage": lambda good: b"\x00\xff garbage",
    "empty": lambda good: b"",
    "truncated": lambda good: good[: len(good) // 2],
    "not-utf8": lambda good: good.replace(b"Sunday", b"Sund\xe9y"),
    "a-list": lambda good: b"[1, 2, 3]",
    "no-files": lambda good: json.dumps({"index_version": store.INDEX_VERSION}).encode(),
    "files-a-list": lambda good: _edit(good, lambda d: d.update(files=[])),
    "other-index-version": lambda good: _edit(good, lambda d: d.update(index_version=999)),
    "other-program": lambda good: _edit(good, lambda d: d.update(cyclemap="0.0.1")),
    "other-schema": lambda good: _edit(good, lambda d: d.update(schema_version=99)),
    "record-a-number": lambda good: _records(good, lambda r: 7),
    "record-short": lambda good: _records(good, lambda r: r[:6]),
    "record-long": lambda good: _records(good, lambda r: [*r, "more"]),
    "title-a-number": lambda good: _records(good, lambda r: [*r[:5], 5, *r[6:]]),
    "reason-a-number": lambda good: _records(good, lambda r: [*r[:4], 5]),
    "wrong-id": lambda good: _records(good, lambda r: [*r[:4], "someone-else", *r[5:]]),
    "bad-position": lambda good: _records(good, lambda r: [*r[:10], "sideways", *r[11:]]),
    "position-a-list": lambda good: _records(good, lambda r: [*r[:10], ["pursue"], *r[11:]]),
    "bad-date": lambda good: _records(good, lambda r: [*r[:8], "yesterday", *r[9:]]),
    "naive-date": lambda good: _records(good, lambda r: [*r[:8], "2026-11-20T19:31:00", *r[9:]]),
    "names-null": lambda good: _records(good, lambda r: [*r[:9], None, *r[10:]]),
    "deep": lambda good: b"[" * 100_000,
}


def _edit(good: bytes, change) -> bytes:
    data = json.loads(good)
    change(data)
    return json.dumps(data).encode()


def _records(good: bytes, change) -> bytes:
    data = json.loads(good)
    data["files"] = {name: change(record) for name, record in data["files"].items()}
    return json.dumps(data).encode()


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS), ids=sorted(CORRUPTIONS))
def test_an_index_that_cannot_be_trusted_is_rebuilt_silently(lib, no_racy_window, kind):
    lib.save(make_map())
    lib.save(make_map(id="other", title="Other", couple="Kim & Lee"))
    good = good_index_bytes(lib)
    write(lib.root / INDEX_FILE, CORRUPTIONS[kind](good))
    assert_same_listing(lib)
    assert listed(lib) == {"other": "Other", "sunday-nights": "Sunday nights"}
    assert (lib.root / INDEX_FILE).read_bytes() == good  # rebuilt, as it was


def test_an_index_that_is_a_folder_is_left_alone(lib, no_racy_window):
    lib.save(make_map())
    (lib.root / INDEX_FILE).mkdir()
    assert listed(lib) == {"sunday-nights": "Sunday nights"}
    assert (lib.root / INDEX_FILE).is_dir()


def test_an_index_that_is_a_link_is_neither_followed_nor_written_through(
    lib, no_racy_window, tmp_path
):
    lib.save(make_map())
    elsewhere = write(tmp_path / "elsewhere.json", b"someone else's file")
    (lib.root / INDEX_FILE).symlink_to(elsewhere)
    assert listed(lib) == {"sunday-nights": "Sunday nights"}
    assert elsewhere.read_bytes() == b"someone else's file"
    assert (lib.root / INDEX_FILE).is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_an_index_that_is_a_pipe_does_not_block(lib, no_racy_window):
    lib.save(make_map())
    os.mkfifo(lib.root / INDEX_FILE)
    assert listed(lib) == {"sunday-nights": "Sunday nights"}


def test_an_index_that_cannot_be_read_is_rebuilt(lib, no_racy_window, monkeypatch):
    lib.save(make_map())
    good = good_index_bytes(lib)
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if Path(path).name == INDEX_FILE and not flags & os.O_WRONLY:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    write(lib.root / INDEX_FILE, b"stale")
    assert listed(lib) == {"sunday-nights": "Sunday nights"}
    monkeypatch.undo()
    assert (lib.root / INDEX_FILE).read_bytes() == good


def test_a_new_program_version_rebuilds_the_index(lib, no_racy_window, reads, monkeypatch):
    lib.save(make_map())
    lib.summaries()
    monkeypatch.setattr(store_index, "__version__", "99.0.0")
    reads.clear()
    assert listed(lib) == {"sunday-nights": "Sunday nights"}
    assert reads == ["sunday-nights.toml"]
    assert index_of(lib)["cyclemap"] == "99.0.0"


# --- a library that cannot be written ----------------------------------------------------------


def test_a_folder_that_cannot_be_written_still_lists_everything(lib, no_racy_window, monkeypatch):
    fill(lib)
    expected = [(e.id, e.error) for e in lib.entries()]

    def refused(folder, name):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(store_atomic, "create_temp", refused)
    for _ in range(2):
        assert [(s.id, s.error) for s in lib.summaries()] == expected
    assert not (lib.root / INDEX_FILE).exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_still_lists_everything(lib, no_racy_window):
    fill(lib)
    expected = [(e.id, e.error) for e in lib.entries()]
    os.chmod(lib.root, 0o500)
    try:
        assert [(s.id, s.error) for s in lib.summaries()] == expected
        assert not (lib.root / INDEX_FILE).exists()
    finally:
        os.chmod(lib.root, 0o700)


def test_a_folder_that_cannot_be_listed_is_a_store_error(lib, monkeypatch):
    def refused(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", refused)
    with pytest.raises(StoreError, match="the library cannot be read"):
        lib.summaries()


# --- the racy window ---------------------------------------------------------------------------


def test_a_file_changed_just_now_is_not_remembered_yet(lib, reads):
    """Within the racy window a same-size, same-tick edit could go unseen: such a file is read
    again at every listing until it is older than the window."""
    path = write(lib.root / "sunday-nights.toml", store.map_to_toml(make_map(title="Aaaa")))
    assert listed(lib) == {"sunday-nights": "Aaaa"}
    assert not (lib.root / INDEX_FILE).exists()  # nothing worth remembering yet
    before = path.stat()
    with open(path, "r+b") as file:
        content = file.read().replace(b"Aaaa", b"Bbbb")
        file.seek(0)
        file.write(content)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    reads.clear()
    assert listed(lib) == {"sunday-nights": "Bbbb"}
    assert reads == ["sunday-nights.toml"]


def test_an_old_file_is_remembered(lib, monkeypatch, reads):
    path = write(lib.root / "sunday-nights.toml", store.map_to_toml(make_map()))
    os.utime(path, ns=(OLD_NS, OLD_NS))
    # The ctime is now; a listing a while later sees it outside the window.
    later = path.stat().st_ctime_ns + store_layout.RACY_NS + 1
    monkeypatch.setattr(time, "time_ns", lambda: later)
    listed(lib)
    assert "sunday-nights.toml" in index_of(lib)["files"]
    reads.clear()
    listed(lib)
    assert reads == []


# --- the command line --------------------------------------------------------------------------


def test_cli_list_reads_each_file_once(lib, no_racy_window, reads, capsys):
    for example in EXAMPLES:
        shutil.copy(example, lib.root / example.name)
    assert main(["--data-dir", str(lib.root), "list"]) == 0
    first = capsys.readouterr().out
    assert sorted(reads) == sorted(p.name for p in EXAMPLES)
    reads.clear()
    assert main(["--data-dir", str(lib.root), "list"]) == 0
    assert capsys.readouterr().out == first
    assert reads == []
    assert main(["--data-dir", str(lib.root), "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert reads == []
    for row, entry in zip(rows, lib.entries(), strict=True):
        m = entry.map
        assert row == {
            "id": m.id,
            "title": m.title,
            "cycle_name": m.cycle_name,
            "couple": m.couple,
            "pattern": m.pattern.value,
            "partners": [p.name for p in m.partners],
            "updated": m.updated.isoformat().replace("+00:00", "Z"),
            "path": str(entry.path),
        }


def test_text_forged_into_the_index_comes_out_as_the_map_file_says(lib, no_racy_window, capsys):
    """Escape sequences, bidi overrides and markup written into .index.json never reach the
    list: the record is not one cyclemap wrote, so the file is read again (issue 12)."""
    lib.save(make_map(title="Sunday nights"))
    lib.summaries()
    data = index_of(lib)
    record = data["files"]["sunday-nights.toml"]
    record[5] = "\x1b]0;pwned\x07[bold]loud[/bold]\x1b[2J"
    record[9] = "Al\u202eex"
    (lib.root / INDEX_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert [s.map.title for s in lib.summaries()] == ["Sunday nights"]
    assert lib.summaries()[0].map.partners[0].name == "Alex"
    (lib.root / INDEX_FILE).write_text(json.dumps(data), encoding="utf-8")
    for command in (["list"], ["list", "--json"]):
        assert main(["--data-dir", str(lib.root), *command]) == 0
        printed = capsys.readouterr().out
        assert "Sunday nights" in printed
        assert "\x1b" not in printed and "pwned" not in printed and "\u202e" not in printed
        assert "loud" not in printed
        (lib.root / INDEX_FILE).write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "field, value",
    [(4 + 1, "t" * 101), (4 + 1, " padded "), (4 + 2, "two\nlines"), (4 + 3, "\x07"), (4 + 7, 3)],
)
def test_a_record_whose_text_the_model_would_not_hold_is_read_again(
    lib, no_racy_window, reads, field, value
):
    lib.save(make_map())
    lib.summaries()
    data = index_of(lib)
    data["files"]["sunday-nights.toml"][field] = value
    (lib.root / INDEX_FILE).write_text(json.dumps(data), encoding="utf-8")
    reads.clear()
    assert_same_listing(lib)
    assert "sunday-nights.toml" in reads


# --- the whole index judged at once ------------------------------------------------------------

# Words and spaces, and what must not be in a line, put together in every order.
SPACED = ["a", "é", " ", "  "]
NOT_IN_A_LINE = ["\n", "\t", "\u00a0", "\u3000", "\x1b", "\u202e", "\ud800"]
any_value = st.one_of(
    st.lists(st.sampled_from(SPACED), max_size=5).map("".join),
    st.lists(st.sampled_from(SPACED + NOT_IN_A_LINE), max_size=5).map("".join),
    hostile_text,
    st.integers(),
    st.none(),
)
good_lines = st.lists(st.sampled_from(["word", "two words", "é", ""]), max_size=3)
# Any value among good ones, at the start, the end or between them; or any values at all.
line_values = st.one_of(
    st.tuples(good_lines, any_value, good_lines).map(lambda t: [*t[0], t[1], *t[2]]),
    st.lists(any_value, max_size=4),
)


limits = st.sampled_from([0, 3, 9, 100])


@settings(max_examples=500)
@given(columns=st.lists(st.tuples(line_values, limits), max_size=3))
@given_example(columns=[(["a\na"], 9)])  # a line break that is not one put between values
@given_example(columns=[(["a  a"], 9)])
@given_example(columns=[(["a", " a"], 9)])
@given_example(columns=[([" a"], 9)])
@given_example(columns=[(["a "], 9)])
@given_example(columns=[(["a ", "a"], 9)])
@given_example(columns=[(["a\u00a0a"], 9)])
@given_example(columns=[(["word", "a"], 3)])
@given_example(columns=[(["a"], 9), (["word"], 3)])  # each column has its own limit
def test_all_stored_lines_is_as_stored_of_each(columns):
    assert store_text.all_stored_lines(*columns) == all(
        store_text.as_stored(value, limit, line=True)
        for values, limit in columns
        for value in values
    )


def test_the_other_whitespace_is_all_that_split_splits_at():
    """The check of many lines at once knows every character that str.split() splits at."""
    pattern = re.compile(f"[{store_text._OTHER_WHITESPACE}]")
    every = [chr(code) for code in range(sys.maxunicode + 1)]
    split_at = {c for c in every if c.isspace()}
    assert {c for c in every if pattern.fullmatch(c)} == split_at - {" ", "\n"}
    # Printable text is let through in one pass: none of what it looks for is printable.
    assert not [c for c in every if store_text._not_in_a_line().fullmatch(c) and c.isprintable()]


def test_a_thousand_good_records_and_one_forged_one(lib, no_racy_window, reads):
    """Checked all at once, the records are still judged one by one when one of them is not
    as cyclemap writes it: that file alone is read again."""
    for number in range(1000):
        lib.save(make_map(id=f"map-{number}", title=f"Map {number}"))
    lib.summaries()
    data = index_of(lib)
    data["files"]["map-500.toml"][9] = "Al\u202eex"
    (lib.root / INDEX_FILE).write_text(json.dumps(data), encoding="utf-8")
    reads.clear()
    listing = lib.summaries()
    assert reads == ["map-500.toml"]
    assert len(listing) == 1000 and listing[0].map.title == "Map 0"
    assert {s.map.partners[0].name for s in listing} == {"Alex"}


def test_the_order_is_by_title_then_id_whatever_the_case(lib, no_racy_window):
    """Titles equal but for case fall back on the id; a title that begins another comes first."""
    for map_id, title in [
        ("b-map", "Sunday"),
        ("a-map", "sunday"),
        ("c-map", "Sunday nights"),
        ("d-map", "SUNDAY"),
        ("e-map", "Sunday!"),
        ("z-map", "Money"),
        ("a-money", "Money a"),
    ]:
        lib.save(make_map(id=map_id, title=title))
    expected = ["z-map", "a-money", "a-map", "b-map", "d-map", "c-map", "e-map"]
    assert [entry.id for entry in lib.entries()] == expected
    assert [entry.id for entry in lib.summaries()] == expected  # the index built
    assert [entry.id for entry in lib.summaries()] == expected  # and read


def test_the_records_of_maps_are_checked_at_once_beside_a_broken_file(
    lib, no_racy_window, monkeypatch
):
    """A broken file's record is judged alone; the maps' records, all at once, still."""
    for number in range(20):
        lib.save(make_map(id=f"map-{number}", title=f"Map {number}"))
    write(lib.root / "broken.toml", "not = [toml")
    first = [(s.id, s.error) for s in lib.summaries()]
    alone: list[str] = []
    real = store_index.entry_from_record

    def judged_alone(folder, name, record, mtime):
        alone.append(name)
        return real(folder, name, record, mtime)

    monkeypatch.setattr(store_index, "entry_from_record", judged_alone)
    assert [(s.id, s.error) for s in lib.summaries()] == first
    assert alone == ["broken.toml"]
