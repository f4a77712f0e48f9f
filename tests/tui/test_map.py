"""The map screen: the diagram, edit, delete, ASCII, and maps opened by id or by path."""

from __future__ import annotations

import shutil
from pathlib import Path

from cyclemap.store import Library, fingerprint, load_file
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


async def test_the_header_and_the_window_say_the_maps_title(
    library: Path, app_factory, tmp_path: Path
) -> None:
    title = "The kitchen [bold]sink[/bold] [/ 🫖"
    text = (library / "who-forgot.toml").read_text(encoding="utf-8")
    (library / "who-forgot.toml").write_text(
        text.replace('title = "Who forgot"', f'title = "{title}"'), encoding="utf-8"
    )
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert f"cyclemap — {title}" in header  # literal: no markup read from it
        assert "A map" not in header
        await pilot.press("p")  # presenting: the window's title is the map's
        await settle(pilot)
        assert app.title == title
        await pilot.press("escape")
        await settle(pilot)
        assert app.title == "cyclemap"
        assert f"cyclemap — {title}" in screen_text(app).splitlines()[0]


async def test_the_map_calls_the_couples_lines_what_the_exports_call_them(
    library: Path, app_factory
) -> None:
    from cyclemap.export import render
    from cyclemap.terms import MAP_LABELS

    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        text = screen_text(app)
        exported = render(load_file(library / "sunday-nights.toml"), "text")
        for key in ("warning_signs", "pause_phrase", "notes"):
            assert MAP_LABELS[key] in text, key
            assert MAP_LABELS[key] in exported, key
        assert "Early signs" not in text


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
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert not (library / "who-forgot.toml").exists()
    assert [entry.map_id for entry in Library(library).trash()] == ["who-forgot"]


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
        await pilot.press("delete")  # not ours to delete: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
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


# -- presentation, history and check-ins from the map -----------------------------------------


def footer_text(app) -> str:
    return screen_text(app).rstrip("\n").splitlines()[-1]


async def test_the_footer_keeps_pause_and_talk_at_80_columns(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = footer_text(app)
        assert footer.startswith("space Pause t Talk ")
        for shown in ("e Edit", "c Check-in", "esc Library", "f1 Help", "f12 Hide"):
            assert shown in footer
        assert footer.rstrip().endswith("▏^p Commands")
        # No room for these at 80 columns: they are in help and the palette, which read the
        # same declared bindings.
        assert "Present" not in footer and "History" not in footer and "Export" not in footer
        from cyclemap.tui.keys import declared_bindings

        ids = {declared.binding.id for declared in declared_bindings(app.screen)}
        assert {"map.present", "map.history", "map.export", "map.delete", "map.ascii"} <= ids
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"present")
        await settle(pilot)  # the palette searches in a worker
        assert "Present (p)" in screen_text(app)


async def test_the_footer_shows_more_keys_at_120_columns(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = footer_text(app)
        assert footer.startswith("space Pause t Talk e Edit c Check-in p Present h History ")
        assert "x Export esc Library f1 Help f12 Hide " in footer
        assert footer.rstrip().endswith("▏^p Commands")
        await pilot.press("space")  # the key it shows is the key
        await settle(pilot)
        from cyclemap.tui.screens.pause import PauseScreen

        assert isinstance(app.screen, PauseScreen)


async def test_the_footer_follows_the_window_in_the_same_order(library: Path, app_factory) -> None:
    """Narrower, the footer drops whole keys, least important first; the others stay in their
    order, Pause stays, and the palette's key stays at the right. Wider again, they come back."""
    from cyclemap.tui.widgets.footer import Footer

    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        everything = footer_text(app).split("▏")[0].split()
        seen = []
        for width in (160, 120, 100, 90, 80, 70, 60, 50, 40, 100, 200):
            await pilot.resize_terminal(width, 24)
            await settle(pilot)
            line = footer_text(app)
            assert len(line.rstrip()) <= width and line.rstrip().endswith("▏^p Commands")
            words = line.split("▏")[0].split()
            assert words[:2] == ["space", "Pause"]
            assert words == [word for word in everything if word in words]  # the same order
            seen.append(len(words))
        assert seen == sorted(seen[:-2], reverse=True) + seen[-2:]  # only fewer as it narrows
        assert seen[-1] == len(everything)
        footer = app.screen.query_one(Footer)
        x = line.index("Hide")
        await pilot.hover(Footer, offset=(x, 0))  # what the mouse finds is what is drawn
        assert footer.tooltip == "Blank the screen at once; any key comes back"


async def test_present_from_the_map_and_back(library: Path, app_factory) -> None:
    from cyclemap.tui.screens.present import PresentScreen

    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        map_screen = app.screen
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PresentScreen)
        assert app.screen.cycle_map == map_screen.cycle_map
        assert not app.screen.example and not app.screen.anonymous
        assert "Sunday nights" in screen_text(app)
        await pilot.press("right", "right")
        await settle(pilot)
        assert app.screen.index == 2
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is map_screen


async def test_present_a_file_outside_the_library(
    library: Path, app_factory, tmp_path: Path
) -> None:
    from cyclemap.tui.screens.present import PresentScreen

    outside = tmp_path / "elsewhere" / "quiet-house.toml"
    outside.parent.mkdir()
    shutil.copy(EXAMPLES[1], outside)
    app = app_factory(library, start="open", map_ref=str(outside))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PresentScreen)
        assert app.screen.cycle_map.id == "quiet-house"


