"""The pause's core with a clock of our own: no test waits real minutes. The time to come back,
the countdown, the breathing pacer, coming back sooner or taking longer, the kind default for a
map without a pause phrase, and the check-in it ends in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cyclemap import checkin
from cyclemap.conversation_words import DEFAULT_PHRASE
from cyclemap.model import CycleMap
from cyclemap.pause import Move, PauseState, breath_at, clock_face
from cyclemap.store import Library, load_file

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sunday-nights.toml"
TODAY = date(2026, 11, 20)
START = 1000.0


@pytest.fixture
def cycle_map() -> CycleMap:
    return load_file(EXAMPLE)


@pytest.fixture
def bare(cycle_map: CycleMap) -> CycleMap:
    return cycle_map.model_copy(update={"pause_phrase": None, "warning_signs": None})


def test_the_maps_own_words_and_twenty_minutes(cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    assert state.phrase == cycle_map.pause_phrase and state.own_phrase
    assert state.signs == cycle_map.warning_signs
    assert state.minutes == 20
    assert state.clock(START) == "20:00"
    assert state.clock(START + 0.4) == "20:00"  # rounded up: never 19:59 at once
    assert state.clock(START + 61) == "18:59"
    assert state.share_left(START + 600) == 0.5


def test_a_map_without_a_phrase_gets_kind_words(bare: CycleMap) -> None:
    state = PauseState.for_map(bare, START)
    assert state.phrase == DEFAULT_PHRASE and not state.own_phrase
    assert state.signs == ""
    assert "not us" in DEFAULT_PHRASE  # the cycle, never either of them


def test_choosing_a_time(cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    assert state.step_time(+1, START) == Move("step") and state.minutes == 30
    assert state.step_time(+1, START) == Move("step") and state.minutes == 60
    assert state.step_time(+1, START) == Move("step") and state.minutes == 60  # the longest
    assert state.choose(10, START) == Move("step") and state.clock(START) == "10:00"
    assert state.step_time(-1, START) == Move("step") and state.minutes == 10
    assert state.choose(15, START) == Move("stay") and state.minutes == 10


def test_a_shorter_time_that_has_passed_means_time_is_up(cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    later = START + 12 * 60
    assert state.tick(later) == Move("stay")
    assert state.choose(10, later) == Move("back")
    assert state.stage == "back" and not state.early


def test_time_up_offers_the_conversation(cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    assert state.tick(START + 20 * 60 - 1) == Move("stay")
    assert state.tick(START + 20 * 60) == Move("back")
    assert state.tick(START + 20 * 60 + 5) == Move("stay")  # said once
    assert state.clock(START + 9999) == "0:00"
    assert state.finish("talk") == Move("talk")
    assert state.finish("note") == Move("done")
    assert state.finish("close") == Move("leave")
    entry = state.record(TODAY, START + 20 * 60 + 5)
    assert (entry.kind, entry.phrase, entry.minutes) == ("pause", cycle_map.pause_phrase, 20)


def test_coming_back_sooner_and_taking_longer(cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    assert state.finish("talk") == Move("stay")  # not before they are back
    assert state.come_back(START + 7 * 60 + 10) == Move("back")
    assert state.early
    assert state.record(TODAY, START + 7 * 60 + 10).minutes == 7
    assert state.more_time(START + 8 * 60) == Move("step")
    assert (
        state.stage == "counting" and state.minutes == 10 and state.clock(START + 8 * 60) == "10:00"
    )
    assert state.tick(START + 18 * 60) == Move("back")
    assert state.record(TODAY, START + 18 * 60).minutes == 18  # both rounds


def test_the_breathing_pacer_four_in_six_out() -> None:
    assert breath_at(0).phase == "in" and breath_at(0).size == 0
    assert breath_at(2).phase == "in" and breath_at(2).size == pytest.approx(0.5)
    assert breath_at(3.99).phase == "in" and breath_at(3.99).size > 0.99
    assert breath_at(4).phase == "out" and breath_at(4).size == pytest.approx(1)
    assert breath_at(7).size == pytest.approx(0.5)
    assert breath_at(10).phase == "in" and breath_at(10).size == pytest.approx(0)
    sizes = [breath_at(t / 10).size for t in range(0, 41)]
    assert sizes == sorted(sizes)  # it only grows while breathing in
    assert clock_face(59.2) == "1:00" and clock_face(3600) == "60:00"


@pytest.fixture
def library(tmp_path: Path, cycle_map: CycleMap) -> Library:
    library = Library(tmp_path / "library")
    library.save(cycle_map)
    return library


def test_logging_a_pause(library: Library, cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    state.tick(START + 1200)
    entry = state.note(library, "sunday-nights", TODAY, START + 1200)
    assert checkin.load_log(library, "sunday-nights").entries == (entry,)
    assert entry.counts_as_caught and entry.said_the_phrase
    state.set_new_phrase("ignored: the map has its own")
    assert not state.keep_phrase(library, "sunday-nights")
    assert library.history("sunday-nights") == []


def test_words_of_their_own_go_onto_the_map(library: Library, bare: CycleMap) -> None:
    library.save(bare)
    before = len(library.history("sunday-nights"))
    state = PauseState.for_map(bare, START)
    state.come_back(START + 60)
    state.set_new_phrase("  Spiral\x1b[31m. Time out?  ")
    assert state.keep_phrase(library, "sunday-nights")
    assert library.load("sunday-nights").pause_phrase == "Spiral. Time out?"
    assert len(library.history("sunday-nights")) == before + 1  # the old map is kept
    assert not state.keep_phrase(library, "sunday-nights")  # already there: nothing twice
    entry = state.note(library, "sunday-nights", TODAY, START + 60)
    assert entry.phrase == DEFAULT_PHRASE  # the words that were said this time


def test_a_broken_log_is_refused_and_kept(library: Library, cycle_map: CycleMap) -> None:
    path = checkin.log_path(library, "sunday-nights")
    path.parent.mkdir(mode=0o700)
    path.write_bytes(b"schema_version = 1\n[[entries]\n")
    state = PauseState.for_map(cycle_map, START)
    state.come_back(START + 60)
    with pytest.raises(checkin.CheckInError, match="is not valid TOML"):
        state.note(library, "sunday-nights", TODAY, START + 60)
    assert path.read_bytes() == b"schema_version = 1\n[[entries]\n"


def test_back_too_soon_the_same_pause_goes_on(cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    assert state.keep_pausing(START) == Move("stay")  # not back yet
    state.come_back(START + 60)
    assert state.keep_pausing(START + 70) == Move("step")
    assert state.stage == "counting" and state.clock(START + 70) == "18:50"
    state.come_back(START + 19 * 60)
    assert state.keep_pausing(START + 21 * 60) == Move("back")  # and the time is up meanwhile
    assert state.stage == "back" and not state.early


def test_the_end_is_chosen_then_confirmed(cycle_map: CycleMap) -> None:
    state = PauseState.for_map(cycle_map, START)
    assert state.choices() == ()
    assert state.pick("talk", START).go == "stay"  # still counting
    state.come_back(START + 60)
    values = [choice.value for choice in state.choices()]
    assert values == ["talk", "note", "more", "keep"]  # back early: the pause can go on
    assert state.pick(None, START + 60).go == "stay"  # the cursor on none
    move = state.pick("note", START + 60)
    assert move.go == "stay" and "Note the pause" in move.hint and state.chosen == "note"
    assert state.pick("keep", START + 60).go == "stay" and state.chosen == "keep"  # changed
    assert state.pick("keep", START + 60) == Move("step") and state.stage == "counting"
    assert state.chosen is None
    state.tick(START + 21 * 60)
    assert [choice.value for choice in state.choices()] == ["talk", "note", "more"]
    state.pick("more", START + 21 * 60)
    assert state.pick("more", START + 21 * 60) == Move("step") and state.minutes == 10
    state.come_back(START + 22 * 60)
    state.pick("talk", START + 22 * 60)
    assert state.pick("talk", START + 22 * 60) == Move("talk")
