"""The pause (`cyclemap pause`) as data: for when the cycle starts. The map's pause phrase (or a
kind default), the time they choose to come back after, the countdown, the breathing pacer, and
the check-in it ends in. No Textual: the pause screen shows a `PauseState` and sends it keys.

Time comes from the caller (`now`, seconds on a monotonic clock), so tests never wait minutes.
A pause is counted as a catch in the log: they noticed the cycle and named it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from cyclemap import checkin
from cyclemap.checkin_entries import MINUTES_MAX, Pause, make_pause
from cyclemap.conversation_words import (
    BREATHE_IN,
    BREATHE_OUT,
    DEFAULT_PHRASE,
    MORE_MINUTES,
    PAUSE_DEFAULT,
    PAUSE_MINUTES,
    pause_choices,
)
from cyclemap.model import CycleMap
from cyclemap.terms import ANSWER_MAX, clean_text
from cyclemap.walkthrough_words import PICK_MODE, Choice, answer_value, chosen_line, picked

if TYPE_CHECKING:
    from cyclemap.store import Library

Stage = Literal["counting", "back"]
Go = Literal["stay", "step", "back", "talk", "done", "leave"]


@dataclass(frozen=True)
class Move:
    """stay: nothing changes on screen; step: draw the pause again (a new time); back: the
    time is up (or they came back sooner): offer the conversation; talk: logged, on to the
    conversation; done: logged, close; leave: close, nothing logged."""

    go: Go
    hint: str = ""


@dataclass(frozen=True)
class Breath:
    """Where the pacer is: breathing "in" or "out", `done` of the way through (0 to 1), and
    `size` how full the lungs are (0 to 1, eased, for drawing)."""

    phase: Literal["in", "out"]
    done: float
    size: float


def breath_at(seconds: float) -> Breath:
    """The pacer `seconds` after it started: in for BREATHE_IN, out for BREATHE_OUT, again."""
    t = seconds % (BREATHE_IN + BREATHE_OUT)
    if t < BREATHE_IN:
        done = t / BREATHE_IN
        return Breath("in", done, (1 - math.cos(math.pi * done)) / 2)
    done = (t - BREATHE_IN) / BREATHE_OUT
    return Breath("out", done, (1 + math.cos(math.pi * done)) / 2)


def clock_face(seconds: float) -> str:
    """'19:42' for what is left (whole seconds, rounded up: '0:00' only when it is over)."""
    left = max(0, math.ceil(seconds))
    return f"{left // 60}:{left % 60:02d}"


@dataclass
class PauseState:
    """One pause: the words on screen, the time chosen, and when it started."""

    phrase: str
    own_phrase: bool  # the map's own words (False: the kind default)
    signs: str
    started: float
    minutes: int = PAUSE_DEFAULT
    stage: Stage = "counting"
    early: bool = False  # they came back before the time was up
    taken: int = 0  # minutes of earlier rounds ("10 more minutes")
    new_phrase: str = ""  # typed at the end, for a map without a phrase of its own
    chosen: str | None = None  # the choice marked at the end (moving the cursor is not choosing)

    @classmethod
    def for_map(cls, cycle_map: CycleMap, now: float, minutes: int = PAUSE_DEFAULT) -> PauseState:
        own = bool(cycle_map.pause_phrase)
        minutes = minutes if minutes in PAUSE_MINUTES else PAUSE_DEFAULT
        return cls(
            phrase=cycle_map.pause_phrase or DEFAULT_PHRASE,
            own_phrase=own,
            signs=cycle_map.warning_signs or "",
            started=now,
            minutes=minutes,
        )

    # --- time -----------------------------------------------------------------------------

    def left(self, now: float) -> float:
        """Seconds until the time is up (0 once it is)."""
        return max(0.0, self.started + self.minutes * 60 - now)

    def share_left(self, now: float) -> float:
        """What is left of the time, from 1 (all of it) to 0."""
        return self.left(now) / (self.minutes * 60)

    def clock(self, now: float) -> str:
        return clock_face(self.left(now))

    def breath(self, now: float) -> Breath:
        return breath_at(now - self.started)

    def tick(self, now: float) -> Move:
        """Called a few times a second: once the time is up, the pause offers the way on."""
        if self.stage == "counting" and self.left(now) <= 0:
            self.stage = "back"
            return Move("back")
        return Move("stay")

    def choose(self, minutes: int, now: float) -> Move:
        """A time to come back after (counted from the start of this round)."""
        if minutes not in PAUSE_MINUTES or self.stage != "counting":
            return Move("stay")
        self.minutes = minutes
        return self.tick(now) if self.left(now) <= 0 else Move("step")

    def step_time(self, direction: int, now: float) -> Move:
        """The next shorter (-1) or longer (+1) time."""
        index = PAUSE_MINUTES.index(self.minutes) if self.minutes in PAUSE_MINUTES else 1
        index = min(max(index + direction, 0), len(PAUSE_MINUTES) - 1)
        return self.choose(PAUSE_MINUTES[index], now)

    def come_back(self, now: float) -> Move:
        """Back before the time is up: that is fine too."""
        if self.stage != "counting":
            return Move("stay")
        self.early = self.left(now) > 0
        self.stage = "back"
        return Move("back")

    def keep_pausing(self, now: float) -> Move:
        """Back too soon after all: the same pause goes on, to the same time."""
        if self.stage != "back" or not self.early:
            return Move("stay")
        self.stage = "counting"
        self.early = False
        return self.tick(now) if self.left(now) <= 0 else Move("step")

    def more_time(self, now: float) -> Move:
        """Another MORE_MINUTES, from now."""
        self.taken += self.minutes_taken(now)
        self.started = now
        self.minutes = MORE_MINUTES
        self.stage = "counting"
        self.early = False
        return Move("step")

    def minutes_taken(self, now: float) -> int:
        """Whole minutes this round lasted (at least 1), as the log keeps them."""
        elapsed = min(now - self.started, self.minutes * 60)
        return max(1, round(elapsed / 60))

    # --- the end --------------------------------------------------------------------------

    def set_new_phrase(self, text: str) -> None:
        self.new_phrase = clean_text(text)[:ANSWER_MAX]

    def choices(self) -> tuple[Choice, ...]:
        """What the end offers (nothing while counting)."""
        return pause_choices(early=self.early) if self.stage == "back" else ()

    def pick(self, value: str | None, now: float) -> Move:
        """Enter on the end's choices (`value` under the cursor): the first Enter chooses it
        (marked, and said), the second on the chosen one goes on, as every choice in cyclemap.
        "talk" and "note" are `finish`'s; "more" is `more_time`, "keep" is `keep_pausing`."""
        offered = {choice.value: choice for choice in self.choices()}
        if value not in offered:
            return Move("stay", PICK_MODE)
        if picked(self.chosen, value) == "choose":
            self.chosen = value
            return Move("stay", chosen_line(offered[value]))
        self.chosen = None
        if value == "more":
            return self.more_time(now)
        if value == "keep":
            return self.keep_pausing(now)
        return self.finish(value)

    def finish(self, choice: str) -> Move:
        """The choice at the end: "talk" or "note" log the pause; anything else leaves."""
        if self.stage != "back":
            return Move("stay")
        if choice == "talk":
            return Move("talk")
        if choice == "note":
            return Move("done")
        return Move("leave")

    def record(self, today: date, now: float) -> Pause:
        """The pause as a check-in: the words said, and the minutes they chose and took."""
        minutes = self.taken + (self.minutes_taken(now) if self.early else self.minutes)
        return make_pause(when=today, phrase=self.phrase, minutes=min(minutes, MINUTES_MAX))

    def note(self, library: Library, map_id: str, today: date, now: float) -> Pause:
        """Add the pause to the map's check-in log (StoreError, one line, when it can't be)."""
        entry = self.record(today, now)
        checkin.add_entry(library, map_id, entry)
        return entry

    def keep_phrase(self, library: Library, map_id: str) -> bool:
        """The words they chose at the end, as the map's pause phrase (saved with its history);
        only for a map that had none. True when the map changed; StoreError when it can't."""
        phrase = answer_value(self.new_phrase)
        if not phrase or self.own_phrase:
            return False
        current = library.load(map_id)
        if current.pause_phrase == phrase:
            return False
        library.save(current.touched(pause_phrase=phrase))
        return True
