"""Hostile maps in the app (headless, `run_test`): the map screen, the library and the review
open without a crash, and no control character ever reaches the screen."""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot

from cyclemap import model
from cyclemap.store import Library
from cyclemap.tui.app import CycleMapApp
from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.welcome import MARKER
from tests.fuzz.conftest import budget as _budget
from tests.fuzz.conftest import count
from tests.strategies import CONTROL, TRICKY, cycle_maps

sizes = st.sampled_from([(20, 10), (40, 12), (60, 20), (80, 24), (120, 40), (200, 50)])


def new_library(folder: Path) -> Path:
    root = folder / "library"
    root.mkdir(mode=0o700)
    (root / MARKER).touch(mode=0o600)  # the welcome was seen: straight to the library
    return root


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_svg(app: CycleMapApp, where: str) -> str:
    """The screen as the terminal would show it; it must hold no control character."""
    svg = app.export_screenshot()
    found = CONTROL.search(svg)
    assert found is None, f"{where}: {found.group()!r} reached the screen"
    ET.fromstring(svg)
    return svg


def screen_words(svg: str) -> str:
    import html

    return html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))).replace(
        "\xa0", " "
    )


async def tour(app: CycleMapApp, pilot: Pilot) -> None:
    """The map screen, its ASCII form, the bottom, the review, and the library."""
    await settle(pilot)
    assert isinstance(app.screen, MapScreen), app.screen
    screen_svg(app, "map")
    await pilot.press("a", "end")
    await settle(pilot)
    screen_svg(app, "map (ASCII, scrolled)")
    await pilot.press("e")
    await settle(pilot)
    screen_svg(app, "review")
    await pilot.press("escape")
    await settle(pilot)
    if not isinstance(app.screen, MapScreen):  # "leave without saving?" should not be asked
        screen_svg(app, "after the review")
        await pilot.press("escape")
        await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, LibraryScreen), app.screen
    screen_svg(app, "library")


def run_app(root: Path, size: tuple[int, int], map_id: str) -> None:
    async def scenario() -> None:
        app = CycleMapApp(root, start="open", map_ref=map_id)
        app.export_dir = root.parent
        app.animation_level = "none"
        async with app.run_test(size=size) as pilot:
            await tour(app, pilot)

    asyncio.run(scenario())


@_budget(0.02, ci=12)
@given(cycle_maps(), sizes)
def test_any_map_on_the_map_screen_and_in_the_library(
    cycle_map: model.CycleMap, size: tuple[int, int]
) -> None:
    count("tui")
    with tempfile.TemporaryDirectory() as folder:
        root = new_library(Path(folder))
        library = Library(root)
        library.save(cycle_map)
        before = (root / f"{cycle_map.id}.toml").read_bytes()
        run_app(root, size, cycle_map.id)
        # Looking is not changing: the file is exactly as it was.
        assert (root / f"{cycle_map.id}.toml").read_bytes() == before


MARKUP_MAP = {
    "schema_version": 1,
    "id": "markup",
    "title": "[b]bold?[/b] [/",
    "cycle_name": "[@click=app.quit]quit[/]",
    "partners": [
        {
            "name": "[red]Al",
            "position": "pursue",
            "trigger": "[link=https://x.example]y[/link]",
            "protective_move": ":smile: [/bold]",
            "underlying_feeling": "[reverse]deep",
        },
        {
            "name": "Sam]",
            "position": "withdraw",
            "trigger": "\x1b[31mred\x1b[0m words",
            "protective_move": "I [i]leave[/i]",
            "underlying_feeling": "\u202eshame\u202c",
        },
    ],
}


async def test_markup_in_a_map_is_shown_as_typed(tmp_path: Path) -> None:
    root = new_library(tmp_path)
    Library(root).save(model.validate_map(MARKUP_MAP))
    app = CycleMapApp(root, start="open", map_ref="markup")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        words = screen_words(screen_svg(app, "map"))
        for literal in (
            "[b]bold?[/b] [/",
            "[red]Al",
            "[link=https://x.example]y[/link]",
            ":smile: [/bold]",
            "I [i]leave[/i]",
            "red words",
            "shame",
        ):
            assert literal in words, literal
        await pilot.press("escape")
        await settle(pilot)
        words = screen_words(screen_svg(app, "library"))
        assert "[b]bold?[/b] [/" in words and "[@click=app.quit]quit[/]" in words
    assert app.return_code in (None, 0)


HOSTILE_NAMES = [
    "\x1b[31mred",
    "\x1b]0;pwned\x07",
    "[bold]x",
    "[",
    "[@click=app.quit]",
    "\u202eevil",
    "bad\udcffbyte",
    "tab\there",
    "new\nline",
    "👩\u200d❤️\u200d💋\u200d👨",
]


