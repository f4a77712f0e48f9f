"""Fixtures for the TUI tests: a library of the examples, a frozen clock, a private home."""

from __future__ import annotations

import io
import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Button, Input, TextArea

from cyclemap.tui.app import CycleMapApp
from cyclemap.tui.screens.welcome import MARKER

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
# "Now" for every test: the examples' dates then read as fixed words ("21 Apr 2026").
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
# Files get this mtime, so nothing on screen depends on when the test ran.
FILE_TIME = datetime(2026, 11, 18, 9, 30, tzinfo=UTC).timestamp()
BROKEN = "notes-from-june.toml"


def frozen_clock() -> datetime:
    return NOW


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake home folder: exports land here, never in the real one."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def seen_welcome(root: Path) -> None:
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    (root / MARKER).touch(mode=0o600)


@pytest.fixture
def empty_library(home: Path) -> Path:
    """Inside the fake home, so paths on screen read '~/cyclemap/…' in every run."""
    root = home / "cyclemap"
    seen_welcome(root)
    return root


@pytest.fixture
def library(empty_library: Path) -> Path:
    """The examples, and one broken file (a map with a key cyclemap doesn't know). The quiet
    house is kept without its couple: the library's "Other maps" needs a map of no couple."""
    for example in EXAMPLES:
        shutil.copy(example, empty_library / example.name)
    quiet = empty_library / "quiet-house.toml"
    lines = quiet.read_text(encoding="utf-8").splitlines(keepends=True)
    quiet.write_text("".join(x for x in lines if not x.startswith("couple =")), encoding="utf-8")
    text = (empty_library / "sunday-nights.toml").read_text(encoding="utf-8")
    broken = text.replace('id = "sunday-nights"', 'id = "notes-from-june"').replace(
        'notes = "', 'mood = "tired"\nnotes = "', 1
    )
    (empty_library / BROKEN).write_text(broken, encoding="utf-8")
    for path in empty_library.glob("*.toml"):
        os.utime(path, (FILE_TIME, FILE_TIME))
    return empty_library


def make_app(root: Path, home: Path | None = None, **options) -> CycleMapApp:
    app = CycleMapApp(root, **options)
    app.clock = frozen_clock
    if home is not None:
        app.export_dir = home
    return app


@pytest.fixture
def app_factory(home: Path) -> Callable[..., CycleMapApp]:
    def factory(root: Path, **options) -> CycleMapApp:
        return make_app(root, home, **options)

    return factory


async def settle(pilot: Pilot) -> None:
    """Let screens mount and bindings refresh; a steady cursor for pictures."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    await pilot.pause()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10) -> None:
    """Pause until `condition()` holds: for what an app's timer does (a folder watch, a draft
    written after the last key), instead of a fixed sleep that is too long on a quiet machine
    and too short on a busy one. Fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"still not so after {timeout} s"
        await pilot.pause(0.01)


async def click_button(pilot: Pilot, selector: str) -> None:
    """Click a Button as a person would: once it takes clicks. For `active_effect_duration` after
    a click a Button shows it was pressed and ignores clicks; a test is quicker than a person,
    and its second click on the same button would otherwise do nothing."""
    button = pilot.app.screen.query_one(selector, Button)
    for _ in range(8):  # twice the effect at most, then the click as it comes
        if not button.has_class("-active"):  # what Button checks before it takes a click
            break
        await pilot.pause(button.active_effect_duration / 4)
    await pilot.click(selector)


def screen_text(app: CycleMapApp) -> str:
    """What the terminal shows now, as plain text: the same render `export_screenshot` makes
    (the full screen, modal backgrounds included), exported as text instead of SVG."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)
