"""The walkthrough's core, driven without a terminal: every path a couple can take through it
(forward, back, skipping, the private second turn, resuming a draft), and hostile text.

The screen (tests/tui/test_walkthrough.py) only shows this state and sends it keys; what can
be decided here is tested here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cyclemap.terms import ANSWER_MAX, NAME_MAX
from cyclemap.walkthrough import DEPTH, Move, WalkState, names_from_couple
from cyclemap.walkthrough_draft import DRAFT_VERSION, draft_of, draft_summary, read_draft
from cyclemap.walkthrough_words import GENTLE_REQUIRED, NEEDED_FOR_REVIEW, PICK_MODE, PICK_ONE
from tests.strategies import CONTROL, hostile_text

DRAFTS = Path(__file__).parent / "data" / "drafts"

ALEX = {
    "trigger": "Sam checks his phone while I talk",
    "protective_move": "I raise my voice and list everything",
    "underlying_feeling": "like a ghost in my own home",
    "position": "pursue",
    "fear": "ending up on my own",
}
SAM = {
    "trigger": "Alex raises her voice",
    "protective_move": "I shut down and leave the room",
    "underlying_feeling": "like a failure",
    "position": "withdraw",
}


# --- a person at the keyboard, without one -------------------------------------------------------


def start(mode: str = "private", a: str = "Alex", b: str = "Sam") -> WalkState:
    """Names typed, Enter; the mode picked, Enter: at the first question."""
    state = WalkState.new()
    state.set_names(a, b)
    assert state.next() == Move("step")
    assert state.step == "mode"
    assert state.pick(mode).go == "stay"  # chosen, and shown as chosen
    assert state.pick(mode) == Move("step")  # Enter again on it: on
    assert state.step == "0:trigger"
    return state


def type_answer(state: WalkState, text: str | None) -> Move:
    """What the screen does for a question: the typed text goes in, then Enter."""
    state.put(state.step, text or "")
    return state.next()


def one_side(state: WalkState, side: dict[str, str], guess: str | None = None) -> Move:
    """One partner's turn: the required answers, the position, the depth, the guess."""
    for key in ("trigger", "protective_move", "underlying_feeling"):
        assert state.key_of(state.step) == key
        type_answer(state, side[key])
    assert state.key_of(state.step) == "position"
    state.pick(side["position"])
    state.pick(side["position"])
    move = Move("step")
    for key in DEPTH:
        assert state.key_of(state.step) == key
        move = type_answer(state, side.get(key))
    if state.private:
        assert state.key_of(state.step) == "guess"
        move = type_answer(state, guess)
    return move


# --- forward ------------------------------------------------------------------------------------


def test_a_private_walk_from_the_names_to_the_reveal() -> None:
    state = start()
    assert state.progress() == "Alex · 1 of 9"
    assert one_side(state, ALEX, guess="he feels cornered") == Move("handover")
    assert state.step == "handover"
    assert state.handed_over("go") == Move("step")
    assert state.step == "1:trigger" and state.second_turn_started
    assert state.progress() == "Sam · 1 of 9"
    one_side(state, SAM, guess="alone")
    assert state.step == "way_out"
    assert state.progress() == "The way out · 1 of 7"
    assert state.next() == Move("step")
    assert state.progress() == "Alex · the way out · 2 of 7"
    for text in ("I'm scared", None, "I'm sorry", None, "The Storm", "short answers"):
        move = type_answer(state, text)
    assert move == Move("review") and state.step == "review"
    cycle_map = state.build_map()
    assert cycle_map.id == "alex-sam" and cycle_map.title == "Alex & Sam"
    assert cycle_map.couple == "Alex & Sam"
    assert cycle_map.partners[0].guess == "he feels cornered"
    assert cycle_map.partners[0].reach == "I'm scared"
    assert cycle_map.partners[1].reach == "I'm sorry"
    assert cycle_map.pause_phrase == "The Storm"
    assert cycle_map.partners[1].position.value == "withdraw"


def test_together_there_is_no_handover_and_no_guess() -> None:
    state = start("together")
    assert state.progress() == "Alex · 1 of 8"
    assert one_side(state, ALEX) == Move("step")
    assert state.step == "1:trigger"
    assert state.question_view().note == "Now Sam's side of the same cycle."
    assert "handover" not in state.steps() and "0:guess" not in state.steps()


