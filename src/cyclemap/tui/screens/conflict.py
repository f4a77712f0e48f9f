"""A map changed on disk since it was opened: overwrite, save as a copy, or cancel.

No letter answers it (a word typed a moment ago must not overwrite anything): enter takes the
focused button, which is "Save as a copy" at first (nobody's words are replaced); ← → and Tab
move between the buttons, escape cancels."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cyclemap.tui.screens.confirm import BUTTON_ARROWS

ConflictChoice = Literal["overwrite", "copy", "cancel"]


class ConflictScreen(ModalScreen[ConflictChoice]):
    """'This map changed on disk since you opened it': overwrite / save as a copy / cancel."""

    BINDINGS = [
        Binding("escape", "choose('cancel')", "Cancel", id="conflict.cancel"),
        *BUTTON_ARROWS,
    ]

    def __init__(self, reason: str) -> None:
        super().__init__(classes="dialog")
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="conflict-box"):
            yield Static(
                Text("This map changed on disk since you opened it."), classes="dialog-title"
            )
            yield Static(
                Text(
                    "Someone (or another cyclemap) saved it in the meantime. Overwrite keeps "
                    "their version in the map's history; a copy leaves their version as it is."
                ),
                classes="dialog-body",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Cancel (esc)"), id="conflict-cancel")
                yield Button(Text("Overwrite"), id="conflict-overwrite")
                yield Button(Text("Save as a copy"), id="conflict-copy", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#conflict-copy", Button).focus()

    def action_choose(self, choice: ConflictChoice) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id).removeprefix("conflict-"))  # type: ignore[arg-type]
