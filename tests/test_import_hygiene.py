"""The core never imports Textual: the non-interactive commands must start fast, and the core
must stay usable as a library (STYLE.md habit 1)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import cyclemap
from tests.conftest import EXAMPLES

# Every module outside cyclemap.tui, those inside core packages (cli/, …) included.
CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(cyclemap.__path__, "cyclemap.")
    if info.name.split(".")[1] not in {"tui", "__main__"}
)

PROBE = """
import io, json, sys, contextlib
from cyclemap.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "cyclemap"} and m.startswith(("textual", "cyclemap.tui")))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def test_core_modules_are_found() -> None:
    assert {
        "cyclemap.model",
        "cyclemap.store",
        "cyclemap.store.guard",
        "cyclemap.store.library",
        "cyclemap.cli.map_commands",
        "cyclemap.cli",
        "cyclemap.diagram",
        "cyclemap.export",
        "cyclemap.walkthrough",
        "cyclemap.walkthrough_draft",
        "cyclemap.walkthrough_words",
    } <= set(CORE_MODULES)


def test_importing_the_core_does_not_import_textual() -> None:
    code = f"import sys; import {', '.join(CORE_MODULES)}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["where"],
        ["show", str(EXAMPLES[0]), "--width", "80"],
        ["export", str(EXAMPLES[0]), "--format", "text", "-o", "-"],
        ["export", str(EXAMPLES[0]), "--format", "svg", "-o", "-"],
        ["export", str(EXAMPLES[0]), "--format", "md", "-o", "-"],
        ["check", str(EXAMPLES[0])],
        ["worksheet"],
        ["worksheet", "--format", "html"],
        ["show", "no-such-map"],
        ["history", str(EXAMPLES[0])],
        ["diff", str(EXAMPLES[0])],
        ["log", str(EXAMPLES[0]), "--summary"],
    ],
    ids=lambda argv: " ".join(argv[:2]).replace("/", "_"),
)
def test_commands_that_print_never_import_textual(argv: list[str], tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(tmp_path), *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []


HELP_PROBE = """
import io, json, sys, contextlib
from cyclemap.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit:
        code = exit.code
heavy = sorted(m for m in sys.modules if m.startswith(("textual", "cyclemap.tui")))
print(json.dumps({"code": code, "heavy": heavy, "out": out.getvalue()}))
"""


@pytest.mark.parametrize(
    "argv",
    [["pause", "--help"], ["talk", "--help"], ["pause", "no-such-map"], ["talk", "no-such-map"]],
    ids=" ".join,
)
def test_pause_and_talk_import_textual_only_to_open_the_app(argv: list[str], tmp_path) -> None:
    """Their help, and a map that isn't there, are answered before the app is imported."""
    result = subprocess.run(
        [sys.executable, "-c", HELP_PROBE, "--data-dir", str(tmp_path), *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["heavy"] == []
    if argv[1] == "--help":
        assert report["code"] == 0 and argv[0] in report["out"]
    else:
        assert report["code"] == 1


START_PROBE = """
import json, sys
from cyclemap.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
# What no command needs to start: shutil (and the bz2, lzma and zlib it imports) is asked only
# to remove a folder, difflib only for a mistake, shlex only after the app; dataclasses (and
# inspect) are not needed before Rich is.
NOT_AT_START = {"shutil", "bz2", "lzma", "difflib", "shlex"}


def test_importing_the_command_line_imports_nothing_it_does_not_need() -> None:
    code = "import json, sys, cyclemap.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert modules & (NOT_AT_START | {"dataclasses", "inspect"}) == set()


@pytest.mark.parametrize(
    "argv",
    # Not a first `list`: it validates every map with the model, and pydantic imports shutil
    # (through importlib.metadata).
    [["where"], ["export", "sunday-nights", "-o", "-"], ["show", "sunday-nights"]],
    ids=lambda argv: argv[0],
)
def test_a_command_of_the_library_starts_without_what_it_does_not_need(
    argv: list[str], tmp_path
) -> None:
    data = ["--data-dir", str(tmp_path / "library")]
    for example in EXAMPLES:
        imported = [sys.executable, "-m", "cyclemap", *data, "import", str(example)]
        subprocess.run(imported, check=True, capture_output=True)
    done = subprocess.run(
        [sys.executable, "-c", START_PROBE, *data, *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert set(report["modules"]) & NOT_AT_START == set()
