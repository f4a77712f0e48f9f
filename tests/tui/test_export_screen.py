"""Export from the library and from a map: pick a format, a file; never replace without asking."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.export import ExportScreen
from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.screens.map import MapScreen

from .conftest import click_button, settle


async def test_export_text_from_the_library(library: Path, app_factory, home: Path) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        path_input = app.screen.query_one("#path", Input)
        assert path_input.value == "~/sunday-nights.txt"
        await click_button(pilot, "#ok")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        messages = [n.message for n in app._notifications]
        assert "Exported to ~/sunday-nights.txt" in messages
    written = home / "sunday-nights.txt"
    assert "Priya" in written.read_text(encoding="utf-8")
    assert written.stat().st_mode & 0o077 == 0


async def test_the_suggested_name_follows_the_format(library: Path, app_factory, home) -> None:
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        # The formats are radio buttons: move to the fifth (JSON) and pick it.
        await pilot.press("down", "down", "down", "down", "enter")
        assert app.screen.format == "json"
        assert app.screen.query_one("#path", Input).value == "~/who-forgot.json"
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
    assert json.loads((home / "who-forgot.json").read_text())["id"] == "who-forgot"


async def test_a_typed_name_is_kept_and_lands_in_the_folder(library, app_factory, home) -> None:
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press("ctrl+u", *"for-session.md")
        await pilot.press("shift+tab", "down", "enter")  # Markdown; the typed name stays
        assert app.screen.query_one("#path", Input).value == "for-session.md"
        await pilot.press("tab", "enter")
        await settle(pilot)
    assert (home / "for-session.md").read_text().startswith("#")


async def test_replacing_a_file_asks_first(library: Path, app_factory, home: Path) -> None:
    existing = home / "who-forgot.txt"
    existing.write_text("my own notes")
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await click_button(pilot, "#ok")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#no")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert existing.read_text() == "my own notes"
        await click_button(pilot, "#ok")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
    assert "Leila" in existing.read_text()


async def test_a_folder_that_does_not_exist(library: Path, app_factory, home: Path) -> None:
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("tab", "ctrl+u", *"/no/such/folder/x.txt", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        hint = str(app.screen.query_one("#export-hint").render())
        assert "no folder" in hint
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
    assert list(home.glob("*.txt")) == []
