"""Presentation mode as data: the order of the steps, no empty ones, the loops drawn as loops,
and no name in anonymous mode (cyclemap.presentation has no Textual in it)."""

from __future__ import annotations

import io
import re
from importlib.resources import files

import pytest
from rich.console import Console

from cyclemap.model import validate_map
from cyclemap.presentation import (
    ANONYMOUS_NAMES,
    LEAD_IN_MAX,
    LOOP_ANSWER_MAX,
    Section,
    StepKind,
    demo_map,
    display_names,
    has_new_cycle,
    presentation,
    steps,
)
from tests.conftest import map_data, partner

K = StepKind

FULL_ORDER = [
    # A's side
    K.TRIGGER,
    K.MEANING,
    K.SURFACE_FEELING,
    K.PROTECTIVE_MOVE,
    # ...which lands on B; B's side
    K.LANDS,
    K.MEANING,
    K.SURFACE_FEELING,
    K.PROTECTIVE_MOVE,
    # ...which lands back on A; the whole loop
    K.LANDS,
    K.LOOP,
    # underneath: A, then B
    K.UNDERLYING_FEELING,
    K.FEAR,
    K.LONGING,
    K.UNDERLYING_FEELING,
    K.FEAR,
    K.LONGING,
    # the new cycle: A reaches, B responds, B reaches, A responds, the new loop
    K.REACH,
    K.RESPOND,
    K.REACH,
    K.RESPOND,
    K.NEW_LOOP,
]
FULL_PARTNERS = [0, 0, 0, 0, 1, 1, 1, 1, 0, None, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, None]

MINIMAL_ORDER = [
    K.TRIGGER,
    K.PROTECTIVE_MOVE,
    K.LANDS,
    K.PROTECTIVE_MOVE,
    K.LANDS,
    K.LOOP,
    K.UNDERLYING_FEELING,
    K.UNDERLYING_FEELING,
]


def _full(**names: str):
    """Every field filled; names (if given) that appear in no answer."""
    a_name = names.get("a", "Quill")
    b_name = names.get("b", "Rowan")
    depth = {
        "meaning": "nobody is listening",
        "surface_feeling": "irritated",
        "fear": "being on my own",
        "longing": "to be heard",
        "guess": "tired",
        "reach": "I'm scared and I want you close",
        "respond": "I can stop and turn toward you",
    }
    return validate_map(
        map_data(
            cycle_name="The Storm",
            couple=f"{a_name} & {b_name}",
            pause_phrase="The storm is here",
            warning_signs="short answers",
            partners=[
                partner(
                    name=a_name,
                    trigger="my partner goes quiet",
                    protective_move="I push harder",
                    underlying_feeling="alone",
                    **depth,
                ),
                partner(
                    name=b_name,
                    position="withdraw",
                    trigger="my partner raises her voice",
                    protective_move="I shut down",
                    underlying_feeling="like a failure",
                    **depth,
                ),
            ],
        )
    )


def _minimal():
    return validate_map(map_data())


def picture_text(step, width: int = 100) -> str:
    """A loop step's picture as plain text, drawn `width` columns wide."""
    assert step.picture is not None
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(step.picture)
    return console.export_text()


def _every_word(presentation_) -> list[str]:
    """Everything a presentation says, answers and pictures included."""
    found = []
    for step in presentation_.steps:
        found += [step.heading, step.text, step.lead_in or "", step.caption or ""]
        if step.picture is not None:
            found += [picture_text(step, 100), picture_text(step, 40)]
    for stations in presentation_.stations.values():
        found += list(stations)
    return found


def stacked_words(step) -> str:
    """The words of a loop picture drawn stacked (one box under the other), borders left out."""
    text = picture_text(step, 60).replace("│", " ")
    return " ".join(text.split())


