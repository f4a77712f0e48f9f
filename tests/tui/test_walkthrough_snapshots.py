"""Pictures of the walkthrough, the hand-over and the reveal at 80×24 and 120×40.

Update with `pytest tests/tui/test_walkthrough_snapshots.py --snapshot-update`, and look at the
report before accepting a change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import settle
from tests.tui.test_walkthrough import (
    ALEX,
    ALEX_GUESS,
    SAM,
    answer,
    fill_names,
    fill_side,
    new_app,
    start_second_turn,
    type_text,
)

SIZES = [(80, 24), (120, 40)]


async def names(pilot: Pilot) -> None:
    await settle(pilot)
    await type_text(pilot, "Alex")
    await pilot.press("tab")
    await type_text(pilot, "Sam [i]")


async def question(pilot: Pilot) -> None:
    await fill_names(pilot, "Alex", "Sam [i]")
    await answer(pilot, ALEX["trigger"])


async def feeling(pilot: Pilot) -> None:
    await question(pilot)
    await answer(pilot, ALEX["protective_move"])
    await type_text(pilot, "alone, rej")


async def feelings_list(pilot: Pilot) -> None:
    await feeling(pilot)
    await pilot.press("ctrl+f")


async def position(pilot: Pilot) -> None:
    await question(pilot)
    await answer(pilot, ALEX["protective_move"])
    await answer(pilot, ALEX["underlying_feeling"])


async def guess(pilot: Pilot) -> None:
    await fill_names(pilot, "Alex", "Sam [i]")
    for key in ("trigger", "protective_move", "underlying_feeling"):
        await answer(pilot, ALEX[key])
    await pilot.press("down", "enter", "enter", "ctrl+s")


async def handover(pilot: Pilot) -> None:
    await guess(pilot)
    await answer(pilot, ALEX_GUESS)


async def reveal(pilot: Pilot) -> None:
    await fill_names(pilot, "Alex", "Sam")
    await fill_side(pilot, ALEX, guess=ALEX_GUESS)
    await start_second_turn(pilot)
    await fill_side(pilot, SAM, guess="alone")
    await pilot.press("ctrl+s")


async def way_out(pilot: Pilot) -> None:
    await fill_names(pilot, "Alex", "Sam")
    await fill_side(pilot, ALEX, guess=ALEX_GUESS)
    await start_second_turn(pilot)
    await fill_side(pilot, SAM, guess="alone")


STEPS: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "names": names,
    "question": question,
    "feeling": feeling,
    "feelings-list": feelings_list,
    "position": position,
    "guess": guess,
    "handover": handover,
    "way-out": way_out,
    "reveal": reveal,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("step", list(STEPS))
def test_snapshot(snap_compare, tmp_path: Path, step: str, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await STEPS[step](pilot)
        await settle(pilot)

    app = new_app(tmp_path / "library")
    assert snap_compare(app, run_before=run_before, terminal_size=size)
