"""What the two guided screens share (tui/screens/guided.py), driven by key presses."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from tests.tui.conftest import settle
from tests.tui.test_walkthrough import ALEX, SAM, answer, fill_names, fill_side, new_app, walk


async def test_the_next_button_fits_its_words_on_the_last_step(empty_library: Path) -> None:
    # The last step's "See your cycle →" is wider than the "Skip →" before it. A new label does
    # not resize a Button by itself: the walkthrough's once kept the old size and showed
    # "See your cycle" cut off (the conversation's already resized). Going back, it shrinks.
    app = new_app(empty_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await fill_names(pilot, "Alex", "Sam", together=True)
        await fill_side(pilot, ALEX, private=False)
        await fill_side(pilot, SAM, private=False)
        await pilot.press("enter")  # the way out
        for _ in range(4):  # to the pause phrase, the step before the last
            await answer(pilot, None)
        await settle(pilot)
        screen = walk(app)
        button = screen.query_one("#wt-next", Button)
        assert str(button.label) == "Skip →"
        width = button.outer_size.width
        await answer(pilot, None)
        await settle(pilot)
        assert str(button.label) == "See your cycle →"
        assert button.outer_size.width > width
        await pilot.press("alt+left")
        await settle(pilot)
        assert str(button.label) == "Skip →"
        assert button.outer_size.width == width
