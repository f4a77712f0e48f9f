"""Whatever a person types comes out of the text exports as they typed it: Markdown read back
by a Markdown reader (markdown-it, which Rich already depends on) holds every answer as plain
text, with no heading, link, emphasis or HTML made of it; the text export and the card keep
every word and stay inside their width."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pydantic import ValidationError
from rich.cells import cell_len

from cyclemap.export import CARD_WIDTH, render
from cyclemap.model import validate_map
from tests.conftest import map_data
from tests.strategies import hostile_text

# What a person might type that means something to a Markdown reader, an HTML page or a terminal.
TRICKY = [
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "&amp; &lt; &#65; & <",
    "**not bold** _not it_ `not code`",
    "[a link](https://example.com)",
    "![img](x.png)",
    "# not a heading",
    "ends with a hash #",
    "Sunday ##",
    "- not a list",
    "1. not a list",
    "> not a quote",
    "a | table | row",
    "~~not struck~~",
    "back\\slash\\",
    "=====",
    "---",
    "[bold]rich[/bold] [/",
    "👩‍❤️‍💋‍👨 emoji 🫶",
    "Ünïcödé — naïve café",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung",
    "x" * 120,
]
one_line = st.one_of(
    st.sampled_from(TRICKY),
    st.lists(st.one_of(st.sampled_from(TRICKY), hostile_text), min_size=1, max_size=4).map(
        " ".join
    ),
).map(lambda text: " ".join(text.split()))

FIELDS = ("title", "cycle_name", "couple", "pause_phrase", "warning_signs", "notes")
PARTNER = ("name", "trigger", "fear", "longing", "guess", "reach")
# The structure an export makes of its own; anything else would come from the user's text.
OWN_TOKENS = {
    "heading_open",
    "heading_close",
    "paragraph_open",
    "paragraph_close",
    "bullet_list_open",
    "bullet_list_close",
    "list_item_open",
    "list_item_close",
    "fence",
    "hr",
    "inline",
}
OWN_INLINE = {"text", "strong_open", "strong_close", "em_open", "em_close", "softbreak"}

texts = st.fixed_dictionaries({key: one_line for key in FIELDS + PARTNER})


def build(values: dict[str, str]):
    data = map_data(**{key: values[key] for key in FIELDS})
    for index, partner in enumerate(data["partners"]):
        partner.update({key: values[key] for key in PARTNER})
        if index:  # two different names
            partner["name"] = values["name"][:30] + " B"
    try:
        return validate_map(data)
    except ValidationError:
        assume(False)  # a name blank after cleaning, or too long: refused, as it should be
        raise


def words(text: str) -> str:
    return " ".join(text.split())


def markdown_text(source: str) -> tuple[set[str], set[str], str]:
    """The block and inline token types of a Markdown document, and all its text."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    blocks, inline, text = set(), set(), []
    for token in parser.parse(source):
        blocks.add(token.type)
        for child in token.children or ():
            inline.add(child.type)
            text.append(child.content if child.type == "text" else " ")
        text.append(" ")
    return blocks, inline, words("".join(text))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_markdown_holds_every_answer_as_plain_text(values: dict[str, str]) -> None:
    cycle_map = build(values)
    blocks, inline, text = markdown_text(render(cycle_map, "md"))
    assert blocks <= OWN_TOKENS
    assert inline <= OWN_INLINE
    for key in FIELDS:
        assert words(getattr(cycle_map, key) or "") in text, key
    for partner in cycle_map.partners:
        for key in PARTNER:
            assert words(partner.answer(key) or "") in text, key


def test_a_title_ending_in_hashes_keeps_them() -> None:
    cycle_map = validate_map(map_data(title="Sunday ##"))
    blocks, _, text = markdown_text(render(cycle_map, "md"))
    assert text.startswith("Sunday ##")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([20, 40, 60, 80, 120]), st.booleans())
def test_text_and_card_keep_every_word_inside_their_width(
    values: dict[str, str], width: int, ascii: bool
) -> None:
    cycle_map = build(values)
    for fmt, limit in (("text", width), ("card", CARD_WIDTH)):
        out = render(cycle_map, fmt, width=width, ascii=ascii)
        assert max(cell_len(line) for line in out.splitlines()) <= limit, fmt
    flat = "".join(render(cycle_map, "text", width=width, ascii=ascii).split())
    for key in ("pause_phrase", "warning_signs", "notes"):
        assert "".join((getattr(cycle_map, key) or "").split()) in flat, key
    for partner in cycle_map.partners:
        assert "".join((partner.guess or "").split()) in flat
