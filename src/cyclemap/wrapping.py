"""Word wrap for styled text measured in terminal cells: the answers in the loop pictures and the
text exports.

Wide characters (CJK, emoji) count two cells; a word longer than a line is broken between
graphemes; a line break the person typed is kept; nothing is ever dropped. Core code: Rich's
cell measures only, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len, split_graphemes
from rich.style import Style

__all__ = [
    "MIN_WIDTH",
    "PLAIN",
    "UNBROKEN",
    "Line",
    "Span",
    "line_width",
    "wrap_plain",
    "wrap_spans",
]

Span = tuple[str, Style]
Line = list[Span]

PLAIN = Style()
# A span in this style stays on one line ("(not written yet)").
UNBROKEN = Style(dim=True, italic=True)
MIN_WIDTH = 2  # a double-width character must always fit on a line of its own


def line_width(line: Line) -> int:
    """Cells the line takes."""
    return sum(cell_len(text) for text, _ in line)


def _take_cells(word: str, room: int) -> tuple[str, str]:
    """The longest head of `word` that fits in `room` cells, split between graphemes."""
    spans, total = split_graphemes(word)
    if total <= room:
        return word, ""
    used = 0
    end = 0
    for start, stop, size in spans:
        if used + size > room:
            end = start
            break
        used += size
        end = stop
    return word[:end], word[end:]


def _tokens(spans: Sequence[Span]) -> Iterable[Span | None]:
    """Words with their styles; None for a line break the person typed."""
    for text, style in spans:
        for number, paragraph in enumerate(text.split("\n")):
            if number:
                yield None
            if style is UNBROKEN:  # "(not written yet)" stays on one line
                yield paragraph, style
                continue
            for word in paragraph.split():
                yield word, style


def wrap_spans(spans: Sequence[Span], width: int, indent: int = 2) -> list[Line]:
    """Word-wrap styled text to `width` cells: every line after the first starts with `indent`
    spaces, a word longer than a line is broken between characters, and nothing is dropped.
    Widths are measured in terminal cells (CJK and emoji count double)."""
    width = max(width, MIN_WIDTH)
    if width - indent < 8:
        indent = 0
    lines: list[Line] = [[]]
    used = 0
    bare = True  # the current line holds no word yet

    def new_line() -> None:
        nonlocal used, bare
        lines.append([(" " * indent, PLAIN)] if indent else [])
        used = indent
        bare = True

    def add(text: str, style: Style, gap: int) -> None:
        nonlocal used, bare
        line = lines[-1]
        if line and line[-1][1] == style and (gap or not line[-1][0].isspace()):
            line[-1] = (line[-1][0] + " " * gap + text, style)  # one span per run of a style
        else:
            if gap:
                line.append((" " * gap, PLAIN))
            line.append((text, style))
        used += gap + cell_len(text)
        bare = False

    for token in _tokens(spans):
        if token is None:
            if not bare:
                new_line()
            continue
        word, style = token
        size = cell_len(word)
        gap = 0 if bare else 1
        if used + gap + size <= width:
            add(word, style, gap)
            continue
        if size <= width - indent:
            new_line()
            add(word, style, 0)
            continue
        # A word longer than any line: start it here when there is a fair amount of room left.
        if not bare and width - used - 1 >= 4:
            gap = 1
        elif not bare:
            new_line()
            gap = 0
        while word:
            head, word = _take_cells(word, width - used - gap)
            if not head:  # not even one character fits here
                if not bare:
                    new_line()
                    gap = 0
                    word = head + word
                    continue
                head, word = word[0], word[1:]  # never with width >= 2: a grapheme is <= 2 cells
            add(head, style, gap)
            gap = 0
            if word:
                new_line()
    return [line for line in lines if line] or [[]]


def wrap_plain(text: str, width: int, indent: int = 0) -> list[str]:
    """`wrap_spans` for plain text: the wrapped lines as strings."""
    return [
        "".join(part for part, _ in line) for line in wrap_spans([(text, PLAIN)], width, indent)
    ]
