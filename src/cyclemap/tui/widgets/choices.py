"""A list of two or three clear choices where moving the cursor chooses nothing.

The chosen one is marked ● and the others ○, so what is chosen never depends on a highlight
(which NO_COLOR shows only faintly). Enter or a click posts `Picked` with the option under the
cursor (None when the cursor is on none); what that means — choose it, or go on once it is the
chosen one — is decided by the flow, not here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cyclemap.walkthrough_words import Choice

CHOSEN = "●"
NOT_CHOSEN = "○"


def choice_prompt(choice: Choice, chosen: bool) -> Table:
    """The mark, then the label in bold with its description under it (wrapped there)."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    mark = Text(CHOSEN if chosen else NOT_CHOSEN, style="bold" if chosen else "")
    grid.add_row(mark, Text.assemble((choice.label, "bold"), "\n", choice.description))
    return grid


class ChoiceList(OptionList):
    class Picked(Message):
        """Enter or a click: `value` is the option under the cursor (None if none is)."""

        def __init__(self, choices: ChoiceList, value: str | None) -> None:
            super().__init__()
            self.choices = choices
            self.value = value

        @property
        def control(self) -> ChoiceList:
            return self.choices

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._choices: tuple[Choice, ...] = ()
        self._chosen: str | None = None

    def show(self, choices: Sequence[Choice], chosen: str | None) -> None:
        """The choices, `chosen` marked and under the cursor; no cursor when none is chosen."""
        self._choices = tuple(choices)
        self._chosen = chosen
        self.clear_options()
        for number, choice in enumerate(self._choices):
            if number:
                self.add_option(None)  # a quiet line between the choices
            self.add_option(Option(choice_prompt(choice, choice.value == chosen), id=choice.value))
        values = [choice.value for choice in self._choices]
        self.highlighted = self.get_option_index(chosen) if chosen in values else None

    def mark(self, chosen: str | None) -> None:
        """Move the mark to `chosen`; the cursor stays where it is."""
        self._chosen = chosen
        for choice in self._choices:
            self.replace_option_prompt(choice.value, choice_prompt(choice, choice.value == chosen))

    @property
    def chosen(self) -> str | None:
        return self._chosen

    @property
    def under_cursor(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_select(self) -> None:
        self.post_message(self.Picked(self, self.under_cursor))
