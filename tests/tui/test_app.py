"""The app around the screens: first run, drafts, quick-hide, help, the command palette."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from cyclemap.store import Library
from cyclemap.tui.app import BlankScreen, CycleMapApp
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.help import HelpScreen
from cyclemap.tui.screens.hide import HiddenScreen
from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.message import MessageScreen
from cyclemap.tui.screens.resume import ResumeScreen
from cyclemap.tui.screens.welcome import MARKER, WelcomeScreen

from .conftest import screen_text, settle
from .test_library import TITLES

PRIVATE_WORDS = [
    *TITLES,
    "Priya",
    "Tom",
    "Kenji",
    "Leila",
    "Marcus",
    "spiral",
    "cyclemap",
    "Hide",
    "Help",
]
DRAFT = {
    "names": ["Alex", "Sam"],
    "partners": [
        {"name": "Alex", "trigger": "Sam goes quiet when I bring something up"},
        {"name": "Sam"},
    ],
}


def test_constructor_contract(tmp_path: Path) -> None:
    app = CycleMapApp(tmp_path, start="new", couple="Alex & Sam")
    assert isinstance(app.library, Library) and app.library.root == tmp_path
    assert app.title == "cyclemap"
    with pytest.raises(ValueError):
        CycleMapApp(tmp_path, start="open")
    with pytest.raises(ValueError):
        CycleMapApp(tmp_path, start="sideways")
    # Presentation mode: a map, or the example couple; the CLI passes both names.
    CycleMapApp(tmp_path, start="present", map_ref="sunday-nights", demo=False)
    CycleMapApp(tmp_path, start="present", map_ref=None, demo=True)
    with pytest.raises(ValueError):
        CycleMapApp(tmp_path, start="present")
    with pytest.raises(ValueError):
        CycleMapApp(tmp_path, demo=True)


# -- first run ------------------------------------------------------------------------------


async def test_before_you_begin_on_first_use_only(tmp_path: Path, app_factory) -> None:
    root = tmp_path / "fresh"
    app = app_factory(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        text = screen_text(app)
        assert "feel safe with each other" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    marker = root / MARKER
    assert marker.exists() and stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert stat.S_IMODE(root.stat().st_mode) == 0o700

    app = app_factory(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_before_you_begin_from_help(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1", "b")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "helpline" in screen_text(app) or "helpline" in _all_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


def _all_text(app) -> str:
    return " ".join(str(static.render()) for static in app.screen.query("Static"))


async def test_new_goes_straight_into_the_walkthrough(library: Path, app_factory) -> None:
    from cyclemap.tui.screens.walkthrough import WalkthroughScreen

    app = app_factory(library, start="new", couple="Alex & Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WalkthroughScreen)
        assert app.screen_stack[-2].__class__ is LibraryScreen
        # `cyclemap new --couple "Alex & Sam"`: the names are filled in, the couple kept.
        assert app.screen.state.names == ["Alex", "Sam"]
        assert app.screen.state.couple == "Alex & Sam"


# -- presentation mode (cyclemap present) ----------------------------------------------------


def _present_screen():
    from cyclemap.tui.screens.present import PresentScreen

    return PresentScreen


async def _closes_the_app(app, pilot, key: str = "escape") -> None:
    await pilot.press(key)
    await pilot.pause()
    assert app._exit, "the app closes with presentation mode"


async def test_present_from_the_command_line(library: Path, app_factory) -> None:
    # A first run (no welcome seen yet) with an unfinished walkthrough: neither is shown on a
    # shared screen, and the welcome is still owed next time.
    (library / MARKER).unlink()
    Library(library).save_draft(DRAFT)
    app = app_factory(library, start="present", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, _present_screen())
        assert app.screen.cycle_map.id == "sunday-nights" and not app.screen.example
        assert [type(screen) for screen in app.screen_stack] == [BlankScreen, _present_screen()]
        text = screen_text(app)
        assert "Sunday nights" in text and "Alex" not in text and "Money talk" not in text
        await pilot.press("right")
        await settle(pilot)
        assert app.screen.index == 1
        await _closes_the_app(app, pilot)
    assert not (library / MARKER).exists()
    assert Library(library).load_draft() is not None


async def test_present_a_file_by_path(library: Path, app_factory, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "who.toml"
    outside.parent.mkdir()
    outside.write_bytes((library / "who-forgot.toml").read_bytes())
    app = app_factory(library, start="present", map_ref=str(outside))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, _present_screen())
        assert app.screen.cycle_map.id == "who-forgot"
        await _closes_the_app(app, pilot, "q")


async def test_present_the_demo_writes_nothing(tmp_path: Path, app_factory) -> None:
    from cyclemap.presentation import demo_map

    root = tmp_path / "never-made"
    app = app_factory(root, start="present", demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, _present_screen())
        assert app.screen.example
        assert app.screen.cycle_map == demo_map()
        assert "made-up example" in screen_text(app)
        await _closes_the_app(app, pilot)
    assert not root.exists()


async def test_present_a_missing_map_says_so_and_closes(library: Path, app_factory) -> None:
    app = app_factory(library, start="present", map_ref="no-such-map")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        text = screen_text(app)
        assert "can't be shown" in text and "no-such-map" in text
        # Nothing of the library behind the message.
        for word in TITLES:
            assert word not in text
        await _closes_the_app(app, pilot, "enter")


async def test_present_a_broken_file_says_why(library: Path, app_factory) -> None:
    from .conftest import BROKEN

    app = app_factory(library, start="present", map_ref=str(library / BROKEN))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert "mood" in screen_text(app)
        await _closes_the_app(app, pilot)


async def test_quick_hide_over_a_presentation(library: Path, app_factory) -> None:
    app = app_factory(library, start="present", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await _assert_hidden(app, pilot)
        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, _present_screen())
        assert app.screen.index == 0  # the key only brought the screen back


# -- drafts ---------------------------------------------------------------------------------


async def test_a_draft_is_offered_and_kept_for_later(library: Path, app_factory) -> None:
    Library(library).save_draft(DRAFT)
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        text = screen_text(app)
        assert "Alex & Sam" in text
        assert "goes quiet" not in text  # names only, never answers
        await pilot.press("escape")  # Later
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert Library(library).load_draft() is not None


async def test_resume_opens_the_walkthrough_with_the_draft(library: Path, app_factory) -> None:
    from cyclemap.tui.screens.walkthrough import WalkthroughScreen

    Library(library).save_draft(DRAFT)
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Resume has the focus
        await settle(pilot)
        assert isinstance(app.screen, WalkthroughScreen)


async def test_discard_asks_and_then_forgets(library: Path, app_factory) -> None:
    Library(library).save_draft(DRAFT)
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right", "enter")  # Discard…
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # "Keep it" has the focus: back to the question
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("right", "enter")
        await settle(pilot)
        await pilot.press("left", "enter")  # ← to "Discard it"
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert Library(library).load_draft() is None


async def test_no_letter_answers_the_resume_question(library: Path, app_factory) -> None:
    """A name being typed a moment ago must not resume or discard anything; the dialog's keys
    are the ones at the bottom (not the library's "d Delete" behind it)."""
    Library(library).save_draft({**DRAFT, "title": "Sunday nights", "title_edited": True})
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        text = screen_text(app)
        assert "There's an unfinished walkthrough for Alex & Sam: “Sunday nights”." in text
        assert "(r)" not in text and "(d)" not in text
        footer = text.rstrip("\n").splitlines()[-1]
        assert "esc Later" in footer and "Delete" not in footer
        await pilot.press(*"rdlyn")
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("right", "enter")  # Discard…
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard it (y)" not in screen_text(app)
        await pilot.press(*"yd", "enter")  # no letter; Enter takes the safe "Keep it"
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
    assert Library(library).load_draft() is not None


async def test_open_shows_the_map_then_offers_the_draft_in_the_library(
    library: Path, app_factory
) -> None:
    Library(library).save_draft(DRAFT)
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert not any(isinstance(screen, ResumeScreen) for screen in app.screen_stack)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")  # Later
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # Once: back in the library again later, nothing is asked.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_new_never_replaces_a_draft_silently(library: Path, app_factory) -> None:
    Library(library).save_draft(DRAFT)
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # Later
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "Start over" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert Library(library).load_draft() is not None


# -- quick-hide -----------------------------------------------------------------------------


async def _assert_hidden(app, pilot) -> None:
    await settle(pilot)
    assert isinstance(app.screen, HiddenScreen)
    text = screen_text(app)
    for word in PRIVATE_WORDS:
        assert word not in text
    assert text.strip() == ""


@pytest.mark.parametrize("key", ["f12", "ctrl+g"])
async def test_quick_hide_blanks_everything_and_returns(library: Path, app_factory, key) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.notify("Exported to /home/priya/sunday-nights.txt")
        await pilot.press(key)
        await _assert_hidden(app, pilot)
        await pilot.press("x")  # any key comes back, and does nothing else
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        assert "Priya" in screen_text(app)


async def test_quick_hide_while_typing_keeps_the_words(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"priya")
        await pilot.press("ctrl+g")
        await _assert_hidden(app, pilot)
        await pilot.press("f12")  # the same key again also comes back
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "priya"


async def test_quick_hide_over_a_dialog_and_the_palette(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("f12")
        await _assert_hidden(app, pilot)
        await pilot.press("ctrl+p")  # no palette over the blank screen; the key just returns
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("ctrl+g")
        await _assert_hidden(app, pilot)


async def test_a_click_brings_it_back(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await _assert_hidden(app, pilot)
        await pilot.click(offset=(10, 10))
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


# -- help and the command palette -----------------------------------------------------------


async def test_help_lists_the_screen_and_app_keys(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")  # "?" is text on the library: it filters
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in (
            "Type to filter",
            "F2",
            "Rename",
            "del",
            "Delete",
            "ctrl+e",
            "Export",
            "ctrl+n",
            "New",
            "Open",
            "Help",
            "Quit",
            "F12 / ctrl+g",
            "F1",
            "ctrl+p",
        ):
            assert words in text, words
        assert "F1 / ?" not in text  # "?" is text on the library: it filters
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        for words in ("Edit", "ASCII", "Library", "F1 / ?"):  # the map is no list
            assert words in text, words
        assert "Rename" not in text


async def test_question_mark_types_into_the_filter(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#filter", Input).value == "?"


async def test_no_screenshot_command(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert not any("screenshot" in title.lower() for title in titles)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press(*"screenshot")
        await settle(pilot)  # the palette searches in a worker
        text = screen_text(app)
        # The typed query is lowercase; the built-in command would read "Screenshot".
        assert "Screenshot" not in text and "SVG" not in text


async def test_palette_offers_the_apps_actions(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "ctrl+p")
        await settle(pilot)
        await pilot.press(*"rename")
        await settle(pilot)  # the palette searches in a worker
        assert "Rename (F2)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        from cyclemap.tui.screens.rename import RenameScreen

        assert isinstance(app.screen, RenameScreen)
        assert app.screen.old_title == "Sunday nights"


async def test_screenshots_write_nothing(library: Path, app_factory, home: Path) -> None:
    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action("screenshot")
        app.deliver_screenshot()
        await settle(pilot)
    assert list(home.rglob("*.svg")) == []


async def test_an_unexpected_error_is_one_calm_line(
    library: Path, app_factory, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture
) -> None:
    def broken(self) -> None:
        raise RuntimeError("Priya's secret words")

    monkeypatch.setattr(LibraryScreen, "action_new", broken)
    monkeypatch.delenv("CYCLEMAP_DEBUG", raising=False)
    app = app_factory(library)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
    printed = " ".join(capfd.readouterr())
    assert "ran into a problem" in printed
    assert "secret" not in printed and "Traceback" not in printed


async def test_the_footer_shows_each_key_and_a_click_presses_it(library: Path, app_factory) -> None:
    from cyclemap.tui.widgets.footer import Footer

    app = app_factory(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        shown = [(entry.display, entry.description) for entry in footer.entries]
        assert shown[:3] == [("⏎", "Open"), ("^n", "New"), ("F2", "Rename")]
        assert footer.palette is not None and footer.palette.description == "Commands"
        line = screen_text(app).splitlines()[-1]
        assert line.startswith("⏎ Open ^n New F2 Rename") and line.rstrip().endswith("^p Commands")
        # No plain letter among the keys: letters are text on the list.
        assert not any(len(display) == 1 and display.isalpha() for display, _ in shown)
        # Hovering a key tells what it does; a click on it is the key.
        x = line.index("F2 Rename")
        await pilot.hover(Footer, offset=(x, 0))
        assert footer.tooltip == "Change the map's title"
        await pilot.click(Footer, offset=(x, 0))
        await settle(pilot)
        from cyclemap.tui.screens.rename import RenameScreen

        assert isinstance(app.screen, RenameScreen)
        await pilot.press("escape")
        await settle(pilot)
        # Filtering: the keys change with the state, and the footer follows.
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.focused, Input)  # the filter
        await settle(pilot)
        assert ("esc", "Clear filter") in [(e.display, e.description) for e in footer.entries]
