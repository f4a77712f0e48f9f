"""The footer: the keys of the screen's bindings on one line, drawn as one widget.

Textual's Footer makes every key a widget of its own (nine on the library), styles each one,
and builds them all again on every binding refresh: every focus change, highlight and keystroke
in a filter. That was a third of the time to the library's first paint. This one keeps the keys
as a list, draws them as one line, and redraws only when a shown key, its label or whether it is
enabled has changed. It looks like Textual's compact footer: "key Description" pairs, the
command palette's key at the right. A click on a key presses it; hovering one shows its tooltip.

When the keys don't all fit, the least important go first, whole: a screen names its keys in
order of importance in FOOTER_IMPORTANCE (binding ids, most important first; keys it leaves out
come after, in the order shown). The keys kept stay in the order shown, so a narrower window
only takes keys away, it never moves the others. A key left out is still in help (F1) and the
palette (ctrl+p), which read the same declared bindings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
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
    importance: int = 0  # 0 the most important; the footer drops the highest first

    @property
    def width(self) -> int:
        """Its cells on the line ("key Description")."""
        label = f"{self.display} {self.description}" if self.description else self.display
        return cell_len(label)


def fitting(entries: Sequence[FooterEntry], room: int) -> tuple[FooterEntry, ...]:
    """The entries that fit in `room` cells, a space between two, in their order: the most
    important ones that fit together, dropping the least important first (whole keys, never
    part of one)."""
    by_importance = sorted(range(len(entries)), key=lambda i: entries[i].importance)
    kept: set[int] = set()
    used = 0
    for i in by_importance:
        used += entries[i].width + (1 if kept else 0)
        if used > room:
            break
        kept.add(i)
    return tuple(entry for i, entry in enumerate(entries) if i in kept)


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
        named = getattr(screen, "FOOTER_IMPORTANCE", ())
        ranks = {binding_id: rank for rank, binding_id in enumerate(named)}
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items():
            entry = FooterEntry(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
                # Not named by the screen: after the named ones, in the order shown.
                ranks.get(binding.id or "", len(ranks) + len(entries)),
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

        room = width
        if self.palette is not None:
            # "▏^p Commands " at the right edge, as Textual's footer draws it.
            room -= cell_len(PALETTE_SEPARATOR) + self.palette.width + 1
        for entry in fitting(self.entries, room):
            add(entry)
            if line.cell_len < room:  # the last one may touch the palette's separator
                line.append(" ")
        if self.palette is not None:
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
