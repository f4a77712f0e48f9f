"""The guided conversation by keys: both partners typed and said aloud, "not yet" (saying more,
and the pause), leaving and resuming through the draft, the draft's claim, quick-hide, adding to
the map (saved with history), and the ways in (the command line's start, the map screen, the
pause's end)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cyclemap import checkin
from cyclemap.conversation_draft import draft_name
from cyclemap.history import versions
from cyclemap.store import Library
from cyclemap.tui.screens.hide import HiddenScreen
from cyclemap.tui.screens.map import MapScreen
from cyclemap.tui.screens.message import MessageScreen
from cyclemap.tui.screens.pause import PauseScreen
from cyclemap.tui.screens.resume import ResumeScreen
from cyclemap.tui.screens.talk import TalkScreen

from .conftest import ROOT, screen_text, settle, wait_until
from .test_pause_screen import FakeClock
from .test_walkthrough import answer, choose

MAP = "sunday-nights"  # Priya and Tom

# What a couple types, odd characters and all: every word must come back exactly.
PRIYA = {
    "set_off": "Tom looked at his phone [bold]again[/bold]",
    "my_part": "I raised my voice 🫖",
    "underneath": "alone, scared [/",
    "needed": "to know I matter to you",
    "reach": "I felt alone, and I need you to look at me.",
    "heard": "You felt alone when I looked away",
    "response": "I'm here. I'm putting the phone down.",
}
TOM = {
    "set_off": "Priya's voice got loud",
    "my_part": "I went quiet",
    "underneath": "like a failure",
    "needed": "to know I'm enough",
    "reach": "",  # said aloud
    "heard": "You felt you had failed",
    "response": "You're not failing me.",
}
TURN_KEYS = ("set_off", "my_part", "underneath", "needed", "reach", "heard", "response")


def talk_app(app_factory, library: Path, **options):
    app = app_factory(library, start="talk", map_ref=MAP, **options)
    app.monotonic = FakeClock()
    return app


def log(library: Path) -> list:
    return list(checkin.load_log(Library(library), MAP).entries)


async def step(pilot: Pilot) -> str:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TalkScreen)
    return screen.state.step


async def get_ready(pilot: Pilot, moment: str = "", first: int = 0) -> None:
    """Ready, the moment, name it, who shares first (0: Priya)."""
    assert await step(pilot) == "ready"
    await choose(pilot, 1)
    assert await step(pilot) == "moment"
    await answer(pilot, moment)
    assert await step(pilot) == "name"
    await pilot.press("enter")
    assert await step(pilot) == "first"
    await choose(pilot, 1 + first)


async def a_turn(pilot: Pilot, number: int, words: dict[str, str], landed: int = 0) -> None:
    for key in TURN_KEYS:
        assert await step(pilot) == f"{number}:{key}"
        await answer(pilot, words.get(key, ""))
    assert await step(pilot) == f"{number}:landed"
    await choose(pilot, 1 + landed)


async def test_the_whole_conversation_typed(library: Path, app_factory) -> None:
    app = talk_app(app_factory, library)
    before = Library(library).load(MAP)
    async with app.run_test(size=(80, 24)) as pilot:
        await get_ready(pilot, "at dinner, about the [holiday]")
        await a_turn(pilot, 1, PRIYA)
        assert await step(pilot) == "swap"
        assert "Thank you, Priya." in screen_text(app)
        await pilot.press("enter")
        await a_turn(pilot, 2, TOM, landed=1)  # partly
        assert await step(pilot) == "next_time"
        await answer(pilot, "say the phrase sooner")
        await answer(pilot, "the phone comes out at dinner")  # a new warning sign
        await answer(pilot, "")  # the pause phrase stays
        assert await step(pilot) == "done"
        assert "a new warning sign" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == "saved"
    (entry,) = log(library)
    assert isinstance(entry, checkin.Conversation)
    assert entry.moment == "at dinner, about the [holiday]"
    priya, tom = entry.turns
    assert (priya.sharer, priya.listener, tom.sharer) == ("Priya", "Tom", "Tom")
    for key in TURN_KEYS:
        assert getattr(priya, key) == PRIYA[key]
        assert getattr(tom, key) == (TOM[key] or None)
    assert (priya.landed, tom.landed) == ("yes", "partly")
    assert entry.next_time == "say the phrase sooner"
    after = Library(library).load(MAP)
    assert after.warning_signs == f"{before.warning_signs}; the phone comes out at dinner"
    assert after.pause_phrase == before.pause_phrase
    assert len(versions(Library(library), MAP)) >= 2  # the map before is in its history
    assert Library(library).load_draft(draft_name(MAP)) is None  # the draft is gone


async def test_said_aloud_with_not_yet_and_saying_more(library: Path, app_factory) -> None:
    app = talk_app(app_factory, library)
    before = (library / f"{MAP}.toml").read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await get_ready(pilot, first=1)  # Tom first
        assert await step(pilot) == "1:set_off"
        assert "Tom, what set you off" in screen_text(app)
        assert "On your map — when:" in screen_text(app)  # a hint, never filled in
        assert app.screen.query_one("#q-answer").text == ""
        assert "We said it aloud" in screen_text(app)
        for _ in range(4):
            await answer(pilot, "")
        assert await step(pilot) == "1:reach"
        assert "Tom, say it to Priya:" in screen_text(app)
        await answer(pilot, "")
        await answer(pilot, "")  # heard
        await answer(pilot, "")  # response
        assert await step(pilot) == "1:landed"
        await choose(pilot, 3)  # not yet
        assert await step(pilot) == "1:after"
        assert "Not yet. That's all right." in screen_text(app)
        await choose(pilot, 1)  # say a little more
        assert await step(pilot) == "1:more"
        await answer(pilot, "")
        await answer(pilot, "")
        assert await step(pilot) == "1:landed_again"
        await choose(pilot, 1)  # yes
        assert await step(pilot) == "swap"
        await pilot.press("enter")
        await a_turn(pilot, 2, {})
        for _ in range(3):
            await answer(pilot, "")
        assert await step(pilot) == "done"
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == "saved"
    (entry,) = log(library)
    tom, priya = entry.turns
    assert (tom.sharer, tom.landed, tom.landed_again, priya.landed) == (
        "Tom",
        "not yet",
        "yes",
        "yes",
    )
    assert tom.set_off is None and entry.moment is None
    assert (library / f"{MAP}.toml").read_bytes() == before  # the map is unchanged


async def test_not_yet_ready_leads_to_the_pause_and_back(library: Path, app_factory) -> None:
    app = talk_app(app_factory, library)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await step(pilot) == "ready"
        await choose(pilot, 2)  # not yet
        await settle(pilot)
        assert isinstance(app.screen, PauseScreen)
        assert "Getting ready" not in screen_text(app)
        await pilot.press("enter")  # back sooner
        await settle(pilot)
        await choose(pilot, 1)  # talk it through now
        assert await step(pilot) == "ready"  # the conversation, where it was
        assert isinstance(log(library)[0], checkin.Pause)
        await choose(pilot, 1)
        assert await step(pilot) == "moment"


async def test_leaving_and_resuming(library: Path, app_factory) -> None:
    app = talk_app(app_factory, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await get_ready(pilot, "the school run")
        await answer(pilot, PRIYA["set_off"])
        await pilot.press(*"I shou")  # typed, not yet moved on
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # "Keep it for later" has the focus
        await pilot.pause()
    assert app.result == "kept"
    assert log(library) == []
    app = talk_app(app_factory, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "Tom looked" not in screen_text(app)  # its date, never its words
        await pilot.press("enter")  # Resume
        assert await step(pilot) == "1:my_part"
        assert app.screen.query_one("#q-answer").text == "I shou"
        await pilot.press("alt+left")
        assert app.screen.query_one("#q-answer").text == PRIYA["set_off"]


async def test_every_keystroke_reaches_the_draft(library: Path, app_factory) -> None:
    """Crash safety: what is typed is on disk shortly after, without leaving the step."""
    app = talk_app(app_factory, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await get_ready(pilot)
        await pilot.press(*"so tired")

        def drafted() -> bool:
            draft = Library(library).load_draft(draft_name(MAP)) or {}
            return draft.get("partners", [{}])[0].get("set_off") == "so tired"

        await wait_until(pilot, drafted)


async def test_a_second_window_is_told(library: Path, app_factory) -> None:
    claim = Library(library).claim_draft(draft_name(MAP))
    try:
        app = talk_app(app_factory, library)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, MessageScreen)
            assert "open in another window" in screen_text(app)
    finally:
        assert claim is not None
        claim.release()


async def test_quick_hide_and_a_better_phrase(library: Path, app_factory) -> None:
    app = talk_app(app_factory, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await get_ready(pilot)
        await pilot.press(*"private")
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, HiddenScreen)
        assert "private" not in screen_text(app)
        await pilot.press("enter")  # any key comes back; nothing is typed or moved
        assert await step(pilot) == "1:set_off"
        assert app.screen.query_one("#q-answer").text == "private"
        app.screen.state.go_to("add_phrase")
        app.screen._show_step()
        await answer(pilot, "Same team? Let's breathe.")
        await pilot.press("enter")
        await pilot.pause()
    assert Library(library).load(MAP).pause_phrase == "Same team? Let's breathe."


async def test_from_the_map_screen(library: Path, app_factory) -> None:
    app = app_factory(library, start="open", map_ref=MAP)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        await pilot.press("t")
        assert await step(pilot) == "ready"
        await pilot.press("escape")  # nothing said yet: it just closes
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)


async def test_presentation_runs_it_with_partner_a_and_b(library: Path, app_factory) -> None:
    """For a therapist: from presentation mode, with the names hidden on screen; the reach and
    the response in large type; the log keeps the real names."""
    app = app_factory(library, start="present", map_ref=MAP)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a", "t")  # Partner A/B, then talk it through
        await get_ready(pilot)
        text = screen_text(app)
        assert "Partner A shares · Partner B listens" in text
        assert "Priya" not in text and "Tom" not in text  # the hint too: "Partner B goes quiet"
        for _ in range(4):
            await answer(pilot, "")
        assert await step(pilot) == "1:reach"
        assert app.screen.query_one("#talk-big").is_big
        await answer(pilot, "")
        await answer(pilot, "")  # heard
        assert await step(pilot) == "1:response"
        big = app.screen.query_one("#talk-big")
        assert big.is_big and big.text.startswith("put the phone down")
        assert "Partner B, answer Partner A:" in screen_text(app)
        await pilot.press(*"I'm here")
        await settle(pilot)
        assert big.text == "I'm here"  # their own words, large, as they type them
        await pilot.press("escape", "enter")  # keep it for later
        await settle(pilot)
        assert app.screen.__class__.__name__ == "PresentScreen"  # back to the presentation
    draft = Library(library).load_draft(draft_name(MAP))
    assert draft["partners"][1].get("response") is None  # Tom answers Priya: his own side
    assert draft["partners"][0]["response"] == "I'm here"


async def test_the_demo_couple_is_not_talked_through(library: Path, app_factory) -> None:
    app = app_factory(library, start="present", demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(app.screen, TalkScreen)


CHILD = """
import asyncio, sys, time
from pathlib import Path
from tests.tui.test_talk_screen import talk_app_in, get_ready
from cyclemap.conversation_draft import draft_name
from cyclemap.store import Library

