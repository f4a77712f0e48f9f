"""Textual's Footer, built again only when the keys it shows change.

Screens ask for their bindings to be refreshed on every focus change, highlight and keystroke
in a filter; Textual's Footer answers each by making all its keys anew, which costs more than
the keystroke itself. This one looks once the screen has settled (however many asked in the
meantime) and rebuilds only if a key, its label or whether it is enabled has changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    _shown: tuple[tuple[str, str, bool, str], ...] | None = None
    _check_pending = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # Born compact: otherwise each key is styled again when it learns it is.
                widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # as Textual's Footer: its compose waits for this
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        self._check_pending = False
        try:
            screen = self.screen
        except NoScreen:  # gone with its screen in the meantime
            return
        palette = self.app.COMMAND_PALETTE_BINDING
        shown = tuple(
            (key, binding.description, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
