"""Change a partner's position (toward or away) from the review."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cyclemap.terms import POSITION_PROMPT, Position
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import literal
from cyclemap.walkthrough_words import POSITION_CHOICES


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
            options = OptionList(id="position-choices")
            for number, choice in enumerate(POSITION_CHOICES):
                if number:
                    options.add_option(None)
                prompt = Text.assemble((choice.label, "bold"), "\n", choice.description)
                options.add_option(Option(prompt, id=choice.value))
            yield options
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.current is Position.PURSUE else 1
        options.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(Position(event.option.id))
