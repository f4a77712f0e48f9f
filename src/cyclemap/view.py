"""A map to read, without pydantic: what the exports and `cyclemap show` need, fast.

MapView and PartnerView have the attribute names and derived values of model.CycleMap and
model.PartnerSide (`pattern`, `other()`, `answer()`, `to_toml_dict()`, and `model_dump()` for
the two modes the exports use), so diagram.py and export.py take either. A view is only ever
made from the data of a validated map — `MapView.of(cycle_map)`, `MapView.of_dump()` of what
map_validator.py validated with the models' own schema, or the private cache that
store.Library.load_view keeps of that data, keyed by the file's stat and the program's version.
It is read-only; to change a map, load the model.

tests/test_view.py proves that a view mirrors the model, field by field, for every example.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cyclemap.terms import Pattern, Position

if TYPE_CHECKING:
    from typing import TypeAlias

    from cyclemap.model import CycleMap, PartnerSide

# The models' fields, in the models' order (a test compares them with model_fields).
PARTNER_FIELDS = (
    "name",
    "position",
    "trigger",
    "meaning",
    "surface_feeling",
    "protective_move",
    "underlying_feeling",
    "fear",
    "longing",
    "guess",
    "reach",
    "respond",
)
MAP_FIELDS = (
    "schema_version",
    "id",
    "title",
    "cycle_name",
    "couple",
    "pause_phrase",
    "warning_signs",
    "created",
    "updated",
    "notes",
    "partners",
)
_TEXT_FIELDS = ("id", "title", "cycle_name", "couple", "pause_phrase", "warning_signs", "notes")
_POSITIONS = {position.value: position for position in Position}


def _text(value: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    raise ValueError("not text")


def _utc(value: Any) -> datetime:
    if type(value) is not str:
        raise ValueError("not a date")
    moment = datetime.fromisoformat(value)
    offset = moment.utcoffset()
    if offset is None or offset.total_seconds() != 0:
        raise ValueError("not a UTC date")
    return moment.replace(tzinfo=UTC)


class _ReadOnly:
    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; load the model to change it")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")


class PartnerView(_ReadOnly):
    """One partner's side, as model.PartnerSide has it."""

    __slots__ = PARTNER_FIELDS

    name: str
    position: Position
    trigger: str
    meaning: str | None
    surface_feeling: str | None
    protective_move: str
    underlying_feeling: str
    fear: str | None
    longing: str | None
    guess: str | None
    reach: str | None
    respond: str | None

    def __init__(self, data: dict[str, Any]) -> None:
        if type(data) is not dict or data.keys() != set(PARTNER_FIELDS):
            raise ValueError("not the fields of a partner")
        for key in PARTNER_FIELDS:
            value = data[key]
            if key == "position":
                value = _POSITIONS[value] if type(value) is str and value in _POSITIONS else None
                if value is None:
                    raise ValueError("not a position")
            else:
                value = _text(value)
            object.__setattr__(self, key, value)

    def answer(self, key: str) -> str | None:
        value: str | None = getattr(self, key)
        return value

    def _dump(self, mode: str, exclude_none: bool) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in PARTNER_FIELDS:
            value = getattr(self, key)
            if value is None and exclude_none:
                continue
            if key == "position" and mode == "json":
                value = value.value
            data[key] = value
        return data


class MapView(_ReadOnly):
    """A whole map, as model.CycleMap has it."""

    __slots__ = MAP_FIELDS

    schema_version: int
    id: str
    title: str
    cycle_name: str | None
    couple: str | None
    pause_phrase: str | None
    warning_signs: str | None
    created: datetime
    updated: datetime
    notes: str
    partners: tuple[PartnerView, PartnerView]

    def __init__(self, data: dict[str, Any]) -> None:
        """From `CycleMap.model_dump(mode="json")` of a validated model; ValueError (or
        KeyError/TypeError) for anything else."""
        if type(data) is not dict or data.keys() != set(MAP_FIELDS):
            raise ValueError("not the fields of a map")
        version = data["schema_version"]
        if type(version) is not int:
            raise ValueError("not a schema version")
        object.__setattr__(self, "schema_version", version)
        for key in _TEXT_FIELDS:
            object.__setattr__(self, key, _text(data[key]))
        if self.id is None or self.title is None or self.notes is None:
            raise ValueError("a required field is empty")
        object.__setattr__(self, "created", _utc(data["created"]))
        object.__setattr__(self, "updated", _utc(data["updated"]))
        partners = data["partners"]
        if type(partners) is not list or len(partners) != 2:
            raise ValueError("not two partners")
        object.__setattr__(self, "partners", (PartnerView(partners[0]), PartnerView(partners[1])))

    @classmethod
    def of(cls, cycle_map: CycleMap) -> MapView:
        """The view of a validated model."""
        return cls(cycle_map.model_dump(mode="json"))

    @classmethod
    def of_dump(cls, data: dict[str, Any]) -> MapView:
        """The view of a validated model's `model_dump()`, or of what map_validator.validate
        gives, which is the same."""
        partners = [{**side, "position": side["position"].value} for side in data["partners"]]
        moments = {key: data[key].isoformat() for key in ("created", "updated")}
        return cls({**data, **moments, "partners": partners})

    @property
    def pattern(self) -> Pattern:
        a, b = self.partners
        return Pattern.from_positions(a.position, b.position)

    def other(self, index: int) -> PartnerView:
        return self.partners[1 - index]

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False) -> dict[str, Any]:
        """What CycleMap.model_dump gives with these two arguments (the only ones a view
        takes): mode "python" keeps datetimes and Position, "json" makes them text."""
        if mode not in {"python", "json"}:
            raise ValueError(f"mode must be 'python' or 'json', not {mode!r}")
        data: dict[str, Any] = {}
        for key in MAP_FIELDS:
            value = getattr(self, key)
            if key == "partners":
                dumped = [partner._dump(mode, exclude_none) for partner in value]
                value = dumped if mode == "json" else tuple(dumped)
            elif key in ("created", "updated") and mode == "json":
                value = value.isoformat().replace("+00:00", "Z")
            elif value is None and exclude_none:
                continue
            data[key] = value
        return data

    def to_toml_dict(self) -> dict[str, Any]:
        """As CycleMap.to_toml_dict: for tomli-w, absent fields left out, dates kept."""
        data = self.model_dump(mode="python", exclude_none=True)
        for partner in data["partners"]:
            partner["position"] = str(partner["position"])
        data["partners"] = list(data["partners"])
        return data


if TYPE_CHECKING:
    # What the drawing and the exports take: a validated model or its view.
    AnyMap: TypeAlias = CycleMap | MapView
    AnyPartner: TypeAlias = PartnerSide | PartnerView
