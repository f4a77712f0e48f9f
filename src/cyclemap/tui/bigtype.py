"""Large type for headings: a small capitals font drawn with half blocks (▀ ▄ █).

Each glyph is five pixels tall and mostly three wide; two pixel rows share one terminal row, so a
line of large type takes three rows and about four columns a letter. Textual's `Digits` only draws
digits and A-F, so this covers what presentation headings need: A-Z, digits and a little
punctuation. Text with any other character (an accented or non-Latin name, say) is not drawn
large: `big_lines` returns None and the caller shows ordinary bold text, so a name is never
changed to fit the font.

No Textual here; the widget that uses it is in screens/present.py.
"""

from __future__ import annotations

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
}

FONT: dict[str, tuple[str, ...]] = _FONT_SOURCE
ROWS = 3  # terminal rows a line of large type takes
GAP = 1  # columns between two glyphs

_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def supported(text: str) -> bool:
    """True when every character of `text`, in capitals, is in the font."""
    return all(char in FONT for char in text.upper())


def width(text: str) -> int:
    """Columns the text takes in large type (capitals)."""
    glyphs = [FONT[char] for char in text.upper()]
    if not glyphs:
        return 0
    return sum(len(glyph[0]) for glyph in glyphs) + GAP * (len(glyphs) - 1)


def render_line(text: str) -> list[str]:
    """One line of text drawn large: ROWS strings of equal length."""
    pixels = ["", "", "", "", "", ""]  # five rows of glyph, one blank row under it
    for position, char in enumerate(text.upper()):
        glyph = FONT[char]
        gap = "." * GAP if position else ""
        for row in range(5):
            pixels[row] += gap + glyph[row]
        pixels[5] += gap + "." * len(glyph[0])
    rows = []
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


def big_lines(text: str, max_width: int, max_lines: int = 2) -> list[list[str]] | None:
    """`text` as large type within `max_width` columns and `max_lines` lines of type, each line
    ROWS strings; None when the font lacks a character or the text does not fit."""
    if not text.strip() or not supported(text):
        return None
    lines = wrap(text, max_width)
    if lines is None or len(lines) > max_lines:
        return None
    if len(lines) == 2:
        lines = _balanced(text.split())
    return [render_line(line) for line in lines]


def _balanced(words: list[str]) -> list[str]:
    """Two lines as even as the words allow ("What Alex is / most afraid of…", not a last word
    alone on the second line)."""
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(splits, key=lambda pair: max(width(pair[0]), width(pair[1])))
    return [first, second]
