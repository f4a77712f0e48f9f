"""Partner A / Partner B: the partners' names hidden, in the name fields and in what they wrote.

A name is replaced wherever it stands as a word of its own, in any case, and whatever follows
it ("Jun's" -> "Partner B's", "JUN" -> "Partner B"), but never inside another word ("Al" leaves
"Alarm" alone). Scripts written without spaces between words (Chinese, Japanese, Korean with
its particles, Thai…) have no word edges to find: there a name is replaced wherever it appears,
because a hidden name matters more than a stray syllable.

When both partners have the same name, a partner who writes it means the other one: in A's
answers it becomes "Partner B", in B's "Partner A".

Core code: no Textual, no Rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

ANONYMOUS_NAMES = ("Partner A", "Partner B")

# Scripts whose words are not separated by spaces (by the start of their Unicode names).
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR")


def _spaced_word_char(char: str) -> bool:
    """True for a letter or digit of a script that separates its words by spaces."""
    if not re.match(r"\w", char):
        return False
    return not unicodedata.name(char, "").startswith(_UNSPACED)


def _name_pattern(name: str) -> str | None:
    """The regular expression of one name as a whole word; None for a blank name."""
    words = name.split()
    if not words:
        return None
    # "Mary  Ann" in the name field still finds "Mary Ann" (or a line break) in an answer.
    body = r"\s+".join(re.escape(word) for word in words)
    head = r"(?<!\w)" if _spaced_word_char(name.lstrip()[0]) else ""
    tail = r"(?!\w)" if _spaced_word_char(name.rstrip()[-1]) else ""
    return head + body + tail


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class NameHider:
    """Replaces the two partners' names with "Partner A" and "Partner B" in any text."""

    def __init__(self, names: Sequence[str], aliases: Sequence[str] = ANONYMOUS_NAMES) -> None:
        if len(names) != len(aliases):
            raise ValueError("one alias a name")
        self._names = [unicodedata.normalize("NFC", name) for name in names]
        self._aliases = tuple(aliases)
        self._index: dict[str, list[int]] = {}  # the name's key -> every partner who has that name
        for index, name in enumerate(self._names):
            self._index.setdefault(_key(name), []).append(index)
        patterns = [
            pattern
            # The longer first: "Ann Marie" before "Ann".
            for name in sorted(set(self._names), key=lambda name: (-len(name), name))
            if (pattern := _name_pattern(name)) is not None
        ]
        self._pattern = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    def hide(self, text: str, author: int | None = None) -> str:
        """`text` with every name replaced; `author` is the index of the partner who wrote it
        (None for text of the couple's, like the title). Text that holds no name comes back
        exactly as it was."""
        if self._pattern is None or not text:
            return text
        normal = unicodedata.normalize("NFC", text)
        if self._pattern.search(normal) is None:
            return text
        return self._pattern.sub(lambda match: self._alias(match.group(0), author), normal)

    def _alias(self, found: str, author: int | None) -> str:
        owners = self._index.get(_key(found))
        if not owners:  # matched ignoring case, but folds differently ("ǅ"): whose pattern it is
            owners = [
                index
                for index, name in enumerate(self._names)
                if re.fullmatch(_name_pattern(name) or "(?!)", found, re.IGNORECASE)
            ]
        if len(owners) > 1 and author is not None:
            # Both have this name: whoever wrote it means the other one.
            others = [index for index in owners if index != author]
            return self._aliases[others[0] if others else owners[0]]
        return self._aliases[owners[0]]
