"""A new title for a map. Dismisses with the title, or None when left (escape)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from cyclemap.terms import TITLE_MAX


class RenameScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rename.cancel")]

    def __init__(self, title: str) -> None:
        super().__init__(classes="dialog")
        self.old_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text("Rename the map"), classes="dialog-title")
            yield Static(
                Text(
                    "The new title. The file keeps its name, so nothing that points to it breaks."
                ),
                classes="dialog-body",
            )
            yield Input(self.old_title, max_length=TITLE_MAX, id="title")
            yield Static("", id="rename-hint", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Rename (enter)"), id="ok", variant="primary")
                yield Button(Text("Cancel (esc)"), id="cancel")

    @on(Input.Submitted, "#title")
    @on(Button.Pressed, "#ok")
    def _submit(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        title = " ".join(self.query_one("#title", Input).value.split())
        if not title:
            self.query_one("#rename-hint", Static).update(Text("A title needs at least a word."))
            return
        self.dismiss(title)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