def test_required_answers_and_the_position_ask_before_moving_on() -> None:
    state = start()
    assert state.question_view().keys == "Enter moves on to the next question."
    assert type_answer(state, "   \x1b[31m ") == Move("stay", GENTLE_REQUIRED)
    assert state.step == "0:trigger"
    type_answer(state, ALEX["trigger"])
    # The next question shows the person's own words above it.
    assert state.question_view().lead == f"When my partner… {ALEX['trigger']}"
    type_answer(state, ALEX["protective_move"])
    type_answer(state, ALEX["underlying_feeling"])
    assert state.step == "0:position"
    assert state.next() == Move("stay", PICK_ONE)
    assert state.pick(None) == Move("stay", PICK_ONE)
    assert state.pick("sideways") == Move("stay")  # not one of the choices
    assert state.step == "0:position" and "position" not in state.answers[0]


def test_optional_questions_say_skip_and_required_ones_next() -> None:
    state = start()
    assert state.nav().next == "Next →"
    state.step = "0:meaning"
    assert state.nav().next == "Skip →" and state.nav().skip == "Skip the rest"
    state.put("0:meaning", "I don't matter")
    assert state.nav().next == "Next →"
    state.step = "way_out"
    assert state.nav().next == "Go on →" and state.nav().skip == "Skip all of this"
    state.step = state.steps()[-1]
    assert state.nav().next == "See your cycle →"
    assert state.question_view().keys == "Enter moves on to your cycle."
    state.step = "names"
    assert state.keys_line() == "Tab moves between the fields; Enter moves on."


# --- choices: moving the cursor is not choosing ------------------------------------------------


def test_enter_on_a_choice_chooses_it_and_only_enter_on_the_chosen_one_goes_on() -> None:
    state = start()
    state.step = "0:position"
    assert state.chosen() is None and state.choice_view().chosen is None
    # The first ↓ lands on "pursue"; Enter there chooses it, says so, and stays.
    assert state.keys_line() == "↑ ↓ move between them; Enter chooses one."
    assert state.pick("pursue") == Move("stay")
    assert state.step == "0:position" and state.answers[0]["position"] == "pursue"
    assert state.keys_line() == (
        "Chosen: I move toward — I pursue. Enter goes on with it, or ↑ ↓ to change it."
    )
    # Not what was meant: ↓ to the other, Enter chooses that one instead.
    assert state.pick("withdraw") == Move("stay")
    assert state.keys_line().startswith("Chosen: I move away — I withdraw.")
    assert state.choice_view().chosen == "withdraw"
    # Enter with the cursor on nothing, or the Next button, goes on with the chosen one.
    assert state.pick(None) == Move("step") and state.step == "0:meaning"
    assert state.answers[0]["position"] == "withdraw"


def test_the_mode_starts_with_nothing_chosen() -> None:
    state = WalkState.new()
    state.set_names("Alex", "Sam")
    state.next()
    assert state.chosen() is None and not state.mode_chosen
    assert state.next() == Move("stay", PICK_MODE)
    assert state.pick(None) == Move("stay", PICK_MODE)
    assert state.pick("together").go == "stay"
    assert state.mode == "together" and state.mode_chosen
    assert state.next() == Move("step") and state.step == "0:trigger"
    assert state.back() == Move("step") and state.chosen() == "together"
    assert draft_of(state)["mode_chosen"] is True


@pytest.mark.parametrize(
    "step, chosen", [("names", False), ("mode", False), ("0:trigger", True), ("review", True)]
)
def test_a_version_1_draft_counts_its_mode_as_chosen_once_past_the_mode_step(
    step: str, chosen: bool
) -> None:
    """Version 1 drafts wrote the mode always, chosen or not: past the mode step it was."""
    state = read_draft({"draft_version": 1, "step": step, "mode": "together"})
    assert state.mode_chosen is chosen and state.mode == "together"
    assert state.chosen("mode") == ("together" if chosen else None)
    assert read_draft({"step": "0:trigger", "mode": "x"}).mode_chosen is False


