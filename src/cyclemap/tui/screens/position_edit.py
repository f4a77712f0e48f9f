"""Change a partner's position (toward or away) from the review.

The current position is shown chosen (●) with the cursor on it. As in the walkthrough, moving
the cursor chooses nothing: Enter on the other one chooses it and says so, and only Enter on
the chosen one closes the dialog with it. Escape leaves the position as it was.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from cyclemap.terms import POSITION_PROMPT, Position
from cyclemap.tui.widgets.choices import ChoiceList
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import literal
from cyclemap.walkthrough_words import POSITION_CHOICES, chosen_line, picked

KEEP_IT = "Enter again to keep it"


class PositionEditScreen(ModalScreen[Position | None]):
    CSS_PATH = "../walkthrough.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit-position.cancel")]

    def __init__(self, name: str, current: Position) -> None:
        super().__init__(classes="dialog")
        self.partner_name = name
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="position-box"):
            yield Static(literal(self.partner_name), classes="dialog-title")
            yield Static(literal(POSITION_PROMPT), classes="dialog-body")
            yield ChoiceList(id="position-choices")
            yield Static(id="position-hint", classes="dialog-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one(ChoiceList)
        choices.show(POSITION_CHOICES, self.current.value)
        choices.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(ChoiceList.Picked)
    def _picked(self, event: ChoiceList.Picked) -> None:
        event.stop()
        choices = self.query_one(ChoiceList)
        meaning = picked(choices.chosen, event.value)
        if meaning == "confirm":
            self.dismiss(Position(event.value))
        elif meaning == "choose":
            choices.mark(event.value)
            choice = next(c for c in POSITION_CHOICES if c.value == event.value)
            hint = self.query_one("#position-hint", Static)
            hint.update(literal(chosen_line(choice, then=KEEP_IT)))
