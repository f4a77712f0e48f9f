"""Large type for headings: a small capitals font drawn with half blocks (▀ ▄ █).

Each glyph is five pixels tall and mostly three wide; two pixel rows share one terminal row, so a
line of large type takes three rows and about four columns a letter. Textual's `Digits` only draws
digits and A-F, so this covers what presentation headings need: A-Z, digits, a little
punctuation, and the accented Latin letters names are written with ("Mónica", "Zoë", "Çağla",
"Łukasz", "Søren", "Nguyễn"): the letter, with its accent as a mark of its own in a row above
it (a cedilla or an ogonek in the pixel row under it). A line that has such a mark takes four
rows; the caller can ask for the row on every line, so that all headings stand alike.

Text with a character the font lacks (a Greek or Chinese name, say) is not drawn large:
`big_lines` returns None, and the caller shows it, and every heading like it, as ordinary bold
text; a name is never changed to fit the font.

No Textual here; the widget that uses it is in screens/present.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_FONT_SOURCE = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": (".#.", "#.#", "#.#", "#.#", ".#."),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("##.", "..#", ".#.", "#..", "###"),
    "3": ("##.", "..#", ".#.", "..#", "##."),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "##.", "..#", "##."),
    "6": (".##", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "##."),
    " ": ("..", "..", "..", "..", ".."),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    ":": (".", "#", ".", "#", "."),
    ";": (".", "#", ".", "#", "#"),
    "'": ("#", "#", ".", ".", "."),
    "’": ("#", "#", ".", ".", "."),
    "‘": ("#", "#", ".", ".", "."),
    '"': ("#.#", "#.#", "...", "...", "..."),
    "“": ("#.#", "#.#", "...", "...", "..."),
    "”": ("#.#", "#.#", "...", "...", "..."),
    "!": ("#", "#", "#", ".", "#"),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "-": ("...", "...", "###", "...", "..."),
    "–": ("...", "...", "###", "...", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "&": (".#.", "#.#", ".#.", "#.#", ".##"),
    "(": (".#", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", "#."),
    "…": (".....", ".....", ".....", ".....", "#.#.#"),
    # Latin letters that are not a letter and an accent.
    "Ø": (".##", "#.#", "#.#", "#.#", "##."),
    "Æ": (".####", "#.#..", "####.", "#.#..", "#.###"),
    "Œ": (".####", "#.#..", "#.##.", "#.#..", ".####"),
    "Ð": (".##.", ".#.#", "####", ".#.#", ".##."),
    "Đ": (".##.", ".#.#", "####", ".#.#", ".##."),
    "Þ": ("#..", "##.", "#.#", "##.", "#.."),
    "Ł": (".#..", ".#..", ".##.", "##..", ".###"),
    "Ħ": (".#.#.", "#####", ".###.", ".#.#.", ".#.#."),
    "Ŧ": ("###", ".#.", "###", ".#.", ".#."),
    "Ŋ": ("#..#", "##.#", "#.##", "#..#", "#.#."),
}

FONT: dict[str, tuple[str, ...]] = _FONT_SOURCE
ROWS = 3  # terminal rows a line of large type takes, without a row for accents
MARK_ROWS = ROWS + 1  # with one
GAP = 1  # columns between two glyphs

# Accents over a letter (combining marks, as NFD writes them), drawn in a row of their own above
# it, centred: strokes as tall as a row, so that an accent is seen from across a room.
_ABOVE = {
    "\u0300": "╲",  # grave
    "\u0301": "╱",  # acute
    "\u0302": "╱╲",  # circumflex
    "\u0303": "~",  # tilde
    "\u0304": "▀▀▀",  # macron
    "\u0306": "╰╯",  # breve
    "\u0307": "▀",  # dot above
    "\u0308": "▀ ▀",  # diaeresis
    "\u030a": "○",  # ring above
    "\u030b": "╱╱",  # double acute
    "\u030c": "╲╱",  # caron
}
# Marks under a letter, drawn in the pixel row under it: where, across the glyph.
_CENTRE, _RIGHT = "centre", "right"
_BELOW = {"\u0323": _CENTRE, "\u0326": _CENTRE, "\u0327": _CENTRE, "\u0328": _RIGHT}


@dataclass(frozen=True)
class _Glyph:
    pixels: tuple[str, ...]  # five rows, "#" for a pixel
    above: str = ""  # accents over it, as text
    below: str = ""  # where a mark under it goes ("" for none)

    @property
    def width(self) -> int:
        return len(self.pixels[0])

    def under(self) -> str:
        """The pixel row under the glyph."""
        row = ["."] * self.width
        if self.below:
            row[self.width // 2 if self.below == _CENTRE else self.width - 1] = "#"
        return "".join(row)


def _glyph(cluster: str) -> _Glyph | None:
    """A letter and the combining marks after it, or None when the font can't draw it."""
    base, marks = cluster[0], cluster[1:]
    pixels = FONT.get(base)
    if pixels is None:
        return None
    above, below = "", ""
    for mark in marks:
        if mark in _ABOVE:
            above += _ABOVE[mark]
        elif mark in _BELOW and not below:
            below = _BELOW[mark]
        else:
            return None
    if len(above) > len(pixels[0]):
        return None
    return _Glyph(pixels, above, below)


