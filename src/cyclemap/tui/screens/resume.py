"""An unfinished walkthrough was found: resume it, discard it, or leave it for later.

Dismisses with "resume", "discard" or "later".
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cyclemap.terms import clean_text


def draft_summary(draft: dict[str, Any]) -> Text:
    """Whose walkthrough it is, by the names only: no answers on a screen both may see."""
    names = []
    partners = draft.get("partners")
    if isinstance(partners, list):
        for partner in partners:
            if isinstance(partner, dict) and isinstance(partner.get("name"), str):
                # A draft is a file: it may hold what was pasted, or be edited by hand.
                name = " ".join(clean_text(partner["name"]).split())[:40]
                if name:
                    names.append(name)
    if names:
        return Text(f"There's an unfinished walkthrough for {' & '.join(names)}.")
    return Text("There's an unfinished walkthrough.")


class ResumeScreen(ModalScreen[str]):
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("d", "choose('discard')", "Discard", id="resume.discard"),
        Binding("l,escape", "choose('later')", "Later", id="resume.later"),
    ]

    def __init__(self, summary: Text, *, starting_new: bool = False) -> None:
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
            discard = "Start over (d)"
        else:
            detail = "Pick it up where you left off? Later keeps it for next time."
            discard = "Discard (d)"
        with Vertical(classes="dialog-box"):
            yield Static(Text("Welcome back"), classes="dialog-title")
            yield Static(self.summary, classes="dialog-body")
            yield Static(Text(detail), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Resume (r)"), id="resume", variant="primary")
                yield Button(Text(discard), id="discard")
                yield Button(Text("Later (l)"), id="later")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
