"""Before you begin: what the cycle is, how turns work, and who this is (and isn't) for.

Shown the first time a library is used (a small marker file remembers it) and from help.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from cyclemap.store import Library, guard
from cyclemap.tui.widgets.footer import Footer

MARKER = ".welcome-seen"

CYCLE = (
    "When the same argument keeps coming back, it is usually a loop rather than one person's "
    "fault: what one of you does to protect yourself is exactly what sets the other off. "
    "Underneath those moves are softer feelings, like feeling alone, not good enough or afraid "
    "of losing each other, that rarely get seen. Mapping the loop together lets you see the "
    "cycle as the problem, and each other as partners against it."
)
TURNS = (
    "Each of you answers a few short questions, one a screen. You can take turns on "
    "this computer: when one of you is done, you pass it over, and your answers stay hidden "
    "until you have both finished. Then you look at the loop together. You can also fill it "
    "in side by side, skip anything that isn't required, and stop and come back later."
)
SAFETY = (
    "cyclemap is for couples who feel safe with each other. If you are afraid of your "
    "partner, this isn't the right tool: a local domestic-violence helpline or a "
    "professional can help, in confidence. It is a companion to therapy, not a substitute "
    "for it."
)
PRIVACY = "Everything you write stays on this computer, in files only you can open."


def welcome_seen(root: Path) -> bool:
    return (root / MARKER).exists()


def mark_welcome_seen(library: Library) -> None:
    root = library.ensure()
    os.close(guard.open_private(root, root / MARKER))  # never through a link, never a pipe


class WelcomeScreen(Screen[None]):
    SUB_TITLE = "Before you begin"
    BINDINGS = [
        Binding("enter,escape", "close", "Continue", key_display="enter", id="welcome.close"),
    ]

    def __init__(self, *, first_run: bool) -> None:
        super().__init__()
        self.first_run = first_run

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome-scroll"), Vertical(id="welcome"):
            yield Static(Text("Before you begin", style="bold"), classes="welcome-title")
            yield Static(Text("The cycle", style="bold"), classes="welcome-heading")
            yield Static(Text(CYCLE), classes="welcome-text")
            yield Static(Text("Taking turns", style="bold"), classes="welcome-heading")
            yield Static(Text(TURNS), classes="welcome-text")
            yield Static(Text("Is this right for you?", style="bold"), classes="welcome-heading")
            yield Static(Text(SAFETY), classes="welcome-text", id="safety")
            yield Static(Text(PRIVACY, style="italic"), classes="welcome-text")
            with Center():
                label = "I'm ready (enter)" if self.first_run else "Back (esc)"
                yield Button(Text(label), id="ready", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        # The text has the focus, so arrows and page keys scroll it; enter continues.
        self.query_one("#welcome-scroll").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
