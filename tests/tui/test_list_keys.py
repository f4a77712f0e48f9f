"""Letters are text on every list: typed words only filter, never act (issue 12.1).

Each test types real words, names included, and checks that nothing but the filter changed:
the same screen, no dialog, no note, and every file of the library as it was, to the byte.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.widgets.map_list import MapList

from .conftest import settle

WORDS = ["daydream", "yesterday", "n", "Priya", "delete", "x", "rename"]
SENTENCE = (
    "Yesterday Priya and Tom had a row about the dishes; she said 'you never listen!' "
    "and he went quiet (again) — next time: pause, breathe & talk. 100% [bold] ok?/"
)


def files_of(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under the library with its bytes and mtime: what 'nothing changed' means."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if name in {".index.json", ".lock"} or Path(folder).name == ".views":
                continue  # caches, rewritten by any listing; the lock of a write
            found[str(path.relative_to(root))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def filter_value(app) -> str:
    return app.screen.query_one("#filter", Input).value


async def burst(pilot, text: str) -> None:
    """Every key of `text` queued before the first is handled, as one write from a terminal
    (a paste without bracketed paste, a text expander, tmux send-keys) delivers them."""
    for character in text:
        key = {" ": "space", "/": "slash", "?": "question_mark"}.get(character, character)
        if not character.isalnum() and key == character:
            from textual.keys import _character_to_key

            key = _character_to_key(character)
        pilot.app.post_message(events.Key(key, character))
    await settle(pilot)


@pytest.mark.parametrize("word", WORDS)
async def test_a_word_typed_on_the_library_only_filters(
    word: str, library: Path, app_factory
) -> None:
    before = files_of(library)
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press(*word)
        await settle(pilot)
        assert app.screen is screen and isinstance(screen, LibraryScreen)
        assert filter_value(app) == word
        assert not app._notifications
    assert files_of(library) == before


@pytest.mark.parametrize("word", ["daydream", "yesterday"])
async def test_a_burst_of_keys_only_filters_in_order(word: str, library: Path, app_factory) -> None:
    before = files_of(library)
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await burst(pilot, word)
        assert app.screen is screen
        assert filter_value(app) == word
    assert files_of(library) == before


async def test_a_long_sentence_typed_on_the_library_changes_no_file(
    library: Path, app_factory
) -> None:
    before = files_of(library)
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await burst(pilot, SENTENCE)
        assert app.screen is screen
        assert filter_value(app) == SENTENCE
        # Backspace from the list edits the filter too; escape clears it.
        await pilot.press("escape")
        assert filter_value(app) == "" and isinstance(app.focused, MapList)
        await pilot.press(*"priyax")
        await pilot.press("down", "backspace")
        assert filter_value(app) == "priya"
        await pilot.press("escape", "slash", *"tom")
        assert filter_value(app) == "tom"  # "/" first still just goes to the filter
    assert files_of(library) == before


@pytest.mark.parametrize("where", ["history", "trash"])
async def test_a_long_sentence_typed_on_every_other_list_changes_no_file(
    where: str, library: Path, app_factory
) -> None:
    from cyclemap.store import Library
    from cyclemap.tui.screens.history import HistoryScreen
    from cyclemap.tui.screens.trash import TrashScreen

    Library(library).delete("quiet-house")  # something in the trash to type over
    before = files_of(library)
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if where == "history":
            await pilot.press("down", "down", "enter")
            await settle(pilot)
            await pilot.press("h")
        else:
            await pilot.press("ctrl+t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen if where == "history" else TrashScreen)
        await burst(pilot, SENTENCE)
        assert app.screen is screen
        field = "#version-filter" if where == "history" else "#trash-filter"
        assert screen.query_one(field, Input).value == SENTENCE
    assert files_of(library) == before
