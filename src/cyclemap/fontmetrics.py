"""How wide text is in the fonts the drawing names, and word wrap by that width.

The widths come from data/font_widths.json, read out of the fonts themselves by
scripts/font_widths.py (fontTools): for each character the widest of DejaVu Sans and Liberation
Sans (Arial's metrics), so text measured here fits whichever of FONT_FAMILY the viewer has.
Characters the table does not know (CJK, emoji, other scripts) count as wide, never narrow: a
box may come out a little roomy, but nothing spills out of it.

This is core code: it must never import Textual.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["FONT_FAMILY", "text_width", "wrap"]

FONT_FAMILY = '"DejaVu Sans", Verdana, "Liberation Sans", Arial, Helvetica, sans-serif'
"""The fonts the drawing names, in CSS form. Verdana is a little wider than DejaVu Sans in
places; SLACK covers it."""

SLACK = 1.04  # a little room for hinting, kerning and the fonts the table was not read from
_WIDE = 1000  # CJK and other full-width characters: one em
_UNKNOWN = 1300  # emoji and anything else the table lacks: wider than any of them


@cache
def _table(weight: str) -> dict[int, int]:
    raw = resources.files("cyclemap").joinpath("data/font_widths.json").read_text("utf-8")
    data = json.loads(raw)
    table: dict[int, int] = {}
    for first, widths in data[weight]:
        for offset, width in enumerate(widths):
            table[first + offset] = width
    return table


@cache
def _char_width(char: str, bold: bool) -> int:
    code = ord(char)
    known = _table("bold" if bold else "regular").get(code)
    if known is not None:
        return known
    if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
        return 0  # a mark on the character before it, or an invisible joiner
    if code in {0xFE0E, 0xFE0F}:
        return 0  # variation selectors
    if unicodedata.east_asian_width(char) in {"W", "F"} and not _is_emoji(code):
        return _WIDE
    return _UNKNOWN


def _is_emoji(code: int) -> bool:
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of one line of `text` at `size` px, a little generous (SLACK)."""
    units = sum(_char_width(char, bold) for char in text)
    return units * size / 1000 * SLACK


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word longer than the line, cut between characters (never before a combining mark)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if (
            current
            and _char_width(char, bold)
            and text_width(current + char, size, bold=bold) > width
        ):
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width` px at `size` px: broken at spaces, a word longer
    than a line cut between its characters. Newlines in the text are kept; never an empty list
    for text that has something in it, and every character of the text is in the lines
    (spaces at the breaks aside)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold=bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _split_word(word, width, size, bold)
            lines += pieces[:-1]
            current = pieces[-1]
        lines.append(current)
    return lines
