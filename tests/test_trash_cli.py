"""`cyclemap delete`, `trash`, `restore ID` (from the trash) and `purge` of a trashed map: exit
codes, one-line errors, and the two readings of `restore` kept apart (issue 12.2)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cyclemap import checkin, model
from cyclemap.store import Library
from tests.conftest import map_data
from tests.test_purge import everything, holds_secret, run

SECRET = "the words only we know"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "library")
    for number in range(3):
        lib.save(model.validate_map(map_data(id="ours", notes=f"{SECRET} {number}")))
    lib.save(model.validate_map(map_data(id="theirs", title="Theirs")))
    entry = checkin.make_entry(when=date(2026, 1, 2), what_set_it_off=SECRET, caught=True)
    checkin.add_entry(lib, "ours", entry)
    return lib


def cli(library: Library, *argv: str) -> tuple[int, str, str]:
    return run("--data-dir", str(library.root), *argv)


def cyclemap(library: Library, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cyclemap", "--data-dir", str(library.root), *argv],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_delete_then_restore_gives_everything_back(library: Library) -> None:
    before = {p: p.read_bytes() for p in everything(library.root) if p.is_file()}
    result = cyclemap(library, "delete", "ours")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Moved 'Sunday nights' (ours) to the trash. To bring it back: cyclemap restore ours "
        f"--data-dir {library.root}\n"
    )
    code, out, _ = cli(library, "list")
    assert code == 0 and "ours" not in out and "theirs" in out
    code, out, err = cli(library, "history", "ours")
    assert "Sunday nights" not in out
    result = cyclemap(library, "restore", "ours")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Restored 'Sunday nights' (ours) from the trash with its 2 saved versions and its "
        "check-in log.\n"
    )
    after = {p: p.read_bytes() for p in everything(library.root) if p.is_file()}
    assert {p: b for p, b in after.items() if "trash" not in p.parts and p.suffix != ".json"} == {
        p: b for p, b in before.items() if p.suffix != ".json"
    }


def test_trash_lists_the_deleted_maps(library: Library) -> None:
    code, out, err = cli(library, "trash")
    assert (code, out, err) == (0, "The trash is empty.\n", "")
    cli(library, "delete", "ours")
    code, out, err = cli(library, "trash")
    assert code == 0 and err == ""
    (line,) = out.splitlines()
    assert line.startswith("ours  Sunday nights  deleted ")
    assert line.endswith("2 versions, a check-in log")
    code, out, _ = cli(library, "trash", "--json")
    (row,) = json.loads(out)
    assert row["id"] == "ours" and row["title"] == "Sunday nights"
    assert row["versions"] == 2 and row["log"] is True and row["key"].endswith("-ours")


def test_restore_reads_one_way_with_a_version_and_another_without(library: Library) -> None:
    # With V: a saved version, as always (the map is in the library).
    code, out, _ = cli(library, "restore", "ours", "1")
    assert code == 0 and out.startswith("Restored version 1 of 'Sunday nights'")
    # Without V, for a map that is not in the trash: one line that says which reading it took.
    result = cyclemap(library, "restore", "ours")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "cyclemap: 'ours' is not in the trash; to bring back a saved version, give its number: "
        "cyclemap restore ours V (cyclemap history ours lists them)\n"
    )
    result = cyclemap(library, "restore", "nobody")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("cyclemap: no map called 'nobody' in the trash")


def test_restore_when_the_id_is_taken_again_moves_nothing(library: Library) -> None:
    cli(library, "delete", "ours")
    library.save(model.validate_map(map_data(id="ours", title="Imported since")))
    before = everything(library.root)
    result = cyclemap(library, "restore", "ours")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "is in the library again" in result.stderr
    assert everything(library.root) == before


def test_delete_errors_are_one_line(library: Library) -> None:
    for argv, words in [
        (["delete", "nobody"], "no map called 'nobody' in the library"),
        (["delete", "../theirs"], "is not a valid map id"),
    ]:
        result = cyclemap(library, *argv)
        assert result.returncode == 1 and result.stdout == "", argv
        assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    result = cyclemap(library, "delete")
    assert result.returncode == 2  # usage


def test_purge_of_a_trashed_map_asks_and_then_leaves_nothing(library: Library) -> None:
    cli(library, "delete", "ours")
    before = everything(library.root)
    result = cyclemap(library, "purge", "ours")  # no terminal to ask in
    assert result.returncode == 1 and "add --yes" in result.stderr
    assert everything(library.root) == before
    code, out, err = cli(library, "purge", "ours", "--force")
    assert (code, err) == (0, "")
    assert out == (
        "Purged ours (in the trash) with its 2 saved versions and its check-in log; nothing "
        "of it is left in the library.\n"
    )
    assert holds_secret(library.root) == []
    assert cli(library, "trash")[1] == "The trash is empty.\n"
    code, _, err = cli(library, "purge", "ours", "--yes")
    assert code == 1 and err.count("\n") == 1


def test_purge_asks_for_a_trashed_map_too(library: Library, monkeypatch) -> None:
    cli(library, "delete", "ours")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))  # enter: keep it
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    before = everything(library.root)
    code, out, err = cli(library, "purge", "ours")
    assert code == 1
    assert err.startswith("This removes 'Sunday nights' (in the trash) with its 2 saved versions")
    assert err.splitlines()[-1] == "cyclemap: nothing was purged ('ours' is as it was)"
    assert everything(library.root) == before


def test_an_id_deleted_twice_is_two_entries_and_a_key_names_one(library: Library) -> None:
    cli(library, "delete", "ours")
    library.save(model.validate_map(map_data(id="ours", title="Second one")))
    cli(library, "delete", "ours")
    code, out, _ = cli(library, "trash")
    assert len(out.splitlines()) == 3 and "--json has each key" in out
    older = json.loads(cli(library, "trash", "--json")[1])[-1]["key"]
    code, out, err = cli(library, "purge", older, "--yes")
    assert code == 0, err
    code, out, _ = cli(library, "restore", "ours")
    assert code == 0 and "'Second one'" in out


def test_a_trashed_map_asked_for_says_where_it_is(library: Library) -> None:
    cli(library, "delete", "ours")
    for command in (["show", "ours"], ["history", "ours"], ["export", "ours"], ["delete", "ours"]):
        result = cyclemap(library, *command)
        assert result.returncode == 1 and result.stderr.count("\n") == 1, command
        assert result.stderr.endswith(
            "; it is in the trash: cyclemap restore ours brings it back\n"
        ), result.stderr
