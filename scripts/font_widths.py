"""Write src/cyclemap/data/font_widths.json: how wide each character is in the fonts the drawing
names, so that drawing.py can wrap the partners' words without guessing.

Run it by hand when the font stack in cyclemap/fontmetrics.py changes:

    .venv/bin/pip install fonttools
    .venv/bin/python scripts/font_widths.py

fontTools reads the advance widths from the fonts' own tables (hmtx, through the cmap), which
is exact where a hand-made table or a "0.55 em a character" guess is not. It is a tool for
this script only: cyclemap itself reads the JSON and needs no fontTools at run time.

For every character the table keeps the widest advance over the faces of one weight (DejaVu
Sans, and Liberation Sans, which has Arial's and Helvetica's metrics), in thousandths of an
em, rounded up: text measured with it fits in whichever of the named fonts the viewer has.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "cyclemap" / "data" / "font_widths.json"
FONTS = Path("/usr/share/fonts/truetype")
FACES = {
    "regular": [
        "dejavu/DejaVuSans.ttf",
        "dejavu/DejaVuSans-Oblique.ttf",
        "liberation/LiberationSans-Regular.ttf",
        "liberation/LiberationSans-Italic.ttf",
    ],
    "bold": [
        "dejavu/DejaVuSans-Bold.ttf",
        "dejavu/DejaVuSans-BoldOblique.ttf",
        "liberation/LiberationSans-Bold.ttf",
        "liberation/LiberationSans-BoldItalic.ttf",
    ],
}
# Latin, Greek, Cyrillic, Hebrew, Arabic, punctuation, currency, arrows, the shapes we draw.
BLOCKS = [
    (0x20, 0x24F),
    (0x2B0, 0x36F),
    (0x370, 0x3FF),
    (0x400, 0x52F),
    (0x590, 0x6FF),
    (0x1E00, 0x1FFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x21FF),
    (0x2500, 0x25FF),
]


def widths(paths: list[str]) -> dict[int, int]:
    best: dict[int, int] = {}
    for name in paths:
        font = TTFont(FONTS / name)
        per_em = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        for first, last in BLOCKS:
            for code in range(first, last + 1):
                glyph = cmap.get(code)
                if glyph is None:
                    continue
                width = math.ceil(metrics[glyph][0] * 1000 / per_em)
                best[code] = max(best.get(code, 0), width)
    return best


def runs(table: dict[int, int]) -> list[list[object]]:
    """[[first code, [width, width, ...]], ...] for each run of consecutive characters."""
    out: list[list[object]] = []
    for code in sorted(table):
        if out and code == out[-1][0] + len(out[-1][1]):  # type: ignore[operator,arg-type]
            out[-1][1].append(table[code])  # type: ignore[union-attr]
        else:
            out.append([code, [table[code]]])
    return out


def main() -> int:
    data = {
        "about": "advance widths in 1/1000 em; written by scripts/font_widths.py",
        "fonts": sorted({Path(p).stem for paths in FACES.values() for p in paths}),
        **{weight: runs(widths(paths)) for weight, paths in FACES.items()},
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
