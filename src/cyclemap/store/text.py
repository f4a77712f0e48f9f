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


def show(path: Path | str) -> str:
    return one_line(str(path))


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def size_words(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size:,} bytes"


def too_large(size: int | None) -> str:
    found = f" ({size_words(size)})" if size is not None else ""
    return f"is too large to be a map{found}; cyclemap reads map files up to 2 MiB"
