"""Paths and reasons made fit for a person's screen: one line, no control characters."""

from __future__ import annotations

import re
from pathlib import Path

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


def show(path: Path | str) -> str:
    return one_line(str(path))


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def size_words(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size:,} bytes"


def too_large(size: int | None) -> str:
    found = f" ({size_words(size)})" if size is not None else ""
    return f"is too large to be a map{found}; cyclemap reads map files up to 2 MiB"
