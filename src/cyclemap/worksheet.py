"""A blank, printable worksheet: every question of the walkthrough with room to write by hand.

Plain text (80 columns), Markdown, or an HTML page to print (worksheet_html.py): one part for
each partner and one for the two of them. What it asks is in worksheet_items.py: the
walkthrough's own questions, so paper and app never disagree about what is optional.
"""

from __future__ import annotations

import textwrap

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

FORMATS = ("text", "md", "html")
WIDTH = 78


# ---- text and Markdown ------------------------------------------------------------------------


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    rest = indent if hanging is None else hanging
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=rest) or [""]


def _text_item(item: Item) -> list[str]:
    lines = _wrap(item.title, hanging="   ")
    if item.example:
        lines += _wrap(example(item), "   ")
    if item.choices:
        return [*lines, "", *(f"   [ ] {choice}" for choice in item.choices), ""]
    # A blank line above each rule: about 8 mm from one to the next at six lines an inch,
    # room for handwriting.
    for _ in range(item.lines):
        lines += ["", "    " + "_" * (WIDTH - 4)]
    return [*lines, ""]


def _md_item(item: Item) -> list[str]:
    lines = [f"**{item.title}**  "]
    if item.example:
        lines.append(f"*{example(item)}*")
    lines.append("")
    if item.choices:
        # One choice a list item: spaces between two boxes on one line would collapse.
        return [*lines, *(f"- [ ] {choice}" for choice in item.choices), ""]
    # Each line a paragraph of its own inside the quote, so that a reader keeps them apart.
    for number in range(item.lines):
        if number:
            lines.append(">")
        lines.append("> " + "\\_" * 60)
    return [*lines, ""]


def _section(title: str, markdown: bool) -> list[str]:
    return [f"## {title}", ""] if markdown else [title, "=" * len(title), ""]


def _render_plain(markdown: bool) -> str:
    item_lines = _md_item if markdown else _text_item
    lines = [f"# {TITLE}", ""] if markdown else [TITLE, "=" * len(TITLE), ""]
    lines += [intro(), ""] if markdown else [*_wrap(intro()), ""]
    for label in PARTNERS:
        lines += _section(label, markdown)
        lines += ["Name: " + ("\\_" if markdown else "_") * 30, ""]
        for item in PARTNER_ITEMS:
            lines += item_lines(item)
    lines += _section("Together", markdown)
    for item in TOGETHER_ITEMS:
        lines += item_lines(item)
    lines += [CLOSING] if markdown else _wrap(CLOSING)
    return "\n".join(lines).rstrip() + "\n"


def render_worksheet(fmt: str = "text") -> str:
    """The worksheet in one of FORMATS: plain text (80 columns), Markdown, or a page to print."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    if fmt == "html":
        from cyclemap.worksheet_html import render_html

        return render_html()
    return _render_plain(fmt == "md")
