"""The history view and the check-in form, each driven by keys in a tiny host app (the map
screen's bindings that push them belong to the shell)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, OptionList, RadioSet

from cyclemap import checkin
from cyclemap.changes import diff_maps
from cyclemap.history import versions
from cyclemap.model import validate_map
from cyclemap.store import Library
from cyclemap.tui.screens.checkin import CheckInScreen, CheckInSummary
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.history import HistoryScreen
from cyclemap.tui.screens.message import MessageScreen
from tests.conftest import map_data, partner
from tests.test_history import V1, V2, V3

from .conftest import screen_text, settle

TODAY = date(2026, 11, 20)


class Host(App[None]):
    """Pushes one screen and keeps what it dismissed with."""

    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library")
    for data in (V1, V2, V3):
        library.save(validate_map(data))
    return library


def option_ids(app: App) -> list[str]:
    return [str(option.id) for option in app.screen.query_one("#versions", OptionList).options]


def changed_fields(screen: HistoryScreen) -> set[tuple[str, int | None]]:
    return {(row.field, row.partner) for row in screen.rows if row.changed}


# ---- history --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_versions_newest_first_and_the_newest_change_shown(library, size) -> None:
    screen = HistoryScreen(library, "sunday-nights")
    app = Host(screen)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.screen is screen
        assert option_ids(app) == ["v3", "v2", "v1"]
        assert screen.pair() == (screen.versions[1], screen.versions[2])
        text = screen_text(app)
        assert "3 versions, newest first" in text
        assert "Version 2 → version 3: 5 changes" in text
        assert "first version" in text
        old, new = validate_map(V2), validate_map(V3)
        assert changed_fields(screen) == {(c.field, c.partner) for c in diff_maps(old, new)}
        # Unchanged answers are shown too, side by side.
        assert any(row.field == "trigger" and not row.changed for row in screen.rows)


async def test_pick_two_and_see_the_changes_marked(library) -> None:
    screen = HistoryScreen(library, "sunday-nights")
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down")  # version 2, against the one before it
        await settle(pilot)
        left, right = screen.pair()
        assert (left.number, right.number) == (1, 2)
        assert changed_fields(screen) == {
            ("cycle_name", None),
            ("meaning", 0),
            ("fear", 0),
            ("underlying_feeling", 1),
        }
        assert "▶ cycle name · added" in screen_text(app)
        await pilot.press("ctrl+o")  # only the changes: all of them fit on the screen
        await settle(pilot)
        text = screen_text(app)
        assert "▶ Sam · underneath · changed" in text
        assert "like a failure" in text and "scared I'll lose you" in text
        assert "▶ Alex · fear · removed" in text
        assert "Alex · trigger" not in text
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "Alex · trigger" in screen_text(app)
        # Mark version 3, then look at version 1: the two are compared.
        await pilot.press("up", "enter", "down", "down")
        await settle(pilot)
        left, right = screen.pair()
        assert (left.number, right.number) == (3, 1)
        assert "◆" in screen_text(app)
        assert ("position", 1) in changed_fields(screen)
        assert ("pattern", None) in changed_fields(screen)
        # Only the changes.
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert screen.rows and all(row.changed for row in screen.rows)
        # Unmark: back to "against the one before" (version 1 has none).
        await pilot.press("up", "up", "enter", "down", "down")
        await settle(pilot)
        assert screen.pair() == (None, screen.versions[0])
        assert "is the first version" in screen_text(app)


async def test_restore_asks_first_then_brings_the_version_back(library) -> None:
    screen = HistoryScreen(library, "sunday-nights")
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # The current version has nothing to bring back.
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("down", "down", "ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#no")
        await settle(pilot)
        assert app.screen is screen
        assert len(versions(library, "sunday-nights")) == 3
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert app.results == [True]
        current = library.load("sunday-nights")
        assert diff_maps(validate_map(V1), current) == []
        assert current.partners[1].underlying_feeling == "like a failure"
        assert len(versions(library, "sunday-nights")) == 4


async def test_leaving_without_a_restore(library) -> None:
    app = Host(HistoryScreen(library, "sunday-nights"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.results == [False]


async def test_a_change_on_disk_stops_the_restore(library) -> None:
    screen = HistoryScreen(library, "sunday-nights")
    app = Host(screen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        library.save(validate_map(V3).touched(title="Changed elsewhere"))
        await pilot.press("down", "down", "ctrl+r")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert library.load("sunday-nights").title == "Changed elsewhere"
        await pilot.press("enter")
        await settle(pilot)
        assert option_ids(app) == ["v4", "v3", "v2", "v1"]  # read again


async def test_user_text_is_shown_literally(tmp_path: Path) -> None:
    library = Library(tmp_path / "library")
    tricky = "[/] [bold]not bold[/bold] [@click=app.quit]x[/]"
    library.save(validate_map(map_data()))
    library.save(
        validate_map(
            map_data(
                title="Nights [/",
                cycle_name=tricky[:60],
                partners=[partner(name="Sam [i]", fear=tricky), map_data()["partners"][1]],
            )
        )
    )
    screen = HistoryScreen(library, "sunday-nights")
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        text = screen_text(app)
        assert "Nights [/" in text
        assert "Sam [i] · fear · added" in text
        assert "[bold]not bold[/bold]" in text
        assert app.is_running


async def test_a_map_without_history(tmp_path: Path) -> None:
    app = Host(HistoryScreen(Library(tmp_path / "library"), "nope"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "This history can't be read" in text and "no map called 'nope'" in text
        await pilot.press("enter", "ctrl+r", *"r o")  # nothing to mark or restore; nothing breaks
        await settle(pilot)
        assert app.is_running


# ---- the check-in form ----------------------------------------------------------------------


async def fill(pilot, what: str = "", caught: int | None = None, pause: int | None = None):
    screen = pilot.app.screen
    if what:
        screen.query_one("#what", Input).value = what
    if caught is not None:
        screen.query_one("#caught", RadioSet).children[caught].value = True
    if pause is not None:
        screen.query_one("#pause", RadioSet).children[pause].value = True
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_check_in_form_adds_an_entry_by_keys(library, size) -> None:
    library.save(validate_map(V3))
    app = Host(CheckInScreen(library, "sunday-nights", today=TODAY))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "A check-in for Sunday nights" in text
        assert 'pause phrase ("The Storm is here' in text
        assert app.screen.query_one("#date", Input).value == "2026-11-20"
        assert app.focused is app.screen.query_one("#what", Input)
        await pilot.press(*"the [b]phone")
        await pilot.press("enter")  # on to "did you catch it?"
        await pilot.press("enter")  # yes
        await pilot.press("tab", "right", "enter")  # pause phrase: no
        await pilot.press("ctrl+s")
        await settle(pilot)
    (saved,) = checkin.load_log(library, "sunday-nights").entries
    assert saved == checkin.make_entry(
        when=TODAY, what_set_it_off="the [b]phone", caught=True, pause_phrase_used=False
    )
    assert app.results == [saved]


async def test_check_in_form_says_what_is_missing(library) -> None:
    app = Host(CheckInScreen(library, "sunday-nights", today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "A few words are enough" in screen_text(app)
        await fill(pilot, what="the dishes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Choose yes or no" in screen_text(app)
        await fill(pilot, caught=1)
        app.screen.query_one("#date", Input).value = "2026-13-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a date in the calendar" in screen_text(app)
        assert not checkin.log_path(library, "sunday-nights").exists()
        app.screen.query_one("#date", Input).value = "2026-09-14"
        await pilot.press("ctrl+s")
        await settle(pilot)
    (saved,) = checkin.load_log(library, "sunday-nights").entries
    assert (saved.date, saved.caught, saved.pause_phrase_used) == (date(2026, 9, 14), False, None)


async def test_check_in_form_leaves_a_broken_log_alone(library) -> None:
    path = checkin.log_path(library, "sunday-nights")
    path.parent.mkdir(mode=0o700)
    path.write_text("schema_version = 1\nentries = 3\n", encoding="utf-8")
    app = Host(CheckInScreen(library, "sunday-nights", today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await fill(pilot, what="the dishes", caught=0)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Nothing was added" in screen_text(app)
        assert app.results == []
        await pilot.press("escape")
        await settle(pilot)
        assert app.results == [None]
    assert path.read_text(encoding="utf-8") == "schema_version = 1\nentries = 3\n"


async def test_summary_widget(library) -> None:
    for day, caught in (("2026-09-03", True), ("2026-09-10", False), ("2026-11-01", True)):
        checkin.add_entry(
            library,
            "sunday-nights",
            checkin.make_entry(when=date.fromisoformat(day), what_set_it_off="x", caught=caught),
        )

    class WithSummary(App[None]):
        def compose(self):
            yield CheckInSummary(library, "sunday-nights", id="summary")

    app = WithSummary()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "2026-09  █████░░░░░  1 of 2 caught" in text
        assert "2026-10              no check-ins" in text


async def test_letters_on_the_versions_filter_them_and_do_nothing_else(library) -> None:
    # Issue 12.1: "r" used to restore and "o" to switch the view; a word typed here only filters.
    screen = HistoryScreen(library, "sunday-nights")
    app = Host(screen)
    before = [v.path.read_bytes() for v in versions(library, "sunday-nights")]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", *"restore or so")
        await settle(pilot)
        assert app.screen is screen and not screen.only_changes and screen.marked is None
        assert screen.query_one("#version-filter", Input).value == "restore or so"
        assert option_ids(app) == []
        assert "No version matches “restore or so”" in screen_text(app)
        await pilot.press("escape")  # empties the filter first
        await settle(pilot)
        assert option_ids(app) == ["v3", "v2", "v1"]
        await pilot.press(*"current")
        await settle(pilot)
        assert option_ids(app) == ["v3"]
        await pilot.press("down", "backspace", "escape")
        await settle(pilot)
        assert app.screen is screen and option_ids(app) == ["v3", "v2", "v1"]
    assert [v.path.read_bytes() for v in versions(library, "sunday-nights")] == before
