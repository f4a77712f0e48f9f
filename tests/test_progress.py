"""Progress for long work (issue 16.6): a bar on a terminal once a second has passed, nothing
when stderr is not a terminal; the library says how far its first index has got."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from rich.console import Console

from cyclemap.cli.progress import progress_bar
from cyclemap.store import Library
from tests.conftest import EXAMPLES


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=80, color_system=None), out


def test_a_bar_is_shown_on_a_terminal_once_the_work_is_long() -> None:
    console, out = terminal()
    with progress_bar("Reading your maps", after=0, console=console) as update:
        for done in range(1, 6):
            update(done, 5)
    assert "Reading your maps" in out.getvalue() and "5/5" in out.getvalue()


def test_no_bar_for_work_that_is_quick() -> None:
    console, out = terminal()
    with progress_bar("Reading your maps", after=60, console=console) as update:
        update(1, 5)
    assert out.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with progress_bar("Reading your maps", after=0) as update:
        update(1, 5)
    assert err.getvalue() == ""


def test_the_library_says_how_far_its_index_has_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cyclemap.store import layout

    monkeypatch.setattr(layout, "RACY_NS", 0)  # files written just now are remembered too
    root = tmp_path / "library"
    root.mkdir(mode=0o700)
    for example in EXAMPLES:
        shutil.copy(example, root / example.name)
    seen: list[tuple[int, int]] = []
    first = Library(root).summaries(lambda done, total: seen.append((done, total)))
    assert seen == [(n, len(EXAMPLES)) for n in range(1, len(EXAMPLES) + 1)]
    seen.clear()
    again = Library(root).summaries(lambda done, total: seen.append((done, total)))
    assert seen == []  # nothing read again: nothing to wait for
    assert (
        [e.id for e in again] == [e.id for e in first] == [e.id for e in Library(root).summaries()]
    )
