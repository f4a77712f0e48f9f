"""The worksheet as a page to print: a sheet for each partner, and one for the two of them with
a blank loop to fill in.

Each sheet fits one A4 or Letter page (the page's own size: no @page size is forced), and a
sheet never breaks across pages. Writing lines are 8 mm apart, room for handwriting. Our own
words only (no user text), a strict content security policy, no script, nothing loaded.
"""

from __future__ import annotations

from html import escape

from cyclemap.worksheet_items import (
    CLOSING,
    PARTNER_ITEMS,
    PARTNERS,
    TITLE,
    TOGETHER_ITEMS,
    Item,
    example,
    intro,
)

LINE_MM = 8  # from one writing line to the next
PAGE_LINES = 2  # lines a question gets on a partner's sheet: nine questions fit one page
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = f"""
@page {{ margin: 10mm 14mm; }}
* {{ box-sizing: border-box; }}
html {{ color-scheme: light; }}
body {{
  margin: 0;
  color: #1f1f1f;
  background: #fff;
  font: 10.5pt/1.3 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
}}
.sheet {{ width: 100%; max-width: 182mm; margin: 0 auto; }}
h1 {{ font-size: 15pt; margin: 0 0 1.5mm; }}
h2 {{ font-size: 13pt; margin: 0; }}
.head {{ display: flex; align-items: baseline; gap: 8mm; margin: 0 0 3mm; }}
.name {{ flex: 1; display: flex; align-items: baseline; gap: 2mm; margin: 0; color: #444; }}
.name .fill {{ flex: 1; border-bottom: 0.3mm solid #595959; }}
.intro {{ margin: 0 0 3mm; color: #333; font-size: 9.5pt; }}
ol {{ list-style: none; margin: 0; padding: 0; }}
li {{ margin: 0 0 2.5mm; break-inside: avoid; }}
.q {{ margin: 0; font-size: 10.5pt; font-weight: 600; }}
.q .optional {{ font-weight: 400; color: #595959; }}
.q .example {{ font-weight: 400; font-style: italic; color: #595959; font-size: 9pt; }}
.lines span {{ display: block; height: {LINE_MM}mm; border-bottom: 0.3mm solid #767676; }}
.choices {{ display: flex; flex-wrap: wrap; gap: 2mm 10mm; margin: 1.5mm 0 0 2mm; }}
.choices span::before {{
  content: ""; display: inline-block; width: 3.5mm; height: 3.5mm; margin-right: 2mm;
  border: 0.3mm solid #1f1f1f; vertical-align: -0.5mm;
}}
.loop {{ display: block; width: 100%; height: auto; margin: 2mm 0 4mm; }}
.closing {{ margin-top: 4mm; font-size: 9pt; color: #444; }}
@media screen {{
  html {{ background: #e9e7e2; }}
  body {{ background: transparent; padding: 6mm 2mm; }}
  .sheet {{ background: #fff; padding: 10mm 12mm; margin-bottom: 6mm;
            box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }}
}}
@media screen and (max-width: 600px) {{
  body {{ padding: 2mm 0; }}
  .sheet {{ padding: 6mm 5mm; }}
}}
@media print {{
  .sheet {{ break-inside: avoid; }}
  .sheet + .sheet {{ break-before: page; }}
}}
"""


def _lines(count: int) -> str:
    return f'<div class="lines" aria-hidden="true">{"<span></span>" * count}</div>'


def _question(item: Item, lines: int) -> str:
    words = escape(item.title.removesuffix(" (optional)"))
    optional = "" if item.required else ' <span class="optional">(optional)</span>'
    shown = f' <span class="example">{escape(example(item))}</span>' if item.example else ""
    body = f'<p class="q">{words}{optional}{shown}</p>'
    if item.choices:
        boxes = "".join(f"<span>{escape(choice)}</span>" for choice in item.choices)
        body += f'<p class="choices">{boxes}</p>'
    else:
        body += _lines(lines)
    return f"<li>{body}</li>"


def _head(label: str) -> str:
    return (
        f'<div class="head"><h2>{escape(label)}</h2>'
        '<p class="name">Name: <span class="fill" aria-hidden="true">&nbsp;</span></p></div>'
    )


def _partner_sheet(label: str, first: bool) -> str:
    top = f"<h1>{escape(TITLE)}</h1><p class='intro'>{escape(intro())}</p>" if first else ""
    questions = "".join(_question(item, PAGE_LINES) for item in PARTNER_ITEMS)
    return f'<section class="sheet">{top}{_head(label)}<ol>{questions}</ol></section>'


