"""What the model does to each field of a map before it checks it, without pydantic.

model.py builds its fields with these very functions (tests/test_cleaning.py holds that every
field of the models uses the one named here), so that a map the model has already found valid
can be read again without pydantic (view.view_of_valid) and come out exactly as the model holds
it: the same words, cleaned, trimmed, on one line where the model makes them one line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cyclemap.terms import (
    ANSWER_MAX,
    COUPLE_MAX,
    CYCLE_NAME_MAX,
    NAME_MAX,
    NOTES_MAX,
    TITLE_MAX,
    clean_text,
)


def single_line(value: str) -> str:
    return " ".join(value.split())


def clean_and_trim(value: Any) -> Any:
    """An answer: cleaned (terms.clean_text) and trimmed."""
    if isinstance(value, str):
        return clean_text(value).strip()
    return value


def clean_optional(value: Any) -> Any:
    """An optional answer left blank is simply absent (TOML has no null)."""
    value = clean_and_trim(value)
    return value or None if isinstance(value, str) else value


def clean_line(value: Any) -> Any:
    """A name or a title: cleaned, trimmed, on one line."""
    return single_line(clean_and_trim(value)) if isinstance(value, str) else value


def clean_optional_line(value: Any) -> Any:
    """The cycle's name, the couple: optional, on one line."""
    value = clean_optional(value)
    return single_line(value) if isinstance(value, str) else value


def as_utc(value: datetime) -> datetime:
    """A moment in UTC; one without a time zone is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


Cleaner = Callable[[Any], Any]

# Each text field, with its cleaning, whether the model requires it, and its longest length.
MAP_TEXT: dict[str, tuple[Cleaner, bool, int]] = {
    "title": (clean_line, True, TITLE_MAX),
    "cycle_name": (clean_optional_line, False, CYCLE_NAME_MAX),
    "couple": (clean_optional_line, False, COUPLE_MAX),
    "pause_phrase": (clean_optional, False, ANSWER_MAX),
    "warning_signs": (clean_optional, False, ANSWER_MAX),
    "notes": (clean_and_trim, False, NOTES_MAX),  # "" when absent, never None
}
PARTNER_TEXT: dict[str, tuple[Cleaner, bool, int]] = {
    "name": (clean_line, True, NAME_MAX),
    "trigger": (clean_and_trim, True, ANSWER_MAX),
    "meaning": (clean_optional, False, ANSWER_MAX),
    "surface_feeling": (clean_optional, False, ANSWER_MAX),
    "protective_move": (clean_and_trim, True, ANSWER_MAX),
    "underlying_feeling": (clean_and_trim, True, ANSWER_MAX),
    "fear": (clean_optional, False, ANSWER_MAX),
    "longing": (clean_optional, False, ANSWER_MAX),
    "guess": (clean_optional, False, ANSWER_MAX),
    "reach": (clean_optional, False, ANSWER_MAX),
    "respond": (clean_optional, False, ANSWER_MAX),
}