def _whole_word(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def test_a_full_map_goes_cycle_then_underneath_then_the_new_cycle() -> None:
    result = steps(_full())
    assert [s.kind for s in result] == FULL_ORDER
    assert [s.partner_index for s in result] == FULL_PARTNERS
    sections = [s.section for s in result]
    assert sections == sorted(sections, key=list(Section).index)


def test_the_steps_carry_the_answers_in_the_order_of_the_loop() -> None:
    cycle_map = demo_map()
    a, b = cycle_map.partners
    texts = [s.text for s in steps(cycle_map)]
    assert texts[:9] == [
        a.trigger,
        a.meaning,
        a.surface_feeling,
        a.protective_move,
        b.trigger,
        b.meaning,
        b.surface_feeling,
        b.protective_move,
        a.trigger,
    ]
    assert texts[10:16] == [
        a.underlying_feeling,
        a.fear,
        a.longing,
        b.underlying_feeling,
        b.fear,
        b.longing,
    ]
    assert texts[16:20] == [a.reach, b.respond, b.reach, a.respond]


def test_each_lands_step_shows_the_move_that_lands() -> None:
    cycle_map = demo_map()
    a, b = cycle_map.partners
    lands = [s for s in steps(cycle_map) if s.kind is K.LANDS]
    assert [s.lead_in for s in lands] == [
        f"Priya: {a.protective_move}",
        f"Tom: {b.protective_move}",
    ]
    assert lands[0].heading == "…which lands on Tom as"
    assert lands[1].heading == "…which lands on Priya as"


def test_the_loop_is_drawn_as_a_loop_of_what_each_one_sees() -> None:
    loop = next(s for s in steps(_full()) if s.kind is K.LOOP)
    assert loop.text == "" and loop.picture is not None
    drawn = picture_text(loop, 100)
    lines = drawn.splitlines()
    # Two boxes side by side, each partner's trigger and move, arrows out and round again.
    assert "Quill · pursues" in lines[0] and "Rowan · withdraws" in lines[0]
    assert "When: my partner goes quiet" in drawn and "What I do: I push harder" in drawn
    assert "What I do: I shut down" in drawn
    assert "▶" in drawn and "what each one does lands as the other's trigger" in lines[-1]
    # Not yet what is underneath: that is the next section.
    assert "underneath" not in drawn and "alone" not in drawn
    # Narrow, the boxes stack, and still close the loop.
    narrow = picture_text(loop, 40)
    assert max(len(line) for line in narrow.splitlines()) <= 40
    assert "back at the top" in " ".join(narrow.split())
    assert loop.caption and "not either of you" in loop.caption


def test_the_new_loop_is_drawn_as_a_loop_of_reaching_and_answering() -> None:
    new_loop = steps(_full())[-1]
    assert new_loop.kind is K.NEW_LOOP and new_loop.picture is not None
    drawn = stacked_words(new_loop)
    assert "When Rowan reaches: I can stop and turn toward you" in drawn
    assert "I could say: I'm scared and I want you close" in drawn
    assert "Rowan reaches back toward Quill, and round again" in drawn
    assert "each reach is met by the other's answer" in picture_text(new_loop, 100)
    assert "The new cycle" not in drawn  # the screen has its own heading


def test_a_minimal_map_makes_no_step_for_a_skipped_answer() -> None:
    assert [s.kind for s in steps(_minimal())] == MINIMAL_ORDER


@pytest.mark.parametrize("make", [_full, _minimal, demo_map], ids=["full", "minimal", "demo"])
@pytest.mark.parametrize("anonymous", [False, True], ids=["names", "anonymous"])
def test_no_step_is_empty(make, anonymous: bool) -> None:
    for step in steps(make(), anonymous=anonymous):
        assert step.heading.strip()
        assert step.text.strip() or picture_text(step).strip()
        assert step.lead_in is None or step.lead_in.strip()
        assert step.caption is None or step.caption.strip()


def test_a_blank_optional_answer_is_skipped_like_a_missing_one() -> None:
    cycle_map = validate_map(
        map_data(
            partners=[
                partner(meaning="   ", fear=""),
                partner(name="Sam", position="withdraw", surface_feeling="\t"),
            ]
        )
    )
    assert [s.kind for s in steps(cycle_map)] == MINIMAL_ORDER


def test_headings_use_the_names_in_plain_blame_free_words() -> None:
    headings = [s.heading for s in steps(_full())]
    assert headings[:4] == [
        "For Quill, it starts when…",
        "Quill tells themselves…",
        "On the surface, Quill feels…",
        "So Quill…",
    ]
    assert "Underneath, Rowan feels…" in headings
    for word in ("fault", "blame", "wrong", "always", "never"):
        assert not any(word in heading.lower() for heading in headings)


@pytest.mark.parametrize("make", [_full, _minimal, demo_map], ids=["full", "minimal", "demo"])
def test_anonymous_mode_says_partner_a_and_b_and_never_a_name(make) -> None:
    cycle_map = make()
    anonymous = presentation(cycle_map, anonymous=True)
    words = "\n".join(_every_word(anonymous))
    for side in cycle_map.partners:
        assert not _whole_word(side.name, words)
    assert "Partner A" in words and "Partner B" in words
    assert anonymous.stations[Section.CYCLE] == ("Partner A", "Partner B", "Partner A")
    assert anonymous.title is None and anonymous.names == ANONYMOUS_NAMES
    # The same words with the names: they were there to be replaced.
    named = presentation(cycle_map)
    assert all(_whole_word(side.name, "\n".join(_every_word(named))) for side in cycle_map.partners)
    assert named.title == cycle_map.title


def test_a_map_whose_answers_name_nobody_shows_no_name_at_all_when_anonymous() -> None:
    cycle_map = _full()
    words = "\n".join(_every_word(presentation(cycle_map, anonymous=True)))
    assert "Quill" not in words and "Rowan" not in words


def test_anonymous_mode_replaces_the_names_inside_the_answers() -> None:
    cycle_map = validate_map(
        map_data(
            partners=[
                partner(name="Mónica", trigger="Jun sighs at the sink", meaning="JUN's had enough"),
                partner(
                    name="Jun",
                    position="withdraw",
                    trigger="Mónica's voice gets sharp",
                    protective_move="I tell mónica it's fine and go to the Junction bar",
                ),
            ]
        )
    )
    anonymous = steps(cycle_map, anonymous=True)
    assert anonymous[0].heading == "For Partner A, it starts when…"
    assert anonymous[0].text == "Partner B sighs at the sink"
    assert anonymous[1].text == "Partner B's had enough"
    lands = next(s for s in anonymous if s.kind is K.LANDS)
    assert lands.text == "Partner A's voice gets sharp"
    move = "I tell Partner A it's fine and go to the Junction bar"
    assert (
        next(s for s in anonymous if s.kind is K.PROTECTIVE_MOVE and s.partner_index == 1).text
        == move
    )
    drawn = stacked_words(next(s for s in anonymous if s.kind is K.LOOP))
    assert "When: Partner B sighs at the sink" in drawn
    assert "Mónica" not in drawn and "Jun " not in drawn
    # With the names shown, the answers are exactly as typed.
    assert steps(cycle_map)[0].text == "Jun sighs at the sink"


def test_anonymous_mode_has_the_same_steps_in_the_same_order() -> None:
    cycle_map = demo_map()
    named = steps(cycle_map)
    anonymous = steps(cycle_map, anonymous=True)
    assert [(s.kind, s.section, s.partner_index, s.station) for s in named] == [
        (s.kind, s.section, s.partner_index, s.station) for s in anonymous
    ]
    assert [s.heading for s in named] != [s.heading for s in anonymous]


def test_names_that_look_like_markup_or_hold_other_names_are_kept_exactly() -> None:
    cycle_map = _full(a="Sam [i]", b="Al[/")
    headings = [s.heading for s in steps(cycle_map)]
    assert headings[0] == "For Sam [i], it starts when…"
    assert "So Al[/…" in headings
    assert display_names(cycle_map, anonymous=True) == ANONYMOUS_NAMES


def test_no_new_cycle_steps_without_reach_or_respond() -> None:
    cycle_map = _minimal()
    assert not has_new_cycle(cycle_map)
    result = presentation(cycle_map)
    assert Section.NEW_CYCLE not in result.sections
    assert result.first_of(Section.NEW_CYCLE) is None
    assert not [s for s in result.steps if s.kind in {K.REACH, K.RESPOND, K.NEW_LOOP}]


def test_a_partial_new_cycle_shows_only_what_was_written() -> None:
    cycle_map = validate_map(
        map_data(
            partners=[
                partner(reach="I'm scared"),
                partner(name="Sam", position="withdraw", respond="I can stay"),
            ]
        )
    )
    assert has_new_cycle(cycle_map)
    new = [s for s in steps(cycle_map) if s.section is Section.NEW_CYCLE]
    assert [(s.kind, s.partner_index, s.station, s.text) for s in new] == [
        (K.REACH, 0, 0, "I'm scared"),
        (K.RESPOND, 1, 1, "I can stay"),
    ]
    assert new[0].heading == "Instead, Alex can say…"
    assert new[1].heading == "…and Sam can respond"


def test_one_respond_alone_still_makes_a_new_cycle_step() -> None:
    cycle_map = validate_map(
        map_data(
            partners=[partner(respond="I can listen"), partner(name="Sam", position="withdraw")]
        )
    )
    new = [s for s in steps(cycle_map) if s.section is Section.NEW_CYCLE]
    assert [(s.kind, s.station) for s in new] == [(K.RESPOND, 3)]


def test_sections_and_their_first_steps() -> None:
    result = presentation(_full())
    assert result.sections == (Section.CYCLE, Section.UNDERNEATH, Section.NEW_CYCLE)
    assert result.first_of(Section.CYCLE) == 0
    assert result.steps[result.first_of(Section.UNDERNEATH)].kind is K.UNDERLYING_FEELING
    assert result.steps[result.first_of(Section.NEW_CYCLE)].kind is K.REACH
    assert len(result) == len(FULL_ORDER)
    for step in result.steps:
        assert 0 <= step.station < len(result.stations[step.section])


def test_long_moves_are_shortened_in_the_loop_but_not_on_their_own_step() -> None:
    long_move = "I " + "keep talking and " * 40 + "then I stop"
    cycle_map = validate_map(
        map_data(
            partners=[partner(protective_move=long_move), partner(name="Sam", position="withdraw")]
        )
    )
    result = steps(cycle_map)
    assert result[1].text == long_move
    loop = next(s for s in result if s.kind is K.LOOP)
    drawn = stacked_words(loop)
    assert "What I do: I keep talking and keep talking" in drawn
    assert "then I stop" not in drawn and "…" in drawn
    assert drawn.count("keep talking") <= LOOP_ANSWER_MAX // len("keep talking and ")
    lands = next(s for s in result if s.kind is K.LANDS)
    assert lands.lead_in is not None and len(lands.lead_in) <= len("Alex: ") + LEAD_IN_MAX


def test_answers_of_ordinary_length_are_never_shortened_in_the_loops() -> None:
    # The reach and respond lines were cut even on a wide screen: the pictures keep them whole.
    cycle_map = demo_map()
    loops = [s for s in steps(cycle_map) if s.picture is not None]
    drawn = " ".join(stacked_words(s) for s in loops)
    for side in cycle_map.partners:
        for answer in (side.trigger, side.protective_move, side.reach, side.respond):
            assert answer in drawn
    for width in (74, 100, 140):
        assert "…" not in "".join(picture_text(s, width) for s in loops)


def test_the_demo_is_a_fictional_couple_with_every_field_filled() -> None:
    cycle_map = demo_map()
    raw = files("cyclemap").joinpath("data", "demo", "sunday-nights.toml").read_text("utf-8")
    assert "reach" in raw
    for field in ("cycle_name", "couple", "pause_phrase", "warning_signs", "notes"):
        assert getattr(cycle_map, field), field
    for side in cycle_map.partners:
        for field, value in side.model_dump().items():
            assert value, f"{side.name} · {field}"
    assert [s.kind for s in steps(cycle_map)] == FULL_ORDER
