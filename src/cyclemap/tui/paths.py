"""Paths as a person reads them: under the home folder they start with '~'."""

from __future__ import annotations

import re
from pathlib import Path

from cyclemap.terms import clean_text


def shown(path: Path) -> str:
    try:
        return _printable(str(Path("~") / path.relative_to(Path.home())))
    except (ValueError, RuntimeError):  # Not under home, or no home at all.
        return _printable(str(path))


def shown_name(path: Path) -> str:
    """The file's name alone, printable."""
    return _printable(path.name)


def _printable(text: str) -> str:
    # A file name may hold anything but '/' and NUL (an ESC, a line break, undecodable bytes):
    # it must never act on the terminal or break a line.
    return re.sub("[\n\t\x85\u2028\u2029]", " ", clean_text(text))
