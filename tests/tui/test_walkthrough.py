"""The walkthrough, the hand-over and the reveal, driven by key presses like a person would.

The helpers at the top are also used by test_walkthrough_snapshots.py.
"""

from __future__ import annotations

import io
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static, TextArea

from cyclemap.model import ANSWER_MAX, CycleMap
from cyclemap.store import Library
from cyclemap.terms import MAP_LABELS
from cyclemap.tui.app import CycleMapApp
from cyclemap.tui.screens.conflict import ConflictScreen
from cyclemap.tui.screens.handover import HandoverScreen
from cyclemap.tui.screens.reveal import ReviewScreen
from cyclemap.tui.screens.walkthrough import WalkthroughScreen
from cyclemap.tui.widgets.question import FeelingList, QuestionPanel
from cyclemap.walkthrough import DEPTH
from tests.tui.conftest import make_app, screen_text, seen_welcome, settle

ALEX = {
    "name": "Alex",
    "position": "pursue",
    "trigger": "Sam checks his phone while I talk",
    "protective_move": "I raise my voice and list everything",
    "underlying_feeling": "like a ghost in my own home",
    "meaning": "he has stopped caring",
    "surface_feeling": "fed up",
    "fear": "ending up on my own",
    "longing": "to feel he is on my side",
}
SAM = {
    "name": "Sam",
    "position": "withdraw",
    "trigger": "Alex raises her voice",
    "protective_move": "I shut down and leave the room",
    "underlying_feeling": "like a failure",
    "fear": "never being good enough",
}
ALEX_GUESS = "he feels cornered"
# Alex's words: none of them may reach a screen Sam sees before both have finished.
ALEX_SECRETS = tuple(v for k, v in ALEX.items() if k not in ("name", "position")) + (ALEX_GUESS,)


# --- helpers ------------------------------------------------------------------------------------


def new_app(root: Path, **options: Any) -> CycleMapApp:
    seen_welcome(root)
    return make_app(root, start=options.pop("start", "new"), **options)


def walk(app: CycleMapApp) -> WalkthroughScreen:
    screen = app.screen
    assert isinstance(screen, WalkthroughScreen), type(screen).__name__
    return screen


async def type_text(pilot: Pilot, text: str) -> None:
    """Type it key by key; longer text arrives as a paste (as a terminal sends it), which
    keeps the tests quick (each key press costs a screen update)."""
    if len(text) > 12:
        assert pilot.app.focused is not None
        pilot.app.post_message(events.Paste(text))  # the app hands it to the focused widget
        await pilot.pause()
    else:
        await pilot.press(*text)


async def answer(pilot: Pilot, text: str | None) -> None:
    """Type an answer (or nothing) and press Enter."""
    if text:
        await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def choose(pilot: Pilot, downs: int) -> None:
    """On a choice step: ↓ to the choice, Enter to choose it, Enter again to go on."""
    await pilot.press(*["down"] * downs, "enter", "enter")
    await pilot.pause()


async def fill_names(pilot: Pilot, a: str, b: str, *, together: bool = False) -> None:
    await settle(pilot)
    await type_text(pilot, a)
    await pilot.press("enter")
    await type_text(pilot, b)
    await pilot.press("enter")
    await pilot.pause()
    await choose(pilot, 2 if together else 1)


async def fill_side(
    pilot: Pilot, side: dict[str, str], *, guess: str | None = None, private: bool = True
) -> None:
    """One partner's turn: required, position, depth (empty = skip), then the guess."""
    for key in ("trigger", "protective_move", "underlying_feeling"):
        await answer(pilot, side[key])
    await choose(pilot, 1 if side["position"] == "pursue" else 2)
    for key in DEPTH:
        await answer(pilot, side.get(key))
    if private:
        await answer(pilot, guess)


async def start_second_turn(pilot: Pilot) -> None:
    assert isinstance(pilot.app.screen, HandoverScreen)
    await pilot.press("enter")
    await settle(pilot)


def saved(root: Path, map_id: str) -> dict[str, Any]:
    with (root / f"{map_id}.toml").open("rb") as file:
        return tomllib.load(file)


def without_times(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("created", "updated")}


def plain(content: object, width: int = 200) -> str:
    """Any Rich renderable (or str) as plain text."""
    if isinstance(content, str):
        return content
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return console.export_text(styles=False)


def everything_shown(app: CycleMapApp) -> str:
    """The screen as text, plus every text the widgets of the current screen hold (hidden ones
    and scrolled-away ones too): nothing private may hide anywhere in it."""
    parts = [screen_text(app)]
    for widget in app.screen.query("*"):
        if isinstance(widget, TextArea):
            parts.append(widget.text)
        elif isinstance(widget, Input):
            parts.append(widget.value)
        elif isinstance(widget, OptionList):
            parts.extend(
                str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)
            )
        elif isinstance(widget, Static):
            parts.append(plain(widget.content))
    return "\n".join(parts)


