"""The library screen: listing, broken files, filtering, open, rename, delete."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Input

from cyclemap.store import Library
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.message import MessageScreen
from cyclemap.tui.screens.rename import RenameScreen
from cyclemap.tui.widgets.map_list import MapList

from .conftest import BROKEN, screen_text, settle, wait_until

TITLES = ["Money talk", "Sunday nights", "The quiet house", "Who forgot"]
# The list's order: grouped by couple (couples alphabetically), then the other maps, then the
# broken file; by title within a group.
BROKEN_ID = BROKEN.removesuffix(".toml")
LISTED = ["who-forgot", "money-talk", "sunday-nights", "quiet-house", f"broken:{BROKEN}"]


def rows(app) -> list:
    map_list = app.screen.query_one("#maps", MapList)
    if not map_list.display:
        return []
    return list(map_list.rows)


def option_ids(app) -> list[str]:
    """The maps (and broken files) listed, without the group headings."""
    return [row.id for row in rows(app) if not row.heading]


def headings(app) -> list[str]:
    return [
        " ".join(line.plain for line in app.screen.row_lines(row)).strip()
        for row in rows(app)
        if row.heading
    ]


async def test_lists_every_map_and_the_broken_file(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        text = screen_text(app)
        for title in TITLES:
            assert title in text
        assert "The Sunday spiral" in text
        assert "Priya & Tom · pursue–withdraw · 15 Mar 2026" in text
        assert "Leila & Marcus · attack–attack" in text
        assert BROKEN in text and "can't be read" in text
        assert "mood" in text  # the reason names the unknown key
        assert len(option_ids(app)) == 5


async def test_relative_dates(library: Path, app_factory) -> None:
    # The same map, seen from a clock an hour and three days later.
    app = app_factory(library)
    from datetime import timedelta

    from .conftest import NOW

    updated = tomllib.loads((library / "who-forgot.toml").read_text())["updated"]
    app.clock = lambda: updated + timedelta(hours=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert f"today {updated:%H:%M}" in screen_text(app)
        app.clock = lambda: updated + timedelta(days=3)
        app.screen.refresh_list()
        await settle(pilot)
        assert "3 days ago" in screen_text(app)
        app.clock = lambda: NOW
        app.screen.refresh_list()
        await settle(pilot)
        assert "2 May 2026" in screen_text(app)


async def test_filter_narrows_with_every_keystroke(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("P")
        assert len(option_ids(app)) == 3  # Priya (twice) and "Keeping score"
        await pilot.press("R", "I")
        assert option_ids(app) == ["money-talk", "sunday-nights"]  # Priya, any case
        await pilot.press("backspace", "backspace", "backspace")
        assert len(option_ids(app)) == 5
        for key in "kenji":
            await pilot.press(key)
        assert option_ids(app) == ["quiet-house"]
        await pilot.press(*["backspace"] * 5, *"audit")  # a cycle name
        assert option_ids(app) == ["money-talk"]
        await pilot.press(*["backspace"] * 5, *"leila &")  # the couple field
        assert option_ids(app) == ["who-forgot"]
        await pilot.press("x", "y", "z")
        assert option_ids(app) == []
        assert "Nothing matches “leila &xyz”" in screen_text(app)
        await pilot.press("escape")
        assert len(option_ids(app)) == 5
        assert isinstance(app.focused, MapList)


async def test_arrows_from_the_filter_and_escape_from_the_list(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"priya", "down")
        assert isinstance(app.focused, MapList)
        assert app.screen.current().id == "sunday-nights"
        await pilot.press("escape")
        assert len(option_ids(app)) == 5
        assert app.screen.query_one("#filter", Input).value == ""
        assert app.screen.current().id == "sunday-nights"  # the highlight stays put


async def test_enter_from_the_filter_opens_the_match(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"quiet", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert app.screen.cycle_map.id == "quiet-house"


async def test_open_and_back(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert app.screen.cycle_map.id == "sunday-nights"
        assert "Priya" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_click_opens(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#maps", offset=(5, 0))  # a heading: nothing to open
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # Line 0 the heading "Leila & Marcus", 1-2 Who forgot, 3-4 a gap and "Priya & Tom".
        await pilot.click("#maps", offset=(5, 5))
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert app.screen.cycle_map.id == "money-talk"


async def test_broken_file_shows_its_reason_and_is_left_alone(library: Path, app_factory) -> None:
    broken = library / BROKEN
    before = broken.read_bytes(), broken.stat().st_mtime_ns
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        text = screen_text(app)
        assert "can't be read" in text and "mood" in text
        await pilot.press("escape")
        # Rename, delete and export are not offered for a broken file.
        await pilot.press("f2", "delete", "ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert (broken.read_bytes(), broken.stat().st_mtime_ns) == before


async def test_delete_asks_first_and_moves_to_the_trash(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        # Exactly how to bring it back.
        assert "trash" in text and "cyclemap restore sunday-nights --data-dir" in text
        await pilot.press("enter")  # the focus is on "Keep"
        await settle(pilot)
        assert (library / "sunday-nights.toml").exists()
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert not (library / "sunday-nights.toml").exists()
        assert "sunday-nights" not in option_ids(app)
    (entry,) = Library(library).trash()
    assert entry.map_id == "sunday-nights" and "Priya" in entry.map_path.read_text()
    # And the command named does bring it back.
    Library(library).restore_trashed("sunday-nights")
    assert tomllib.loads((library / "sunday-nights.toml").read_text())["title"] == "Sunday nights"


async def test_rename_changes_the_title_not_the_id(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "f2")
        await settle(pilot)
        assert isinstance(app.screen, RenameScreen)
        await pilot.press("ctrl+u", *"Sunday [b]evenings[/")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "Sunday [b]evenings[/" in screen_text(app)
    data = tomllib.loads((library / "sunday-nights.toml").read_text())
    assert data["id"] == "sunday-nights"
    assert data["title"] == "Sunday [b]evenings[/"
    assert data["partners"][0]["name"] == "Priya"


async def test_rename_refuses_an_empty_title(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "ctrl+u", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RenameScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert tomllib.loads((library / "who-forgot.toml").read_text())["title"] == "Who forgot"


async def test_empty_library_welcomes(empty_library: Path, app_factory) -> None:
    app = app_factory(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Press ctrl+n (or enter) to map your first cycle" in text
        assert "Filter" not in text


async def test_empty_library_starts_the_walkthrough(empty_library: Path, app_factory) -> None:
    from cyclemap.tui.screens.walkthrough import WalkthroughScreen

    for keys in (["ctrl+n"], ["enter"]):
        app = app_factory(empty_library)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press(*keys)
            await settle(pilot)
            assert isinstance(app.screen, WalkthroughScreen)


async def test_markup_like_text_is_shown_as_typed(empty_library: Path, app_factory) -> None:
    source = (Path(__file__).parents[2] / "examples" / "who-forgot.toml").read_text()
    source = (
        source.replace('title = "Who forgot"', 'title = "[bold]Who[/bold] forgot [/"')
        .replace('cycle_name = "Keeping score"', 'cycle_name = "[@click=app.quit]score[/]"')
        .replace('name = "Leila"', 'name = "Sam [i]"')
        .replace('name = "Marcus"', 'name = "🌧 Marcus"')
    )
    (empty_library / "who-forgot.toml").write_text(source)
    app = app_factory(empty_library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]Who[/bold] forgot [/" in text
        assert "[@click=app.quit]score[/]" in text
        assert "Sam [i] & 🌧 Marcus" in text
        await pilot.press("slash", *"[i]")
        assert option_ids(app) == ["who-forgot"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        text = screen_text(app)
        assert "Sam [i]" in text and "[bold]Who[/bold] forgot [/" in text


# -- several cycles per couple ----------------------------------------------------------------


async def test_maps_are_grouped_by_couple(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert headings(app) == ["Leila & Marcus", "Priya & Tom", "Other maps"]
        assert option_ids(app) == LISTED
        text = screen_text(app)
        # Each couple's name once as a heading, with its cycles under it.
        assert text.index("Priya & Tom") < text.index("Money talk") < text.index("Sunday nights")
        assert text.index("Other maps") < text.index("The quiet house")


async def test_the_arrows_go_from_map_to_map(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        seen = [app.screen.current().id]
        for _ in range(4):
            await pilot.press("down")
            seen.append(app.screen.current().id if app.screen.current() else None)
        assert seen == ["who-forgot", "money-talk", "sunday-nights", "quiet-house", BROKEN_ID]
        for _ in range(4):
            await pilot.press("up")
        assert app.screen.current().id == "who-forgot"
        await pilot.press("end")
        assert app.screen.current().id == BROKEN_ID
        await pilot.press("home")
        assert app.screen.current().id == "who-forgot"
        await pilot.press("pagedown", "pageup")
        assert app.screen.current() is not None  # never a heading


async def test_the_first_heading_comes_back_into_view(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 14)) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert "Leila & Marcus" not in screen_text(app)
        await pilot.press("home")
        await settle(pilot)
        assert "Leila & Marcus" in screen_text(app)
        await pilot.press("pageup")  # nothing above: the first map stays highlighted
        assert app.screen.current().id == "who-forgot"
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert app.screen.current() is not None


async def test_the_filter_works_across_the_groups(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"priya")
        assert headings(app) == ["Priya & Tom"]
        assert option_ids(app) == ["money-talk", "sunday-nights"]
        assert app.screen.current().id == "money-talk"  # the first match, not the heading
        await pilot.press(*["backspace"] * 5, *"the")  # two cycle names and a title
        assert headings(app) == ["Priya & Tom", "Other maps"]
        assert option_ids(app) == ["money-talk", "sunday-nights", "quiet-house"]
        await pilot.press(*["backspace"] * 3, *"kenji")
        assert headings(app) == ["Other maps"]
        assert option_ids(app) == ["quiet-house"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert app.screen.cycle_map.id == "quiet-house"


async def test_without_couples_the_list_is_plain(empty_library: Path, app_factory) -> None:
    from .conftest import EXAMPLES

    for example in EXAMPLES:
        lines = example.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = "".join(line for line in lines if not line.startswith("couple ="))
        (empty_library / example.name).write_text(kept, encoding="utf-8")
    app = app_factory(empty_library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert headings(app) == []
        assert option_ids(app) == ["money-talk", "sunday-nights", "quiet-house", "who-forgot"]


async def test_one_couple_however_it_is_spelled(empty_library: Path, app_factory) -> None:
    from .conftest import EXAMPLES

    spellings = {"money-talk": "priya  &  TOM", "sunday-nights": "Priya & Tom"}
    for example in EXAMPLES:
        text = example.read_text(encoding="utf-8")
        stem = example.stem
        if stem in spellings:
            text = text.replace('couple = "Priya & Tom"', f'couple = "{spellings[stem]}"')
        (empty_library / example.name).write_text(text, encoding="utf-8")
    app = app_factory(empty_library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        # Named as the first of its maps (by title) writes it, spaces tidied.
        assert headings(app) == ["Kenji & Ruth", "Leila & Marcus", "priya & TOM"]
        assert option_ids(app)[2:4] == ["money-talk", "sunday-nights"]


async def test_a_couple_name_is_shown_as_typed(empty_library: Path, app_factory) -> None:
    from .conftest import EXAMPLES

    text = EXAMPLES[0].read_text(encoding="utf-8")
    text = text.replace('couple = "Priya & Tom"', 'couple = "[b]Priya[/b] & Tom [/"')
    (empty_library / EXAMPLES[0].name).write_text(text, encoding="utf-8")
    app = app_factory(empty_library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert "[b]Priya[/b] & Tom [/" in screen_text(app)


async def test_a_long_title_ends_in_an_ellipsis_within_the_width(
    empty_library: Path, app_factory
) -> None:
    from .conftest import EXAMPLES

    title = "Who forgot the dinner and why it hurts 🌧 so much every time [bold] the end"
    sunday = next(example for example in EXAMPLES if example.stem == "sunday-nights")
    text = sunday.read_text(encoding="utf-8")
    text = text.replace('title = "Sunday nights"', f'title = "{title.strip()}"')
    (empty_library / sunday.name).write_text(text, encoding="utf-8")
    app = app_factory(empty_library)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        shown = next(line for line in lines if "Who forgot the dinner" in line)
        assert shown.rstrip().endswith("…")
        assert all(len(line) <= 60 for line in lines)
        # The whole title is on the map's own screen.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)


async def test_thousands_of_maps_scroll_and_filter(empty_library: Path, app_factory) -> None:
    from .conftest import EXAMPLES

    sunday = next(example for example in EXAMPLES if example.stem == "sunday-nights")
    source = sunday.read_text(encoding="utf-8")
    for number in range(2000):
        text = source.replace('id = "sunday-nights"', f'id = "map-{number:04d}"')
        text = text.replace('title = "Sunday nights"', f'title = "Night {number:04d}"')
        (empty_library / f"map-{number:04d}.toml").write_text(text, encoding="utf-8")
    app = app_factory(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(option_ids(app)) == 2000
        await pilot.press("end")
        await settle(pilot)
        assert app.screen.current().id == "map-1999"
        assert "Night 1999" in screen_text(app)
        await pilot.press("pageup")
        assert app.screen.current().id < "map-1999"
        await pilot.press("slash", *"night 0042")
        await settle(pilot)
        assert option_ids(app) == ["map-0042"]
        assert "Night 0042" in screen_text(app)


async def test_the_first_listing_of_a_big_library_runs_no_garbage_collection(
    empty_library: Path, app_factory, monkeypatch
) -> None:
    """Thousands of maps are tens of thousands of objects and no cycles: the collector is not
    run while they are listed and their rows made (it walked them all in the first paint),
    and then they are frozen, as they live as long as the app."""
    import gc

    from .conftest import EXAMPLES

    source = next(e for e in EXAMPLES if e.stem == "sunday-nights").read_text(encoding="utf-8")
    for number in range(1500):
        text = source.replace('id = "sunday-nights"', f'id = "map-{number:04d}"')
        (empty_library / f"map-{number:04d}.toml").write_text(text, encoding="utf-8")
    Library(empty_library).summaries()  # the index built, as a first paint finds it
    collections: list[int] = []
    listing = False
    reload = LibraryScreen.reload

    def listed(screen: LibraryScreen) -> None:
        nonlocal listing
        listing = True
        try:
            reload(screen)
        finally:
            listing = False

    def count(phase: str, info: dict) -> None:
        if listing and phase == "start":
            collections.append(info["generation"])

    monkeypatch.setattr(LibraryScreen, "reload", listed)
    gc.callbacks.append(count)
    try:
        app = app_factory(empty_library)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert len(option_ids(app)) == 1500
            assert gc.isenabled()
    finally:
        gc.callbacks.remove(count)
    assert collections == []
    assert gc.get_freeze_count() > 0


async def test_a_map_added_behind_its_back_appears(library: Path, app_factory, monkeypatch) -> None:
    import shutil

    import cyclemap.tui.screens.library as library_screen

    from .conftest import EXAMPLES

    monkeypatch.setattr(library_screen, "WATCH_SECONDS", 0.05)
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        highlighted = app.screen.current().id
        # As `cyclemap import` in another terminal would: a new file, then one gone.
        sunday = next(example for example in EXAMPLES if example.stem == "sunday-nights")
        text = sunday.read_text(encoding="utf-8").replace('"sunday-nights"', '"late-nights"')
        (library / "late-nights.toml").write_text(text.replace("Sunday nights", "Late nights"))
        await wait_until(pilot, lambda: "late-nights" in option_ids(app))
        assert app.screen.current().id == highlighted  # the cursor stays where it was
        (library / "quiet-house.toml").unlink()
        await wait_until(pilot, lambda: "quiet-house" not in option_ids(app))
        # Not while another screen is on top: it lists again when it is back.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        shutil.copy(sunday, library / "extra.toml")
        await pilot.pause(0.3)
        assert isinstance(app.screen, MapScreen)
