"""The words and limits of the map format, without pydantic.

What the fast paths need (a listing from the index, an export from the cache, the library
screen), and what model.py builds its models on. model.py re-exports every public name here,
so `model.Position` and `terms.Position` are one and the same class.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from enum import StrEnum
from typing import NamedTuple

SCHEMA_VERSION = 1
NAME_MAX = 40
ANSWER_MAX = 1_000
TITLE_MAX = 100
CYCLE_NAME_MAX = 60
COUPLE_MAX = 85
NOTES_MAX = 10_000
ID_MAX = 64
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# What clean_text removes or changes, as patterns, compiled at their first use (_to_clean, and
# _steps the first time some text needs cleaning): compiling them all took a millisecond of
# every command's start, and most commands clean no text.
# C0 and C1 controls except tab and newline; DEL too.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
# Bidi embeddings, overrides and isolates can make text display in a different order than it
# is stored (the "Trojan Source" trick); the plain marks LRM/RLM/ALM are harmless and kept.
_BIDI_CONTROL = "[\u202a-\u202e\u2066-\u2069]"
# Noncharacters are not text, and U+FFFE/U+FFFF make an SVG or HTML export invalid XML; lone
# surrogates (from undecodable bytes) cannot be written as UTF-8 at all.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
_NONCHARACTER = f"[{_NONCHARACTERS}]"
_SURROGATE = "[\ud800-\udfff]"
_ESCAPE_SEQUENCE = r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
# Any character that one of the steps below removes or changes (CR and ESC are controls): text
# without one is returned as it is, in one search instead of six passes (most text is like that).
_ANY_TO_CLEAN = (
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
    + _NONCHARACTERS
    + "]"
)


def clean_text(value: str) -> str:
    """Remove what must never reach a terminal or a file: escape sequences, control characters,
    bidi overrides, noncharacters and byte-order marks; a lone surrogate becomes U+FFFD.
    Brackets and markup-like text are kept as typed.
    """
    if _to_clean().search(value) is None:
        return value
    return _clean_steps(value)


def _clean_steps(value: str) -> str:
    """clean_text's work, step by step (a test holds that text without _ANY_TO_CLEAN is kept)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for pattern, replacement in _steps():
        value = pattern.sub(replacement, value)
    # A byte-order mark is invisible and anywhere but first it only trips up other tools;
    # removing every one (not just a leading one) keeps cleaning idempotent after a strip().
    return value.replace("\ufeff", "")


@functools.cache
def _to_clean() -> re.Pattern[str]:
    return re.compile(_ANY_TO_CLEAN)


@functools.cache
def _steps() -> tuple[tuple[re.Pattern[str], str], ...]:
    """_clean_steps' patterns in their order, and what each match becomes."""
    return (
        (re.compile(_ESCAPE_SEQUENCE), ""),
        (re.compile(_CONTROL), ""),
        (re.compile(_BIDI_CONTROL), ""),
        (re.compile(_NONCHARACTER), ""),
        (re.compile(_SURROGATE), "\ufffd"),
    )


class Position(StrEnum):
    PURSUE = "pursue"
    WITHDRAW = "withdraw"

    @property
    def verb(self) -> str:
        """'Alex · pursues'."""
        return "pursues" if self is Position.PURSUE else "withdraws"

    @property
    def everyday(self) -> str:
        return "moves toward" if self is Position.PURSUE else "moves away"


class Pattern(StrEnum):
    PURSUE_WITHDRAW = "pursue-withdraw"
    ATTACK_ATTACK = "attack-attack"
    WITHDRAW_WITHDRAW = "withdraw-withdraw"

    @classmethod
    def from_positions(cls, a: Position, b: Position) -> Pattern:
        if a is not b:
            return cls.PURSUE_WITHDRAW
        return cls.ATTACK_ATTACK if a is Position.PURSUE else cls.WITHDRAW_WITHDRAW

    @property
    def label(self) -> str:
        """'pursue–withdraw', with an en dash."""
        return self.value.replace("-", "–")

    @property
    def johnson_name(self) -> str:
        """Sue Johnson's name for the pattern ("Demon Dialogues")."""
        return _JOHNSON_NAMES[self]


_JOHNSON_NAMES = {
    Pattern.PURSUE_WITHDRAW: "Protest Polka",
    Pattern.ATTACK_ATTACK: "Find the Bad Guy",
    Pattern.WITHDRAW_WITHDRAW: "Freeze and Flee",
}


class Question(NamedTuple):
    """One field of a partner's side, in the plain words shown to the partner. A named tuple
    (read-only, and cheap to define at import: every command imports this module)."""

    key: str
    prompt: str
    eft_term: str
    required: bool
    example: str
    why: str
    # "positive" questions belong to the way out of the cycle, not to the cycle itself.
    part: str = "cycle"


