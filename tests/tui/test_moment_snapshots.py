"""Pictures of the pause and the conversation: the pause at 100×30 and in a small window (60×20),
its end, and the reach of the conversation in large type.

Update with `pytest tests/tui/test_moment_snapshots.py --snapshot-update`, and look at the
report before accepting a change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import make_app, settle, wait_until
from tests.tui.test_pause_screen import FakeClock


async def steady(pilot: Pilot) -> None:
    """A button pressed on the way shows it for a moment (longer on a busy machine): not in
    the picture."""
    await settle(pilot)
    await wait_until(pilot, lambda: not pilot.app.screen.query("Button.-active"))


def pause_app(library: Path, home: Path, map_id: str = "sunday-nights"):
    app = make_app(library, home, start="pause", map_ref=map_id)
    clock = FakeClock()
    app.monotonic = clock
    return app, clock


async def a_moment_later(pilot: Pilot) -> None:
    """The pacer halfway in, the clock at 19:58."""
    await settle(pilot)
    pilot.app.monotonic.now += 2.5
    pilot.app.screen.tick()
    await settle(pilot)


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_pause(snap_compare, library: Path, home: Path, size: tuple[int, int]) -> None:
    app, _clock = pause_app(library, home)

    assert snap_compare(app, run_before=a_moment_later, terminal_size=size)


def test_the_end_of_a_pause_without_a_phrase(snap_compare, library: Path, home: Path) -> None:
    app, clock = pause_app(library, home, "quiet-house")

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        clock.now += 20 * 60
        pilot.app.screen.tick()
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_reach(snap_compare, library: Path, home: Path, size: tuple[int, int]) -> None:
    """Priya's words from just now, in large type to say aloud to Tom; at 80×24 with a
    character the large font lacks, so in bold instead (and never read as markup)."""
    from tests.tui.test_talk_screen import get_ready
    from tests.tui.test_walkthrough import answer

    app = make_app(library, home, start="talk", map_ref="sunday-nights")

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await get_ready(pilot)
        underneath = "so alone" if size == (100, 30) else "so alone [/"
        for words in ("", "", underneath, "you"):
            await answer(pilot, words)
        await steady(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=size)


def test_the_response_in_presentation_mode(snap_compare, library: Path, home: Path) -> None:
    """For a therapist's shared screen: Partner B's answer (from the map), in large type."""
    from tests.tui.test_talk_screen import get_ready
    from tests.tui.test_walkthrough import answer

    app = make_app(library, home, start="present", map_ref="sunday-nights")

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("a", "t")
        await get_ready(pilot)
        for _ in range(6):
            await answer(pilot, "")
        await steady(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=(120, 40))


async def _to(pilot: Pilot, keys: list[str]) -> None:
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    await steady(pilot)


READY = ["down", "enter", "enter"]
MOMENT = [*READY, "enter"]
FIRST = [*MOMENT, "enter"]
SET_OFF = [*FIRST, "down", "enter", "enter"]
LANDED = [*SET_OFF, *["enter"] * 7]
NOT_YET = [*LANDED, "down", "down", "down", "enter", "enter"]
SWAP = [*LANDED, "down", "enter", "enter"]
DONE = [*SWAP, "enter", *["enter"] * 7, "down", "enter", "enter", "enter", "enter", "enter"]
TALK_STEPS = {
    "ready": [],
    "name": MOMENT,
    "first": FIRST,
    "set-off": SET_OFF,
    "landed": LANDED,
    "not-yet": NOT_YET,
    "swap": SWAP,
    "done": DONE,
}


@pytest.mark.parametrize("step", list(TALK_STEPS))
def test_the_conversation(snap_compare, library: Path, home: Path, step: str) -> None:
    """Each kind of step, said aloud, at 80×24."""
    app = make_app(library, home, start="talk", map_ref="sunday-nights")

    async def run_before(pilot: Pilot) -> None:
        await _to(pilot, TALK_STEPS[step])

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


@pytest.mark.parametrize("step", ["landed", "not-yet"])
def test_the_conversation_without_colour(
    snap_compare, library: Path, home: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """What is chosen is marked (●), not only coloured."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(library, home, start="talk", map_ref="sunday-nights")

    async def run_before(pilot: Pilot) -> None:
        await _to(pilot, [*TALK_STEPS[step], "down"])
        await pilot.press("enter")  # chosen, not yet gone on
        await settle(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
