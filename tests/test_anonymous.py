"""Partner A / Partner B: the names hidden inside what the partners wrote (cyclemap.anonymous)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cyclemap.anonymous import ANONYMOUS_NAMES, NameHider
from tests.strategies import hostile_text

A, B = ANONYMOUS_NAMES


@pytest.mark.parametrize(
    ("names", "text", "hidden"),
    [
        (("Mónica", "Jun"), "Jun sighs at the sink", "Partner B sighs at the sink"),
        (("Mónica", "Jun"), "Jun's phone, Jun’s keys", "Partner B's phone, Partner B’s keys"),
        (("Mónica", "Jun"), "JUN and jun and Jun.", "Partner B and Partner B and Partner B."),
        (("Mónica", "Jun"), "MÓNICA raises her voice", "Partner A raises her voice"),
        (("Mónica", "Jun"), "Junior goes to the Junction", "Junior goes to the Junction"),
        (("Mónica", "Jun"), "Mónicas, Jun2, _Jun", "Mónicas, Jun2, _Jun"),
        (
            ("Al", "Sam"),
            "Sam's Alarm rings; Al sleeps",
            "Partner B's Alarm rings; Partner A sleeps",
        ),
        (("Al", "Sam"), "sample, Salami, ALSO", "sample, Salami, ALSO"),
        (("Ann", "Ann Marie"), "Ann Marie and Ann", "Partner B and Partner A"),
        (("Mary  Ann", "Bo"), "Mary Ann, and Mary\nAnn", "Partner A, and Partner A"),
        (("Al[/", "(.*)"), "Al[/ and (.*) and .*", "Partner A and Partner B and .*"),
        (("a+b", "C.J."), "aab a+b C.J. CxJx", "aab Partner A Partner B CxJx"),
        (("🐻", "Sam"), "🐻🐻 hugs Sam", "Partner APartner A hugs Partner B"),
        (("Bear🐻", "Sam"), "Bear🐻 and Bear", "Partner A and Bear"),
        (("美咲", "健"), "美咲が静かになる", "Partner Aが静かになる"),
        (("Zoë", "Sam"), "Zoe\u0308 goes quiet", "Partner A goes quiet"),  # decomposed ë
        (("Jun", "Kai"), "", ""),
        (("Jun", "Kai"), "nobody named", "nobody named"),
    ],
)
def test_names_are_hidden_as_whole_words_in_any_case(names, text: str, hidden: str) -> None:
    assert NameHider(names).hide(text) == hidden


def test_the_same_name_twice_means_the_other_partner_to_whoever_wrote_it() -> None:
    hider = NameHider(("Sam", "Sam"))
    assert hider.hide("Sam goes quiet", author=0) == "Partner B goes quiet"
    assert hider.hide("sam raises her voice", author=1) == "Partner A raises her voice"
    assert hider.hide("Sam & Sam") == "Partner A & Partner A"  # the couple's text: no one's


def test_names_that_differ_only_in_case_are_the_same_name() -> None:
    hider = NameHider(("jo", "JO"))
    assert hider.hide("Jo waits", author=0) == "Partner B waits"


def test_text_without_a_name_is_returned_exactly_as_it_was() -> None:
    decomposed = "Zoe\u0308 is not named here"
    assert NameHider(("Kai", "Jun")).hide(decomposed) is decomposed


def test_blank_names_hide_nothing() -> None:
    assert NameHider(("", "  ")).hide("an answer") == "an answer"
    assert NameHider(("", "Jun")).hide("Jun and  ") == "Partner B and  "


# -- properties ---------------------------------------------------------------------------

REGEX_CHARACTERS = list(".^$*+?{}[]\\|()")
# Letters of scripts that put spaces between words: Latin (accented too), Greek, Cyrillic.
spaced_letters = st.one_of(
    st.characters(min_codepoint=0x41, max_codepoint=0x24F, categories=["L"]),
    st.characters(min_codepoint=0x391, max_codepoint=0x4FF, categories=["L"]),
)
inner_characters = st.one_of(
    spaced_letters,
    st.characters(categories=["L", "N"]),
    st.sampled_from([*REGEX_CHARACTERS, "'", "’", "-", " ", "🐻", "👩‍👩‍👧", "\u0301"]),
)
# Names as whole words: a letter at each end, anything between (regex characters, emoji…).
names = st.builds(
    lambda first, middle, last: " ".join(f"{first}{''.join(middle)}{last}".split()),
    spaced_letters,
    st.lists(inner_characters, max_size=8),
    spaced_letters,
)
# Any name at all: unspaced scripts, emoji, punctuation, markup at either end.
any_names = st.one_of(
    names,
    st.lists(inner_characters, min_size=1, max_size=10).map(lambda p: " ".join("".join(p).split())),
    st.sampled_from(["美咲", "🐻", "[bold]", "Al[/", "(.*)", "\\1", "$", "a|b", "ก"]),
)
fillers = st.sampled_from(
    [" ", ", ", ". ", " and ", "\n", " sighs at the sink ", "! ", " (", ") ", " — "]
)


def _occurs(name: str, text: str) -> bool:
    """An independent check: `name` in `text` with no letter or digit glued to either end of
    it where the name itself ends in one."""
    for match in re.finditer(re.escape(name), text, re.IGNORECASE):
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        glued_before = before.isalnum() or before == "_"
        glued_after = after.isalnum() or after == "_"
        if (name[0].isalnum() and glued_before) or (name[-1].isalnum() and glued_after):
            continue
        return True
    return False


def _plain_names(pair: tuple[str, str]) -> bool:
    """Names that are neither blank, nor part of "Partner A/B", nor inside each other."""
    a, b = (name.casefold() for name in pair)
    if not a.strip() or not b.strip():
        return False
    aliases = " ".join(ANONYMOUS_NAMES).casefold()
    return not any(name in aliases or aliases in name for name in (a, b)) and (
        a == b or (a not in b and b not in a)
    )


@given(st.tuples(names, names), st.lists(st.tuples(fillers, st.integers(0, 3)), max_size=8))
def test_every_mention_becomes_its_alias_and_nothing_else_changes(pair, plan) -> None:
    assume(_plain_names(pair))
    written, expected = [], []
    for filler, choice in plan:
        written.append(filler)
        expected.append(filler)
        if choice < 2:
            name = pair[choice]
            written.append(name.upper() if len(written) % 3 == 0 else name)
            expected.append(
                ANONYMOUS_NAMES[choice if pair[0].casefold() != pair[1].casefold() else 0]
            )
            if len(written) % 2:
                written.append("'s")
                expected.append("'s")
    hidden = NameHider(pair).hide("".join(written))
    assert hidden == "".join(expected) or (
        # Upper-casing may fold to other letters ("ß" -> "SS"): then only the names must go.
        not any(_occurs(name, hidden.replace(A, "").replace(B, "")) for name in pair)
    )


@given(st.tuples(any_names, any_names), hostile_text, st.sampled_from([None, 0, 1]))
def test_no_name_is_left_in_any_text(pair, text: str, author) -> None:
    assume(_plain_names(pair))
    sentence = f"{text} {pair[0]} and {pair[1]}'s {text}"
    hidden = NameHider(pair).hide(sentence, author)
    remaining = hidden.replace(A, "").replace(B, "")
    for name in pair:
        if not _occurs(name, sentence.replace(name, "")):  # the text had no other copy
            assert not _occurs(name, remaining)


@given(st.tuples(names, names), st.text(st.characters(categories=["L"]), min_size=1, max_size=5))
def test_a_name_inside_a_longer_word_is_left_alone(pair, extra: str) -> None:
    name = pair[0]
    assume(_plain_names(pair))
    for word in (name + extra, extra + name):
        assume(not _occurs(pair[1], word) and not _occurs(name, word))
        assert NameHider(pair).hide(f"the {word} rings") == f"the {word} rings"


@given(st.tuples(hostile_text, hostile_text), hostile_text)
def test_any_names_and_any_text_never_fail(pair, text: str) -> None:
    hider = NameHider(pair)
    for author in (None, 0, 1):
        assert isinstance(hider.hide(text, author), str)
    assert hider.hide("") == ""


@given(st.tuples(any_names, any_names), hostile_text)
def test_hiding_twice_changes_nothing_more(pair, text: str) -> None:
    assume(_plain_names(pair))
    hider = NameHider(pair)
    once = hider.hide(text)
    assert hider.hide(once) == once
