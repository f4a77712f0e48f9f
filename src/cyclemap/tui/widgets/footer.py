"""The footer: the keys of the screen's bindings on one line, drawn as one widget.

Textual's Footer makes every key a widget of its own (nine on the library), styles each one,
and builds them all again on every binding refresh: every focus change, highlight and keystroke
in a filter. That was a third of the time to the library's first paint. This one keeps the keys
as a list, draws them as one line, and redraws only when a shown key, its label or whether it is
enabled has changed. It looks like Textual's compact footer: "key Description" pairs, the
command palette's key at the right. A click on a key presses it; hovering one shows its tooltip.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.text import Text
from textual import events
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widget import Widget

PALETTE_SEPARATOR = "▏"


class FooterEntry(NamedTuple):
    key: str  # the key pressed on a click
    display: str  # the key as shown
    description: str
    enabled: bool
    tooltip: str


class Footer(Widget):
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--separator {
            color: $foreground 20%;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--key",
        "footer--description",
        "footer--separator",
    }

    def __init__(self) -> None:
        super().__init__()
        self.entries: tuple[FooterEntry, ...] = ()
        self.palette: FooterEntry | None = None
        self._spans: list[tuple[int, int, FooterEntry]] = []  # where each key was drawn
        self._check_pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # However many refreshes are asked for in a row, the keys are looked at once.
        if not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._update_keys)

    def _update_keys(self) -> None:
        self._check_pending = False
        try:
            screen = self.screen
        except NoScreen:  # gone with its screen in the meantime
            return
        palette_key = self.app.COMMAND_PALETTE_BINDING
        entries: list[FooterEntry] = []
        palette = None
        actions: set[str] = set()
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items():
            entry = FooterEntry(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
            )
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)  # one key an action, as Textual's footer
                entries.append(entry)
        if (tuple(entries), palette) != (self.entries, self.palette):
            self.entries, self.palette = tuple(entries), palette
            self.refresh()

    # -- drawing --------------------------------------------------------------------------

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []

        def add(entry: FooterEntry) -> None:
            start = line.cell_len
            line.append(entry.display, key_style)
            if entry.description:
                line.append(f" {entry.description}", description_style)
            if not entry.enabled:
                line.stylize("dim", start)
            self._spans.append((start, line.cell_len, entry))

        for entry in self.entries:
            add(entry)
            line.append(" ")
        if self.palette is not None:
            # "▏^p Commands " at the right edge, as Textual's footer draws it.
            right = f"{PALETTE_SEPARATOR}{self.palette.display} {self.palette.description} "
            room = width - Text(right).cell_len
            if line.cell_len > room:
                line.truncate(max(0, room), overflow="crop")
                self._spans = [span for span in self._spans if span[1] <= room]
            line.pad_right(room - line.cell_len)
            line.append(PALETTE_SEPARATOR, self.get_component_rich_style("footer--separator"))
            add(self.palette)
            line.append(" ")
        return line

    # -- the mouse ------------------------------------------------------------------------

    def _entry_at(self, x: int) -> FooterEntry | None:
        for start, end, entry in self._spans:
            if start <= x < end:
                return entry
        return None

    def on_click(self, event: events.Click) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._entry_at(event.x)
        self.tooltip = entry.tooltip if entry is not None else None
