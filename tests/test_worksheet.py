"""The blank worksheet: golden files for every format, the walkthrough's own rule for what a side
needs, room to write, and a page that loads nothing.

After a deliberate change, regenerate the goldens with

    CYCLEMAP_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_worksheet.py

then print the page (tests/browser/test_worksheet_print.py) and look at it before committing.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cyclemap import worksheet_items as worksheet
from cyclemap.terms import MAP_LABELS, QUESTIONS
from cyclemap.walkthrough import WalkState
from cyclemap.worksheet import FORMATS, render_worksheet
from cyclemap.worksheet_items import PARTNER_ITEMS, SENTENCE_ORDER

GOLDEN = Path(__file__).parent / "golden" / "worksheet"
UPDATE = os.environ.get("CYCLEMAP_UPDATE_GOLDEN") == "1"
SUFFIX = {"text": "txt", "md": "md", "html": "html"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str) -> None:
    actual = render_worksheet(fmt).encode("utf-8")
    path = GOLDEN / f"worksheet.{SUFFIX[fmt]}"
    if UPDATE and (not path.exists() or path.read_bytes() != actual):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(actual)
    assert path.read_bytes() == actual, f"{path.name} differs: CYCLEMAP_UPDATE_GOLDEN=1 and look"


def test_the_cli_knows_every_format() -> None:
    from cyclemap.cli.map_commands import WORKSHEET_FORMATS

    assert WORKSHEET_FORMATS == FORMATS


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render_worksheet("pdf")


# ---- what a side needs: the walkthrough's rule -----------------------------------------------


def walkthrough_needs(key: str) -> bool:
    """Whether the walkthrough refuses to go on from this question left blank."""
    state = WalkState.new("Alex & Sam")
    state.mode_chosen = True
    step = f"0:{key}"
    assert step in state.steps()
    state.go_to(step)
    return state.next().go == "stay"


def test_required_questions_are_the_ones_the_walkthrough_needs() -> None:
    for item, key in zip(PARTNER_ITEMS, SENTENCE_ORDER, strict=True):
        assert item.required == walkthrough_needs(key), key
    assert worksheet.needed_numbers() == "1, 4, 5 and 8"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_which_questions_are_needed(fmt: str) -> None:
    out = render_worksheet(fmt)
    assert "first three" not in out
    assert "Questions 1, 4, 5 and 8 are the heart of it" in " ".join(out.split())
    # A question's title: a line of its own, or in the page an item of its own.
    titles = [re.sub(r"<[^>]+>", "", chunk) for chunk in out.split("<li>")[1:]]
    if fmt != "html":
        titles = [line for line in out.splitlines() if re.match(r"\W*\d\. ", line)]
    numbered = [re.match(r"\W*(\d)\. (.*)", title) for title in titles]
    optional = {int(m.group(1)): "(optional)" in m.group(2) for m in numbered if m}
    assert optional == {item.number: not item.required for item in PARTNER_ITEMS}
    assert out.count("(optional)") == 1 + 2 * 5 + len(worksheet.TOGETHER_ITEMS)  # 1: the intro


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_question_of_a_side_is_there_twice(fmt: str) -> None:
    out = render_worksheet(fmt).replace("&#x27;", "'")
    for question in QUESTIONS:
        if question.part in ("cycle", "guess"):
            assert out.count(question.prompt) >= 2, question.key
    for key in ("cycle_name", "warning_signs", "pause_phrase"):
        assert MAP_LABELS[key] in out


# ---- text and Markdown --------------------------------------------------------------------------


def test_text_fits_80_columns_with_room_between_the_lines() -> None:
    out = render_worksheet("text")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    for number, line in enumerate(lines):
        if line.strip().startswith("____"):  # a blank line above every writing line
            assert lines[number - 1] == "", number


def test_markdown_choices_stay_apart() -> None:
    """Two '[ ]' on one line with spaces between them collapse when rendered: each is an item."""
    tokens = MarkdownIt("commonmark").parse(render_worksheet("md"))
    items = [
        tokens[i + 2].content
        for i, token in enumerate(tokens)
        if token.type == "list_item_open" and tokens[i + 2].content.startswith("[ ]")
    ]
    assert items == ["[ ] I move toward — I pursue", "[ ] I move away — I withdraw"] * 2


def test_markdown_writing_lines_are_paragraphs_of_their_own() -> None:
    tokens = MarkdownIt("commonmark").parse(render_worksheet("md"))
    rules = [t for t in tokens if t.type == "inline" and set(t.content) <= {"\\", "_"}]
    assert rules and all("\n" not in t.content for t in rules)


# ---- the page ------------------------------------------------------------------------------------


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.sheets = 0
        self.items: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section" and "sheet" in (attributes.get("class") or ""):
            self.sheets += 1
            self.items.append(0)
        if tag == "li":
            self.items[-1] += 1


def test_the_page_is_a_sheet_a_partner_and_one_together() -> None:
    page = Page()
    page.feed(render_worksheet("html"))
    assert page.sheets == 3
    assert page.items == [len(PARTNER_ITEMS), len(PARTNER_ITEMS), len(worksheet.TOGETHER_ITEMS)]


def test_the_page_loads_nothing_and_runs_nothing() -> None:
    out = render_worksheet("html")
    page = Page()
    page.feed(out)
    csp = [a["content"] for tag, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0].startswith("default-src 'none'")
    assert "script" not in csp[0] and "http" not in csp[0]
    assert not any(tag in ("script", "link", "img", "iframe", "object") for tag, _ in page.tags)
    assert not any(k.startswith("on") for _, attributes in page.tags for k in attributes)
    urls = re.findall(r"(?:https?:|//)[^\s\"')]*", out)
    assert urls == ["http://www.w3.org/2000/svg"]
    assert "@import" not in out and "url(http" not in out


def test_the_page_has_lines_8_mm_apart_and_no_forced_paper_size() -> None:
    out = render_worksheet("html")
    assert ".lines span { display: block; height: 8mm;" in out
    assert not re.search(r"@page\s*{[^}]*size", out)
