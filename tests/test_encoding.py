"""Output whatever the locale: UTF-8 into files and pipes, and for a terminal that can't show
UTF-8, plain characters instead of an error (issue 12: a Windows redirect, PYTHONIOENCODING or
LANG=C made every printing command fail with UnicodeEncodeError)."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

COMMANDS = [
    ["list"],
    ["show", "sunday-nights"],
    ["export", "sunday-nights"],
    ["export", "sunday-nights", "--format", "md"],
    ["export", "sunday-nights", "--format", "card"],
    ["history", "sunday-nights"],
    ["log", "sunday-nights"],
    ["log", "sunday-nights", "--summary"],
    ["worksheet"],
    ["show", "no-such-map"],
]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir(mode=0o700)
    for example in EXAMPLES:
        shutil.copy(example, root / example.name)
    return root


def environment(**changes: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LC_")}
    env.update(changes)
    return env


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv[:3]))
@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "cp1252"}, {"PYTHONIOENCODING": "ascii"}, {"LANG": "C", "LC_ALL": "C"}],
    ids=["cp1252", "ascii", "C"],
)
def test_a_pipe_gets_utf8_whatever_the_locale(
    library: Path, argv: list[str], env: dict[str, str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cyclemap", "--data-dir", str(library), *argv],
        capture_output=True,
        env=environment(**env),
        timeout=60,
    )
    assert b"unexpected error" not in result.stderr
    assert result.returncode == (1 if "no-such-map" in argv else 0), result.stderr
    result.stdout.decode("utf-8")  # whole UTF-8, never cut at the first character it lacks
    result.stderr.decode("utf-8")
    if argv[:2] == ["show", "sunday-nights"]:
        assert "·" in result.stdout.decode("utf-8")  # the Unicode drawing, as in a file


def on_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cyclemap", *argv],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment(**env),
    )
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end is closed: the command is done
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    return process.wait(timeout=30), seen


@pytest.mark.parametrize(
    "argv", [["list"], ["show", "sunday-nights"], ["history", "sunday-nights"]]
)
def test_a_terminal_without_utf8_gets_plain_characters(library: Path, argv: list[str]) -> None:
    code, screen = on_a_terminal(
        ["--data-dir", str(library), *argv], {"PYTHONIOENCODING": "ascii", "COLUMNS": "100"}
    )
    assert code == 0, screen
    assert screen.isascii()
    assert b"unexpected error" not in screen
    if argv[0] == "list":
        assert b"pursue-withdraw" in screen  # the en dash, written as a plain dash
    if argv[0] == "show":
        assert b"+- Priya" in screen  # the ASCII drawing, not a "?" for every box corner
