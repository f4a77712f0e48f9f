"""The broken-file corpus (tests/data/broken/, plus a few made at test time): for each kind,
`cyclemap check` exits 1 with one clear line and no traceback; the library (CLI and app) shows
every other map and marks the broken file with its reason; and no file is ever changed.

Set CYCLEMAP_CORPUS_REPORT to a path to get the figures as JSON (scripts/robustness.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cyclemap import cli, store
from cyclemap.store import Library
from tests.conftest import map_data
from tests.strategies import CONTROL

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "broken"
FILE_TIME_NS = 1_700_000_000_000_000_000

# Each kind, and words its one-line reason must hold.
EXPECTED = {
    "truncated.toml": "is not valid TOML: at the end of the file",
    "invalid-utf8.toml": "is not UTF-8 text (byte 0xe9 on line 3",
    "bom-utf16.toml": "is saved as UTF-16 text",
    "utf8-bom-and-bad-toml.toml": "is not valid TOML: line 3",
    "empty.toml": "the file is empty",
    "binary.toml": "is not a text file (it holds binary data)",
    "nul-in-text.toml": "is not a text file (it holds binary data)",
    "three-partners.toml": "partners: must list exactly two partners (found 3)",
    "unknown-key.toml": "unknown key 'mood'",
    "escape-in-key.toml": "unknown key '\\x1b[2J\\x1b]0;pwned\\x07'",
    "newer-schema.toml": "made by a newer version of cyclemap (schema_version 2)",
    "missing-answer.toml": "Sam · underlying_feeling: is missing",
    "wrong-type.toml": "Sam · trigger: must be text",
    "bad-position.toml": "Sam · position: must be 'pursue' or 'withdraw'",
    "bad-date.toml": "created: must be a date and time",
    "partners-not-tables.toml": "partner 1: must be a table of answers",
    "id-leaves-library.toml": "id: may hold only lowercase letters, digits",
    "duplicate-key.toml": "is not valid TOML: line 4, column 17: cannot overwrite a value",
    "nested-too-deep.toml": "is not valid TOML: it is nested too deeply",
    "answer-too-long.toml": "Sam · underlying_feeling: must be at most 1,000 characters",
    # Made at test time (too big to keep in the repository):
    "huge-answer.toml": "is too large to be a map (5.0 MiB)",
    "big-answer.toml": "Alex · trigger: must be at most 1,000 characters (has 1,500,000)",
}
GENERATED = {"huge-answer.toml", "big-answer.toml"}
REPORT_ENV = "CYCLEMAP_CORPUS_REPORT"
FIGURES = {"kinds": len(EXPECTED), "handled": set(), "files_changed": 0}

# In one xdist worker: the module-wide fixtures (22 `cyclemap check` processes) are built once,
# and FIGURES sees every test.
pytestmark = pytest.mark.xdist_group("broken-corpus")


def _generate(folder: Path) -> None:
    from cyclemap.model import validate_map

    good = store.map_to_toml(validate_map(map_data(id="huge-answer")))
    answer = "x" * (5 * 1024 * 1024)
    (folder / "huge-answer.toml").write_text(
        good.replace('"Sam goes quiet when I bring something up"', f'"{answer}"')
    )
    good = store.map_to_toml(validate_map(map_data(id="big-answer")))
    (folder / "big-answer.toml").write_text(
        good.replace('"Sam goes quiet when I bring something up"', f"'{'y' * 1_500_000}'")
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind in one folder, with a fixed mtime, so a change would show."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.glob("*.toml"):
        shutil.copy(path, folder / path.name)
    _generate(folder)
    for path in folder.iterdir():
        os.utime(path, ns=(FILE_TIME_NS, FILE_TIME_NS))
    return folder


# cyclemap's own bookkeeping in a library (the save lock, the listing cache, the welcome mark,
# made private when the app starts), not a map.
OWN_FILES = {".lock", ".index.json", ".welcome-seen"}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, mtime and mode (links: their target's)."""
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode)
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name not in OWN_FILES
    }


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    target = os.environ.get(REPORT_ENV)
    if target:
        Path(target).write_text(
            json.dumps({**FIGURES, "handled": len(FIGURES["handled"])}), encoding="utf-8"
        )


