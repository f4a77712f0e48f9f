"""The guided conversation's core, driven without a terminal: every path a couple can take
through it (ready or not yet, typed or said aloud, landed, partly, not yet and saying more, a
pause in the middle), leaving and resuming by the draft, hostile text, and what it saves.

The screen (tests/tui/test_talk.py) only shows this state and sends it keys.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyclemap import checkin
from cyclemap.conversation import TalkState
from cyclemap.conversation_draft import draft_name, draft_of, read_draft, resume_summary
from cyclemap.conversation_steps import Move
from cyclemap.conversation_words import REACH_FROM_MAP, REACH_FROM_NOW, REACH_STARTER
from cyclemap.model import CycleMap
from cyclemap.presentation import shown_map
from cyclemap.store import Library, load_file
from cyclemap.terms import ANSWER_MAX, ID_MAX
from cyclemap.walkthrough_words import PICK_MODE
from tests.strategies import CONTROL, answer_text, hostile_text

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sunday-nights.toml"
TODAY = date(2026, 11, 20)

PRIYA = {
    "set_off": "Tom picked up his phone when I asked about Sunday",
    "my_part": "I listed every other time",
    "underneath": "I felt alone",
    "needed": "I needed to know we're a team",
    "heard": "you felt alone with the planning",
    "response": "I'm putting the phone away. I'm here.",
}


@pytest.fixture
def cycle_map() -> CycleMap:
    return load_file(EXAMPLE)


def new(cycle_map: CycleMap) -> TalkState:
    return TalkState(cycle_map, TODAY)


def choose(state: TalkState, value: str) -> Move:
    """Enter on `value` (it becomes the chosen one), then Enter again on it (on we go)."""
    first = state.pick(value)
    assert first.go == "stay" and first.hint.startswith("Chosen: ")
    return state.pick(value)


def say(state: TalkState, text: str | None) -> Move:
    """What the screen does on a step answered in words: the typed text goes in, then Enter."""
    state.put(state.step, text or "")
    return state.next()


def get_ready(state: TalkState, first: str = "0", moment: str | None = None) -> None:
    assert state.step == "ready"
    assert choose(state, "ready") == Move("step")
    assert state.step == "moment"
    say(state, moment)
    assert state.step == "name"
    assert state.next() == Move("step")
    assert state.step == "first"
    assert choose(state, first) == Move("step")


def one_turn(state: TalkState, answers: dict[str, str] | None, landed: str = "yes") -> None:
    """A turn: the four questions, the reach, the listener's two, then "did it land?"."""
    number = state.step.split(":")[0]
    for key in ("set_off", "my_part", "underneath", "needed", "reach", "heard", "response"):
        assert state.step == f"{number}:{key}"
        say(state, (answers or {}).get(key))
    assert state.step == f"{number}:landed"
    choose(state, landed)


# --- the whole way, typed and said aloud ------------------------------------------------


