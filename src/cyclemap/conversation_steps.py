"""The shape of the guided conversation (cyclemap.conversation): the names of its steps, which
of them are typed and which are choices, and the plain data a step hands to the talk screen
(what it shows, and what the screen does next). No Textual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cyclemap.conversation_words import LANDED_CHOICES
from cyclemap.walkthrough_words import Choice, QuestionView

GETTING_READY = ("ready", "moment", "name", "first")
TURN = ("set_off", "my_part", "underneath", "needed", "reach", "heard", "response", "landed")
SAID_MORE = ("more", "heard_more", "landed_again")
TOGETHER_STEPS = ("next_time", "add_sign", "add_phrase", "done")
TOGETHER_KEYS = ("moment", "next_time", "add_sign", "add_phrase")
# The answers of a turn typed in words, and the choices made in it.
TURN_WORDS: tuple[str, ...] = (
    "set_off",
    "my_part",
    "underneath",
    "needed",
    "reach",
    "heard",
    "response",
)
TURN_WORDS += ("more", "heard_more")
TURN_CHOICES = ("landed", "after", "landed_again", "after_again")
LISTENER_KEYS = frozenset({"heard", "response", "heard_more"})
LANDED_VALUES = frozenset(choice.value for choice in LANDED_CHOICES)

Go = Literal["step", "stay", "pause", "save", "leave"]
Kind = Literal["choice", "text", "info", "reach", "done"]


@dataclass(frozen=True)
class Move:
    """What the screen does after an action.

    step: show `state.step` (with `hint`, if any); stay: keep the step and show `hint`;
    pause: open the pause (the conversation waits at its step, and goes on when they come
    back); save: save the conversation (`TalkState.save`); leave: close, the draft kept.
    """

    go: Go
    hint: str = ""


@dataclass(frozen=True)
class Nav:
    back: bool  # "← Back" is there
    next: str  # "Next →", "We said it aloud →", "Go on →", "Save and finish"…


@dataclass(frozen=True)
class TalkView:
    """What one step shows. `question` for a step answered in words (and for the reach's own
    words); `choices` and `chosen` for a choice; `big` the words to say aloud, large."""

    kind: Kind
    progress: str
    heading: str = ""
    body: str = ""
    why: str = ""
    question: QuestionView | None = None
    choices: tuple[Choice, ...] = ()
    chosen: str | None = None
    big: str = ""
    big_note: str = ""
