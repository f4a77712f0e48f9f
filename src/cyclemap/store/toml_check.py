"""A look at TOML text before tomllib parses it, for what tomllib takes quadratic time on.

tomllib handles a dotted key (`a.b.c = 1`, `[a.b.c]`) in time that grows with the square of its
parts: 1,000 parts take milliseconds, 30,000 (60 KB) take 16 s, and a 2 MB file of them would
hang every listing for hours. No map has a key of more than two parts, so a key of more than
MAX_KEY_PARTS is refused here, in one pass over the text that skips strings and comments.

The scan only counts dots outside strings and comments between the characters that end a key
(`=`, brackets, braces, commas, line breaks). A float or a date in a value holds one dot at
most, so a valid map is never refused; text that is not valid TOML is left for tomllib to
describe.
"""

from __future__ import annotations

import re

MAX_KEY_PARTS = 32

# Outside strings, only these characters change what the scan counts.
_SPECIAL = re.compile(r"[\"'#\n=\[\]{},.]")


def _after_closing(text: str, start: int, quotes: str, *, escapes: bool) -> int:
    """Where the string whose content starts at `start` ends (just after its closing quotes),
    or -1 when it is never closed. A multi-line string may end with one or two more quote
    characters than its delimiter (they are content)."""
    position = start
    while True:
        found = text.find(quotes, position)
        if found < 0:
            return -1
        if escapes:
            backslashes = 0
            while found - backslashes - 1 >= start and text[found - backslashes - 1] == "\\":
                backslashes += 1
            if backslashes % 2:  # an escaped quote is content
                position = found + 1
                continue
        end = found + len(quotes)
        if len(quotes) == 3:
            extra = 0
            while extra < 2 and text.startswith(quotes[0], end):
                end += 1
                extra += 1
        return end


def key_problem(text: str) -> str | None:
    """Why tomllib should not be given this text, or None. Linear in the length of the text."""
    if text.count(".") < MAX_KEY_PARTS:  # the scan counts dots: it could never reach the limit
        return None
    dots = 0
    position = 0
    search = _SPECIAL.search
    while True:
        found = search(text, position)
        if found is None:
            return None
        char = found.group()
        at = found.start()
        if char == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                line = text.count("\n", 0, at) + 1
                return (
                    f"line {line} holds a key of more than {MAX_KEY_PARTS} dotted parts, far "
                    "beyond any map"
                )
            position = at + 1
        elif char in "\"'":
            triple = text.startswith(char * 3, at)
            quotes = char * 3 if triple else char
            position = _after_closing(text, at + len(quotes), quotes, escapes=char == '"')
            if position < 0:
                return None  # never closed: tomllib says where
        elif char == "#":
            position = text.find("\n", at)
            if position < 0:
                return None
        else:
            dots = 0
            position = at + 1
