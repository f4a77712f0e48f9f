"""The entries of the check-in log as models: a check-in, a pause, a conversation (with its
turns), and the log that holds them; what makes one valid, and a person's words for why one
isn't. The file, its reading and writing, and what people read are `cyclemap.checkin`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    Tag,
    ValidationError,
    model_validator,
)

from cyclemap.model import Answer, Name, OptionalAnswer
from cyclemap.store import StoreError

LOG_SCHEMA_VERSION = 2
FIRST_VERSION = 1  # check-ins only

# The plain words for each field, used in errors, listings and the form.
LABELS = {
    "schema_version": "schema version",
    "entries": "entries",
    "date": "date",
    "what_set_it_off": "what set it off",
    "caught": "caught it",
    "pause_phrase_used": "pause phrase used",
    "repair": "repair",
    "kind": "kind",
    "phrase": "the words said",
    "minutes": "minutes",
    "moment": "the moment",
    "turns": "turns",
    "next_time": "next time",
    "added_warning_sign": "warning sign added",
    "new_pause_phrase": "new pause phrase",
    "sharer": "who shared",
    "listener": "who listened",
    "set_off": "what set me off",
    "my_part": "my part",
    "underneath": "underneath",
    "needed": "what I needed",
    "reach": "what I said",
    "heard": "what I heard",
    "response": "my answer",
    "landed": "did it land",
    "more": "said more",
    "heard_more": "heard then",
    "landed_again": "did it land then",
}

CHECK_IN: Final = "check-in"
PAUSE: Final = "pause"
CONVERSATION: Final = "conversation"
KINDS = (CHECK_IN, PAUSE, CONVERSATION)
LANDED = ("yes", "partly", "not yet")
MINUTES_MAX = 24 * 60  # a pause is minutes, not days


class CheckInError(StoreError):
    """A log that can't be read or an entry that isn't valid; one line, shown as it is."""


Day = Annotated[date, Field(strict=True)]
Landed = Literal["yes", "partly", "not yet"]


class CheckIn(BaseModel):
    """One time the couple noticed the cycle (the first kind of entry, and version 1's only)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["check-in"] = CHECK_IN  # not written: an entry without a kind is a check-in
    date: Day
    what_set_it_off: Answer
    caught: StrictBool
    # Only asked when they caught it; absent when nobody said.
    pause_phrase_used: StrictBool | None = None
    repair: OptionalAnswer = None

    @property
    def counts_as_caught(self) -> bool:
        return self.caught

    @property
    def said_the_phrase(self) -> bool:
        return bool(self.pause_phrase_used)


class Pause(BaseModel):
    """The cycle caught in the moment: they named it and took a pause (`cyclemap pause`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["pause"] = PAUSE
    date: Day
    phrase: OptionalAnswer = None  # the words said: the map's pause phrase, or the suggested one
    minutes: Annotated[StrictInt, Field(ge=1, le=MINUTES_MAX)] | None = None

    @property
    def counts_as_caught(self) -> bool:
        """A pause is a catch, with the pause phrase said: the summary counts it so."""
        return True

    @property
    def said_the_phrase(self) -> bool:
        return True


class Turn(BaseModel):
    """One partner's turn in a conversation: what they shared while the other listened, what
    the listener heard and answered, and whether it landed. Every answer is optional: what was
    said aloud and not typed is simply absent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sharer: Name
    listener: Name
    set_off: OptionalAnswer = None
    my_part: OptionalAnswer = None
    underneath: OptionalAnswer = None
    needed: OptionalAnswer = None
    reach: OptionalAnswer = None
    heard: OptionalAnswer = None
    response: OptionalAnswer = None
    landed: Landed | None = None
    # After "not yet", if they chose to say more: the sharer's words, the listener's, and
    # whether it landed then.
    more: OptionalAnswer = None
    heard_more: OptionalAnswer = None
    landed_again: Landed | None = None


class Conversation(BaseModel):
    """Talked it through, after a rocky moment (`cyclemap talk`), with whatever was typed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["conversation"] = CONVERSATION
    date: Day
    moment: OptionalAnswer = None
    turns: Annotated[tuple[Turn, ...], Field(max_length=2)] = ()
    next_time: OptionalAnswer = None
    # Words added to the map at the end (the map's own history keeps the change too).
    added_warning_sign: OptionalAnswer = None
    new_pause_phrase: OptionalAnswer = None

    @property
    def counts_as_caught(self) -> bool | None:
        """Not a catch or a miss: conversations are counted apart."""
        return None

    @property
    def said_the_phrase(self) -> bool:
        return False


def _kind_of(value: Any) -> str:
    """Which kind an entry is: its `kind` (absent: a check-in, as in version 1)."""
    kind = value.get("kind", CHECK_IN) if isinstance(value, dict) else getattr(value, "kind", "")
    return kind if isinstance(kind, str) else ""


Entry = Annotated[
    Annotated[CheckIn, Tag(CHECK_IN)]
    | Annotated[Pause, Tag(PAUSE)]
    | Annotated[Conversation, Tag(CONVERSATION)],
    Discriminator(
        _kind_of,
        custom_error_type="kind",
        custom_error_message="kind must be check-in, pause or conversation",
    ),
]
AnyEntry = CheckIn | Pause | Conversation
_Model = TypeVar("_Model", CheckIn, Pause, Conversation)


class CheckInLog(BaseModel):
    """Every entry of one map's log, in the order they were added. `schema_version` is the
    version these entries need (the file's own was checked when it was read), so two logs with
    the same entries are equal whichever version their files said."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = FIRST_VERSION
    entries: tuple[Entry, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _version_needed(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("entries", ()), list | tuple):
            kinds = {_kind_of(entry) for entry in data.get("entries", ())}
            needed = FIRST_VERSION if kinds <= {CHECK_IN} else LOG_SCHEMA_VERSION
            data = {**data, "schema_version": needed}
        return data

    def added(self, entry: AnyEntry) -> CheckInLog:
        return CheckInLog(entries=(*self.entries, entry))

    def newest_first(self) -> list[AnyEntry]:
        """By date, newest first; entries of one day newest-added first."""
        order = sorted(enumerate(self.entries), key=lambda pair: (pair[1].date, pair[0]))
        return [entry for _, entry in reversed(order)]

    def version_needed(self) -> int:
        """The lowest version that holds these entries: 1 for check-ins alone."""
        return self.schema_version


def describe(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = list(first["loc"])
    where: list[str] = []
    if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
        where.append(f"entry {loc[1] + 1}")
        loc = loc[2:]
        if loc and loc[0] in KINDS:  # the kind of entry pydantic tried: said by the key
            loc = loc[1:]
    if len(loc) >= 2 and loc[0] == "turns" and isinstance(loc[1], int):
        where.append(f"turn {loc[1] + 1}")
        loc = loc[2:]
    where.extend(LABELS.get(str(part), str(part)) for part in loc)
    place = " · ".join(where) or "log"
    kind = first["type"]
    ctx = first.get("ctx") or {}
    value = first.get("input")
    if kind == "extra_forbidden":
        line = f"unknown key '{first['loc'][-1]}'"
        if len(where) > 1:
            line += f" in {' · '.join(where[:-1])}"
    elif kind == "missing":
        line = f"{place}: is missing"
    elif kind == "string_too_short":
        line = f"{place}: is empty"
    elif kind == "string_too_long":
        has = f" (has {len(value):,})" if isinstance(value, str) else ""
        line = f"{place}: must be at most {ctx.get('max_length', 0):,} characters{has}"
    elif kind == "kind":
        place = " · ".join([*where, "kind"])
        line = f"{place}: must be {', '.join(KINDS[:-1])} or {KINDS[-1]}"
    elif (
        kind == "literal_error"
        and where
        and where[-1] in {LABELS["landed"], LABELS["landed_again"]}
    ):
        line = f"{place}: must be {', '.join(LANDED[:-1])} or {LANDED[-1]}"
    elif kind == "literal_error":
        line = f"{place}: must be {ctx.get('expected', 'one of the allowed values')}"
    elif kind.startswith("bool"):
        line = f"{place}: must be true or false"
    elif kind.startswith("int") or kind in {"greater_than_equal", "less_than_equal"}:
        line = f"{place}: must be a whole number from 1 to {MINUTES_MAX:,}"
    elif kind == "too_long":
        line = f"{place}: at most two turns, one a partner"
    elif kind.startswith("date"):
        line = f"{place}: must be a date, like 2026-11-20"
    elif kind in {"tuple_type", "list_type"}:
        line = f"{place}: must be a list of {'turns' if where[-1:] == ['turns'] else 'entries'}"
    elif kind in {"model_type", "dict_type"}:
        line = f"{place}: must be a table of answers"
    elif kind == "string_type":
        line = f"{place}: must be text"
    else:
        message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
        line = f"{place}: {message[:1].lower()}{message[1:]}"
    if len(errors) > 1:
        more = len(errors) - 1
        line += f" (and {more} more problem{'s' if more > 1 else ''})"
    return line


def validated(model: type[_Model], data: dict[str, Any]) -> _Model:
    """An entry of a kind from plain data; CheckInError (one line) when it isn't valid."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CheckInError(describe(exc)) from None


def make_pause(*, when: date, phrase: str | None, minutes: int | None) -> Pause:
    return validated(Pause, {"date": when, "phrase": phrase, "minutes": minutes})


def make_entry(
    *,
    when: date,
    what_set_it_off: str,
    caught: bool,
    pause_phrase_used: bool | None = None,
    repair: str | None = None,
) -> CheckIn:
    """A checked entry from answers; CheckInError (one line) when one isn't valid."""
    try:
        return CheckIn(
            date=when,
            what_set_it_off=what_set_it_off,
            caught=caught,
            pause_phrase_used=pause_phrase_used,
            repair=repair,
        )
    except ValidationError as exc:
        raise CheckInError(describe(exc)) from None