def _save_a_second_version(library: Path) -> None:
    store = Library(library)
    path = library / "sunday-nights.toml"
    old = load_file(path)
    store.save(
        old.touched(title="Sunday evenings", cycle_name="The long week"),
        expected=fingerprint(path),
    )


async def test_history_restores_and_the_map_is_read_again(library: Path, app_factory) -> None:
    from cyclemap.tui.screens.history import HistoryScreen

    _save_a_second_version(library)
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        map_screen = app.screen
        assert "The long week" in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.map_id == "sunday-nights"
        await pilot.press("down", "ctrl+r")  # version 1, the one before the rename
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle(pilot)
        # Back on the same map screen, drawn from the restored file.
        assert app.screen is map_screen
        assert map_screen.cycle_map.title == "Sunday nights"
        text = screen_text(app)
        assert "The Sunday spiral" in text and "The long week" not in text
        assert map_screen.opened.expected == fingerprint(library / "sunday-nights.toml")
        assert app.focused is not None and app.focused.id == "map-scroll"
        # Every key still works on the redrawn screen.
        await pilot.press("a")
        await settle(pilot)
        assert "+- Priya" in screen_text(app)
    assert load_file(library / "sunday-nights.toml").title == "Sunday nights"


async def test_history_left_without_a_restore(library: Path, app_factory) -> None:
    from cyclemap.tui.screens.history import HistoryScreen

    _save_a_second_version(library)
    before = (library / "sunday-nights.toml").read_bytes()
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        map_screen = app.screen
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is map_screen
        assert map_screen.cycle_map.title == "Sunday evenings"
    assert (library / "sunday-nights.toml").read_bytes() == before


async def test_check_in_adds_an_entry_and_the_summary_appears(library: Path, app_factory) -> None:
    from textual.widgets import RadioSet

    from cyclemap import checkin
    from cyclemap.tui.screens.checkin import CheckInScreen, CheckInSummary

    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        map_screen = app.screen
        summary = map_screen.query_one("#checkins", CheckInSummary)
        assert not summary.display  # no check-ins yet: nothing about them
        assert "caught the cycle" not in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press(*"the phone at dinner", "enter")
        await pilot.press("enter")  # "did you catch it?": yes
        app.screen.query_one("#pause", RadioSet).children[0].value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is map_screen
        assert summary.display
        await pilot.press("end")
        await settle(pilot)
        text = screen_text(app)
        assert "How often you caught the cycle" in text and "1 of 1 caught" in text
        # escape from the form adds nothing
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is map_screen
    (entry,) = checkin.load_log(Library(library), "sunday-nights").entries
    assert entry.what_set_it_off == "the phone at dinner" and entry.caught


async def test_a_map_with_check_ins_shows_the_summary(library: Path, app_factory) -> None:
    from datetime import date

    from cyclemap import checkin

    store = Library(library)
    for day, caught in ((date(2026, 10, 3), False), (date(2026, 11, 2), True)):
        entry = checkin.make_entry(when=day, what_set_it_off="late again", caught=caught)
        checkin.add_entry(store, "sunday-nights", entry)
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "2026-10" in text and "2026-11" in text and "1 of 2 caught" in text
        await pilot.press("a")  # the chart follows the ASCII toggle
        await settle(pilot)
        assert "#" in screen_text(app) and "█" not in screen_text(app)


async def test_no_history_or_check_ins_for_a_file_outside(
    library: Path, app_factory, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "sunday-nights.toml"
    outside.parent.mkdir()
    shutil.copy(EXAMPLES[2], outside)
    app = app_factory(library, start="open", map_ref=str(outside))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        map_screen = app.screen
        footer = footer_text(app)
        assert "History" not in footer and "Check-in" not in footer
        assert not map_screen.query("#checkins")
        await pilot.press("h")
        await settle(pilot)
        assert app.screen is map_screen
        await pilot.press("c")
        await settle(pilot)
        assert app.screen is map_screen
    assert not (library / "logs").exists()


async def test_delete_from_the_map_names_the_restore_command(library: Path, app_factory) -> None:
    _save_a_second_version(library)  # its history goes to the trash with it, and comes back
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert "cyclemap restore sunday-nights --data-dir ~/cyclemap" in screen_text(app)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert not (library / "sunday-nights.toml").exists()
    Library(library).restore_trashed("sunday-nights")
    assert load_file(library / "sunday-nights.toml").title == "Sunday evenings"
    assert len(Library(library).history("sunday-nights")) == 1


async def test_a_library_file_whose_id_is_not_its_name(library: Path, app_factory) -> None:
    # The library lists it as broken; opened by its path it is not taken for another map.
    wrong = library / "sunday-copy.toml"
    wrong.write_bytes((library / "sunday-nights.toml").read_bytes())
    app = app_factory(library, start="open", map_ref=str(wrong))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert "must be the same" in screen_text(app)


async def test_the_palette_offers_history_and_check_in(library: Path, app_factory) -> None:
    from cyclemap.tui.screens.history import HistoryScreen

    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"check")
        await settle(pilot)  # the palette searches in a worker
        assert "Check-in (c)" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"earlier versions")  # found by its description too
        await settle(pilot)  # the palette searches in a worker
        assert "History (h)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
