"""Quick-hide: a blank, neutral screen. No words, no title, no footer: nothing to read over a
shoulder. Any key or click brings the app back."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class HiddenScreen(Screen[None]):
    # Escape would otherwise be offered to Textual's minimize; every key simply returns.
    ESCAPE_TO_MINIMIZE = False

    def compose(self) -> ComposeResult:
        yield Static("", id="hidden")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss(None)