def assert_nothing_of_alex(app: CycleMapApp) -> None:
    shown = everything_shown(app)
    for secret in ALEX_SECRETS:
        assert secret not in shown, f"{secret!r} was on a screen Sam sees"


# --- whole walks --------------------------------------------------------------------------------


async def test_private_turns_save_the_expected_map(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        assert walk(app).state.mode == "private"
        await fill_side(pilot, ALEX, guess=ALEX_GUESS)
        await start_second_turn(pilot)
        await fill_side(pilot, SAM, guess="alone")
        # The way out: skip all of it at the intro.
        assert walk(app).state.step == "way_out"
        await pilot.press("ctrl+s")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.mode == "reveal"
        await pilot.press("ctrl+s")
        await settle(pilot)
    data = saved(empty_library, "alex-sam")
    assert without_times(data) == {
        "schema_version": 1,
        "id": "alex-sam",
        "title": "Alex & Sam",
        "couple": "Alex & Sam",
        "notes": "",
        "partners": [
            {**ALEX, "guess": ALEX_GUESS},
            {**SAM, "guess": "alone"},
        ],
    }
    assert Library(empty_library).load_draft() is None  # discarded once the map was saved


async def test_together_with_the_way_out(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(120, 40)) as pilot:
        await fill_names(pilot, "Alex", "Sam", together=True)
        assert walk(app).state.mode == "together"
        await fill_side(pilot, ALEX, private=False)
        # No hand-over and no guess: Sam's turn follows at once.
        assert walk(app).state.step == "1:trigger"
        assert "Now Sam's side of the same cycle." in screen_text(app)
        # Together, Alex's answers may be seen: going back reaches them.
        await pilot.press("alt+left")
        assert walk(app).query_one(QuestionPanel).value == ALEX["longing"]
        await pilot.press("enter")
        await fill_side(pilot, SAM, private=False)
        assert walk(app).state.step == "way_out"
        await pilot.press("enter")
        await answer(pilot, "I'm scared I don't matter to you right now")
        await answer(pilot, "I can stay and tell him I'm here")
        await answer(pilot, "I'm going quiet because I feel I've let you down")
        await answer(pilot, None)  # Sam's respond: skipped with an empty answer
        await answer(pilot, "The Storm is here. Can we slow down?")
        await answer(pilot, "short answers, the jaw tightens")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        # Name the cycle and change the title before saving.
        app.screen.query_one("#rv-cycle-name", Input).value = "The Storm"
        app.screen.query_one("#rv-title", Input).value = "Sunday nights"
        await pilot.press("ctrl+s")
        await settle(pilot)
    data = saved(empty_library, "sunday-nights")
    assert without_times(data) == {
        "schema_version": 1,
        "id": "sunday-nights",
        "title": "Sunday nights",
        "cycle_name": "The Storm",
        "couple": "Alex & Sam",
        "pause_phrase": "The Storm is here. Can we slow down?",
        "warning_signs": "short answers, the jaw tightens",
        "notes": "",
        "partners": [
            {
                **ALEX,
                "reach": "I'm scared I don't matter to you right now",
                "respond": "I can stay and tell him I'm here",
            },
            {**SAM, "reach": "I'm going quiet because I feel I've let you down"},
        ],
    }


async def test_the_saved_map_opens_on_the_map_screen(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam", together=True)
        await fill_side(pilot, ALEX, private=False)
        await fill_side(pilot, SAM, private=False)
        await pilot.press("ctrl+s")  # skip the way out
        await settle(pilot)
        await pilot.press("ctrl+s")  # save
        await settle(pilot)
        assert type(app.screen).__name__ == "MapScreen"


# --- privacy on one laptop ----------------------------------------------------------------------


async def test_private_mode_never_shows_alex_during_sams_turn(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        await fill_side(pilot, ALEX, guess=ALEX_GUESS)
        assert isinstance(app.screen, HandoverScreen)
        assert "Pass the laptop to Sam." in screen_text(app)
        assert_nothing_of_alex(app)
        # Under the hand-over, the walkthrough holds nothing of Alex's either.
        walkthrough = app.screen_stack[-2]
        assert isinstance(walkthrough, WalkthroughScreen)
        assert walkthrough.query_one(QuestionPanel).value == ""
        await start_second_turn(pilot)
        for key in ("trigger", "protective_move", "underlying_feeling"):
            assert_nothing_of_alex(app)
            await answer(pilot, SAM[key])
        # Back as far as it goes: it stops at the start of Sam's turn.
        for _ in range(8):
            await pilot.press("alt+left")
            await pilot.pause()
            assert_nothing_of_alex(app)
        assert walk(app).state.step == "1:trigger"
        assert walk(app).query_one("#wt-back").display is False
        # Undo in Sam's first answer cannot bring back anything typed before it.
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert_nothing_of_alex(app)
        assert walk(app).query_one(QuestionPanel).value == SAM["trigger"]
        for _ in range(3):
            await pilot.press("enter")
            await pilot.pause()
        await choose(pilot, 2)
        for key in DEPTH:
            assert_nothing_of_alex(app)
            await answer(pilot, SAM.get(key))
        assert walk(app).state.step == "1:guess"
        assert_nothing_of_alex(app)
        await answer(pilot, "alone")
        assert walk(app).state.step == "way_out"
        assert_nothing_of_alex(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Both finished: the reveal shows everything, the guesses beside the answers.
        shown = screen_text(app)
        assert isinstance(app.screen, ReviewScreen)
        guesses = plain(app.screen.query_one("#rv-guesses", Static).content)
        assert "Alex guessed Sam feels underneath: he feels cornered" in guesses
        assert "Sam said: like a failure" in guesses
        assert "Sam guessed Alex feels underneath: alone" in guesses
        assert "Here is your cycle." in shown


async def test_the_first_partner_can_go_back_from_the_handover(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        await fill_side(pilot, ALEX, guess=ALEX_GUESS)
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("alt+left")
        await settle(pilot)
        assert walk(app).state.step == "0:guess"
        assert walk(app).query_one(QuestionPanel).value == ALEX_GUESS
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)


async def test_resuming_a_private_turn_asks_who_is_there(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        await fill_side(pilot, ALEX, guess=ALEX_GUESS)
        await start_second_turn(pilot)
        await answer(pilot, SAM["trigger"])
        await type_text(pilot, "I shut")  # half an answer, then the terminal closes
        await pilot.pause(1.2)  # the draft is written shortly after the last key
    draft = Library(empty_library).load_draft()
    assert draft is not None and draft["step"] == "1:protective_move"

    app = new_app(empty_library, start="library")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "ResumeScreen"
        assert "Alex & Sam" in screen_text(app)
        assert_nothing_of_alex(app)
        await pilot.press("enter")  # Resume has the focus
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        shown = screen_text(app)
        assert "This is Sam's turn." in shown
        assert_nothing_of_alex(app)
        await pilot.press("enter")
        await settle(pilot)
        screen = walk(app)
        assert screen.state.step == "1:protective_move"
        assert screen.query_one(QuestionPanel).value == "I shut"
        assert "Sam · 2 of 9" in screen_text(app)
        assert_nothing_of_alex(app)
        for _ in range(3):
            await pilot.press("alt+left")
            assert_nothing_of_alex(app)
        assert screen.state.step == "1:trigger"
        await pilot.press("enter")
        await pilot.press("ctrl+e", *" down and leave the room", "enter")
        await pilot.pause()
        await answer(pilot, SAM["underlying_feeling"])
        await choose(pilot, 2)
        await pilot.press("ctrl+s")  # skip the rest of the depth
        await answer(pilot, None)  # no guess
        await pilot.press("ctrl+s")  # skip the way out
        await settle(pilot)
        await pilot.press("ctrl+s")  # save
        await settle(pilot)
    data = saved(empty_library, "alex-sam")
    assert data["partners"][0] == {**ALEX, "guess": ALEX_GUESS}
    assert data["partners"][1] == {
        "name": "Sam",
        "position": "withdraw",
        "trigger": SAM["trigger"],
        "protective_move": "I shut down and leave the room",
        "underlying_feeling": SAM["underlying_feeling"],
    }


async def test_resume_exactly_where_they_left_off_together(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam", together=True)
        await answer(pilot, ALEX["trigger"])
        await answer(pilot, ALEX["protective_move"])
        await pilot.press("ctrl+q")  # quit straight away
    app = new_app(empty_library, start="new")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "ResumeScreen"
        await pilot.press("enter")  # Resume has the focus
        await settle(pilot)
        screen = walk(app)  # together: no "whose turn" question
        assert screen.state.step == "0:underlying_feeling"
        assert "Alex · 3 of 8" in screen_text(app)
        await pilot.press("alt+left")
        assert screen.query_one(QuestionPanel).value == ALEX["protective_move"]


async def test_a_draft_after_every_answer(empty_library: Path) -> None:
    app = new_app(empty_library)
    library = Library(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        draft = library.load_draft()
        assert draft is not None and draft["step"] == "0:trigger" and draft["mode"] == "private"
        for key in ("trigger", "protective_move", "underlying_feeling"):
            await answer(pilot, ALEX[key])
            draft = library.load_draft()
            assert draft is not None
            assert draft["partners"][0][key] == ALEX[key]
        await choose(pilot, 1)
        draft = library.load_draft()
        assert draft is not None and draft["partners"][0]["position"] == "pursue"
        assert draft["step"] == "0:meaning"
    assert oct((empty_library / "drafts").stat().st_mode & 0o777) == "0o700"


async def test_escape_asks_to_keep_it_for_later(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        await type_text(pilot, "half a thought")
        await pilot.press("escape")
        await settle(pilot)
        assert "Keep this for later?" in screen_text(app)
        await pilot.press("escape")  # no: keep going
        await settle(pilot)
        assert walk(app).query_one(QuestionPanel).value == "half a thought"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # "Keep it for later" has the focus
        await settle(pilot)
        assert not isinstance(app.screen, WalkthroughScreen)
    draft = Library(empty_library).load_draft()
    assert draft is not None
    assert draft["partners"][0]["trigger"] == "half a thought"


async def test_escape_with_nothing_written_just_leaves(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, WalkthroughScreen)
    assert Library(empty_library).load_draft() is None


# --- each step ----------------------------------------------------------------------------------


async def test_names_are_needed_and_different(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Alex")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert walk(app).state.step == "names"
        assert "Two names, please" in screen_text(app)
        await type_text(pilot, "alex")
        await pilot.press("enter")
        await pilot.pause()
        assert "Two different names" in screen_text(app)
        assert walk(app).state.step == "names"


async def test_the_title_follows_the_names_until_edited(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Alex")
        await pilot.press("tab")
        await type_text(pilot, "Sam")
        title = walk(app).query_one("#wt-title", Input)
        # Until a title is typed, the field offers the names as one (a placeholder).
        assert title.value == "" and title.placeholder == "Alex & Sam"
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "Sunday nights")
        await pilot.press("shift+tab")
        await type_text(pilot, "my")
        await pilot.pause()
        assert title.value == "Sunday nights"
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert walk(app).state.title == "Sunday nights"


async def test_couple_fills_in_the_names(empty_library: Path) -> None:
    app = new_app(empty_library, couple="Alex & Sam [i]")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = walk(app)
        assert screen.query_one("#wt-name-a", Input).value == "Alex"
        assert screen.query_one("#wt-name-b", Input).value == "Sam [i]"
        assert screen.query_one("#wt-title", Input).placeholder == "Alex & Sam [i]"


async def test_required_answers_gently_ask(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        await pilot.press("enter")
        await pilot.pause()
        assert walk(app).state.step == "0:trigger"
        shown = screen_text(app)
        assert "This one helps the map make sense. A few words are enough." in shown
        await type_text(pilot, "   ")
        await pilot.press("enter")
        assert walk(app).state.step == "0:trigger"
        await type_text(pilot, "x")
        await pilot.pause()
        assert "A few words are enough" not in screen_text(app)


async def test_position_must_be_picked(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        for key in ("trigger", "protective_move", "underlying_feeling"):
            await answer(pilot, ALEX[key])
        assert walk(app).state.step == "0:position"
        shown = " ".join(screen_text(app).split())
        assert "move toward (pursue) or away (withdraw)" in shown
        assert "I move toward" in shown and "I move away" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert walk(app).state.step == "0:position"
        assert "pick the one closer to you" in " ".join(screen_text(app).split())
        await pilot.press("down", "down", "enter", "enter")
        await pilot.pause()
        assert walk(app).state.answers[0]["position"] == "withdraw"
        await pilot.press("alt+left")
        await pilot.pause()
        assert walk(app).query_one("#wt-choices", OptionList).highlighted == 1


async def test_moving_the_cursor_is_not_choosing_a_position(empty_library: Path) -> None:
    """The first ↓ lands on "pursue": Enter there chooses it and says so, and does not move on.
    Only Enter on the chosen one goes on."""
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        for key in ("trigger", "protective_move", "underlying_feeling"):
            await answer(pilot, ALEX[key])
        shown = screen_text(app)
        assert "○ I move toward" in shown and "○ I move away" in shown and "●" not in shown
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = walk(app)
        assert screen.state.step == "0:position"
        shown = " ".join(screen_text(app).split())
        assert "● I move toward" in shown and "○ I move away" in shown
        assert "Chosen: I move toward — I pursue. Enter goes on with it" in shown
        # The cursor moves, the choice stays; the Next button goes on with the chosen one.
        await pilot.press("down")
        assert screen.state.answers[0]["position"] == "pursue"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.step == "0:position"
        assert screen.state.answers[0]["position"] == "withdraw"
        assert "● I move away" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.step == "0:meaning"
        assert screen.state.answers[0]["position"] == "withdraw"


async def test_the_walkthrough_says_that_enter_moves_on(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Tab moves between the fields; Enter moves on." in screen_text(app)
        await type_text(pilot, "Alex")
        await pilot.press("enter")
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        await pilot.pause()
        assert "↑ ↓ move between them; Enter chooses one." in screen_text(app)
        await choose(pilot, 1)
        assert "Enter moves on to the next question." in screen_text(app)
        # A hint takes the line while it is needed; the quiet line comes back after.
        await pilot.press("enter")
        await pilot.pause()
        assert "A few words are enough" in screen_text(app)
        assert "Enter moves on" not in screen_text(app)
        await type_text(pilot, "x")
        await pilot.pause()
        assert "Enter moves on to the next question." in screen_text(app)
        walk(app).state.step = walk(app).state.steps()[-1]
        walk(app)._show_step()
        await pilot.pause()
        assert "Enter moves on to your cycle." in screen_text(app)


async def test_the_mode_starts_with_nothing_chosen(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Alex")
        await pilot.press("enter")
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        await pilot.pause()
        screen = walk(app)
        assert screen.state.step == "mode"
        assert "●" not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.step == "mode"
        assert "Use ↑ and ↓ to pick one" in " ".join(screen_text(app).split())
        draft = Library(empty_library).load_draft()
        assert draft is not None and draft["mode_chosen"] is False
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert screen.state.step == "mode" and screen.state.mode == "together"
        assert "● Fill it in together" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.step == "0:trigger" and screen.state.mode == "together"
        # Back to it: the choice is shown, and Enter goes on with it.
        await pilot.press("alt+left")
        await pilot.pause()
        assert "● Fill it in together" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state.step == "0:trigger"


def burst(app: CycleMapApp, *keys: str) -> None:
    """Keys as a terminal delivers one read (a paste, a text expander, fast typing): all of
    them in the app's queue before it handles the first. Words are typed letter by letter."""
    special = {"tab": "\t", "shift+tab": None, "enter": "\r"}
    for key in keys:
        for part in [key] if key in special else list(key):
            app.post_message(events.Key(part, special.get(part, part)))


@pytest.mark.parametrize("between", ["tab", "enter"])
async def test_names_typed_in_one_burst_land_in_their_fields(
    empty_library: Path, between: str
) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = walk(app)
        burst(app, "Ana 😊", between, "[bold]Ben[/", "tab")
        await settle(pilot)
        assert screen.query_one("#wt-name-a", Input).value == "Ana 😊"
        assert screen.query_one("#wt-name-b", Input).value == "[bold]Ben[/"
        assert screen.query_one("#wt-title", Input).placeholder == "Ana 😊 & [bold]Ben[/"
        assert app.focused is screen.query_one("#wt-title", Input)
        # Back with shift+tab (the field's text is selected, as on any focus: typing replaces
        # it) and on with Enter, in one burst: the names are read once the fields took it all.
        burst(app, "shift+tab", "Bea", "enter")
        await settle(pilot)
        assert screen.state.step == "mode"
        assert screen.state.names == ["Ana 😊", "Bea"]
        assert screen.state.title == "Ana 😊 & Bea"


async def test_keys_typed_as_the_walkthrough_opens_reach_the_first_name(
    empty_library: Path,
) -> None:
    """ "New", then the names at once: the keys wait in the app's queue while the walkthrough
    opens (its first time, the screen's module is imported), and none is lost."""
    app = new_app(empty_library, start="library")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        library_screen = app.screen
        app.call_later(library_screen.action_new)  # as the "n" key does, in the app's turn
        burst(app, "Ana", "tab", "Ben")
        await settle(pilot)
        screen = walk(app)
        assert screen.query_one("#wt-name-a", Input).value == "Ana"
        assert screen.query_one("#wt-name-b", Input).value == "Ben"


async def click_button(pilot, selector: str) -> None:
    """A click, then the time a Button ignores clicks while it shows this one (its "active"
    effect), as a person's next click would come."""
    await pilot.click(selector)
    await pilot.pause(pilot.app.screen.query_one(selector, Button).active_effect_duration)


async def test_progress_and_back_and_forward_keep_every_word(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        assert "Alex · 1 of 9" in screen_text(app)
        await answer(pilot, ALEX["trigger"])
        assert "Alex · 2 of 9" in screen_text(app)
        await type_text(pilot, "not finished")
        await pilot.press("alt+left")
        await pilot.pause()
        assert walk(app).query_one(QuestionPanel).value == ALEX["trigger"]
        # The buttons do the same as the keys.
        await click_button(pilot, "#wt-next")
        assert walk(app).query_one(QuestionPanel).value == "not finished"
        await click_button(pilot, "#wt-back")
        await click_button(pilot, "#wt-back")
        assert walk(app).state.step == "mode"
        await click_button(pilot, "#wt-back")
        assert walk(app).state.step == "names"
        assert walk(app).query_one("#wt-name-b", Input).value == "Sam"


async def test_depth_is_skippable(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        for key in ("trigger", "protective_move", "underlying_feeling"):
            await answer(pilot, ALEX[key])
        await choose(pilot, 1)
        screen = walk(app)
        assert screen.state.step == "0:meaning"
        assert "optional" in screen_text(app)
        assert str(screen.query_one("#wt-next").label) == "Skip →"
        await answer(pilot, None)
        assert screen.state.step == "0:surface_feeling"
        await type_text(pilot, "irritated")
        await pilot.pause()
        assert str(screen.query_one("#wt-next").label) == "Next →"
        await pilot.press("ctrl+s")  # skip the rest: what was typed is kept
        await pilot.pause()
        assert screen.state.step == "0:guess"
        assert screen.state.answers[0]["surface_feeling"] == "irritated"
        assert "meaning" not in screen.state.answers[0]


async def test_feelings_are_suggested_and_browsable(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        await answer(pilot, ALEX["trigger"])
        await answer(pilot, ALEX["protective_move"])
        panel = walk(app).query_one(QuestionPanel)
        await type_text(pilot, "alone, rej")
        await pilot.pause()
        assert "Maybe: rejected" in screen_text(app)
        await pilot.press("right")  # accept the suggestion
        assert panel.value == "alone, rejected"
        # Browse: the list opens on the words underneath; enter adds one, comma-separated.
        await pilot.press("ctrl+f")
        await pilot.pause()
        feelings = panel.query_one(FeelingList)
        assert feelings.display and feelings.has_focus
        assert "afraid of being left" in everything_shown(app)
        assert "frustrated" not in everything_shown(app)  # a surface feeling
        feelings.highlighted = [
            str(feelings.get_option_at_index(i).prompt) for i in range(feelings.option_count)
        ].index("invisible")
        await pilot.press("enter")
        await pilot.pause()
        assert panel.value == "alone, rejected, invisible"
        assert not feelings.display and panel.area.has_focus
        # Never forced: their own words are fine, and escape closes the list.
        await pilot.press("ctrl+f", "escape")
        assert not feelings.display
        await type_text(pilot, ", like a ghost")
        await answer(pilot, None)
        assert walk(app).state.answers[0]["underlying_feeling"] == (
            "alone, rejected, invisible, like a ghost"
        )
        await choose(pilot, 1)
        await answer(pilot, None)  # meaning
        # The surface question offers the surface list.
        await type_text(pilot, "frus")
        await pilot.pause()
        assert "Maybe: frustrated" in screen_text(app)


async def test_answers_stop_at_the_limit_with_a_counter(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        panel = walk(app).query_one(QuestionPanel)
        await type_text(pilot, "x" * 790)
        assert "790" not in screen_text(app)
        await type_text(pilot, "y" * 100)
        assert "890 / 1,000" in screen_text(app)
        await type_text(pilot, "z" * 300)
        assert len(panel.value) == ANSWER_MAX
        shown = screen_text(app)
        assert "1,000 / 1,000" in shown
        assert "That's the limit for one answer" in shown
        await pilot.press("a", "b")
        assert len(panel.value) == ANSWER_MAX


# --- tricky text through the whole flow ---------------------------------------------------------

TRICKY_A = {
    "name": "Sam [i]",
    "position": "pursue",
    "trigger": "[bold]goes quiet[/] when I [@click=app.quit]ask[/]",
    "protective_move": "I push [/ harder 😤",
    "underlying_feeling": "אני מרגישה לבד, alone",
}
TRICKY_B = {
    "name": "[red]Alex[/red]",
    "position": "withdraw",
    "trigger": "أنت تصرخ",
    "protective_move": "I leave 🚪👩‍❤️‍👨",
    "underlying_feeling": "like a failure [/]",
}


async def test_tricky_text_shows_and_saves_as_typed(empty_library: Path) -> None:
    long = ("α" * 999) + "Ω"
    assert len(long) == ANSWER_MAX
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, TRICKY_A["name"], TRICKY_B["name"])
        assert "Sam [i] · 1 of 9" in screen_text(app)
        await answer(pilot, TRICKY_A["trigger"])
        await answer(pilot, TRICKY_A["protective_move"])
        await answer(pilot, TRICKY_A["underlying_feeling"])
        await choose(pilot, 1)
        await answer(pilot, long)
        await pilot.press("ctrl+s")
        await answer(pilot, "[link=https://example.com]x[/link]")
        assert isinstance(app.screen, HandoverScreen)
        shown = screen_text(app)
        assert "Pass the laptop to [red]Alex[/red]." in shown
        assert "I'm [red]Alex[/red] — start my turn" in shown
        await start_second_turn(pilot)
        assert "[red]Alex[/red] · 1 of 9" in screen_text(app)
        await answer(pilot, TRICKY_B["trigger"])
        await answer(pilot, TRICKY_B["protective_move"])
        await answer(pilot, TRICKY_B["underlying_feeling"])
        await choose(pilot, 2)
        await pilot.press("ctrl+s")
        await answer(pilot, None)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        shown = everything_shown(app)
        assert "[bold]goes quiet[/] when I [@click=app.quit]ask[/]" in shown
        assert "Sam [i] guessed [red]Alex[/red] feels underneath:" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running  # the [@click=app.quit] never ran
    files = [p for p in empty_library.glob("*.toml")]
    assert len(files) == 1
    data = saved(empty_library, files[0].stem)
    assert data["title"] == "Sam [i] & [red]Alex[/red]"
    a, b = data["partners"]
    assert a == {
        **{k: v for k, v in TRICKY_A.items() if k != "meaning"},
        "meaning": long,
        "guess": "[link=https://example.com]x[/link]",
    }
    assert b == TRICKY_B


# --- the reveal and the review ------------------------------------------------------------------


def a_map(**changes: Any) -> CycleMap:
    data: dict[str, Any] = {
        "id": "sunday-nights",
        "title": "Sunday nights",
        "partners": [{**ALEX, "guess": ALEX_GUESS}, {**SAM, "guess": "alone"}],
    }
    data.update(changes)
    return CycleMap.model_validate(data)


def saved_library(root: Path, cycle_map: CycleMap) -> Library:
    seen_welcome(root)
    library = Library(root)
    library.save(cycle_map, new=True)
    return library


async def open_for_edit(pilot: Pilot) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen) and screen.mode == "edit"
    return screen


async def edit_answer(pilot: Pilot, option_id: str, text: str | None) -> None:
    """Pick an answer in the list, replace its text, press Enter."""
    screen = pilot.app.screen
    options = screen.query_one("#rv-answers", OptionList)
    options.focus()
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await settle(pilot)
    if text is not None:
        area = pilot.app.screen.query_one(TextArea)
        area.clear()
        await type_text(pilot, text)
        await pilot.press("enter")
        await settle(pilot)


async def test_the_answers_list_names_the_maps_fields_as_the_map_screen_does(
    tmp_path: Path,
) -> None:
    root = tmp_path / "library"
    saved_library(root, a_map())
    app = make_app(root, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_for_edit(pilot)
        options = review.query_one("#rv-answers", OptionList)
        keys = ("warning_signs", "pause_phrase", "notes")
        shown = [str(options.get_option(f"map:{key}").prompt).split("\n")[0] for key in keys]
        assert shown == [f"Together · {MAP_LABELS[key]}" for key in keys]
        assert MAP_LABELS["warning_signs"] == "Warning signs"


async def test_edit_in_place_and_save(tmp_path: Path) -> None:
    root = tmp_path / "library"
    saved_library(root, a_map())
    app = make_app(root, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_for_edit(pilot)
        await edit_answer(pilot, "1:protective_move", "I go quiet and look at my phone")
        assert review.cycle_map.partners[1].protective_move == "I go quiet and look at my phone"
        assert "I go quiet and look at my phone" in everything_shown(app)
        # A required answer left empty: the model's words, the editor stays open.
        await edit_answer(pilot, "0:trigger", None)
        app.screen.query_one(TextArea).clear()
        await pilot.press("enter")
        await settle(pilot)
        assert "Alex · trigger: is empty" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert review.cycle_map.partners[0].trigger == ALEX["trigger"]
        # The position, from two choices.
        await edit_answer(pilot, "0:position", None)
        await pilot.press("down", "enter")  # to the other and Enter: chosen, not yet kept
        await settle(pilot)
        assert type(app.screen).__name__ == "PositionEditScreen"
        assert "● I move away" in screen_text(app)
        assert "Enter again to keep it" in " ".join(screen_text(app).split())
        assert str(review.cycle_map.partners[0].position) == "pursue"
        await pilot.press("enter")
        await settle(pilot)
        assert str(review.cycle_map.partners[0].position) == "withdraw"
        review.query_one("#rv-cycle-name", Input).value = "The freeze"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "MapScreen"
    data = saved(root, "sunday-nights")
    assert data["cycle_name"] == "The freeze"
    assert data["partners"][1]["protective_move"] == "I go quiet and look at my phone"
    assert data["partners"][0]["position"] == "withdraw"
    assert data["updated"] >= data["created"]
    assert len(list((root / "history" / "sunday-nights").iterdir())) == 1


async def test_leaving_an_edit_with_changes_asks(tmp_path: Path) -> None:
    root = tmp_path / "library"
    saved_library(root, a_map())
    before = (root / "sunday-nights.toml").read_bytes()
    app = make_app(root, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_for_edit(pilot)
        await edit_answer(pilot, "1:fear", "losing us")
        await pilot.press("escape")
        await settle(pilot)
        assert "Leave without saving?" in screen_text(app)
        await pilot.press("y", "l")  # no letter answers it
        await pilot.press("enter")  # the focus is on "Keep editing"
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("left", "enter")  # ← to "Leave without saving"
        await settle(pilot)
        assert type(app.screen).__name__ == "MapScreen"
    assert (root / "sunday-nights.toml").read_bytes() == before


async def test_a_change_on_disk_is_never_silently_overwritten(tmp_path: Path) -> None:
    root = tmp_path / "library"
    saved_library(root, a_map())
    path = root / "sunday-nights.toml"
    app = make_app(root, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_for_edit(pilot)
        await edit_answer(pilot, "0:fear", "being alone")
        # Someone else saves the map meanwhile (another window, a sync tool, a text editor).
        theirs = path.read_text(encoding="utf-8").replace("being left", "their words")
        path.write_text(theirs, encoding="utf-8")
        os.utime(path, ns=(path.stat().st_mtime_ns + 5_000_000_000,) * 2)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        shown = screen_text(app)
        assert "This map changed on disk since you opened it." in shown
        assert "Overwrite" in shown and "Save as a copy" in shown and "Cancel" in shown
        assert path.read_text(encoding="utf-8") == theirs
        # Cancel: nothing written, the changes are still on screen.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review and review.cycle_map.partners[0].fear == "being alone"
        assert path.read_text(encoding="utf-8") == theirs
        # Save as a copy: theirs stays, ours is a new map.
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("c", "o")  # no letter answers it
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("enter")  # "Save as a copy" has the focus
        await settle(pilot)
    assert path.read_text(encoding="utf-8") == theirs
    copy = saved(root, "sunday-nights-copy")
    assert copy["title"] == "Sunday nights (copy)"
    assert copy["partners"][0]["fear"] == "being alone"


async def test_overwrite_after_a_conflict_keeps_theirs_in_history(tmp_path: Path) -> None:
    root = tmp_path / "library"
    library = saved_library(root, a_map())
    path = root / "sunday-nights.toml"
    app = make_app(root, start="open", map_ref="sunday-nights")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_for_edit(pilot)
        await edit_answer(pilot, "0:fear", "being alone")
        theirs = path.read_text(encoding="utf-8").replace("being left", "their words")
        path.write_text(theirs, encoding="utf-8")
        os.utime(path, ns=(path.stat().st_mtime_ns + 5_000_000_000,) * 2)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("left", "enter")  # from "Save as a copy" to "Overwrite"
        await settle(pilot)
    assert saved(root, "sunday-nights")["partners"][0]["fear"] == "being alone"
    kept = [v.path.read_text(encoding="utf-8") for v in library.history("sunday-nights")]
    assert theirs in kept


async def test_reveal_back_keeps_the_edits_in_the_walkthrough(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam", together=True)
        await fill_side(pilot, ALEX, private=False)
        await fill_side(pilot, SAM, private=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await edit_answer(pilot, "1:longing", "to be enough")
        app.screen.query_one("#rv-cycle-name", Input).value = "The freeze"
        await pilot.press("escape")  # back to the questions
        await settle(pilot)
        screen = walk(app)
        assert screen.state.step == "couple:warning_signs"
        assert screen.state.answers[1]["longing"] == "to be enough"
        assert screen.state.cycle_name == "The freeze"
        draft = Library(empty_library).load_draft()
        assert draft is not None and draft["partners"][1]["longing"] == "to be enough"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#rv-cycle-name", Input).value == "The freeze"


async def test_reveal_with_a_taken_title_gets_a_free_id(tmp_path: Path) -> None:
    root = tmp_path / "library"
    saved_library(root, a_map(id="alex-sam", title="Alex & Sam"))
    before = (root / "alex-sam.toml").read_bytes()
    app = new_app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam", together=True)
        await fill_side(pilot, ALEX, private=False)
        await fill_side(pilot, SAM, private=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (root / "alex-sam.toml").read_bytes() == before
    assert saved(root, "alex-sam-2")["title"] == "Alex & Sam"


async def test_resume_at_the_reveal(empty_library: Path) -> None:
    app = new_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_names(pilot, "Alex", "Sam")
        await fill_side(pilot, ALEX, guess=ALEX_GUESS)
        await start_second_turn(pilot)
        await fill_side(pilot, SAM, guess="alone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    app = new_app(empty_library, start="library")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Resume has the focus
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.mode == "reveal"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert saved(empty_library, "alex-sam")["partners"][1]["guess"] == "alone"


async def test_a_missing_required_answer_is_asked_for_before_the_reveal(
    empty_library: Path,
) -> None:
    # A draft edited by hand (or damaged): the walkthrough goes back to what is missing.
    library = Library(empty_library)
    seen_welcome(empty_library)
    library.save_draft(
        {
            "step": "couple:warning_signs",
            "mode": "together",
            "title": "Alex & Sam",
            "partners": [
                {k: v for k, v in ALEX.items() if k != "trigger"},
                SAM,
            ],
        }
    )
    app = make_app(empty_library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Resume has the focus
        await settle(pilot)
        assert walk(app).state.step == "couple:warning_signs"
        await pilot.press("enter")
        await settle(pilot)
        assert walk(app).state.step == "0:trigger"
        assert "This one is needed before you can see the cycle." in screen_text(app)
        await answer(pilot, ALEX["trigger"])
        assert walk(app).state.step == "0:protective_move"
