"""Feelings vocabulary: words offered while a partner names what they feel.

The words ship with the package in ``cyclemap/data/feelings.toml``: ``surface`` feelings (the
reactive ones that show first; EFT's secondary emotions) apart from ``underlying`` ones (the
softer attachment feelings underneath; EFT's primary emotions). They are suggestions only: a
partner can always type their own words.

This module is part of the core and never imports Textual; the walkthrough wraps
:meth:`Vocabulary.suggest` in its own suggester.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

Kind = Literal["surface", "underlying"]

# The question keys of the model name the same two lists.
_KINDS: dict[str, Kind] = {
    "surface": "surface",
    "surface_feeling": "surface",
    "underlying": "underlying",
    "underlying_feeling": "underlying",
}

# A word starts at the beginning of the phrase or after a space, hyphen or slash.
_WORD_START = re.compile(r"(?:^|(?<=[\s\-/]))\S")


def _fold(text: str) -> str:
    """Case-insensitive, whitespace-normalised, typographic apostrophes made plain."""
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").casefold().split())


def last_part(typed: str) -> str:
    """The part of what has been typed that a suggestion would complete: after the last comma."""
    return typed.rsplit(",", 1)[-1].strip()


def complete(typed: str, suggestion: str) -> str:
    """What has been typed with its last comma-separated part replaced by the suggestion.

    ``complete("alone, rej", "rejected") == "alone, rejected"``.
    """
    head, comma, _ = typed.rpartition(",")
    return f"{head}{comma} {suggestion}" if comma else suggestion


def _matches(phrase: str, fragment: str) -> int | None:
    """0 when the phrase starts with the fragment, 1 when a later word does, else None."""
    folded = _fold(phrase)
    for match in _WORD_START.finditer(folded):
        if folded.startswith(fragment, match.start()):
            return 0 if match.start() == 0 else 1
    return None


@dataclass(frozen=True)
class Vocabulary:
    surface: tuple[str, ...]
    underlying: tuple[str, ...]

    def words(self, kind: str) -> tuple[str, ...]:
        """The list for a kind: ``surface``/``underlying`` (or the question keys
        ``surface_feeling``/``underlying_feeling``)."""
        try:
            words: tuple[str, ...] = getattr(self, _KINDS[kind])
            return words
        except KeyError:
            raise ValueError(
                f"unknown kind of feeling {kind!r} (expected 'surface' or 'underlying')"
            ) from None

    def suggest(self, prefix: str, kind: str, limit: int | None = None) -> list[str]:
        """Words of one list that fit what has been typed so far.

        Case-insensitive; matches the start of any word of a phrase ("fail" offers "afraid of
        failing" and "like a failure"), and looks only at the last comma-separated part, so
        "alone, rej" offers "rejected". Phrases that begin with the fragment come first, then
        the rest, each in the vocabulary's own order; words already typed are not offered again.
        Nothing typed in the last part offers nothing (browse with :meth:`words`).
        """
        words = self.words(kind)
        fragment = _fold(last_part(prefix))
        if not fragment:
            return []
        already = {_fold(part) for part in prefix.split(",")[:-1]}
        ranked: list[tuple[int, int, str]] = []
        for order, word in enumerate(words):
            if _fold(word) in already:
                continue
            rank = _matches(word, fragment)
            if rank is not None:
                ranked.append((rank, order, word))
        ranked.sort()
        found = [word for _, _, word in ranked]
        return found if limit is None else found[:limit]


def _read_list(data: dict[str, object], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise ValueError(f"feelings.toml: '{key}' must be a list of words")
    return tuple(w.strip() for w in value)


@cache
def load_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package (read once, then cached)."""
    text = files("cyclemap").joinpath("data", "feelings.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return Vocabulary(
        surface=_read_list(data, "surface"), underlying=_read_list(data, "underlying")
    )
