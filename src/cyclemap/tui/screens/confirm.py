"""A yes/no question in a small dialog. Dismisses with True (yes) or False (no, escape)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
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
                    Text(f"{self.yes_label} (y)"),
                    id="yes",
                    variant="error" if self.destructive else "primary",
                )
                yield Button(Text(f"{self.no_label} (n)"), id="no")

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