async def main(root):
    app = talk_app_in(Path(root))
    async with app.run_test(size=(80, 24)) as pilot:
        await get_ready(pilot, "the school run")
        await pilot.press(*"I went qu")
        library = Library(Path(root))
        while (library.load_draft(draft_name("sunday-nights")) or {}).get("partners", [{}])[0].get("set_off") != "I went qu":
            await pilot.pause(0.05)
        print("ready", flush=True)
        while True:
            await pilot.pause(1)

asyncio.run(main(sys.argv[1]))
"""


def talk_app_in(root: Path):
    from .conftest import make_app

    app = make_app(root, start="talk", map_ref=MAP)
    app.monotonic = FakeClock()
    return app


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
async def test_killed_mid_conversation_nothing_typed_is_lost(library: Path, app_factory) -> None:
    """A crash (SIGKILL, the power going): the next window resumes with every word, and the
    claim the dead window held is gone with it."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(library)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "HOME": str(library.parent)},
    )
    try:
        line = await asyncio.wait_for(asyncio.to_thread(child.stdout.readline), 60)
        assert line == b"ready\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    app = talk_app(app_factory, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("enter")
        assert await step(pilot) == "1:set_off"
        assert app.screen.query_one("#q-answer").text == "I went qu"
        assert app.screen.state.together["moment"] == "the school run"
