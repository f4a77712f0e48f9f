"""Paths and reasons made fit for a person's screen: one line, no control characters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import chain
from pathlib import Path
from typing import cast

from cyclemap import terms

REASON_MAX = 300


def one_line(text: str) -> str:
    """Printable on one line: no control characters, no line breaks, no undecodable bytes."""
    try:
        raw = text.encode("utf-8", "surrogateescape")  # a file name's undecodable bytes
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    text = raw.decode("utf-8", "replace")
    text = terms.clean_text(text)
    return re.sub(r"[\n\t\u2028\u2029]", " ", text)


def as_stored(value: object, limit: int, *, line: bool = False) -> bool:
    """Whether value is text exactly as a validated map holds it: cleaned as the model cleans
    it (terms.clean_text, trimmed, on one line where `line`), at most `limit` characters.

    Text from a cache (the index, the view cache) is used only when it is so: anyone can write
    those files, and what the model never lets through (an escape sequence, a bidi override)
    must not reach a terminal or an export by way of them. Anything else is a cache that was
    not written by cyclemap, and costs a rebuild from the map file.
    """
    if type(value) is not str or len(value) > limit:
        return False
    cleaned = terms.clean_text(value).strip()
    if line:
        cleaned = " ".join(cleaned.split())
    return cleaned == value


# Every character str.split() splits at but the space and the line break (with those two,
# exactly the ones str.isspace() holds: a test says so).
_OTHER_WHITESPACE = "\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@cache
def _not_in_a_line() -> re.Pattern[str]:
    """A character clean_text changes, or whitespace other than the space and the line break.
    Made at its first use, not at every start."""
    cleaned = terms._ANY_TO_CLEAN[1:-1]  # a character class; it has no line break
    return re.compile(f"[{cleaned}{_OTHER_WHITESPACE}]")


def all_stored_lines(*columns: tuple[Sequence[object], int]) -> bool:
    """Whether as_stored(value, limit, line=True) holds for every value of every (values,
    limit), judged at once for all of them: a listing checks thousands of titles and names."""
    texts: list[Sequence[str]] = []
    for values, limit in columns:
        if not values:
            continue
        if set(map(type, values)) != {str}:
            return False
        lines = cast("Sequence[str]", values)  # every one of them a str, as just seen
        if max(map(len, lines)) > limit:
            return False
        texts.append(lines)
    count = sum(map(len, texts))
    if not count:
        return True
    joined = "\n".join(chain.from_iterable(texts))
    # Every line break is one put between two values: none of them holds one of its own.
    if joined.count("\n") != count - 1:
        return False
    # Single spaces between words only, in each value.
    if (
        "  " in joined
        or "\n " in joined
        or " \n" in joined
        or joined.startswith(" ")
        or joined.endswith(" ")
    ):
        return False
    # Printable text holds none of the characters to look for (controls, format characters
    # such as bidi overrides and the byte-order mark, surrogates, noncharacters, and spaces
    # other than " "): one quick pass. Text that is not (a joiner in an emoji, a mark) is
    # judged by its distinct characters.
    if joined.replace("\n", "").isprintable():
        return True
    return _not_in_a_line().search("".join(set(joined))) is None


def show(path: Path | str) -> str:
    return one_line(str(path))


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def size_words(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size:,} bytes"


def too_large(size: int | None) -> str:
    found = f" ({size_words(size)})" if size is not None else ""
    return f"is too large to be a map{found}; cyclemap reads map files up to 2 MiB"
