"""The cycle map: two partners' sides of the negative cycle, and the loop they make.

The pydantic models here are the single source of truth for what a valid map is (file format
version 1, see docs/file-format.md). User text is cleaned at this boundary so that nothing
downstream (diagram, exports, screens) ever sees a control character.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)

from cyclemap.cleaning import (
    as_utc,
    clean_and_trim,
    clean_line,
    clean_optional,
    clean_optional_line,
    exactly_two,
    known_version,
    single_line,
    utc_now,
)

# Re-exported: these names live in terms.py so that the fast paths need no pydantic.
from cyclemap.terms import (  # noqa: F401
    ANSWER_MAX,
    COUPLE_MAX,
    CYCLE_NAME_MAX,
    ID_MAX,
    ID_PATTERN,
    MAP_FIELD_LABELS,
    NAME_MAX,
    NOTES_MAX,
    POSITION_PROMPT,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    SCHEMA_VERSION,
    TITLE_MAX,
    Pattern,
    Position,
    Question,
    clean_text,
    slugify,
)

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

# Every function a field runs is cleaning.py's, never a method: the models' core schema is kept
# as data (data/map_schema.json) that names them, and map_validator.py validates with it.
CleanText = Annotated[str, BeforeValidator(clean_and_trim)]
Answer = Annotated[str, Field(min_length=1, max_length=ANSWER_MAX), BeforeValidator(clean_and_trim)]
OptionalAnswer = Annotated[
    Annotated[str, Field(max_length=ANSWER_MAX)] | None, BeforeValidator(clean_optional)
]
# Optional one-line text: a cycle's name, the couple's names.
CycleNameLine = Annotated[
    Annotated[str, Field(max_length=CYCLE_NAME_MAX)] | None, BeforeValidator(clean_optional_line)
]
CoupleLine = Annotated[
    Annotated[str, Field(max_length=COUPLE_MAX)] | None, BeforeValidator(clean_optional_line)
]
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), BeforeValidator(clean_line)]
Moment = Annotated[datetime, AfterValidator(as_utc)]


class PartnerSide(BaseModel):
    """One partner's side of the cycle."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    name: Name
    position: Position
    trigger: Answer
    meaning: OptionalAnswer = None
    surface_feeling: OptionalAnswer = None
    protective_move: Answer
    underlying_feeling: Answer
    fear: OptionalAnswer = None
    longing: OptionalAnswer = None
    guess: OptionalAnswer = None
    reach: OptionalAnswer = None
    respond: OptionalAnswer = None

    def answer(self, key: str) -> str | None:
        value: str | None = getattr(self, key)
        return value


