"""`cyclemap purge ID`: a map, its whole history and its check-in log removed for good, only
after the person typed the id (or --yes); links are never followed out of the library."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cyclemap import cli, model, store
from cyclemap.store import Library, MapNotFound, StoreError
from tests.conftest import map_data

SECRET = "the words only we know"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """'ours' with three saved versions and a check-in log; 'theirs' to be left alone."""
    from datetime import date

    from cyclemap import checkin

    lib = Library(tmp_path / "library")
    for number in range(3):
        lib.save(model.validate_map(map_data(id="ours", notes=f"{SECRET} {number}")))
    lib.save(model.validate_map(map_data(id="theirs", title="Theirs")))
    entry = checkin.make_entry(when=date(2026, 1, 2), what_set_it_off=SECRET, caught=True)
    checkin.add_entry(lib, "ours", entry)
    # What a killed save leaves behind: a hidden temporary file holding the words.
    (lib.root / ".ours.toml.0123456789ab.tmp").write_text(SECRET)
    lib.summaries()  # the listing index now holds the title and names
    # The view cache holds the whole map (written once the file is a few seconds old).
    lib._views.write("ours", [0, 0, 0, 0], lib.load("ours").model_dump(mode="json"))
    (lib.root / store.VIEWS_DIR / ".ours.json.0123456789ab.tmp").write_text(SECRET)
    return lib


def everything(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*"))


def holds_secret(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_purge_removes_the_map_its_history_its_log_and_its_leftovers(library: Library) -> None:
    assert len(library.history("ours")) == 2
    assert holds_secret(library.root)
    removed = library.purge("ours")
    assert library.root / "ours.toml" in removed
    assert not (library.root / "ours.toml").exists()
    assert not (library.root / "history" / "ours").exists()
    assert not (library.root / "logs" / "ours.toml").exists()
    assert not (library.root / store.VIEWS_DIR / "ours.json").exists()
    assert holds_secret(library.root) == []
    assert "ours.toml" not in library._index.read()
    # The other map, its file and the index entry for it, are untouched.
    assert library.load("theirs").title == "Theirs"
    assert [entry.id for entry in library.summaries()] == ["theirs"]


def test_purge_of_a_deleted_map_removes_what_history_kept(library: Library) -> None:
    library.delete("ours")
    assert holds_secret(library.root)
    library.purge("ours")
    assert holds_secret(library.root) == []
    with pytest.raises(MapNotFound):
        library.purge("ours")


def test_purge_refuses_what_is_not_an_id_and_what_is_not_there(library: Library) -> None:
    before = everything(library.root)
    for bad in ["../theirs", "theirs/../ours", "..", "", "Ours", "a b"]:
        with pytest.raises(StoreError):
            library.purge(bad)
    with pytest.raises(MapNotFound):
        library.purge("nobody")
    assert everything(library.root) == before


def test_purge_never_follows_a_link_out_of_the_library(library: Library, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.toml").write_text("keep me")
    (library.root / "history" / "linked").symlink_to(outside)
    (library.root / "linked.toml").symlink_to(outside / "precious.toml")
    library.purge("linked")
    assert (outside / "precious.toml").read_text() == "keep me"
    assert not os.path.lexists(library.root / "linked.toml")
    assert not os.path.lexists(library.root / "history" / "linked")
    # A history folder that is itself a link out: nothing in it is touched.
    os.rename(library.root / "history", tmp_path / "moved-history")
    (library.root / "history").symlink_to(tmp_path / "moved-history")
    with pytest.raises(StoreError, match="leads outside the library"):
        library.purge("ours")
    assert (tmp_path / "moved-history" / "ours").is_dir()


def test_cli_purge_with_yes(library: Library) -> None:
    code, out, err = run("--data-dir", str(library.root), "purge", "ours", "--yes")
    assert (code, err) == (0, "")
    assert out == (
        "Purged ours with its 2 saved versions and its check-in log; nothing of it is left "
        "in the library.\n"
    )
    assert holds_secret(library.root) == []


def test_cli_purge_without_a_terminal_and_without_yes_removes_nothing(library: Library) -> None:
    before = everything(library.root)
    result = subprocess.run(
        [sys.executable, "-m", "cyclemap", "--data-dir", str(library.root), "purge", "ours"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "cyclemap: purge removes a map for good: add --yes to confirm (no terminal to ask in)\n"
    )
    assert everything(library.root) == before


@pytest.mark.parametrize(
    ("typed", "purged"), [("ours\n", True), ("\n", False), ("Ours\n", False), ("", False)]
)
def test_cli_purge_asks_for_the_id(library: Library, monkeypatch, typed, purged) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    before = everything(library.root)
    code, out, err = run("--data-dir", str(library.root), "purge", "ours")
    assert err.startswith(
        "This removes 'Sunday nights' with its 2 saved versions and its check-in log for good"
    )
    if purged:
        assert code == 0 and out.startswith("Type ours to purge it") and "Purged ours" in out
        assert holds_secret(library.root) == []
    else:
        assert code == 1
        assert err.splitlines()[-1] == "cyclemap: nothing was purged ('ours' is as it was)"
        assert everything(library.root) == before


def test_cli_purge_of_nothing_says_so_in_one_line(library: Library) -> None:
    code, out, err = run("--data-dir", str(library.root), "purge", "nobody", "--yes")
    assert code == 1 and out == ""
    assert (
        err.startswith("cyclemap: no map called 'nobody' in the library") and err.count("\n") == 1
    )
    code, _, err = run("--data-dir", str(library.root), "purge", "../theirs", "--yes")
    assert code == 1 and "is not a valid map id" in err and err.count("\n") == 1


def test_purge_does_not_import_textual() -> None:
    code = "import sys, cyclemap.cli; cyclemap.cli.build_parser(); print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
    assert store.Library.purge.__doc__
