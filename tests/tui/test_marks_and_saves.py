"""What a person is told without colour: the chosen radio button by its mark, where the edit
screen's fields are, the arrow keys, and that a save worked (issue 16.5)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import RadioSet

from cyclemap.tui.screens.export import ExportScreen
from cyclemap.tui.screens.help import HelpScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.reveal import ReviewScreen

from .conftest import screen_text, settle


def marks(app, selector: str) -> list[str]:
    """Each radio button's mark, as drawn, in order."""
    radio_set = app.screen.query_one(selector, RadioSet)
    return [str(button.render()).strip()[1] for button in radio_set.query("RadioButton")]


async def test_the_chosen_format_is_marked_not_only_shaded(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="who-forgot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert marks(app, "#formats") == ["●", "○", "○", "○", "○", "○", "○"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert marks(app, "#formats") == ["○", "●", "○", "○", "○", "○", "○"]
        assert "▐●▌ Markdown" in screen_text(app)


async def test_the_check_in_answers_are_marked(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert marks(app, "#caught") == ["○", "○"]  # nothing chosen for them
        app.screen.query_one("#caught", RadioSet).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert marks(app, "#caught") == ["●", "○"]


async def test_help_on_the_edit_screen_says_where_the_fields_are(
    library: Path, app_factory
) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(screen_text(app).split())
        assert "What you can change is below the diagram" in text
        assert "Moving around" in text
        for keys in ("↑ / ↓", "shift+tab", "pgup / pgdn", "home / end"):
            assert keys in text, keys


async def test_help_lists_the_arrow_keys_everywhere(library: Path, app_factory) -> None:
    app = app_factory(library)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "Moving around" in text and "↑ / ↓" in text
        assert "What you can change" not in text  # the library says nothing of the edit screen


async def test_a_save_says_it_is_saved(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#rv-cycle-name").value = "The Sunday storm"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        notes = [(n.title, n.message) for n in app._notifications]
        assert ("Saved", "“Sunday nights” is saved.") in notes


async def test_a_save_with_nothing_changed_says_so(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        notes = [(n.title, n.message) for n in app._notifications]
        assert notes == [("Nothing had changed", "The map is as it was.")]


async def test_a_broken_file_opened_in_the_library_shows_every_problem(
    library: Path, app_factory
) -> None:
    from cyclemap.tui.screens.message import MessageScreen

    from .conftest import BROKEN

    text = (library / "sunday-nights.toml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("title =")]
    (library / BROKEN).write_text("\n".join(lines).replace('notes = "', 'mood = "x"\nnotes = "', 1))
    app = app_factory(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        listed = screen_text(app)
        assert "(and 1 more problem; cyclemap check lists them all)" in listed
        await pilot.press("end", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        shown = screen_text(app)
        assert "• title: is missing" in shown
        assert "• unknown key 'mood'" in shown
