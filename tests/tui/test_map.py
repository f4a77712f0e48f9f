"""The map screen: the diagram, edit, delete, ASCII, and maps opened by id or by path."""

from __future__ import annotations

import shutil
from pathlib import Path

from cyclemap.store import fingerprint
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.message import MessageScreen

from .conftest import BROKEN, EXAMPLES, screen_text, settle


async def test_open_by_id_shows_the_loop(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        text = screen_text(app)
        assert "Sunday nights" in text and "Priya · pursues" in text
        assert "╭" in text
        # The library is underneath: escape goes back to it.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_ascii_toggle(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        text = screen_text(app)
        assert "╭" not in text and "+- Priya" in text


async def test_the_whole_map_scrolls_into_view(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        text = screen_text(app)
        assert "Notes" in text and "plan the week on Sunday night" in text


async def test_delete_from_the_map(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("d", "y")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert not (library / "who-forgot.toml").exists()
    assert list((library / "history" / "who-forgot").iterdir())


async def test_edit_hands_the_fingerprint_to_the_review(library: Path, app_factory) -> None:
    from cyclemap.tui.screens.reveal import ReviewScreen

    expected = fingerprint(library / "sunday-nights.toml")
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.cycle_map.id == "sunday-nights"
        assert app.screen.expected == expected
        assert app.screen.mode == "edit"


async def test_a_file_outside_the_library(library: Path, app_factory, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "sunday-nights.toml"
    outside.parent.mkdir()
    shutil.copy(EXAMPLES[2], outside)
    before = outside.read_bytes()
    app = app_factory(library, start="open", map_ref=str(outside))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert not app.screen.opened.in_library
        assert "outside your library" in screen_text(app)
        await pilot.press("d")  # not ours to delete: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        from cyclemap.tui.screens.reveal import ReviewScreen

        assert isinstance(app.screen, ReviewScreen)
        # The library already has sunday-nights: the copy gets a free id, saved as new.
        assert app.screen.cycle_map.id != "sunday-nights"
        assert app.screen.expected is None
    assert outside.read_bytes() == before


async def test_missing_map_is_a_calm_message(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="no-such-map")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert "can't be opened" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_broken_file_by_path_is_a_calm_message(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref=str(library / BROKEN))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert "mood" in screen_text(app)


async def test_not_toml_at_all(library: Path, app_factory, tmp_path: Path) -> None:
    junk = tmp_path / "junk.toml"
    junk.write_bytes(b"\xff\xfe[[[ not toml")
    app = app_factory(library, start="open", map_ref=str(junk))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
