"""The models' core schema as plain data, for map_validator.py: `make schema` writes it to
data/map_schema.json, and tests/test_map_validator.py fails when that file is not what the
models make now.

pydantic builds every model from a core schema that pydantic-core runs. Written out as JSON, with
each model as the typed dict of its fields, the functions the fields run named (they are all
cleaning.py's) and the enums named (terms.py's), it can be validated with again without pydantic's
models: the same rules, checked by the same Rust, giving plain data instead of a model.

    python -m cyclemap.map_schema
"""

from __future__ import annotations

import enum
import json
from typing import Any

import pydantic_core

from cyclemap import cleaning, terms
from cyclemap.map_validator import SCHEMA_FILE, SCHEMA_FORMAT

_DROPPED = {"metadata", "cls", "custom_init", "root_model", "post_init"}


def plain_schema() -> dict[str, Any]:
    """What data/map_schema.json holds: the schema and the pydantic-core that can run it."""
    from cyclemap.model import CycleMap

    return {
        "format": SCHEMA_FORMAT,
        "pydantic_core": pydantic_core.__version__,
        "schema": _plain(CycleMap.__pydantic_core_schema__),
    }


def _ref(ref: str) -> str:
    # "cyclemap.model.PartnerSide:94139325898928": the number is an id(), new in every process.
    return ref.split(":", 1)[0].rsplit(".", 1)[-1]


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "model":
            return _typed_dict(node)
        return {
            key: _ref(value) if key in ("ref", "schema_ref") else _plain(value)
            for key, value in node.items()
            if key != "metadata"
        }
    if isinstance(node, list | tuple):
        return [_plain(item) for item in node]
    if isinstance(node, enum.Enum):
        return {"$member": [type(node).__name__, node.value]}
    if isinstance(node, type) and issubclass(node, enum.Enum):
        enum_name = node.__name__
        if getattr(terms, enum_name, None) is not node:
            raise ValueError(f"{node!r} is not an enum of cyclemap.terms")
        return {"$enum": enum_name}
    if callable(node):
        name = getattr(node, "__name__", "")
        if getattr(cleaning, name, None) is not node:
            raise ValueError(f"{node!r} is not a function of cyclemap.cleaning")
        return {"$function": name}
    if node is None or isinstance(node, str | int | float | bool):
        return node
    raise ValueError(f"{node!r} cannot be kept as JSON")


def _typed_dict(model: dict[str, Any]) -> dict[str, Any]:
    """A model's schema as the typed dict of its fields: the same fields, checks and config
    (extra keys refused), a required field being one without a default."""
    fields_schema = model["schema"]
    if fields_schema.get("type") != "model-fields" or fields_schema.get("computed_fields"):
        raise ValueError(f"the schema of {model['cls'].__name__} is not plain fields")
    fields = {
        name: {
            "type": "typed-dict-field",
            "schema": _plain(field["schema"]),
            "required": field["schema"].get("type") != "default",
        }
        for name, field in fields_schema["fields"].items()
    }
    config = {key: value for key, value in model.get("config", {}).items() if key != "title"}
    plain: dict[str, Any] = {"type": "typed-dict", "fields": fields, "config": config}
    if "ref" in model:
        plain["ref"] = _ref(model["ref"])
    unknown = set(model) - _DROPPED - {"type", "schema", "config", "ref"}
    if unknown:
        raise ValueError(f"the schema of {model['cls'].__name__} has {sorted(unknown)}")
    return plain


def schema_text() -> str:
    return json.dumps(plain_schema(), indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def main() -> None:
    SCHEMA_FILE.write_text(schema_text(), encoding="ascii")


if __name__ == "__main__":
    main()