# --- back ---------------------------------------------------------------------------------------


def test_back_keeps_every_word_and_stops_at_the_names() -> None:
    state = start()
    type_answer(state, ALEX["trigger"])
    state.put(state.step, "half a thought")
    assert state.back() == Move("step")
    assert state.step == "0:trigger" and state.get("0:protective_move") == "half a thought"
    assert state.back() == Move("step") and state.step == "mode"
    assert state.back() == Move("step") and state.step == "names"
    assert not state.allows("back")
    assert state.back() == Move("stay") and state.step == "names"


def test_the_first_partner_can_go_back_from_the_handover() -> None:
    state = start()
    one_side(state, ALEX, guess="cornered")
    assert state.handed_over("back") == Move("step")
    assert state.step == "0:guess" and not state.second_turn_started
    assert state.next() == Move("handover")


# --- skipping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode, after", [("private", "0:guess"), ("together", "1:trigger")])
def test_skip_the_rest_of_the_depth(mode: str, after: str) -> None:
    state = start(mode)
    for key in ("trigger", "protective_move", "underlying_feeling"):
        type_answer(state, ALEX[key])
    state.pick("pursue")
    state.next()
    assert state.step == "0:meaning" and state.allows("skip_rest")
    assert state.skip() == Move("step")
    assert state.step == after


def test_skip_the_rest_means_nothing_outside_the_depth() -> None:
    state = start()
    assert not state.allows("skip_rest") and not state.allows("skip_way_out")
    assert state.skip_rest() == Move("stay") and state.skip() == Move("stay")
    assert state.step == "0:trigger"


def test_skip_the_way_out_from_any_of_its_steps() -> None:
    for step in WalkState(mode="private").way_out_steps():
        state = start()
        state.answers = [dict(ALEX), dict(SAM)]
        state.second_turn_started = True
        state.step = step
        assert state.allows("skip_way_out")
        assert state.skip() == Move("review") and state.step == "review"


def test_finishing_goes_back_to_a_missing_required_answer() -> None:
    state = WalkState(names=["Alex", "Sam"], mode="together", step="couple:warning_signs")
    state.answers = [{k: v for k, v in ALEX.items() if k != "trigger"}, dict(SAM)]
    assert state.next() == Move("step", NEEDED_FOR_REVIEW)
    assert state.step == "0:trigger"
    type_answer(state, ALEX["trigger"])
    assert state.step == "0:protective_move"


# --- privacy: the second turn -------------------------------------------------------------------


def test_in_the_second_private_turn_back_stops_at_its_start() -> None:
    state = start()
    one_side(state, ALEX, guess="cornered")
    state.handed_over("go")
    type_answer(state, SAM["trigger"])
    assert state.back() == Move("step") and state.step == "1:trigger"
    assert not state.allows("back")
    assert state.back() == Move("stay") and state.step == "1:trigger"
    assert state.nav().back is False


def test_a_missing_first_turn_answer_is_not_shown_in_the_second_turn() -> None:
    state = WalkState(names=["Alex", "Sam"], step="couple:warning_signs")
    state.second_turn_started = True
    state.answers = [{k: v for k, v in ALEX.items() if k != "trigger"}, dict(SAM)]
    assert state.next() == Move("review")
    # The map can't be built from it: only then does the walk go back there, the turn reopened.
    with pytest.raises(ValidationError):
        state.build_map()
    assert state.review_failed() == Move("step")
    assert state.step == "0:trigger" and not state.second_turn_started


def test_the_second_partner_question_names_them_and_hides_nothing_of_the_first() -> None:
    state = start()
    one_side(state, ALEX, guess="cornered")
    state.handed_over("go")
    for step in state.steps()[state.index : state.steps().index("way_out")]:
        state.step = step
        view = state.question_view() if state.is_question(step) else None
        shown = repr(view) + state.progress() + repr(state.nav())
        for secret in (*(v for k, v in ALEX.items() if k != "position"), "cornered"):
            assert secret not in shown, (step, secret)


