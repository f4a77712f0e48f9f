"""A line of its own above the footer that says what just happened, for a few seconds.

Unlike a toast it belongs to its screen: it is drawn there and nowhere else, so it never
follows a person onto the next screen or covers a button there, and the screen hides it when it
is left. `hidden` is called whenever it goes (its time is up, or hide() was called).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static


class Note(Static):
    def __init__(self, *, hidden: Callable[[], None], id: str | None = None) -> None:
        super().__init__("", id=id)
        self.hidden = hidden
        self.display = False
        self._timer: Timer | None = None

    def show(self, text: Text, seconds: float) -> None:
        self.update(text)
        self.display = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds, self.hide)

    def hide(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.display = False
        self.hidden()