QUESTIONS: tuple[Question, ...] = (
    Question(
        "trigger",
        "When my partner…",
        "cue / trigger",
        True,
        "…goes quiet when I bring something up",
        "The cycle starts with something you see or hear your partner do.",
    ),
    Question(
        "protective_move",
        "…so I…",
        "action tendency, protective behaviour",
        True,
        "…criticize and push harder / shut down and leave the room",
        "This is what your partner sees: the move you make to protect yourself.",
    ),
    Question(
        "underlying_feeling",
        "Underneath, I feel…",
        "primary / attachment emotion",
        True,
        "…alone, scared I don't matter",
        "The softer feeling under the reaction is what your partner rarely gets to see.",
    ),
    Question(
        "meaning",
        "…I tell myself…",
        "perception, meaning-making",
        False,
        "…I don't matter to them",
        "The story we tell ourselves in a split second shapes everything after it.",
    ),
    Question(
        "surface_feeling",
        "On the surface I feel…",
        "secondary / reactive emotion",
        False,
        "…frustrated, irritated, numb",
        "The first feeling to show, often the one your partner reacts to.",
    ),
    Question(
        "fear",
        "What I'm most afraid of is…",
        "attachment fear",
        False,
        "…being left, not being good enough",
        "Naming the fear makes the protective move make sense.",
    ),
    Question(
        "longing",
        "What I long for is…",
        "attachment need / longing",
        False,
        "…to know I matter, to feel accepted as I am",
        "The longing is what the cycle keeps you both from reaching.",
    ),
    Question(
        "guess",
        "My guess at what my partner feels underneath…",
        "empathic guess",
        False,
        "…criticized, like nothing is ever enough",
        "A guess beside the answer is a conversation, not a score.",
        part="guess",
    ),
    Question(
        "reach",
        "Instead of my protective move, from underneath I could say…",
        "reaching (A.R.E.: accessible)",
        False,
        "…I'm scared I don't matter to you right now",
        "Saying the softer feeling invites your partner closer instead of away.",
        part="positive",
    ),
    Question(
        "respond",
        "When my partner reaches, I can answer by…",
        "responding (A.R.E.: responsive, engaged)",
        False,
        "…staying, and telling them I'm here",
        "A reach that is answered is how the new cycle begins.",
        part="positive",
    ),
)


QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}
POSITION_PROMPT = (
    "When things get hard between us, do I tend to move toward (pursue) or away (withdraw)?"
)


# The words before an answer where room is short (the drawings, so the text export, the map
# screen and the presentation's loops): the prompt's own words, so that label and answer read
# as one ("What I'm most afraid of: that one day he'll…", never "Afraid of: that one day…").
# Where there is room (Markdown, the reveal, the worksheet) the whole prompt is shown.
# "{other}" is the other partner's name as the picture says it.
ANSWER_LABELS = {
    "trigger": "When:",
    "meaning": "I tell myself:",
    "surface_feeling": "On the surface:",
    "protective_move": "What I do:",
    "underlying_feeling": "I feel:",
    "fear": "What I'm most afraid of:",
    "longing": "What I long for:",
    "reach": "I could say:",
    "respond": "When {other} reaches:",
}


# Labels for map-level fields, as used in error messages and exports.
MAP_FIELD_LABELS = {
    "schema_version": "schema version",
    "id": "id",
    "title": "title",
    "cycle_name": "cycle name",
    "couple": "couple",
    "pause_phrase": "pause phrase",
    "warning_signs": "warning signs",
    "created": "created",
    "updated": "updated",
    "notes": "notes",
    "partners": "partners",
}


# The map's own fields, where they are shown as labels (the app and every export read this).
MAP_LABELS = {
    "cycle_name": "Our name for the cycle",
    "warning_signs": "Warning signs",
    "pause_phrase": "Our pause phrase",
    "notes": "Notes",
}


def one_line(value: str) -> str:
    """User text for a title bar: cleaned, on one line."""
    return " ".join(clean_text(value).split())


# Names Windows keeps for devices, whatever the case and the extension: a map file `con.toml`
# cannot be made there (and an export `con.html` writes to the console), so none is an id.
RESERVED_IDS = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)


def reserved_id(name: str) -> bool:
    """Whether a name (an id, or a file name with any extension) is one Windows keeps."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in RESERVED_IDS


def slugify(title: str, fallback: str = "cycle") -> str:
    """A map id from its title: lowercase ASCII letters, digits and single hyphens; a name
    Windows keeps for a device gets `-1` (`con` -> `con-1`)."""
    text = unicodedata.normalize("NFKD", clean_text(title)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    slug = slug[:ID_MAX].rstrip("-") or fallback
    return f"{slug}-1" if reserved_id(slug) else slug
