"""An unfinished walkthrough was found: resume it, discard it, or leave it for later.

Dismisses with "resume", "discard" (the app asks again before anything is discarded) or
"later". It names the map by its names and title, never by an answer. No letter answers it
(a name typed a moment ago could): Enter takes the focused button, which starts on Resume,
the safe one; ← → and Tab move between the buttons, Escape is Later.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cyclemap.tui.screens.confirm import BUTTON_ARROWS
from cyclemap.tui.widgets.footer import Footer


class ResumeScreen(ModalScreen[str]):
    BINDINGS = [
        Binding("escape", "choose('later')", "Later", id="resume.later"),
        *BUTTON_ARROWS,
    ]

    def __init__(self, summary: str, *, starting_new: bool = False) -> None:
        super().__init__(classes="dialog")
        self.summary = summary
        # Asked before a new walkthrough: the old one would otherwise be replaced.
        self.starting_new = starting_new

    def compose(self) -> ComposeResult:
        if self.starting_new:
            detail = (
                "Pick it up where you left off, or discard it and start a new one. "
                "Later keeps it for next time."
            )
            discard = "Start over…"
        else:
            detail = "Pick it up where you left off? Later keeps it for next time."
            discard = "Discard…"
        with Vertical(classes="dialog-box"):
            yield Static(Text("Welcome back"), classes="dialog-title")
            yield Static(Text(self.summary), classes="dialog-body")
            yield Static(Text(detail), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Resume"), id="resume", variant="primary")
                yield Button(Text(discard), id="discard")
                yield Button(Text("Later"), id="later")
        # Its own keys at the bottom, not the library's behind it.
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
