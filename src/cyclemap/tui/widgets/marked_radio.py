"""A radio button that says it is chosen by its mark, not only by its colour.

Textual's RadioButton draws the same ● whether it is on or off and tells them apart by shade
alone, which is grey against grey with NO_COLOR or a muted theme. This one draws ● when chosen
and ○ when not.
"""

from __future__ import annotations

from textual.widgets import RadioButton

CHOSEN = "●"
NOT_CHOSEN = "○"


class MarkedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - the name Textual's ToggleButton reads
        return CHOSEN if self.value else NOT_CHOSEN
