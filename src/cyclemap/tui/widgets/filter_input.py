"""The library's filter: an Input whose enter opens the highlighted match (and says so)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class FilterInput(Input):
    # Replaces Input's hidden enter binding, so the footer shows what enter does here.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Open", key_display="⏎")]
