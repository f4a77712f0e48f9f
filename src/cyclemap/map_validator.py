"""A map validated by the models' own core schema, without building pydantic's models.

Building CycleMap costs a command more than everything else it does (importing pydantic's models
and making their schema), so `export`, `show` and `check` of a file validate it with
data/map_schema.json instead: the schema pydantic made from the models, kept as data by
map_schema.py, run by the same pydantic-core. The models stay the source of truth —
tests/test_map_validator.py holds that the file is what they make now and that both accept and
refuse the same maps, giving the same words. Anything this refuses, or a pydantic-core other than
the one the schema was made with, goes to the model, which says what is wrong.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyclemap import cleaning, terms

if TYPE_CHECKING:
    from pydantic_core import SchemaValidator

SCHEMA_FILE = Path(__file__).parent / "data" / "map_schema.json"
SCHEMA_FORMAT = 1  # the shape of the file, as map_schema.py writes it


def _decoded(node: Any) -> Any:
    """The JSON with its named functions and enums brought back (map_schema._plain's marks)."""
    if isinstance(node, dict):
        if "$function" in node:
            return getattr(cleaning, node["$function"])
        if "$enum" in node:
            return getattr(terms, node["$enum"])
        if "$member" in node:
            enum_name, value = node["$member"]
            return getattr(terms, enum_name)(value)
        return {key: _decoded(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_decoded(item) for item in node]
    return node


@cache
def validator() -> SchemaValidator | None:
    """The validator, or None when the schema was made with another pydantic-core (after an
    upgrade, before `make schema`) or cannot be read: then the model validates."""
    import pydantic_core

    try:
        kept = json.loads(SCHEMA_FILE.read_text(encoding="ascii"))
        if kept["format"] != SCHEMA_FORMAT or kept["pydantic_core"] != pydantic_core.__version__:
            return None
        return pydantic_core.SchemaValidator(_decoded(kept["schema"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pydantic_core.SchemaError):
        return None


def validate(data: dict[str, Any]) -> dict[str, Any] | None:
    """The map's data as the model would hold it (as CycleMap.model_dump() gives it), or None
    when it is not valid or there is no validator: the model is to judge it."""
    from pydantic_core import ValidationError

    checker = validator()
    if checker is None:
        return None
    try:
        valid: dict[str, Any] = checker.validate_python(data)
    except (ValidationError, RecursionError):
        return None
    return valid
