"""The HTML export as a page (cyclemap.page): its structure, its policy, its words.

What it looks like and how it prints is checked in a real browser by tests/browser/; these
check what the HTML says, without one.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from cyclemap.export import render
from cyclemap.model import CycleMap
from tests.test_diagram import FULL, LONG, MARKUP, WIDE, make_map
from tests.test_drawing import HOSTILE, HOSTILE_MAP, answers

MAPS = [FULL, LONG, WIDE, MARKUP, make_map(), HOSTILE_MAP]
MAP_IDS = ["full", "long", "wide", "markup", "bare", "hostile"]


class Parsed(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self._skip = 0
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag in {"style", "title", "desc"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"style", "title", "desc"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def value(self, tag: str, name: str) -> list[str | None]:
        return [v for t, n, v in self.attributes if t == tag and n == name]


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_a_page_with_headings_lists_and_the_drawing(cycle_map: CycleMap) -> None:
    page = Parsed(render(cycle_map, "html"))
    assert page.tags["h1"] == 1
    assert page.tags["article"] >= 2 and page.tags["dl"] >= 4 and page.tags["dt"] >= 6
    assert page.tags["svg"] >= 2  # the loop, side by side and stacked
    assert page.tags["pre"] == 0  # not a terminal's picture any more
    ids = [v for _, n, v in page.attributes if n == "id"]
    assert len(ids) == len(set(ids)), "two inline drawings must not share an id"


@pytest.mark.parametrize("cycle_map", MAPS, ids=MAP_IDS)
def test_every_answer_is_in_the_page_as_text(cycle_map: CycleMap) -> None:
    text = squash("".join(Parsed(render(cycle_map, "html")).text))
    for answer in answers(cycle_map):
        assert squash(answer) in text
    for partner in cycle_map.partners:
        assert squash(partner.name) in text


def test_the_guess_sits_beside_the_feeling_it_guessed_at() -> None:
    page = render(FULL, "html")
    guessed = re.findall(r'<div class="feeling guessed">(.*?)</p></dd></div>', page)
    pairs = [(p, o) for p, o in (FULL.partners, FULL.partners[::-1]) if o.guess]
    assert pairs and len(guessed) == len(pairs)
    for found, (partner, guesser) in zip(guessed, pairs, strict=True):
        assert partner.underlying_feeling in found and guesser.guess in found
        assert f"{guesser.name}’s guess" in found


def test_no_script_and_a_strict_policy() -> None:
    page = render(FULL, "html")
    parsed = Parsed(page)
    assert parsed.tags["script"] == 0
    assert not [n for _, n, _ in parsed.attributes if n.startswith("on")]
    assert not [n for _, n, _ in parsed.attributes if n in {"href", "src", "srcset", "action"}]
    policies = [v for t, n, v in parsed.attributes if t == "meta" and n == "content"]
    [policy] = [v for v in policies if v and "default-src" in v]
    assert policy.startswith("default-src 'none';")
    assert "script-src" not in policy and "unsafe-eval" not in policy
    assert "img-src 'none'" in policy and "base-uri 'none'" in policy


def test_user_text_is_escaped() -> None:
    page = render(HOSTILE_MAP, "html")
    assert "<script>" not in page and "<b>Tom</b>" not in page
    assert "&lt;script&gt;" in page
    text = "".join(Parsed(page).text)
    for answer in HOSTILE.values():
        assert squash(answer) in squash(text)


def test_dark_mode_and_a_print_stylesheet() -> None:
    page = render(FULL, "html")
    assert "prefers-color-scheme: dark" in page
    assert '<meta name="color-scheme" content="light dark">' in page
    assert "@media print" in page
    printed = page[page.index("@media print") :]
    assert re.search(r"\.new-cycle, \.card-page \{ break-before: page; \}", printed)
    assert "width: 85mm" in page and "min-height: 55mm" in page  # a card's size
    assert page.count('class="cut ') == 8  # a mark at each corner, both ways


def test_the_new_cycle_and_the_card_only_when_there_is_something_in_them() -> None:
    bare = render(make_map(), "html")
    assert 'class="new-cycle"' not in bare and 'class="card-page"' not in bare
    full = render(FULL, "html")
    assert 'class="new-cycle"' in full
    with_phrase = render(make_map(pause_phrase="Same team?"), "html")
    assert 'class="card-page"' in with_phrase and "Same team?" in with_phrase


def test_phone_layout_and_no_sideways_scrolling_are_asked_for() -> None:
    page = render(LONG, "html")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "overflow-wrap: anywhere" in page
    assert re.search(
        r"@media screen and \(max-width: 44rem\) \{\s*\.wide \{ display: none; \}", page
    )
