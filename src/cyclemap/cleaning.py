"""What the model does to a map's fields beyond their types and lengths, without pydantic.

model.py builds its fields with these very functions, and the models' core schema names them
(data/map_schema.json, see map_validator.py): a file is validated by pydantic-core with the
models' own rules without building the models, and these run there exactly as in the model.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cyclemap import terms
from cyclemap.terms import clean_text


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


def utc_now() -> datetime:
    """When a map made without dates was made: now, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def exactly_two(value: Any) -> Any:
    """The partners: a list of any other length is refused in words, before the tuple's own
    check would say 'tuple too long'."""
    if isinstance(value, list | tuple) and len(value) != 2:
        raise ValueError(f"must list exactly two partners (found {len(value)})")
    return value


def known_version(value: int) -> int:
    """The format's version, once migrated, is this program's."""
    if value != terms.SCHEMA_VERSION:
        raise ValueError(f"must be {terms.SCHEMA_VERSION} after migration (got {value})")
    return value
