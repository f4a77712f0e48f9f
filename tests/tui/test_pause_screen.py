"""The pause screen by keys, with a clock of the test's own (nothing waits real minutes): the
phrase, the time to come back, the pacer, coming back, the end's choices, the check-in it
logs, a phrase of their own for a map without one, quick-hide, and the ways in (the command
line's start, the map screen's key, the command palette)."""

from __future__ import annotations

from pathlib import Path

from cyclemap import checkin
from cyclemap.conversation_words import DEFAULT_PHRASE, NOT_EITHER, STILL_BREATHING
from cyclemap.store import Library
from cyclemap.tui.screens.hide import HiddenScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.pause import PauseScreen
from cyclemap.tui.screens.talk import TalkScreen

from .conftest import screen_text, settle, wait_until

START = 5000.0


class FakeClock:
    """Seconds, as time.monotonic gives them, moved on by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def pause_app(app_factory, library: Path, map_id: str = "sunday-nights", **options):
    app = app_factory(library, start="pause", map_ref=map_id, **options)
    clock = FakeClock()
    app.monotonic = clock
    return app, clock


def entries(library: Path, map_id: str) -> list:
    return list(checkin.load_log(Library(library), map_id).entries)


async def time_passes(pilot, clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    screen = pilot.app.screen
    assert isinstance(screen, PauseScreen)
    screen.tick()
    await settle(pilot)


async def test_the_whole_pause_then_the_conversation(library: Path, app_factory) -> None:
    app, clock = pause_app(app_factory, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PauseScreen)
        text = screen_text(app)
        assert NOT_EITHER in text and "The warning signs on your map" in text
        assert "20:00 left" in text and "[20]" in text
        assert "Breathe in" in text
        await pilot.press("right")
        assert screen.state.minutes == 30
        await pilot.press("left", "left")
        assert screen.state.minutes == 10
        await time_passes(pilot, clock, 5)  # the pacer: out after four seconds
        assert "and out" in screen_text(app)
        assert "9:55 left" in screen_text(app)
        await time_passes(pilot, clock, 10 * 60)
        assert screen.state.stage == "back"
        text = screen_text(app)
        assert "Welcome back." in text and "Talk it through now" in text
        assert entries(library, "sunday-nights") == []  # nothing logged yet
        await pilot.press("down", "enter")  # chooses "talk it through"
        assert "Chosen: Talk it through now" in screen_text(app)
        await pilot.press("enter")  # and goes on with it
        await settle(pilot)
        assert isinstance(app.screen, TalkScreen)
        logged = entries(library, "sunday-nights")
        assert len(logged) == 1 and isinstance(logged[0], checkin.Pause)
        assert logged[0].phrase.startswith("I think the spiral")
        assert logged[0].minutes == 10


async def test_back_sooner_and_the_pause_goes_on(library: Path, app_factory) -> None:
    app, clock = pause_app(app_factory, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await time_passes(pilot, clock, 3 * 60)
        await pilot.press("enter")  # "We're back" before the time is up
        await settle(pilot)
        assert "Back already? That's fine." in screen_text(app)
        await pilot.press("up", "enter", "enter")  # the last choice: back to the pause
        await settle(pilot)
        assert screen.state.stage == "counting"
        assert "17:00 left" in screen_text(app)
        await pilot.press("enter")
        await pilot.press("down", "down", "enter", "enter")  # note the pause, and stop
        await pilot.pause()
    assert app.result == "noted"
    (pause,) = entries(library, "sunday-nights")
    assert pause.minutes == 3


async def test_a_map_without_a_phrase_gets_one_of_its_own(library: Path, app_factory) -> None:
    app, clock = pause_app(app_factory, library, "quiet-house")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Suggested words, until you choose your own." in text
        screen = app.screen
        assert screen.state.phrase == DEFAULT_PHRASE
        await time_passes(pilot, clock, 20 * 60)
        assert "Words of your own for next time?" in screen_text(app)
        await pilot.press(*"Time out, [not] away.")
        await pilot.press("enter")  # from the words to the choices
        await pilot.press("down", "down", "enter", "enter")  # note it
        await pilot.pause()
    assert app.result == "noted"
    saved = Library(library).load("quiet-house")
    assert saved.pause_phrase == "Time out, [not] away."
    (pause,) = entries(library, "quiet-house")
    assert pause.phrase == DEFAULT_PHRASE  # the words said this time
    from cyclemap.history import versions

    assert len(versions(Library(library), "quiet-house")) >= 2  # saved with its history


async def test_leaving_notes_nothing_and_hide_hides(library: Path, app_factory) -> None:
    app, clock = pause_app(app_factory, library)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, HiddenScreen)
        assert "spiral" not in screen_text(app).lower()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert entries(library, "sunday-nights") == []


async def test_reduced_motion(library: Path, app_factory) -> None:
    app, clock = pause_app(app_factory, library, motion=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert STILL_BREATHING in screen_text(app)
        await time_passes(pilot, clock, 5)
        assert STILL_BREATHING in screen_text(app)
        await pilot.press("m")  # moving again
        await settle(pilot)
        assert "and out" in screen_text(app)


async def test_from_the_map_screen_and_the_palette(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref="sunday-nights")
    app.monotonic = FakeClock()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"pause")
        await wait_until(pilot, lambda: "The cycle is starting" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PauseScreen))


async def test_textual_told_to_keep_still_keeps_the_pacer_still(library: Path, app_factory) -> None:
    app, _clock = pause_app(app_factory, library)
    app.animation_level = "none"  # what TEXTUAL_ANIMATIONS=none sets
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert STILL_BREATHING in screen_text(app)
