"""A yes/no question in a small dialog. Dismisses with True (yes) or False (no, escape).

No letter answers it: a word being typed a moment ago (a name with a "y" in it) must never
confirm anything. Enter takes the focused button; for a destructive question that is the safe
one. ← → and Tab move between the buttons.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cyclemap.tui.widgets.footer import Footer

# Arrows between a dialog's buttons, as Tab does (Textual's Buttons take no arrow keys).
BUTTON_ARROWS = [
    Binding("left", "app.focus_previous", "Previous button", show=False),
    Binding("right", "app.focus_next", "Next button", show=False),
]


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "answer(False)", "No", id="confirm.no"),
        *BUTTON_ARROWS,
    ]

    def __init__(
        self,
        question: str | Text,
        detail: str | Text = "",
        *,
        yes: str = "Yes",
        no: str = "No",
        destructive: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.detail = detail
        self.yes_label = yes
        self.no_label = no
        # For a destructive question the safe answer has the focus, so enter does no harm.
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(_literal(self.question), classes="dialog-title")
            if self.detail:
                yield Static(_literal(self.detail), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Text(self.yes_label),
                    id="yes",
                    variant="error" if self.destructive else "primary",
                )
                yield Button(Text(self.no_label), id="no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no" if self.destructive else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def _literal(value: str | Text) -> Text:
    """Our own wording may be a str; it is still never parsed as markup."""
    return value if isinstance(value, Text) else Text(value)
