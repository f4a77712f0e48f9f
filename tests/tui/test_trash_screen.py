"""Undo in the app (issue 12.2) and the note after a delete (issue 16): a deleted map is brought
back by ctrl+z at once, or later from the trash view (ctrl+t), which also purges after asking."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from cyclemap.store import Library
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.trash import TrashScreen
from cyclemap.tui.widgets.map_list import MapList

from .conftest import screen_text, settle, wait_until
from .test_list_keys import files_of


def listed(app) -> list[str]:
    map_list = app.screen.query_one(MapList)
    return [row.id for row in map_list.rows if not row.heading] if map_list.display else []


def note(app) -> Static | None:
    found = app.screen.query("#undo")
    return found.first(Static) if found and found.first().display else None


async def delete_highlighted(pilot) -> None:
    await pilot.press("delete")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("left", "enter")  # from "Keep" to "Delete"
    await settle(pilot)


async def test_undo_right_after_a_delete_brings_everything_back(library: Path, app_factory) -> None:
    before = files_of(library)
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        assert app.screen.current().id == "sunday-nights"
        await delete_highlighted(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "sunday-nights" not in listed(app)
        shown = screen_text(app)
        assert "Deleted “Sunday nights”" in shown and "ctrl+z undo" in shown
        assert app.screen.current().id == "quiet-house"  # the next one, not back at the top
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "sunday-nights" in listed(app)
        assert app.screen.current().id == "sunday-nights"  # highlighted again
        assert "Brought back" in screen_text(app)
    assert files_of(library) == before
    assert Library(library).trash() == []


async def test_the_note_is_short_lived_and_stays_on_the_library(
    library: Path, app_factory, monkeypatch
) -> None:
    # Issue 16: the "Deleted" toast stayed 30 s and followed onto the next screen over a button.
    import cyclemap.tui.screens.library as library_screen

    monkeypatch.setattr(library_screen, "UNDO_SECONDS", 0.3)
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await delete_highlighted(pilot)
        assert note(app) is not None and not app._notifications
        await pilot.press("enter")  # open the next map: the note does not come along
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert "Deleted" not in screen_text(app) and not app._notifications
        await pilot.press("escape")
        await settle(pilot)
        assert note(app) is None  # and it is gone when the library is back
        await pilot.press("ctrl+z")  # nothing to undo any more: nothing happens
        await settle(pilot)
        await delete_highlighted(pilot)
        assert note(app) is not None
        await wait_until(pilot, lambda: note(app) is None)
        assert "ctrl+z undo" not in screen_text(app)
    assert len(Library(library).trash()) == 2


async def test_delete_from_the_map_offers_undo_on_the_library(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await delete_highlighted(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "Deleted “Who forgot”" in screen_text(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "who-forgot" in listed(app)
    assert (library / "who-forgot.toml").exists()


async def test_the_trash_view_lists_filters_and_brings_back(library: Path, app_factory) -> None:
    lib = Library(library)
    lib.delete("sunday-nights")
    lib.delete("money-talk")
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        assert listed(app) == [e.key for e in lib.trash()]  # newest first
        text = screen_text(app)
        assert "Money talk" in text and "Sunday nights" in text and "2 maps" in text
        # Letters are text here too: "delete" typed is a filter, never a purge.
        await pilot.press(*"sunday")
        await settle(pilot)
        assert app.screen.query_one("#trash-filter", Input).value == "sunday"
        assert len(listed(app)) == 1 and len(lib.trash()) == 2
        await pilot.press("enter")  # from the filter: brings the match back
        await settle(pilot)
        assert (library / "sunday-nights.toml").exists()
        await pilot.press("escape", "escape")  # empty the filter, then back
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.current().id == "sunday-nights"
    assert [e.map_id for e in lib.trash()] == ["money-talk"]


async def test_purge_from_the_trash_asks_and_keeps_by_default(library: Path, app_factory) -> None:
    lib = Library(library)
    lib.delete("sunday-nights")
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "cannot be brought back" in screen_text(app)
        await pilot.press(*"yes", "enter")  # no letter answers it; enter is "Keep"
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen) and len(lib.trash()) == 1
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        assert "The trash is empty." in screen_text(app)
    assert lib.trash() == []
    assert not [name for name in files_of(library) if name.startswith("trash")]
