"""`-o PATH` for exports and the worksheet (store/outfile.py): no overwrite without --force or a
yes, never through a link, never into a pipe, and `DIR/` is a folder."""

from __future__ import annotations

import os
import pty
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cyclemap.store import StoreError
from cyclemap.store.outfile import OutputExists, _link_new, output_path, write_output
from tests.conftest import EXAMPLES

EXAMPLE = str(EXAMPLES[0])
OLD = b"the file that was here\n"


def cyclemap(*argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cyclemap", *argv],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the user's that a planted link points at."""
    path = tmp_path / "victim.txt"
    path.write_bytes(OLD)
    path.chmod(0o644)
    return path


# ---- the command line -------------------------------------------------------------------------


def test_an_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "ours.txt"
    target.write_bytes(OLD)
    target.chmod(0o644)
    result = cyclemap("export", EXAMPLE, "-o", str(target))
    assert result.returncode == 1
    assert result.stderr.strip().endswith("already exists; add --force to replace it")
    assert target.read_bytes() == OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_force_replaces_it_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "ours.txt"
    target.write_bytes(OLD)
    target.chmod(0o644)
    result = cyclemap("export", EXAMPLE, "-o", str(target), "--force")
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() != OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["ours.txt"]  # no temporary file left


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_planted_link_is_refused_and_its_target_untouched(
    tmp_path: Path, victim: Path, force: bool
) -> None:
    link = tmp_path / "export.txt"
    link.symlink_to(victim)
    result = cyclemap("export", EXAMPLE, "-o", str(link), *(["--force"] if force else []))
    assert result.returncode == 1
    assert "is a link; cyclemap never writes through one" in result.stderr
    assert victim.read_bytes() == OLD and link.is_symlink()


def test_a_dangling_link_creates_nothing_where_it_points(tmp_path: Path) -> None:
    link = tmp_path / "export.txt"
    elsewhere = tmp_path / "elsewhere" / "planted.txt"
    elsewhere.parent.mkdir()
    link.symlink_to(elsewhere)
    result = cyclemap("export", EXAMPLE, "-o", str(link))
    assert result.returncode == 1 and "is a link" in result.stderr
    assert not elsewhere.exists()


def test_a_pipe_is_refused_at_once_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "out.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = cyclemap("export", EXAMPLE, "-o", str(fifo), "--force", timeout=20)
    assert result.returncode == 1
    assert "is a pipe, not a file" in result.stderr
    assert time.monotonic() - started < 15  # opening it would have hung with no reader


def test_a_name_ending_in_a_slash_is_a_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "newdir"
    result = cyclemap("export", EXAMPLE, "--format", "md", "-o", f"{folder}/")
    assert result.returncode == 0, result.stderr
    assert folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in folder.iterdir()] == [f"{EXAMPLES[0].stem}.md"]
    assert stat.S_IMODE((folder / f"{EXAMPLES[0].stem}.md").stat().st_mode) == 0o600


def test_dev_null_still_takes_output(tmp_path: Path) -> None:
    result = cyclemap("export", EXAMPLE, "-o", os.devnull)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_worksheet_follows_the_same_rules(tmp_path: Path, victim: Path) -> None:
    link = tmp_path / "sheet.txt"
    link.symlink_to(victim)
    assert "is a link" in cyclemap("worksheet", "-o", str(link)).stderr
    assert victim.read_bytes() == OLD
    assert cyclemap("worksheet", "-o", f"{tmp_path}/sheets/").returncode == 0
    assert (tmp_path / "sheets" / "cyclemap-worksheet.txt").is_file()
    again = cyclemap("worksheet", "-o", f"{tmp_path}/sheets/")
    assert again.returncode == 1 and "add --force" in again.stderr


def _run_in_a_terminal(argv: list[str], answer: bytes) -> tuple[int, str]:
    """The command with a terminal as stdin and stderr, answering its question."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cyclemap", *argv],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 30
    while b"[y/N]" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            seen += os.read(leader, 1024)
    os.write(leader, answer)
    process.wait(timeout=30)
    with_rest = seen
    while select.select([leader], [], [], 0.2)[0]:
        try:
            chunk = os.read(leader, 1024)
        except OSError:
            break
        if not chunk:
            break
        with_rest += chunk
    os.close(leader)
    return process.returncode, with_rest.decode("utf-8", "replace")


@pytest.mark.parametrize(("answer", "replaced"), [(b"y\n", True), (b"\n", False)])
def test_at_a_terminal_it_asks_and_enter_keeps_the_file(
    tmp_path: Path, answer: bytes, replaced: bool
) -> None:
    target = tmp_path / "ours.txt"
    target.write_bytes(OLD)
    code, screen = _run_in_a_terminal(["export", EXAMPLE, "-o", str(target)], answer)
    assert "already exists. Replace it? [y/N]" in screen
    assert code == (0 if replaced else 1)
    assert (target.read_bytes() != OLD) is replaced


# ---- the module ------------------------------------------------------------------------------


def test_a_link_appearing_at_the_last_moment_is_not_written_through(
    tmp_path: Path, victim: Path
) -> None:
    temp = tmp_path / ".out.txt.tmp"
    temp.write_bytes(b"new words")
    link = tmp_path / "out.txt"
    link.symlink_to(victim)  # planted between the look and the link
    with pytest.raises(OutputExists):
        _link_new(temp, link)
    assert victim.read_bytes() == OLD


def test_new_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_output(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o600


def test_a_missing_folder_and_a_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        write_output(tmp_path / "no" / "such.txt", b"x")
    (tmp_path / "sub").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        write_output(tmp_path / "sub", b"x")
    assert output_path(str(tmp_path / "sub"), "map.txt") == tmp_path / "sub" / "map.txt"
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is not a folder"):
        output_path(f"{tmp_path}/file/", "map.txt")
