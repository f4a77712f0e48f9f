"""Rough edges a new user hit on the command line (issue 16.5), each as a person meets it."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

SUNDAY = next(e for e in EXAMPLES if e.stem == "sunday-nights")


def cyclemap(*argv: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cyclemap", *argv], capture_output=True, text=True, **kwargs
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    assert cyclemap("--data-dir", str(library), "import", str(SUNDAY)).returncode == 0
    return library


def test_a_relative_data_dir_is_printed_absolute(tmp_path: Path) -> None:
    done = cyclemap("--data-dir", "relative-lib", "where", cwd=tmp_path)
    assert done.stdout == f"{tmp_path / 'relative-lib'}\n"
    done = cyclemap("where", cwd=tmp_path, env={**os.environ, "CYCLEMAP_HOME": "rel"})
    assert done.stdout == f"{tmp_path / 'rel'}\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("argv", [["export", str(SUNDAY)], ["list"], ["show", str(SUNDAY)]])
def test_a_full_disk_behind_stdout_is_named(argv: list[str], library: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cyclemap", "--data-dir", str(library), *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 1
    assert done.stderr == (
        "cyclemap: could not write to standard output (/dev/full): No space left on device\n"
    )


@pytest.mark.parametrize("command", ["check", "show", "import", "export"])
def test_a_folder_is_said_the_same_way_by_every_command(command: str, tmp_path: Path) -> None:
    done = cyclemap(command, str(tmp_path))
    assert done.returncode == 1
    assert done.stderr == f"cyclemap: {tmp_path}: is a folder, not a map file\n"


@pytest.mark.parametrize("command", ["check", "show", "import"])
def test_a_missing_file_is_said_the_same_way(command: str, tmp_path: Path) -> None:
    done = cyclemap(command, str(tmp_path / "nope.toml"))
    assert done.stderr == f"cyclemap: {tmp_path / 'nope.toml'}: no such file\n"


def test_present_with_nothing_prints_presents_usage() -> None:
    done = cyclemap("present")
    assert done.returncode == 2
    assert done.stderr.startswith("usage: cyclemap present ")
    assert done.stderr.splitlines()[-1] == (
        "cyclemap present: error: give a map's id or --demo (one of the two)"
    )


def test_purge_counts_in_words(library: Path, tmp_path: Path) -> None:
    done = cyclemap("--data-dir", str(library), "purge", "sunday-nights", "--yes")
    assert done.stdout == (
        "Purged sunday-nights with no saved versions; nothing of it is left in the library.\n"
    )
    assert cyclemap("--data-dir", str(library), "import", str(SUNDAY)).returncode == 0
    changed = tmp_path / SUNDAY.name
    changed.write_text(SUNDAY.read_text().replace('title = "', 'title = "Changed: ', 1))
    again = cyclemap("--data-dir", str(library), "import", str(changed), "--replace")
    assert again.returncode == 0
    done = cyclemap("--data-dir", str(library), "purge", "sunday-nights", "--yes")
    assert done.stdout == (
        "Purged sunday-nights with its 1 saved version; nothing of it is left in the library.\n"
    )


def test_purge_names_the_log_too(library: Path) -> None:
    added = cyclemap(
        "--data-dir", str(library), "log", "sunday-nights", "--add", "--what", "x", "--caught", "no"
    )
    assert added.returncode == 0
    done = cyclemap("--data-dir", str(library), "purge", "sunday-nights", "--yes")
    assert done.stdout == (
        "Purged sunday-nights with no saved versions and its check-in log; nothing of it is "
        "left in the library.\n"
    )


def broken(library: Path) -> Path:
    path = library / "sunday-nights.toml"
    text = SUNDAY.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("title =")]
    fixed = "\n".join(lines).replace('trigger = "', 'trigger = "" #', 2)
    path.write_text(fixed + "\n", encoding="utf-8")
    return path


def test_a_broken_files_list_line_says_how_to_see_every_problem(library: Path) -> None:
    path = broken(library)
    done = cyclemap("--data-dir", str(library), "list")
    assert done.stderr == (
        f"cyclemap: warning: skipped {path}: title: is missing "
        "(and 2 more problems; cyclemap check lists them all)\n"
    )


def test_check_lists_every_problem(library: Path) -> None:
    path = broken(library)
    done = cyclemap("check", str(path))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"cyclemap: {path}: 3 problems",
        "  title: is missing",
        "  Priya · trigger: is empty",
        "  Tom · trigger: is empty",
    ]


def test_check_of_a_file_with_one_problem_says_it_in_one_line(library: Path) -> None:
    path = library / "sunday-nights.toml"
    text = SUNDAY.read_text(encoding="utf-8")
    path.write_text("\n".join(x for x in text.splitlines() if not x.startswith("title =")))
    done = cyclemap("check", str(path))
    assert done.stderr == f"cyclemap: {path}: title: is missing\n"


def read_until(fd: int, wanted: bytes, timeout: float = 30) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_ctrl_c_at_a_log_prompt_ends_the_line(library: Path) -> None:
    """At a terminal, ctrl+c while `log --add` asks: the prompt's line is ended, so the shell's
    prompt does not start after it."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cyclemap",
            "--data-dir",
            str(library),
            "log",
            "sunday-nights",
            "--add",
        ],
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
        # As at a shell: ctrl+c interrupts (a test run in the background inherits it ignored,
        # and Python then leaves it ignored).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    os.close(child)
    try:
        seen = read_until(main, b"When was it?")
        assert b"When was it?" in seen
        seen += read_until(main, b": ", timeout=2)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 130
        seen += read_until(main, b"nothing was added", timeout=10)
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()
    after = seen.split(b"When was it?", 1)[1].decode()
    prompt, rest = after.split(": ", 1) if ": " in after else (after, "")
    assert rest.startswith("\r\n"), repr(after)
    assert "cyclemap: stopped; nothing was added" in rest
    assert "Traceback" not in rest


@pytest.mark.parametrize(
    "argv", [["history"], ["diff"], ["restore", "V", "1"], ["log"], ["log", "V", "--summary"]]
)
def test_version_commands_take_a_library_files_path(argv: list[str], library: Path) -> None:
    """The help says 'an id, or a path': the path of the library's own file is that map, and
    any other file says in one line why it has no history."""
    path = library / "sunday-nights.toml"

    def run(where: str) -> subprocess.CompletedProcess[str]:
        words = [where if word == "V" else word for word in argv]
        if words == argv:
            words = [*argv, where]
        return cyclemap("--data-dir", str(library), *words, cwd=library)

    by_id, by_path, relative = run("sunday-nights"), run(str(path)), run("./sunday-nights.toml")
    assert by_path.stdout == by_id.stdout and by_path.returncode == by_id.returncode
    assert relative.stdout == by_id.stdout
    outside = run(str(SUNDAY))
    assert (outside.returncode, outside.stdout) == (1, "")
    assert outside.stderr == (
        f"cyclemap: {SUNDAY}: history and check-ins are kept for maps in the library; "
        "add this file with 'cyclemap import' first\n"
    )
