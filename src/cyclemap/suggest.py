"""'Did you mean …?': the nearest of some words to one a person mistyped (difflib, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The one choice close enough to `word` to be what was meant, or None."""
    import difflib  # here: only a mistake needs it, and every command builds the parser

    matches = difflib.get_close_matches(word, [str(choice) for choice in choices], n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'show'?' to end a message with, or '' when nothing is close."""
    match = close_match(word, choices)
    return f"; did you mean '{match}'?" if match else ""
