"""Hypothesis strategies for hostile text: whatever a person can type, paste or hand-edit.

Every text field of a map is drawn from `hostile_text`: any Unicode (surrogates included),
terminal control characters and escape sequences, Rich/Textual markup look-alikes, bidi
overrides, combining marks, emoji ZWJ sequences, wide and right-to-left scripts, HTML/XML,
TOML and Markdown syntax, and answers as long as the model allows (and longer).

`cycle_maps()` builds whole maps from them (the raw data, before the model cleans it); most
are valid, the rest must be refused with one clean line.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st

from cyclemap import model

# What must never reach a screen, a file or an export: C0/C1 controls (tab and newline are
# text), DEL, bidi embeddings/overrides/isolates, and lone surrogates (not encodable as UTF-8).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

MARKUP = [
    "[bold]",
    "[/",
    "[/]",
    "[/bold]",
    "[b]x[/b]",
    "[red on blue]",
    "[@click=app.quit]quit[/]",
    "[@click=app.bell]",
    "[@click=screen.dismiss()]",
    "[link=https://example.com]x[/link]",
    '[link="file:///etc/passwd"]x[/]',
    "[link=javascript:alert(1)]",
    "\\[escaped]",
    "[[",
    "]]",
    "[",
    "]",
    ":smile:",
    ":red_heart:",
    "$accent",
    "{}",
    "{0}",
    "{title}",
    "%s",
    "%(x)s",
]

ESCAPES = [
    "\x1b[31m",
    "\x1b[0m",
    "\x1b[2J",
    "\x1b[H",
    "\x1b[?1049h",
    "\x1b[?25l",
    "\x1b[6n",
    "\x1b]0;pwned\x07",
    "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;c2VjcmV0\x07",
    "\x1bP+q544e\x1b\\",
    "\x1bc",
    "\x1b",
    "\x9b31m",
    "\x9d0;x\x9c",
    "\x07",
    "\x08\x08\x08",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x00",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\t",
    "\n",
]

UNICODE = [
    "\u202eevil\u202c",
    "\u2066isolated\u2069",
    "\u202a\u202b\u202d",
    "\u200e\u200f\u061c",
    "\u200b\u200c\u200d\u2060",
    "\ufeff",
    "\ufffe\uffff",
    "\ud800",
    "\udcff",
    "e\u0301\u0302\u0303\u0304",
    "Z" + "\u0336\u0337\u0338\u0335" * 12,
    "\u0301",
    "👩\u200d❤️\u200d💋\u200d👨",
    "👨\u200d👩\u200d👧\u200d👦",
    "🏳️\u200d🌈",
    "👍🏽",
    "🇫🇷🇯🇵",
    "1️⃣",
    "漢字かなカナ",
    "ＡＢＣ全角",
    "שלום עליכם",
    "مرحبا بالعالم",
    "क्षि",
    "ภาษาไทย",
    "𝕳𝖊𝖑𝖑𝖔",
    "\U0010ffff",
    "\U000e0041",
    "ﷺ",
    "꧅",
]

SYNTAX = [
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "&amp; &lt; &#0; &#x1b;",
    "]]> <![CDATA[",
    "<!-- -->",
    "<?xml ?>",
    "```",
    "~~~",
    "# heading",
    "* item",
    "> quote",
    "| table |",
    "[x](javascript:alert(1))",
    "![img](https://example.com/x.png)",
    "<https://example.com>",
    '"""',
    "'''",
    "\\",
    "\\u0000",
    "\\x1b",
    'key = "value"',
    "[[partners]]",
    "=",
    "#",
    "─┼│▶╭╮╰╯",
    "+-|>v",
    "url(https://example.com)",
    "@import url(x.css);",
]

TRICKY = MARKUP + ESCAPES + UNICODE + SYNTAX

# Any code point, surrogates included (they reach Python strings via surrogateescape).
any_char = st.characters(exclude_categories=())
piece = st.one_of(
    st.sampled_from(TRICKY),
    st.text(any_char, max_size=6),
    st.text(st.characters(codec="utf-8"), max_size=10),
    st.sampled_from([" ", "  ", "word", "words and more words", "\n\n"]),
)

