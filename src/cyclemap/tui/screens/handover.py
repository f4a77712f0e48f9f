"""The hand-over between turns on one laptop, and the "whose turn is it?" check on resuming.

A full, opaque screen: nothing of the previous partner's answers is underneath it or on it.
Dismisses with "go" (the named partner is at the keyboard), "back" (the previous partner wants
to look at their own answers again) or "leave" (keep it for later).
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from cyclemap.tui.widgets.footer import Footer

HandoverChoice = Literal["go", "back", "leave"]


class HandoverScreen(Screen[HandoverChoice]):
    """'Pass the laptop to Sam.' — or, on resuming a private turn, 'This is Alex's turn.'"""

    CSS_PATH = "../walkthrough.tcss"
    AUTO_FOCUS = "#handover-go"

    BINDINGS = [
        Binding("enter", "go", "Start", id="handover.go", priority=True),
        Binding("alt+left,ctrl+b", "back", "Back", key_display="alt+←", id="handover.back"),
        Binding("escape", "leave", "Leave for now", id="handover.leave"),
    ]

    def __init__(self, to_name: str, from_name: str | None = None, *, resume: bool = False) -> None:
        super().__init__()
        self.to_name = to_name
        self.from_name = from_name
        self.resume = resume

    def compose(self) -> ComposeResult:
        to, other = self.to_name, self.from_name
        if self.resume:
            heading = Text.assemble("Welcome back. This is ", (to, "bold"), "'s turn.")
            body = Text.assemble(
                "What ",
                to,
                " has written so far stays private until you've both finished. ",
                "If you're not ",
                to,
                ", please hand the laptop over.",
            )
            go_label = Text.assemble("I'm ", to, " — carry on")
        else:
            heading = Text.assemble("Pass the laptop to ", (to, "bold"), ".")
            body = Text.assemble(
                other or "",
                "'s answers stay hidden until you've both finished. ",
                "Nothing you write now is shown to ",
                other or "",
                " before then either.",
            )
            go_label = Text.assemble("I'm ", to, " — start my turn")
        with Vertical(id="handover-box"):
            yield Static(heading, id="handover-heading")
            yield Static(body, id="handover-body")
            yield Static(
                Text(
                    "Take a breath. There are no right answers — the cycle is the problem, "
                    "not either of you.",
                    style="italic",
                ),
                id="handover-calm",
            )
            with Center(), Horizontal(id="handover-buttons"):
                if self.resume:
                    yield Button("Leave for now", id="handover-leave")
                else:
                    yield Button("← Back", id="handover-back")
                yield Button(go_label, id="handover-go", variant="primary")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return not self.resume
        return True

    def action_go(self) -> None:
        focused = self.focused
        if isinstance(focused, Button) and focused.id != "handover-go":
            focused.press()
            return
        self.dismiss("go")

    def action_back(self) -> None:
        self.dismiss("back")

    def action_leave(self) -> None:
        self.dismiss("leave")

    @on(Button.Pressed, "#handover-go")
    def _go(self) -> None:
        self.dismiss("go")

    @on(Button.Pressed, "#handover-back")
    def _back(self) -> None:
        self.dismiss("back")

    @on(Button.Pressed, "#handover-leave")
    def _leave(self) -> None:
        self.dismiss("leave")
