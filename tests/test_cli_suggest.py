"""'Did you mean': a mistyped command, choice or map id is answered with the nearest one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cyclemap.suggest import close_match
from tests.conftest import EXAMPLES


def cyclemap(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cyclemap", *argv], capture_output=True, text=True)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    for example in EXAMPLES:
        assert cyclemap("--data-dir", str(library), "import", str(example)).returncode == 0
    return library


def test_a_mistyped_command_is_answered_with_the_nearest() -> None:
    done = cyclemap("shwo")
    assert done.returncode == 2
    assert (
        done.stderr.splitlines()[-1] == "cyclemap: error: no command 'shwo'; did you mean 'show'?"
    )


def test_a_command_like_none_says_where_to_look() -> None:
    done = cyclemap("zzzz")
    assert done.returncode == 2
    assert (
        done.stderr.splitlines()[-1] == "cyclemap: error: no command 'zzzz'; see 'cyclemap --help'"
    )


def test_a_mistyped_format_is_answered_with_the_nearest() -> None:
    done = cyclemap("export", str(EXAMPLES[0]), "--format", "mdd")
    assert done.returncode == 2
    last = done.stderr.splitlines()[-1]
    assert last.startswith("cyclemap export: error: argument --format: 'mdd' is not one of text")
    assert last.endswith("; did you mean 'md'?")


def test_a_mistyped_choice_cannot_act_on_the_terminal() -> None:
    done = cyclemap("export", str(EXAMPLES[0]), "--format", "\x1b[2Jmd")
    assert done.returncode == 2 and "\x1b" not in done.stderr


@pytest.mark.parametrize("command", ["show", "export", "open", "history", "diff", "log"])
def test_a_mistyped_map_id_is_answered_with_the_nearest(library: Path, command: str) -> None:
    done = cyclemap("--data-dir", str(library), command, "sunday-night")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "cyclemap: no map 'sunday-night'; did you mean 'sunday-nights'?\n"


def test_a_map_id_like_none_says_where_it_looked(library: Path) -> None:
    done = cyclemap("--data-dir", str(library), "show", "zzzz")
    assert done.returncode == 1
    assert done.stderr == f"cyclemap: no map called 'zzzz' in the library ({library})\n"


def test_close_match() -> None:
    assert close_match("shwo", ["show", "list"]) == "show"
    assert close_match("sunday-night", ["sunday-nights", "money-talk"]) == "sunday-nights"
    assert close_match("zzzz", ["show", "list"]) is None
    assert close_match("", []) is None