def test_typed_from_start_to_end(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    assert state.progress() == "Getting ready · 1 of 4"
    get_ready(state, "0", "planning the week, again")
    assert state.step == "1:set_off"
    assert state.progress() == "Priya shares · Tom listens · turn 1 of 2"
    one_turn(state, PRIYA)
    assert state.step == "swap"
    assert state.view().heading == "Thank you, Priya."
    state.next()
    assert state.step == "2:set_off"
    assert state.progress() == "Tom shares · Priya listens · turn 2 of 2"
    one_turn(state, {"set_off": "the list", "heard": "you felt ashamed"}, landed="partly")
    for text in ("say the phrase sooner", "talking about Sunday after nine", None):
        assert state.step in ("next_time", "add_sign", "add_phrase")
        say(state, text)
    assert state.step == "done"
    assert state.next() == Move("save")
    entry = state.record()
    assert entry.moment == "planning the week, again"
    first, second = entry.turns
    assert (first.sharer, first.listener, first.landed) == ("Priya", "Tom", "yes")
    assert first.set_off == PRIYA["set_off"] and first.response == PRIYA["response"]
    assert (second.sharer, second.set_off, second.heard, second.landed) == (
        "Tom",
        "the list",
        "you felt ashamed",
        "partly",
    )
    assert entry.next_time == "say the phrase sooner"
    assert entry.added_warning_sign == "talking about Sunday after nine"
    assert entry.new_pause_phrase is None


def test_said_aloud_from_start_to_end(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    get_ready(state, "1")
    assert state.step == "1:set_off"
    assert state.nav().next == "We said it aloud →"
    assert state.progress().startswith("Tom shares")
    one_turn(state, None)
    state.next()  # swap
    one_turn(state, None, landed="yes")
    for _ in range(3):
        assert state.nav().next in ("We said it aloud →", "Nothing to add →")
        state.next()
    assert state.step == "done"
    entry = state.record()
    assert entry.moment is None and entry.next_time is None
    assert [(t.sharer, t.listener, t.landed) for t in entry.turns] == [
        ("Tom", "Priya", "yes"),
        ("Priya", "Tom", "yes"),
    ]
    assert all(t.set_off is None and t.heard is None for t in entry.turns)


def test_not_ready_yet_leads_to_the_pause_and_back(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    assert state.pick("not_yet").go == "stay"  # chosen, shown: nothing happens unseen
    assert state.pick("not_yet") == Move("pause")
    assert state.step == "ready" and state.ready is None  # asked again after the pause
    assert state.came_back(talk=True) == Move("step")
    assert state.came_back(talk=False) == Move("leave")
    get_ready(state)


def test_nothing_chosen_is_asked_gently(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    assert state.next() == Move("stay", PICK_MODE)
    assert state.pick(None) == Move("stay", PICK_MODE)
    assert state.pick("perhaps") == Move("stay", PICK_MODE)
    assert state.step == "ready"


# --- "not yet" ------------------------------------------------------------------------------


def to_landed(state: TalkState) -> None:
    get_ready(state)
    for _ in range(7):
        state.next()
    assert state.step == "1:landed"


def test_not_yet_then_saying_more(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    to_landed(state)
    choose(state, "not yet")
    assert state.step == "1:after"
    view = state.view()
    assert view.heading == "Not yet. That's all right."
    assert [c.value for c in view.choices] == ["more", "pause", "on"]
    assert "fail" not in (view.heading + view.body).lower()
    choose(state, "more")
    assert state.step == "1:more"
    assert state.view().question.prompt == "Priya, what do you most want Tom to understand?"
    say(state, "that I'm scared we're drifting")
    assert state.step == "1:heard_more"
    assert state.progress().startswith("Tom answers · Priya listens")
    say(state, "you're scared we're drifting apart")
    assert state.step == "1:landed_again"
    choose(state, "partly")
    assert state.step == "swap"
    (turn, _) = state.record().turns
    assert (turn.landed, turn.more, turn.heard_more, turn.landed_again) == (
        "not yet",
        "that I'm scared we're drifting",
        "you're scared we're drifting apart",
        "partly",
    )


def test_not_yet_twice_offers_a_pause_or_leaving_it_there(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    to_landed(state)
    choose(state, "not yet")
    choose(state, "more")
    state.next()
    state.next()
    choose(state, "not yet")
    assert state.step == "1:after_again"
    view = state.view()
    assert [c.value for c in view.choices] == ["pause", "on"]
    assert view.heading == "Some moments take more than one conversation."
    state.pick("pause")
    assert state.pick("pause") == Move("pause")
    assert state.step == "1:after_again" and state.chosen() is None
    choose(state, "on")
    assert state.step == "swap"


def test_not_yet_then_a_pause_keeps_the_place(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    to_landed(state)
    choose(state, "not yet")
    state.pick("pause")
    assert state.pick("pause") == Move("pause")
    assert state.step == "1:after"
    # After the pause: the same question, nothing chosen.
    assert state.came_back(talk=True) == Move("step") and state.chosen() is None
    choose(state, "on")
    assert state.step == "swap"


def test_changing_the_answer_to_did_it_land_changes_the_way_on(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    to_landed(state)
    choose(state, "not yet")
    choose(state, "more")
    say(state, "more words")
    state.back()
    state.back()
    state.back()
    assert state.step == "1:landed"
    choose(state, "yes")
    assert state.step == "swap"  # no "after" now, and the words typed are still kept
    assert state.record().turns[0].more == "more words"


# --- moving back, and who goes first ---------------------------------------------------------


def test_back_stops_at_the_start(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    assert not state.nav().back and state.back() == Move("stay")
    get_ready(state)
    while state.step != "ready":
        assert state.back() == Move("step")
    assert not state.allows("back")


def test_words_stay_with_the_partner_who_said_them(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    get_ready(state, "0")
    say(state, "Priya's words")
    state.back()
    state.back()
    assert state.step == "first"
    choose(state, "1")  # Tom goes first after all
    assert state.step == "1:set_off" and state.get("1:set_off") == ""
    assert state.get("2:set_off") == "Priya's words"


def test_the_map_is_offered_as_hints_never_filled_in(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    get_ready(state, "0")
    view = state.view()
    assert view.question.note == f"On your map — when: {cycle_map.partners[0].trigger}"
    assert state.get(state.step) == ""  # the answer box starts empty
    for _ in range(6):
        state.next()
    assert state.step == "1:response"
    respond = cycle_map.partners[1].respond  # the listener's own line
    assert state.view().question.note == f"On your map — how I can answer: {respond}"
    assert state.view().question.prompt == "And how do you want to answer Priya now?"
    assert state.record().turns[0].response is None


def test_feelings_are_offered_underneath_only(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    get_ready(state)
    assert not state.allows("feelings")
    state.next()
    state.next()
    assert state.step == "1:underneath" and state.allows("feelings")
    assert state.view().question.kind == "underlying"


def test_name_it_says_it_caught_both(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    state.pick("ready")
    state.pick("ready")
    state.next()
    view = state.view()
    assert view.heading == "It was “The Sunday spiral” again"
    assert "pursue–withdraw" in view.body and "Priya pursues, Tom withdraws" in view.body
    assert "It caught both of you." in view.body and "not either of you" in view.body


def test_anonymous_names_on_screen_real_names_in_the_log(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    state.shown_map = shown_map(cycle_map, anonymous=True)
    get_ready(state, "0")
    assert state.progress() == "Partner A shares · Partner B listens · turn 1 of 2"
    view = state.view()
    assert "Priya" not in view.question.prompt
    # Priya's trigger on her map, as a hint: "Tom goes quiet…" with his name hidden.
    assert view.question.note.startswith("On your map — when: Partner B goes quiet")
    assert state.record().turns[0].sharer == "Priya"


def test_presenting_shows_the_response_large(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    state.presenting = True
    get_ready(state, "0")
    while state.step != "1:response":
        say(state, "")
    view = state.view()
    assert view.kind == "reach" and view.heading == "Tom, answer Priya:"
    assert view.big == cycle_map.partners[1].respond and view.big_note.startswith("How your map")
    state.put("1:response", "  I'm right here.  ")
    assert state.view().big == "I'm right here." and state.view().big_note == ""
    bare = cycle_map.model_copy(
        update={
            "partners": tuple(p.model_copy(update={"respond": None}) for p in cycle_map.partners)
        }
    )
    state.cycle_map = bare
    state.put("1:response", "")
    assert state.view().big == "I hear you. I'm here…"
    state.presenting = False
    assert state.view().kind == "text"  # at home: the question alone


# --- the reach ------------------------------------------------------------------------------


def to_reach(state: TalkState, answers: dict[str, str]) -> None:
    get_ready(state)
    for key in ("set_off", "my_part", "underneath", "needed"):
        say(state, answers.get(key))
    assert state.step == "1:reach" and state.view().kind == "reach"


def test_the_reach_from_what_was_just_said(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    to_reach(state, PRIYA)
    view = state.view()
    assert view.heading == "Priya, say it to Tom:"
    assert view.big == "Underneath, I felt alone. What I needed was to know we're a team."
    assert view.big_note == REACH_FROM_NOW
    assert state.nav().next == "We said it →"
    state.put("1:reach", "I'm lonely in this, Tom.")
    assert state.view().big == "I'm lonely in this, Tom." and state.nav().next == "Next →"


def test_the_reach_from_the_map_or_a_way_to_start(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    to_reach(state, {})
    assert state.view().big == cycle_map.partners[0].reach
    assert state.view().big_note == REACH_FROM_MAP
    bare = cycle_map.model_copy(
        update={"partners": tuple(p.model_copy(update={"reach": None}) for p in cycle_map.partners)}
    )
    state = new(bare)
    to_reach(state, {})
    assert state.view().big == REACH_STARTER


# --- the end: the log and the map ------------------------------------------------------------


def finished(state: TalkState, sign: str | None = None, phrase: str | None = None) -> None:
    get_ready(state, moment="the dishes")
    one_turn(state, PRIYA)
    state.next()
    one_turn(state, None)
    say(state, "breathe first")
    say(state, sign)
    say(state, phrase)
    assert state.step == "done"


@pytest.fixture
def library(tmp_path: Path, cycle_map: CycleMap) -> Library:
    library = Library(tmp_path / "library")
    library.save(cycle_map)
    return library


def test_saving_logs_it_and_leaves_the_map_alone(library: Library, cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    finished(state)
    before = (library.root / "sunday-nights.toml").read_bytes()
    entry, changed = state.save(library, "sunday-nights")
    assert not changed
    assert (library.root / "sunday-nights.toml").read_bytes() == before
    assert library.history("sunday-nights") == []
    assert checkin.load_log(library, "sunday-nights").entries == (entry,)
    assert entry.kind == "conversation" and entry.turns[0].set_off == PRIYA["set_off"]


def test_adding_to_the_map_keeps_its_history(library: Library, cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    finished(state, sign="the laptop comes out", phrase="Spiral. Tea?")
    assert "a new warning sign (“the laptop comes out”)" in state.view().body
    entry, changed = state.save(library, "sunday-nights")
    assert changed
    saved = library.load("sunday-nights")
    assert saved.warning_signs == f"{cycle_map.warning_signs}; the laptop comes out"
    assert saved.pause_phrase == "Spiral. Tea?"
    (old,) = library.history("sunday-nights")
    assert load_file(old.path).pause_phrase == cycle_map.pause_phrase
    # Saved again (a log that failed the first time): the sign is not added twice.
    state.save(library, "sunday-nights")
    assert library.load("sunday-nights").warning_signs == saved.warning_signs
    assert len(checkin.load_log(library, "sunday-nights").entries) == 2


def test_a_warning_sign_must_fit_beside_the_maps_own(cycle_map: CycleMap) -> None:
    long = cycle_map.model_copy(update={"warning_signs": "x" * 990})
    state = new(long)
    state.step = "add_sign"
    state.put("add_sign", "y" * 50)
    assert state.get("add_sign") == "y" * 8
    assert state.view().question.max_length == 8


# --- drafts: leaving and resuming -------------------------------------------------------------


def test_a_draft_resumes_exactly(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    get_ready(state, "1", "the dishes")
    one_turn(state, PRIYA, landed="not yet")
    choose(state, "more")
    state.put(state.step, "half a thought")
    again = read_draft(draft_of(state), cycle_map, TODAY)
    assert again.ready is None  # being ready is asked again, never kept
    again.ready = state.ready
    assert again == state
    assert again.step == "1:more" and again.get("1:more") == "half a thought"


def test_a_draft_of_an_earlier_day_keeps_its_date(cycle_map: CycleMap) -> None:
    state = new(cycle_map)
    state.started = date(2026, 11, 18)
    state.put("moment", "x")
    again = read_draft(draft_of(state), cycle_map, TODAY)
    assert again.started == date(2026, 11, 18) and again.record().date == date(2026, 11, 18)
    assert "18 Nov 2026" in resume_summary(draft_of(state))
    assert "x" not in resume_summary(draft_of(state))  # no words in the question


@pytest.mark.parametrize(
    "draft",
    [
        None,
        [],
        {"step": "nowhere", "first": 7, "started": "soon"},
        {"first": True, "partners": "Priya", "together": ["x"]},
        {"partners": [{"landed": "maybe", "after": "pause", "after_again": "more"}, 3]},
        {"step": "2:heard_more", "partners": [{}, {"landed": "yes"}]},  # not on the way
        {"started": "2999-01-01"},  # never a date to come
    ],
)
def test_an_odd_draft_is_read_leniently(cycle_map: CycleMap, draft) -> None:
    state = read_draft(draft, cycle_map, TODAY)
    assert state.step in state.steps()
    assert state.started <= TODAY
    assert state.sides == [{}, {}] or all("after" not in side for side in state.sides)
    state.record()


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["set_off", "underneath", "heard", "more", "mood", "landed"]),
        st.one_of(hostile_text, st.integers(), st.none()),
    ),
    st.dictionaries(st.sampled_from(["moment", "next_time", "add_sign", "x"]), answer_text()),
)
def test_hostile_drafts_and_answers(side, together) -> None:
    cycle_map = load_file(EXAMPLE)
    state = read_draft({"partners": [side, side], "together": together}, cycle_map, TODAY)
    for step_side in state.sides:
        for value in step_side.values():
            assert not CONTROL.search(value) and len(value) <= ANSWER_MAX
    entry = state.record()
    for turn in entry.turns:
        for value in turn.model_dump(exclude_none=True).values():
            assert not CONTROL.search(value)
    view_text = state.view().heading + state.view().body
    assert not CONTROL.search(view_text)


@settings(max_examples=40, deadline=None)
@given(answer_text())
def test_hostile_text_typed_at_every_step(text: str) -> None:
    state = TalkState(load_file(EXAMPLE), TODAY)
    state.pick("ready")
    state.pick("ready")
    while state.step != "done":
        if state.view().kind == "choice":
            value = state.view().choices[0].value
            state.pick(value)
            move = state.pick(value)
            if move.go == "pause":
                state.pick(state.view().choices[-1].value)
                state.pick(state.view().choices[-1].value)
            continue
        state.put(state.step, text)
        assert len(state.get(state.step)) <= ANSWER_MAX
        view = state.view()
        for line in (
            view.big,
            view.heading,
            view.body,
            view.question.note if view.question else "",
        ):
            assert not CONTROL.search(line)
        state.next()
    entry = state.record()
    assert checkin.parse_log(
        checkin.log_to_toml(checkin.CheckInLog(entries=(entry,))), "x"
    ).entries == (entry,)


def test_draft_names_are_valid_for_every_id() -> None:
    from cyclemap.store.layout import valid_id

    assert draft_name("sunday-nights") == "talk-sunday-nights"
    longest = "a" * ID_MAX
    other = "a" * (ID_MAX - 1) + "b"
    assert valid_id(draft_name(longest)) and len(draft_name(longest)) <= ID_MAX
    assert draft_name(longest) != draft_name(other)