def _glyphs(text: str) -> list[_Glyph] | None:
    """The text in capitals as glyphs, or None when the font lacks one of them."""
    clusters: list[str] = []
    for char in unicodedata.normalize("NFD", text.upper()):
        if unicodedata.combining(char) and clusters:
            clusters[-1] += char
        else:
            clusters.append(char)
    glyphs = [_glyph(cluster) for cluster in clusters]
    return None if any(glyph is None for glyph in glyphs) else glyphs  # type: ignore[return-value]


_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def supported(text: str) -> bool:
    """True when every character of `text`, in capitals, can be drawn."""
    return _glyphs(text) is not None


def has_marks(text: str) -> bool:
    """True when a letter of `text` has an accent over it (its line needs MARK_ROWS rows)."""
    return any(glyph.above for glyph in _glyphs(text) or ())


def width(text: str) -> int:
    """Columns the text takes in large type (capitals)."""
    glyphs = _glyphs(text) or []
    if not glyphs:
        return 0
    return sum(glyph.width for glyph in glyphs) + GAP * (len(glyphs) - 1)


def render_line(text: str, *, mark_row: bool | None = None) -> list[str]:
    """One line of text drawn large: ROWS strings of equal length, or MARK_ROWS with the row of
    accents on top (`mark_row`: always, never, or None for when the line has an accent)."""
    glyphs = _glyphs(text)
    if glyphs is None:
        raise ValueError("the font lacks a character of this text")
    if mark_row is None:
        mark_row = any(glyph.above for glyph in glyphs)
    pixels = ["", "", "", "", "", ""]  # five rows of glyph, the row under it
    marks = ""
    for position, glyph in enumerate(glyphs):
        gap = "." * GAP if position else ""
        for row in range(5):
            pixels[row] += gap + glyph.pixels[row]
        pixels[5] += gap + glyph.under()
        marks += " " * len(gap) + glyph.above.center(glyph.width)
    rows = [marks] if mark_row else []
    for top, bottom in zip(pixels[0::2], pixels[1::2], strict=True):
        rows.append(
            "".join(_HALF_BLOCKS[(t == "#", b == "#")] for t, b in zip(top, bottom, strict=True))
        )
    return rows


def wrap(text: str, max_width: int) -> list[str] | None:
    """Words of `text` in lines that fit `max_width` columns of large type, or None when a
    single word is too wide."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if width(candidate) <= max_width:
            current = candidate
            continue
        if width(word) > max_width:
            return None
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    return lines


def big_lines(
    text: str, max_width: int, max_lines: int = 2, *, mark_row: bool | None = None
) -> list[list[str]] | None:
    """`text` as large type within `max_width` columns and `max_lines` lines of type, each line
    ROWS (or MARK_ROWS) strings; None when the font lacks a character or the text does not fit.
    `mark_row` as for `render_line`."""
    if not text.strip() or not supported(text):
        return None
    lines = wrap(text, max_width)
    if lines is None or len(lines) > max_lines:
        return None
    if len(lines) == 2:
        lines = _balanced(text.split())
    return [render_line(line, mark_row=mark_row) for line in lines]


def _balanced(words: list[str]) -> list[str]:
    """Two lines as even as the words allow ("What Alex is / most afraid of…", not a last word
    alone on the second line)."""
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(splits, key=lambda pair: max(width(pair[0]), width(pair[1])))
    return [first, second]