def test_a_resumed_private_turn_asks_who_is_there() -> None:
    state = read_draft(_draft("v1-private-second-turn"))
    assert state.opening(resuming=True) == Move("turn")
    assert state.turn_to_confirm() == 1
    assert state.turn_confirmed("go") == Move("step")
    assert state.turn_confirmed("leave") == Move("leave")
    assert state.opening(resuming=False) == Move("step")
    together = read_draft(_draft("v1-together-way-out"))
    assert together.opening(resuming=True) == Move("step")


# --- drafts -------------------------------------------------------------------------------------


def _draft(name: str) -> dict[str, Any]:
    with (DRAFTS / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


@pytest.mark.parametrize(
    "name, step, opening",
    [
        ("v1-names", "names", "step"),
        ("v1-private-first-turn", "0:underlying_feeling", "turn"),
        ("v1-private-handover", "handover", "handover"),
        ("v1-private-second-turn", "1:protective_move", "turn"),
        ("v1-together-way-out", "0:reach", "step"),
        ("v1-private-review", "review", "review"),
    ],
)
def test_drafts_written_before_still_resume(name: str, step: str, opening: str) -> None:
    """Drafts on disk from the walkthrough as it was inside the screen (draft_version 1)."""
    data = _draft(name)
    assert data["draft_version"] == DRAFT_VERSION
    state = read_draft(data)
    assert state.step == step
    assert state.opening(resuming=True).go == opening
    assert state.names[0] == "Alex"
    # Whatever it held comes back as it was written.
    for index, partner in enumerate(data["partners"]):
        assert state.answers[index] == {k: v for k, v in partner.items() if k != "name"}
    again = read_draft(draft_of(state))
    assert again == state


def test_a_resumed_review_builds_the_map() -> None:
    state = read_draft(_draft("v1-private-review"))
    assert state.second_turn_started
    cycle_map = state.build_map()
    assert cycle_map.partners[0].underlying_feeling == "like a ghost [bold]in my own home[/"
    assert cycle_map.partners[1].underlying_feeling == "like a failure 😔"


def test_a_second_turn_draft_keeps_the_first_turn_locked() -> None:
    state = read_draft(_draft("v1-private-second-turn"))
    assert state.title == "Sunday nights" and state.title_edited
    assert state.first_allowed() == state.steps().index("1:trigger")
    # Even with the lock taken out by hand, a step past the hand-over puts it back.
    data = _draft("v1-private-second-turn")
    data["second_turn_started"] = False
    assert read_draft(data).second_turn_started


def test_a_damaged_draft_is_read_as_far_as_it_makes_sense() -> None:
    state = read_draft(
        {
            "step": "9:nowhere",
            "mode": "shouting",
            "partners": [
                {
                    "name": "Alex",
                    "trigger": 5,
                    "position": "sideways",
                    "unknown": "x",
                    "fear": "being left\x1b[31m",
                },
                "junk",
            ],
            "together": {"pause_phrase": "pause", "cycle_name": "nope"},
        }
    )
    assert state.step == "names" and state.mode == "private"
    assert state.names == ["Alex", ""]
    assert state.answers[0] == {"fear": "being left"}
    assert state.together == {"pause_phrase": "pause"}
    assert read_draft(None).step == "names"
    assert read_draft({"partners": "nope", "names": 3}).names == ["", ""]


def test_resuming_past_the_handover_keeps_the_first_turn_locked() -> None:
    state = read_draft(
        {"step": "1:fear", "mode": "private", "partners": [{"name": "A"}, {"name": "B"}]}
    )
    assert state.second_turn_started
    assert state.first_allowed() == state.steps().index("1:trigger")
    together = read_draft({"step": "1:fear", "mode": "together"})
    assert together.first_allowed() == 0


def test_the_draft_round_trips() -> None:
    state = WalkState(names=["Alex", "Sam"], title="T", mode="together", step="0:fear")
    state.answers[0] = {"trigger": "x", "position": "pursue"}
    state.together = {"warning_signs": "w"}
    assert read_draft(draft_of(state)) == state


@pytest.mark.parametrize("mode, count", [("private", 9), ("together", 8)])
def test_progress_counts_a_turn(mode: str, count: int) -> None:
    state = WalkState(names=["Sam [i]", "Alex"], mode=mode, step="0:underlying_feeling")
    assert state.progress() == f"Sam [i] · 3 of {count}"


def test_a_draft_is_named_by_its_names_and_title() -> None:
    """The resume question names the map: its title when one was typed, and the names."""
    assert draft_summary(_draft("v1-private-second-turn")) == (
        "There's an unfinished walkthrough for Alex & Sam: “Sunday nights”."
    )
    assert draft_summary(_draft("v1-names")) == "There's an unfinished walkthrough for Alex."
    assert draft_summary({"partners": [{"name": " Jo\x1b[2J "}, {"name": "Kim [/]"}]}) == (
        "There's an unfinished walkthrough for Jo & Kim [/]."
    )
    assert draft_summary({"title": "Ours", "title_edited": True}) == (
        "There's an unfinished walkthrough for “Ours”."
    )
    assert draft_summary({}) == "There's an unfinished walkthrough."
    # Never an answer: both partners may be looking.
    assert "Sam checks" not in draft_summary(_draft("v1-private-review"))


# --- names and hostile text ---------------------------------------------------------------------


def test_names_are_needed_and_different() -> None:
    state = WalkState.new()
    state.set_names("Alex", "  ")
    assert state.next() == Move("stay", "Two names, please: one for each of you.", "b")
    state.set_names("", "Sam")
    assert state.next().field == "a"
    state.set_names("alex", "ALEX")
    assert state.next() == Move("stay", "Two different names help tell your answers apart.", "b")
    assert state.step == "names"


def test_the_title_follows_the_names_until_edited() -> None:
    state = WalkState.new()
    state.set_names("Alex", "Sam")
    assert state.title == "Alex & Sam"
    state.set_title("Sunday nights")
    state.set_names("Alexa", "Sam")
    assert state.title == "Sunday nights"
    state.set_title("Alexa & Sam")  # typed back to what the names say: it follows again
    assert not state.title_edited
    state.set_title("Sunday nights")
    state.set_title("  ")  # emptied: it follows the names again
    assert not state.title_edited and state.title == "Alexa & Sam"


def test_names_from_couple() -> None:
    assert names_from_couple("Alex & Sam") == ["Alex", "Sam"]
    assert names_from_couple("Priya and Tom") == ["Priya", "Tom"]
    assert names_from_couple("Jo") == ["Jo", ""]
    assert names_from_couple(None) == ["", ""]
    assert WalkState.new("Alex & Sam [i]").names == ["Alex", "Sam [i]"]


def test_markup_in_names_and_answers_stays_text() -> None:
    state = start(a="[bold]Alex[/", b="Sam 😔 [/]")
    assert state.progress() == "[bold]Alex[/ · 1 of 9"
    type_answer(state, "[@click=app.quit]x[/]")
    assert state.question_view().lead == "When my partner… [@click=app.quit]x[/]"
    state.step = "0:guess"
    assert "Sam 😔 [/] feels underneath" in state.question_view().note
    assert state.map_data("x")["partners"][0]["trigger"] == "[@click=app.quit]x[/]"


@given(
    names=st.lists(hostile_text, min_size=2, max_size=2),
    answer=hostile_text,
    step=st.sampled_from(WalkState().steps()) | hostile_text,
    mode=st.sampled_from(["private", "together"]) | hostile_text,
)
def test_any_draft_resumes_clean_and_round_trips(
    names: list[str], answer: str, step: str, mode: str
) -> None:
    data = {
        "step": step,
        "mode": mode,
        "title": answer,
        "partners": [
            {"name": names[0], "trigger": answer, "position": answer},
            {"name": names[1], "fear": answer},
        ],
        "together": {"pause_phrase": answer},
    }
    state = read_draft(data)
    texts = [*state.names, state.title, state.progress(), state.nav().next]
    texts += [v for answers in state.answers for v in answers.values()]
    texts += list(state.together.values())
    for text in texts:
        assert not CONTROL.search(text), text
    assert all(len(name) <= NAME_MAX for name in state.names)
    assert all(len(v) <= ANSWER_MAX for answers in state.answers for v in answers.values())
    assert state.step in {*state.steps(), "review"}
    assert read_draft(draft_of(state)) == state
    if state.is_question(state.step):
        state.question_view()
    elif state.is_choice(state.step):
        assert state.choice_view().choices
