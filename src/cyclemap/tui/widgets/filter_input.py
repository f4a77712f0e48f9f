"""The filters of the lists, and how a key typed on a list reaches its filter.

On every list letters are text: a printable key typed while the list has the focus goes into
the list's filter (and the focus with it), never to a command. `type_into` does that for any
list; the list calls it from its own key handler, in the order it got the keys, so that a
burst of keys queued on the list before the first was handled lands whole and in order.

FilterInput is the library's: its enter opens the highlighted match (and says so), and its
ctrl+e exports the highlighted map as on the list (the end key still goes to the end of the
text), so that every command of the list works the same while filtering.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input


def is_typing(event: events.Key) -> bool:
    """A key that is text on a list: a printable character, or backspace."""
    return event.is_printable or event.key == "backspace"


def type_into(filter_input: Input, event: events.Key) -> None:
    """The key typed on a list, put in its filter: at the end of the text, the focus moved
    there at once (so the next key of a burst follows this one). A "/" typed first only moves
    to the filter, as the old "/ to filter" key did."""
    if not filter_input.display:
        return
    screen = filter_input.screen
    if screen.focused is not filter_input:
        screen.set_focus(filter_input)
    filter_input.cursor_position = len(filter_input.value)
    if event.key == "backspace":
        filter_input.action_delete_left()
    elif not (event.character == "/" and not filter_input.value):
        filter_input.insert_text_at_cursor(event.character or "")


class FilterInput(Input):
    # Replaces Input's hidden enter binding, so the footer shows what enter does here.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Open", key_display="⏎"),
        Binding("ctrl+e", "screen.export", "Export", key_display="^e", show=False),
    ]