def test_the_corpus_holds_every_kind() -> None:
    kept = {path.name for path in CORPUS.glob("*.toml")}
    assert kept == set(EXPECTED) - GENERATED
    assert len(EXPECTED) >= 12


def one_clear_line(stderr: str, path: Path, reason: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert not CONTROL.search(stderr), ascii(stderr)
    assert stderr.startswith(f"cyclemap: {path}: "), stderr
    assert reason in stderr, (reason, stderr)


@pytest.fixture(scope="module")
def checked(corpus: Path) -> dict[str, subprocess.CompletedProcess]:
    """`cyclemap check` on every kind, as a real process, a few at a time."""
    before = snapshot(corpus)
    results = {}
    names = sorted(EXPECTED)
    for start in range(0, len(names), 6):
        running = {
            name: subprocess.Popen(
                [sys.executable, "-m", "cyclemap", "check", str(corpus / name)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            )
            for name in names[start : start + 6]
        }
        for name, process in running.items():
            out, err = process.communicate(timeout=60)
            results[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    assert snapshot(corpus) == before
    return results


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_check_exits_1_with_one_clear_line(corpus: Path, checked, kind: str) -> None:
    result = checked[kind]
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    if len(lines) > 1:  # check lists every problem: a heading line, then one line each
        assert "Traceback" not in result.stderr and not CONTROL.search(result.stderr)
        assert lines[0] == f"cyclemap: {corpus / kind}: {len(lines) - 1} problems"
        assert all(line.startswith("  ") for line in lines[1:])
        assert any(EXPECTED[kind] in line for line in lines[1:]), lines
    else:
        one_clear_line(result.stderr, corpus / kind, EXPECTED[kind])
    # In-process too: show, export and import refuse it the same way and write nothing.
    library = corpus.parent / f"library-{kind}"
    before = snapshot(corpus)
    for argv in (
        ["show", str(corpus / kind)],
        ["export", str(corpus / kind), "--format", "html"],
        ["import", str(corpus / kind)],
        ["import", str(corpus / kind), "--replace"],
    ):
        code, out, err = run_cli("--data-dir", str(library), *argv)
        assert code == 1 and out == "", (argv, out)
        one_clear_line(err, corpus / kind, EXPECTED[kind])
    assert snapshot(corpus) == before
    assert not library.exists() or not any(library.glob("*.toml"))
    assert not (ROOT.parent / "outside.toml").exists()
    FIGURES["handled"].add(kind)


def run_cli(*argv: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


GOOD_MAPS = {
    "apples": "Apples and pears",
    "bicycles": "Bicycles",
    "zebra": "Zebra crossing",
}


@pytest.fixture
def mixed_library(tmp_path: Path, corpus: Path) -> Path:
    """Three good maps, every broken kind, a good map with a UTF-8 BOM, a link out."""
    from cyclemap.model import validate_map
    from cyclemap.tui.screens.welcome import MARKER

    root = tmp_path / "library"
    library = Library(root)
    for map_id, title in GOOD_MAPS.items():
        library.save(validate_map(map_data(id=map_id, title=title)))
    for path in corpus.iterdir():
        shutil.copy(path, root / path.name)
    bom = store.map_to_toml(validate_map(map_data(id="with-bom", title="Has a BOM")))
    (root / "with-bom.toml").write_bytes(b"\xef\xbb\xbf" + bom.encode())
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(store.map_to_toml(validate_map(map_data(id="link-out"))))
    (root / "link-out.toml").symlink_to(outside)
    (root / MARKER).touch()
    for path in root.iterdir():
        if path.is_file() and not path.is_symlink():
            os.utime(path, ns=(FILE_TIME_NS, FILE_TIME_NS))
    return root


BROKEN_IN_LIBRARY = {
    **{name: reason for name, reason in EXPECTED.items() if name != "id-leaves-library.toml"},
    # In the library an id must also match its file name.
    "id-leaves-library.toml": "id: may hold only lowercase letters, digits",
    "link-out.toml": "is a link out of the library",
}
GOOD_IDS = ["apples", "bicycles", "with-bom", "zebra"]


def test_the_library_lists_every_other_map_and_marks_each_broken_one(
    mixed_library: Path,
) -> None:
    before = snapshot(mixed_library)
    entries = Library(mixed_library).entries()
    assert [entry.id for entry in entries if not entry.broken] == GOOD_IDS
    broken = {entry.path.name: entry.error for entry in entries if entry.broken}
    assert set(broken) == set(BROKEN_IN_LIBRARY)
    for name, reason in BROKEN_IN_LIBRARY.items():
        assert reason in broken[name], (name, broken[name])

    summaries = Library(mixed_library).summaries()
    assert [entry.id for entry in summaries if entry.map is not None] == GOOD_IDS
    listed = {entry.name: entry.error for entry in summaries if entry.map is None}
    assert listed == broken

    code, out, err = run_cli("--data-dir", str(mixed_library), "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == GOOD_IDS
    warnings = err.splitlines()
    assert len(warnings) == len(BROKEN_IN_LIBRARY)
    for name, reason in BROKEN_IN_LIBRARY.items():
        assert any(name in line and reason in line for line in warnings), name
    assert not CONTROL.search(out + err)
    code, out, _ = run_cli("--data-dir", str(mixed_library), "list", "--json")
    assert [row["id"] for row in json.loads(out)] == GOOD_IDS

    after = snapshot(mixed_library)
    changed = [name for name in before if before[name] != after.get(name)]
    FIGURES["files_changed"] += len(changed)
    assert changed == []
    assert set(after) == set(before)  # nothing new either (no history, no lock, no temp)


def test_the_app_lists_every_other_map_and_marks_each_broken_one(mixed_library: Path) -> None:
    from cyclemap.tui.app import CycleMapApp
    from cyclemap.tui.screens.library import LibraryScreen
    from cyclemap.tui.screens.message import MessageScreen
    from cyclemap.tui.widgets.map_list import MapList

    before = snapshot(mixed_library)

    async def scenario() -> None:
        app = CycleMapApp(mixed_library)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            options = screen.query_one("#maps", MapList)
            prompts = [
                "\n".join(line.plain for line in screen.row_lines(row)) for row in options.rows
            ]
            assert len(prompts) == len(GOOD_IDS) + len(BROKEN_IN_LIBRARY)
            for name, reason in BROKEN_IN_LIBRARY.items():
                assert any(name in p and "can't be read" in p and reason in p for p in prompts), (
                    name
                )
            for title in [*GOOD_MAPS.values(), "Has a BOM"]:
                assert any(p.startswith(title) for p in prompts), title
            # Open a few broken ones: a calm message, the file left alone.
            for index in (len(GOOD_IDS), len(prompts) // 2, len(prompts) - 1):
                options.highlight(index)
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, MessageScreen)
                svg = app.export_screenshot()
                assert not CONTROL.search(svg)
                await pilot.press("escape")
                await pilot.pause()

    asyncio.run(scenario())
    after = snapshot(mixed_library)
    changed = [name for name in before if before[name] != after.get(name)]
    FIGURES["files_changed"] += len(changed)
    assert changed == []


def test_hostile_file_names_are_listed_on_one_clean_line(tmp_path: Path) -> None:
    """A synced or downloaded file may be called anything: its name must not act on the
    terminal or break the listing's one line a file."""
    from cyclemap.model import validate_map

    root = tmp_path / "library"
    Library(root).save(validate_map(map_data(id="good")))
    names = ["\x1b[31mred", "\x1b]0;pwned\x07", "line\nbreak", "bad\udcffbyte", "[bold]"]
    for name in names:
        (root / f"{name}.toml").write_bytes(b"not a map")
    code, out, err = run_cli("--data-dir", str(root), "list")
    assert code == 0 and out.split()[0] == "good"
    assert len(err.splitlines()) == len(names), err
    assert not CONTROL.search(out + err), ascii(err)
