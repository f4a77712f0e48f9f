"""The guard (store/guard.py) against a hostile library: links planted at the side folders and
files (logs/, .views/, drafts/, the draft, a dangling .lock, the welcome mark) make cyclemap
refuse in one line and never write or create anything outside; pipes at a file's name never
hang a command; purge removes what is inside and leaves what a link leads to.

Each test names what an attacker (another account, a careless script) planted; "outside" is a
folder next to the library that must end the test exactly as it began.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cyclemap import checkin, model, store
from cyclemap.store import Library, StoreError
from tests.conftest import EXAMPLES, map_data

ENTRY = checkin.make_entry(when=date(2026, 11, 20), what_set_it_off="the dishes", caught=True)
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="links and pipes (POSIX)")


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "library")
    lib.save(model.validate_map(map_data()))
    return lib


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def everything(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in folder.rglob("*")
    }


def cyclemap(library: Library, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cyclemap", "--data-dir", str(library.root), *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def one_line_refusal(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 1, result
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr


# --- links at the side folders and files --------------------------------------------------------


def test_a_link_at_logs_makes_no_check_in_outside(library, outside) -> None:
    (library.root / "logs").symlink_to(outside, target_is_directory=True)
    result = cyclemap(library, "log", "sunday-nights", "--add", "--what", "x", "--caught", "no")
    one_line_refusal(result, "leads outside the library")
    assert everything(outside) == {}
    with pytest.raises(StoreError, match="leads outside"):
        checkin.add_entry(library, "sunday-nights", ENTRY)
    assert everything(outside) == {}


def test_a_log_reached_through_a_link_out_is_not_read(library, outside) -> None:
    (outside / "sunday-nights.toml").write_text(
        'schema_version = 1\n[[entries]]\ndate = 2026-01-01\nwhat_set_it_off = "theirs"\ncaught = true\n'
    )
    (library.root / "logs").symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match="leads outside"):
        checkin.load_log(library, "sunday-nights")


def test_a_link_at_the_view_cache_writes_no_copy_of_the_map_outside(
    library, outside, monkeypatch
) -> None:
    from cyclemap.store import layout

    monkeypatch.setattr(layout, "RACY_NS", 0)  # the map was saved just now: cache it anyway
    (library.root / store.VIEWS_DIR).symlink_to(outside, target_is_directory=True)
    for _ in range(2):
        assert library.load_view("sunday-nights").title == "Sunday nights"
    assert everything(outside) == {}
    library.save(model.validate_map(map_data(title="Changed")))  # forgets the cached copy
    assert everything(outside) == {}


def test_a_link_at_the_view_file_itself_is_not_written_through(library, outside) -> None:
    target = outside / "planted.json"
    target.write_text("theirs")
    (library.root / store.VIEWS_DIR).mkdir()
    (library.root / store.VIEWS_DIR / "sunday-nights.json").symlink_to(target)
    assert library.load_view("sunday-nights").title == "Sunday nights"
    library.save(model.validate_map(map_data(title="Changed")))
    assert target.read_text() == "theirs"


def test_a_link_at_drafts_keeps_the_draft_inside_or_nowhere(library, outside) -> None:
    (library.root / store.DRAFTS_DIR).symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match="leads outside"):
        library.save_draft({"names": ["Alex", "Sam"]})
    with pytest.raises(StoreError, match="leads outside"):
        library.claim_draft()
    assert library.load_draft() is None
    library.discard_draft()
    assert everything(outside) == {}


def test_a_link_at_the_draft_file_is_not_written_through(library, outside) -> None:
    target = outside / "planted.toml"
    target.write_text('names = ["theirs"]\n')
    (library.root / store.DRAFTS_DIR).mkdir()
    (library.root / store.DRAFTS_DIR / "walkthrough.toml").symlink_to(target)
    with pytest.raises(StoreError, match="leads outside"):
        library.save_draft({"names": ["Alex", "Sam"]})
    assert library.load_draft() is None  # not read through it either
    assert target.read_text() == 'names = ["theirs"]\n'


@pytest.mark.parametrize("name", [store.LOCK_FILE, ".welcome-seen", "drafts/walkthrough.claim"])
def test_a_dangling_link_creates_nothing_outside(library, outside, name) -> None:
    from cyclemap.tui.screens.welcome import mark_welcome_seen

    link = library.root / name
    link.parent.mkdir(exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(outside / "created-by-cyclemap")
    with pytest.raises(StoreError, match="link"):
        if name == store.LOCK_FILE:
            library.save(model.validate_map(map_data(title="Changed")))
        elif name == ".welcome-seen":
            mark_welcome_seen(library)
        else:
            library.claim_draft()
    assert everything(outside) == {}


def test_purge_goes_on_past_a_link_out_and_says_what_it_left(library, outside) -> None:
    library.save(model.validate_map(map_data(title="Changed")))  # a history version
    library.load_view("sunday-nights")
    (outside / "sunday-nights.toml").write_text("someone's log, outside")
    (library.root / "logs").symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match="leads outside the library") as caught:
        library.purge("sunday-nights")
    assert "\n" not in str(caught.value)
    assert not library.exists("sunday-nights")
    assert not (library.history_root / "sunday-nights").exists()
    assert not (library.root / store.VIEWS_DIR / "sunday-nights.json").exists()
    assert everything(outside) == {"sunday-nights.toml": b"someone's log, outside"}


# --- pipes at a file's name ----------------------------------------------------------------------


def test_a_pipe_named_like_a_map_hangs_neither_show_nor_list(library) -> None:
    os.mkfifo(library.root / "x.toml")
    one_line_refusal(cyclemap(library, "show", "x", timeout=20), "not a regular file")
    listed = cyclemap(library, "list", timeout=20)
    assert listed.returncode == 0 and "Sunday nights" in listed.stdout
    assert "skipped" in listed.stderr and "x.toml: is not a regular file" in listed.stderr
    assert [(e.id, e.broken) for e in library.entries()] == [("sunday-nights", False), ("x", True)]
    assert [(e.id, e.error) for e in library.summaries()][1][1].startswith("is not a regular")
    assert cyclemap(library, "show", "sunday-nights", timeout=20).returncode == 0


def test_a_pipe_at_the_log_or_the_draft_hangs_nothing(library) -> None:
    (library.root / "logs").mkdir()
    os.mkfifo(library.root / "logs" / "sunday-nights.toml")
    one_line_refusal(cyclemap(library, "log", "sunday-nights", timeout=20), "not a regular file")
    (library.root / store.DRAFTS_DIR).mkdir()
    os.mkfifo(library.root / store.DRAFTS_DIR / "walkthrough.toml")
    assert library.load_draft() is None
    with pytest.raises(StoreError, match="not a regular file"):
        library.save_draft({"names": ["Alex"]})


def test_a_pipe_at_the_lock_is_refused(library) -> None:
    (library.root / store.LOCK_FILE).unlink()
    os.mkfifo(library.root / store.LOCK_FILE)
    with pytest.raises(StoreError, match="not a regular file"):
        library.save(model.validate_map(map_data(title="Changed")))


# --- modes ----------------------------------------------------------------------------------------


def test_missing_parent_folders_are_made_private_whatever_the_umask(tmp_path) -> None:
    previous = os.umask(0)
    try:
        library = Library(tmp_path / "a" / "b" / "library")
        library.save(model.validate_map(map_data()))
    finally:
        os.umask(previous)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", library.root):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_loose_side_folder_of_ours_is_tightened_when_used(library) -> None:
    (library.root / "logs").mkdir(mode=0o777)
    os.chmod(library.root / "logs", 0o777)
    checkin.add_entry(library, "sunday-nights", ENTRY)
    assert stat.S_IMODE((library.root / "logs").stat().st_mode) == 0o700


# --- a loose library folder -------------------------------------------------------------------


@pytest.mark.parametrize("loose", [0o755, 0o777, 0o750])
def test_a_loose_library_folder_of_ours_is_made_private_with_one_line(tmp_path, loose) -> None:
    root = tmp_path / "library"
    root.mkdir()
    os.chmod(root, loose)
    library = Library(root)
    result = cyclemap(library, "list")
    assert result.returncode == 0
    assert result.stderr == (
        f"cyclemap: {root}: others could open the library folder (mode {loose:04o}); "
        "it is private now (0700)\n"
    )
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert cyclemap(library, "list").stderr == ""  # said once: it is private now
    os.chmod(root, loose)
    library.save(model.validate_map(map_data()))  # the store tightens it too, silently
    assert stat.S_IMODE(root.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_library_folder_of_another_user_is_refused_in_one_line(tmp_path) -> None:
    root = tmp_path / "library"
    root.mkdir(mode=0o755)
    os.chown(root, 12345, 12345)
    library = Library(root)
    for argv in (["list"], ["import", str(EXAMPLES[0])]):
        one_line_refusal(cyclemap(library, *argv), "belongs to another user")
    with pytest.raises(StoreError, match="belongs to another user"):
        library.save(model.validate_map(map_data()))
    assert list(root.iterdir()) == []
    assert stat.S_IMODE(root.stat().st_mode) == 0o755


# --- hangs and cliffs ---------------------------------------------------------------------------

# tomllib takes time that grows with the square of a dotted key's parts: 200,000 of them would
# take it many minutes. The pre-check (store/toml_check.py) refuses them in one pass.
DOTTED = "[" + ".".join(["a"] * 200_000) + "]\n"


def test_a_log_that_cannot_be_parsed_quickly_is_refused_at_once(library) -> None:
    (library.root / "logs").mkdir()
    (library.root / "logs" / "sunday-nights.toml").write_text("schema_version = 1\n" + DOTTED)
    for argv in (["log", "sunday-nights"], ["log", "sunday-nights", "--summary"]):
        one_line_refusal(cyclemap(library, *argv, timeout=30), "more than 32 dotted parts")


def test_a_draft_that_cannot_be_parsed_quickly_is_set_aside_at_once(library) -> None:
    (library.root / store.DRAFTS_DIR).mkdir()
    (library.root / store.DRAFTS_DIR / "walkthrough.toml").write_text(DOTTED)
    script = (
        f"from cyclemap.store import Library; print(Library({str(library.root)!r}).load_draft())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30
    )
    assert result.stdout == "None\n"


def test_a_map_that_cannot_be_parsed_quickly_is_judged_once(library, monkeypatch) -> None:
    from cyclemap.store import layout

    monkeypatch.setattr(layout, "RACY_NS", 0)
    (library.root / "dots.toml").write_text(DOTTED * 10)  # 4 MB: too large as well
    (library.root / "dotted.toml").write_text(DOTTED)
    read: list[str] = []
    real = Library._read_entry
    monkeypatch.setattr(
        Library,
        "_read_entry",
        lambda self, path, *rest: read.append(path.name) or real(self, path, *rest),
    )
    for _ in range(3):
        listed = library.summaries()
        assert [entry.id for entry in listed] == ["sunday-nights", "dots", "dotted"]
        assert "more than 32 dotted parts" in listed[2].error
    assert sorted(read) == ["dots.toml", "dotted.toml", "sunday-nights.toml"]  # the first time only


def test_a_log_past_2_mib_is_read_and_added_to(library) -> None:
    """A check-in log past the size of a map file (2 MiB) is still the map's own log."""
    entries = [
        ENTRY.model_copy(update={"what_set_it_off": f"the dishes, {n} " + "x" * 300})
        for n in range(8_000)
    ]
    log = checkin.CheckInLog(entries=entries)
    path = checkin.save_log(library, "sunday-nights", log)
    assert path.stat().st_size > 2.5 * 1024 * 1024
    result = cyclemap(
        library, "log", "sunday-nights", "--add", "--what", "one more", "--caught", "no"
    )
    assert result.returncode == 0, result.stderr
    assert len(checkin.load_log(library, "sunday-nights").entries) == 8_001


def test_a_log_past_the_limit_says_what_to_do_in_one_line(library) -> None:
    (library.root / "logs").mkdir()
    with open(library.root / "logs" / "sunday-nights.toml", "wb") as file:
        file.truncate(checkin.MAX_LOG_SIZE + 1)  # sparse: nothing is written
    one_line_refusal(cyclemap(library, "log", "sunday-nights"), "move it out of the logs folder")


def test_a_folder_shared_by_everyone_is_refused_not_tightened(tmp_path) -> None:
    root = tmp_path / "shared"
    root.mkdir()
    os.chmod(root, 0o1777)  # as /tmp is
    one_line_refusal(cyclemap(Library(root), "list"), "shared by everyone")
    assert stat.S_IMODE(root.stat().st_mode) == 0o1777