def blank_loop() -> str:
    """Two cards to fill in, each split by the line (what can be seen above it, what is felt
    below, tinted), with arrows from each one's move to the other's trigger, round in a loop.
    A simple drawing of our own, in millimetres."""
    parts = []

    def text(x: float, y: float, words: str, cls: str = "label", anchor: str = "start") -> None:
        parts.append(
            f'<text x="{x}" y="{y}" class="{cls}" text-anchor="{anchor}">{escape(words)}</text>'
        )

    def rule(x: float, y: float, width: float) -> None:
        parts.append(f'<line x1="{x}" y1="{y}" x2="{x + width}" y2="{y}" class="write"/>')

    fields = (  # (label, lines) above the line, then below it
        (("When my partner…", 2), ("…so I…", 2)),
        (
            ("Underneath, I feel…", 2),
            ("What I'm most afraid of is…", 1),
            ("What I long for is…", 1),
        ),
    )
    top, line_at, bottom = 8, 68, 128
    for left, name in ((12, PARTNERS[0]), (100, PARTNERS[1])):
        width = 70
        parts.append(
            f'<rect x="{left}" y="{line_at}" width="{width}" height="{bottom - line_at}" '
            'class="below"/>'
        )
        parts.append(
            f'<rect x="{left}" y="{top}" width="{width}" height="{bottom - top}" rx="3" '
            'class="card"/>'
        )
        text(left + 4, top + 7, f"{name}:", "who")
        rule(left + 24, top + 7.5, width - 28)
        for half, start in ((fields[0], top + 15), (fields[1], line_at + 9)):
            y = start
            for label, count in half:
                text(left + 4, y, label)
                for _ in range(count):
                    y += LINE_MM
                    rule(left + 4, y, width - 8)
                y += 7
        parts.append(
            f'<line x1="{left}" y1="{line_at}" x2="{left + width}" y2="{line_at}" '
            'class="the-line"/>'
        )
        text(
            left + width / 2,
            line_at - 1.4,
            "above the line: what the other sees",
            "small",
            "middle",
        )
        text(left + width / 2, line_at + 3.8, "below it: what I feel", "small", "middle")
    # A's move to B's trigger, over the gap; B's move back round underneath to A's trigger.
    parts.append('<path d="M 82 48 C 92 48, 90 22, 99 22" class="arrow"/>')
    low = bottom + 8
    parts.append(
        f'<path d="M 170 48 C 178 48, 178 52, 178 60 L 178 {low - 8} C 178 {low - 2}, 174 {low}, '
        f'166 {low} L 16 {low} C 8 {low}, 4 {low - 2}, 4 {low - 8} L 4 30 C 4 24, 6 22, 11 22" '
        'class="arrow"/>'
    )
    text(91, 4.5, "what one does lands on the other as…", "small", "middle")
    text(91, bottom + 13, "…and lands back on the first, round and round", "small", "middle")
    # Scoped to the drawing: a <style> inside an inline <svg> applies to the whole page.
    style = (
        "<style>"
        ".loop .card{fill:none;stroke:#4a4a4a;stroke-width:0.4}"
        ".loop .below{fill:#e8eef4}"
        ".loop .the-line{stroke:#2f4f6f;stroke-width:0.6;stroke-dasharray:2 1.2}"
        ".loop .write{stroke:#767676;stroke-width:0.3}"
        ".loop .arrow{fill:none;stroke:#1f6f78;stroke-width:0.6;marker-end:url(#ws-arrow)}"
        ".loop text{font-family:system-ui,'DejaVu Sans',sans-serif;fill:#1f1f1f}"
        ".loop .label{font-size:3.4px}.loop .who{font-size:3.8px;font-weight:600}"
        ".loop .small{font-size:2.8px;fill:#444}"
        "</style>"
    )
    marker = (
        '<defs><marker id="ws-arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" '
        'markerHeight="5" orient="auto"><path d="M0 0 L6 3 L0 6 z" fill="#1f6f78"/></marker>'
        "</defs>"
    )
    return (
        '<svg class="loop" viewBox="0 0 182 144" role="img" aria-labelledby="ws-loop-title" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="ws-loop-title">A blank drawing of your cycle to fill in: two cards, each '
        "split by the line, with arrows from each one's move to the other's trigger.</title>"
        f"{style}{marker}{''.join(parts)}</svg>"
    )


def _together_sheet() -> str:
    questions = "".join(_question(item, item.lines) for item in TOGETHER_ITEMS)
    return (
        '<section class="sheet together"><div class="head"><h2>Together</h2></div>'
        "<p class='intro'>Put your two sides together: what each of you does lands on the "
        "other as what sets them off.</p>"
        f"{blank_loop()}<ol>{questions}</ol>"
        f'<p class="closing">{escape(CLOSING)}</p></section>'
    )


def render_html() -> str:
    sheets = [_partner_sheet(label, first=not number) for number, label in enumerate(PARTNERS)]
    sheets.append(_together_sheet())
    body = "\n".join(sheets)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{escape(TITLE)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