class CycleMap(BaseModel):
    """One negative cycle of one couple: exactly two partners' sides and what joins them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Annotated[int, AfterValidator(known_version)] = SCHEMA_VERSION
    id: Annotated[str, Field(min_length=1, max_length=ID_MAX, pattern=ID_PATTERN)]
    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX), BeforeValidator(clean_line)]
    cycle_name: CycleNameLine = None
    couple: CoupleLine = None
    pause_phrase: OptionalAnswer = None
    warning_signs: OptionalAnswer = None
    created: Moment = Field(default_factory=utc_now)
    updated: Moment = Field(default_factory=utc_now)
    notes: Annotated[str, Field(max_length=NOTES_MAX), BeforeValidator(clean_and_trim)] = ""
    partners: Annotated[tuple[PartnerSide, PartnerSide], BeforeValidator(exactly_two)]

    @property
    def pattern(self) -> Pattern:
        a, b = self.partners
        return Pattern.from_positions(a.position, b.position)

    def other(self, index: int) -> PartnerSide:
        return self.partners[1 - index]

    def to_toml_dict(self) -> dict[str, Any]:
        """The map as plain data for tomli-w: absent optional fields are left out, datetimes
        stay datetimes (TOML has a native type for them)."""
        data = self.model_dump(mode="python", exclude_none=True)
        for partner in data["partners"]:
            partner["position"] = str(partner["position"])
        data["partners"] = list(data["partners"])
        return data

    def touched(self, **changes: Any) -> CycleMap:
        """A copy with the changes applied and validated, and `updated` set to now."""
        data = self.model_dump(mode="python")
        data.update(changes)
        data["updated"] = utc_now()
        return CycleMap.model_validate(data)


def field_label(loc: tuple[int | str, ...], data: Any) -> str:
    """A person's words for where an error is: 'Alex · trigger', 'partner 2 · name', 'title'."""
    if len(loc) >= 2 and loc[0] == "partners" and isinstance(loc[1], int):
        index = loc[1]
        who = f"partner {index + 1}"
        if isinstance(data, dict):
            partners = data.get("partners")
            if isinstance(partners, list | tuple) and 0 <= index < len(partners):
                partner = partners[index]
                if isinstance(partner, dict) and isinstance(partner.get("name"), str):
                    name = single_line(clean_text(partner["name"]))
                    if 0 < len(name) <= NAME_MAX:
                        who = name
        rest = [str(part) for part in loc[2:]]
        return " · ".join([who, *rest]) if rest else who
    return ".".join(str(MAP_FIELD_LABELS.get(str(part), part)) for part in loc) or "map"


def _error_message(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        return "is not a field cyclemap knows"
    if kind == "missing":
        return "is missing"
    if kind == "string_too_short":
        return (
            "is empty"
            if ctx.get("min_length") == 1
            else f"needs at least {ctx['min_length']} characters"
        )
    if kind == "string_too_long":
        length = f" (has {len(value):,})" if isinstance(value, str) else ""
        return f"must be at most {ctx['max_length']:,} characters{length}"
    if kind == "string_pattern_mismatch":
        return "may hold only lowercase letters, digits and single '-' between them"
    if kind == "enum":
        return f"must be {ctx.get('expected', 'one of the allowed values')}"
    if kind == "tuple_type" or kind == "list_type":
        return "must be a list of two partners"
    if kind == "string_type":
        return "must be text"
    if kind == "datetime_type" or kind.startswith("datetime"):
        return "must be a date and time, like 2026-11-20T19:04:00Z"
    if kind in {"int_type", "int_parsing"}:
        return "must be a whole number"
    if kind == "model_type" or kind == "dict_type":
        return "must be a table of answers"
    message = error.get("msg", "is not valid").removeprefix("Value error, ")
    return message[0].lower() + message[1:] if message else "is not valid"


def describe_validation_error(exc: ValidationError, data: Any = None, *, more: str = "") -> str:
    """One line a person can act on: the first problem, where it is, and how many more there
    are; `more` ends that count (a file's: where to see them all)."""
    problems = validation_problems(exc, data)
    line = problems[0]
    if len(problems) > 1:
        line += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''}{more})"
    return line


def validation_problems(exc: ValidationError, data: Any = None) -> list[str]:
    """Every problem, a line each, in the words of describe_validation_error."""
    return [_describe_problem(error, data) for error in exc.errors(include_url=False)]


def _describe_problem(error: ErrorDetails, data: Any) -> str:
    if error["type"] == "extra_forbidden":
        raw_key = str(error["loc"][-1])
        key = single_line(clean_text(raw_key))[:60]
        if not key:  # a key made only of control characters would read as '': spell it out
            key = ascii(raw_key)[1:-1][:60]
        return f"unknown key '{key}'" + (
            f" in {field_label(tuple(error['loc'][:-1]), data)}" if len(error["loc"]) > 1 else ""
        )
    return f"{field_label(tuple(error['loc']), data)}: {_error_message(error)}"


def validate_map(data: Any) -> CycleMap:
    """Validate plain data as a map; errors keep pydantic's type for callers to describe."""
    return CycleMap.model_validate(data)