hostile_text = st.one_of(
    st.text(any_char, max_size=80),
    st.sampled_from(TRICKY),
    st.lists(piece, max_size=8).map("".join),
)


def long_text(min_size: int = 600, max_size: int = model.ANSWER_MAX) -> st.SearchStrategy[str]:
    """Long answers: one unbroken word, wide characters, or long runs of tricky pieces."""
    return st.one_of(
        st.integers(min_size, max_size).map(lambda n: "x" * n),
        st.integers(min_size // 2, max_size // 2).map(lambda n: "漢" * n),
        st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=max_size),
        st.lists(st.sampled_from(TRICKY), min_size=40, max_size=120).map(
            lambda parts: "".join(parts)[:max_size]
        ),
    )


def answer_text() -> st.SearchStrategy[str]:
    """What a partner may write in one answer: mostly hostile, now and then long."""
    return st.one_of(*[hostile_text] * 7, long_text())


def visible(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text that still has something left after cleaning (required fields, mostly)."""
    return strategy.map(lambda text: text if model.clean_text(text).strip() else text + "·")


ids = st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,12}){0,3}", fullmatch=True)
datetimes = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
positions = st.sampled_from(["pursue", "withdraw"])

OPTIONAL_ANSWERS = ("meaning", "surface_feeling", "fear", "longing", "guess", "reach", "respond")


@st.composite
def partner_data(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": draw(visible(hostile_text.map(lambda text: text[:44]))),
        "position": draw(positions),
        "trigger": draw(visible(answer_text())),
        "protective_move": draw(visible(answer_text())),
        "underlying_feeling": draw(visible(answer_text())),
    }
    for key in OPTIONAL_ANSWERS:
        if draw(st.booleans()):
            data[key] = draw(answer_text())
    return data


@st.composite
def map_data(draw: st.DrawFn) -> dict[str, Any]:
    """Raw data for a map: every text field hostile. Mostly valid; some too long or blank."""
    data: dict[str, Any] = {
        "schema_version": model.SCHEMA_VERSION,
        "id": draw(ids),
        "title": draw(visible(hostile_text)),
        "partners": [draw(partner_data()), draw(partner_data())],
    }
    for key in ("cycle_name", "couple"):
        if draw(st.booleans()):
            data[key] = draw(hostile_text)
    for key in ("pause_phrase", "warning_signs"):
        if draw(st.booleans()):
            data[key] = draw(answer_text())
    if draw(st.booleans()):
        data["notes"] = draw(st.one_of(*[hostile_text] * 5, long_text(1_000, model.NOTES_MAX)))
    # Always given: a default of "now" would make examples differ from run to run.
    data["created"] = draw(datetimes)
    data["updated"] = draw(datetimes)
    return data


def cycle_maps() -> st.SearchStrategy[model.CycleMap]:
    """Valid maps only (invalid raw data is filtered out; it is rare by construction)."""

    def valid(data: dict[str, Any]) -> model.CycleMap | None:
        try:
            return model.validate_map(data)
        except ValueError:  # pydantic's ValidationError is a ValueError
            return None

    return map_data().map(valid).filter(lambda cycle_map: cycle_map is not None)


widths = st.one_of(
    st.sampled_from([20, 21, 24, 39, 40, 41, 59, 60, 79, 80, 81, 100, 120, 159, 160, 199, 200]),
    st.integers(20, 200),
)


def mutated_bytes(good: bytes) -> st.SearchStrategy[bytes]:
    """A good file damaged the ways files get damaged: cut, bytes flipped, inserted, deleted."""

    @st.composite
    def damage(draw: st.DrawFn) -> bytes:
        data = bytearray(good)
        for _ in range(draw(st.integers(1, 6))):
            if not data:
                break
            kind = draw(st.sampled_from(["cut", "flip", "insert", "delete", "tricky"]))
            at = draw(st.integers(0, len(data) - 1))
            if kind == "cut":
                del data[at:]
            elif kind == "flip":
                data[at] = draw(st.integers(0, 255))
            elif kind == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=8))
            elif kind == "delete":
                del data[at : at + draw(st.integers(1, 16))]
            else:
                text = draw(st.sampled_from(TRICKY))
                data[at:at] = text.encode("utf-8", "surrogatepass")
        return bytes(data)

    return damage()