@pytest.mark.skipif(sys.platform == "win32", reason="these names are POSIX-only")
async def test_broken_files_with_hostile_names_are_listed_cleanly(tmp_path: Path) -> None:
    root = new_library(tmp_path)
    Library(root).save(model.validate_map(MARKUP_MAP | {"title": "A good map"}))
    for name in HOSTILE_NAMES:
        (root / f"{name}.toml").write_bytes(b"not a map")
    app = CycleMapApp(root)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        screen_svg(app, "library")
        assert len(app.screen.entries) == len(HOSTILE_NAMES) + 1
        # Open a few broken ones: the message names the file, and shows nothing raw.
        for _ in range(3):
            await pilot.press("down", "enter")
            await settle(pilot)
            screen_svg(app, "the broken file's message")
            await pilot.press("escape")
            await settle(pilot)


async def test_pasted_text_never_reaches_the_screen_raw(tmp_path: Path) -> None:
    """A paste is the one way a terminal hands a field raw control characters."""
    from textual import events
    from textual.widgets import Input

    root = new_library(tmp_path)
    Library(root).save(model.validate_map(MARKUP_MAP))
    app = CycleMapApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        field = app.screen.query_one("#filter", Input)
        for piece in [p for p in TRICKY if CONTROL.search(p) or "[" in p]:
            field.value = ""
            app.post_message(events.Paste(f"zz{piece}zz"))  # as the terminal driver does
            await settle(pilot)
            assert not CONTROL.search(field.value), ascii(field.value)
            screen_svg(app, f"the filter after pasting {piece!r}")


def tricky_maps() -> list[model.CycleMap]:
    """Every tricky piece somewhere in a map, in every field, a few pieces a map."""
    maps = []
    pieces = list(TRICKY)
    for number in range(0, len(pieces), 16):
        chunk = pieces[number : number + 16]
        text = "x " + " ".join(chunk)  # some chunks are all control characters
        maps.append(
            model.validate_map(
                {
                    "schema_version": 1,
                    "id": f"tricky-{number}",
                    "title": f"T {text}"[:100],
                    "cycle_name": text[:60],
                    "couple": text[:85],
                    "pause_phrase": text,
                    "warning_signs": text,
                    "notes": text * 3,
                    "partners": [
                        {
                            "name": f"A {text}"[:40],
                            "position": "pursue",
                            "trigger": text,
                            "protective_move": text,
                            "underlying_feeling": text,
                            "guess": text,
                            "reach": text,
                            "respond": text,
                            "fear": text,
                            "meaning": text,
                        },
                        {
                            "name": f"B {chunk[-1]}"[:40],
                            "position": "pursue",
                            "trigger": text,
                            "protective_move": text * 2,
                            "underlying_feeling": text,
                            "reach": text,
                        },
                    ],
                }
            )
        )
    return maps


@pytest.mark.parametrize("size", [(20, 10), (120, 40)])
def test_every_tricky_piece_in_the_app(tmp_path: Path, size: tuple[int, int]) -> None:
    maps = tricky_maps()
    root = new_library(tmp_path)
    library = Library(root)
    for cycle_map in maps:
        library.save(cycle_map)

    async def scenario() -> None:
        app = CycleMapApp(root)
        app.animation_level = "none"
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen_svg(app, "library")
            for cycle_map in maps:
                app.show_map(cycle_map.id)
                await settle(pilot)
                assert isinstance(app.screen, MapScreen)
                screen_svg(app, f"map {cycle_map.id}")
                if size[0] > 100:
                    await pilot.press("a", "end")
                    await settle(pilot)
                    screen_svg(app, f"map {cycle_map.id} (ASCII)")
                await pilot.press("escape")
                await settle(pilot)

    asyncio.run(scenario())


@_budget(0.02, ci=6)
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")).filter(str.isprintable),
        max_size=40,
    )
)
def test_any_text_typed_on_the_library_only_filters(typed: str) -> None:
    """Letters are text on a list (issue 12.1): whatever is typed, in one burst, lands whole in
    the filter; no dialog opens and no file changes."""
    from textual import events
    from textual.keys import _character_to_key
    from textual.widgets import Input

    count("tui")
    with tempfile.TemporaryDirectory() as folder:
        root = new_library(Path(folder))
        library = Library(root)
        library.save(model.validate_map(MARKUP_MAP))
        before = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}

        async def scenario() -> None:
            app = CycleMapApp(root)
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
                screen = app.screen
                for character in typed:  # queued at once, as one write from a terminal
                    app.post_message(events.Key(_character_to_key(character), character))
                await settle(pilot)
                assert app.screen is screen
                shown = typed[1:] if typed.startswith("/") else typed  # "/" first: the filter
                assert screen.query_one("#filter", Input).value == shown
                screen_svg(app, "the library after typing")

        asyncio.run(scenario())
        after = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}
        assert {k: v for k, v in after.items() if k not in {".index.json", ".lock"}} == {
            k: v for k, v in before.items() if k not in {".index.json", ".lock"}
        }
