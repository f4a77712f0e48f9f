"""The guided conversation after a rocky moment (`cyclemap talk`) as data: its steps and their
order, moving on and back, the choices ("did it land?"), the draft, and the check-in it ends
in. No Textual: the talk screen shows a `TalkState` and sends it the couple's keys; every rule
is here, so the whole conversation can be driven and tested without a terminal. The pause
(`cyclemap pause`) is `cyclemap.pause`.

The steps are strings: "ready", "moment", "name", "first"; then each turn as "<n>:<key>"
("1:set_off", …, "1:landed"; after "not yet": "1:after", and if they say more "1:more",
"1:heard_more", "1:landed_again", "1:after_again"), "swap" between the two turns, and at the
end "next_time", "add_sign", "add_phrase" and "done". Turn 1 is the partner who shares first.
What each partner says is kept by partner (not by turn), so choosing the other to go first
never moves anyone's words to the other.

Typing is optional at every step: Enter on an empty answer means "we said it aloud". Every
action returns a `Move`: what the screen does next. Everything here is plain data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from cyclemap import checkin
from cyclemap.checkin_entries import Conversation, validated
from cyclemap.conversation_steps import (
    GETTING_READY,
    LANDED_VALUES,
    LISTENER_KEYS,
    SAID_MORE,
    TOGETHER_KEYS,
    TOGETHER_STEPS,
    TURN,
    TURN_CHOICES,
    TURN_WORDS,
    Move,
    Nav,
    TalkView,
)
from cyclemap.conversation_words import (
    ADD_PHRASE_PROMPT,
    ADD_PHRASE_WHY,
    ADD_SIGN_PROMPT,
    ADD_SIGN_WHY,
    DONE_BODY,
    DONE_HEADING,
    DONE_MAP,
    FIRST_BODY,
    FIRST_HEADING,
    LANDED_BODY,
    LANDED_CHOICES,
    LANDED_HEADING,
    LISTENER_QUESTIONS,
    MAP_HINTS,
    MOMENT_EXAMPLE,
    MOMENT_PROMPT,
    MOMENT_WHY,
    MORE,
    MORE_QUESTIONS,
    NEXT_TIME_EXAMPLE,
    NEXT_TIME_PROMPT,
    NEXT_TIME_WHY,
    NOT_YET,
    PAUSE,
    REACH_FROM_MAP,
    REACH_FROM_NOW,
    REACH_HEADING,
    REACH_OPEN,
    REACH_PROMPT,
    REACH_STARTER,
    READY_BODY,
    READY_CHOICES,
    READY_HEADING,
    RESPONSE_FROM_MAP,
    RESPONSE_HEADING,
    RESPONSE_STARTER,
    SAFETY,
    SHARER_QUESTIONS,
    SWAP_BODY,
    SWAP_HEADING,
    after_not_yet,
    first_choices,
    name_it,
)
from cyclemap.model import CycleMap
from cyclemap.terms import ANSWER_MAX, clean_text
from cyclemap.walkthrough_words import (
    PICK_MODE,
    QuestionView,
    answer_value,
    chosen_line,
    one_line,
    picked,
)

if TYPE_CHECKING:
    from cyclemap.store import Library

_FELT = re.compile(r"^(?:underneath,?\s+)?i\s+(?:felt|feel|was|am)\s+", re.IGNORECASE)
_NEEDED = re.compile(r"^(?:what\s+)?i\s+(?:needed|need)\s+(?:was\s+)?", re.IGNORECASE)


def _sentence(lead: str, words: str, pattern: re.Pattern[str]) -> str:
    """'Underneath, I felt' + 'I felt alone' -> 'Underneath, I felt alone.'"""
    words = pattern.sub("", " ".join(words.split())).rstrip(" .")
    return f"{lead} {words}." if words else ""


@dataclass
class TalkState:
    """The whole conversation: where it is, what was said (typed), and the rules for moving."""

    cycle_map: CycleMap
    started: date
    step: str = "ready"
    ready: str | None = None  # the readiness choice on screen; never stored
    first: int | None = None  # the partner who shares first
    together: dict[str, str] = field(default_factory=dict)
    sides: list[dict[str, str]] = field(default_factory=lambda: [{}, {}])
    # The map as the screen shows it (presentation mode: `presentation.shown_map`, with the
    # names hidden); what is saved is always about `cycle_map`, with the real names.
    shown_map: CycleMap | None = None
    presenting: bool = False  # for a shared screen: the response in large type too

    # --- the steps ------------------------------------------------------------------------

    @property
    def shown(self) -> CycleMap:
        return self.cycle_map if self.shown_map is None else self.shown_map

    @property
    def names(self) -> tuple[str, str]:
        a, b = self.shown.partners
        return a.name, b.name

    def order(self) -> tuple[int, int]:
        first = 0 if self.first is None else self.first
        return first, 1 - first

    def steps(self) -> list[str]:
        steps = list(GETTING_READY)
        for number, who in enumerate(self.order(), 1):
            if number == 2:
                steps.append("swap")
            side = self.sides[who]
            steps += [f"{number}:{key}" for key in TURN]
            if side.get("landed") == "not yet":
                steps.append(f"{number}:after")
                if side.get("after") == MORE:
                    steps += [f"{number}:{key}" for key in SAID_MORE]
                    if side.get("landed_again") == "not yet":
                        steps.append(f"{number}:after_again")
        return steps + list(TOGETHER_STEPS)

    @property
    def index(self) -> int:
        steps = self.steps()
        return steps.index(self.step) if self.step in steps else 0

    def turn_of(self, step: str) -> tuple[int, int, str] | None:
        """(turn number, the sharer's partner index, key) of a turn's step, else None."""
        head, _, key = step.partition(":")
        if head not in ("1", "2") or not key:
            return None
        number = int(head)
        return number, self.order()[number - 1], key

    def is_choice(self, step: str) -> bool:
        turn = self.turn_of(step)
        return step in ("ready", "first") or (turn is not None and turn[2] in TURN_CHOICES)

    def is_words(self, step: str) -> bool:
        """A step answered in words (the reach's own words too)."""
        turn = self.turn_of(step)
        return step in TOGETHER_KEYS or (turn is not None and turn[2] in TURN_WORDS)

    # --- what was said ------------------------------------------------------------------

    def get(self, step: str) -> str:
        turn = self.turn_of(step)
        if turn is not None:
            return self.sides[turn[1]].get(turn[2], "")
        return self.together.get(step, "") if step in TOGETHER_KEYS else ""

    def put(self, step: str, value: str) -> None:
        """What was typed at a step (cleaned; the limit kept)."""
        turn = self.turn_of(step)
        if turn is not None and turn[2] in TURN_WORDS:
            target, key = self.sides[turn[1]], turn[2]
        elif step in TOGETHER_KEYS:
            target, key = self.together, step
        else:
            return
        value = clean_text(value)[: self.limit(step)]
        if value.strip():
            target[key] = value
        else:
            target.pop(key, None)

    def limit(self, step: str) -> int:
        """How long an answer may be: a warning sign must still fit beside the map's own."""
        if step == "add_sign" and self.cycle_map.warning_signs:
            return max(ANSWER_MAX - len(self.cycle_map.warning_signs) - 2, 0)
        return ANSWER_MAX

    def chosen(self, step: str | None = None) -> str | None:
        step = self.step if step is None else step
        if step == "ready":
            return self.ready
        if step == "first":
            return None if self.first is None else str(self.first)
        turn = self.turn_of(step)
        if turn is not None and turn[2] in TURN_CHOICES:
            return self.sides[turn[1]].get(turn[2]) or None
        return None

    def has_content(self) -> bool:
        """Anything worth a draft: words typed, or the conversation begun."""
        return bool(self.together or any(self.sides) or self.first is not None)

    # --- moving ---------------------------------------------------------------------------

    def go_to(self, step: str) -> Move:
        self.step = step
        return Move("step")

    def forward(self) -> Move:
        steps = self.steps()
        return self.go_to(steps[min(self.index + 1, len(steps) - 1)])

    def back(self) -> Move:
        if self.index == 0:
            return Move("stay")
        return self.go_to(self.steps()[self.index - 1])

    def next(self) -> Move:
        """Enter, or the Next button."""
        step = self.step
        if step == "done":
            return Move("save")
        if not self.is_choice(step):
            return self.forward()
        value = self.chosen(step)
        if value is None:
            return Move("stay", PICK_MODE)
        turn = self.turn_of(step)
        pausing = (step == "ready" and value == NOT_YET) or (
            turn is not None and turn[2] in ("after", "after_again") and value == PAUSE
        )
        if pausing:
            self._set_choice(step, None)  # a pause is taken, not stored: back to the choice
            return Move("pause")
        return self.forward()

    def pick(self, value: str | None) -> Move:
        """Enter on a list of choices (`value` is under the cursor): on the chosen one it goes
        on; on another it chooses that one and stays, so moving the cursor and pressing Enter
        never decides anything unseen."""
        choices = {choice.value: choice for choice in self.view().choices}
        if value not in choices:
            return Move("stay", PICK_MODE)
        if picked(self.chosen(), value) == "choose":
            self._set_choice(self.step, value)
            return Move("stay", chosen_line(choices[value]))
        return self.next()

    def _set_choice(self, step: str, value: str | None) -> None:
        if step == "ready":
            self.ready = value
            return
        if step == "first":
            self.first = None if value is None else int(value)
            return
        turn = self.turn_of(step)
        if turn is None:
            return
        side = self.sides[turn[1]]
        if value is None:
            side.pop(turn[2], None)
        else:
            side[turn[2]] = value

    def came_back(self, talk: bool) -> Move:
        """Back from a pause the conversation opened: on where it was, or leave (the draft
        kept) when they stopped there."""
        return Move("step") if talk else Move("leave")

    def allows(self, action: str) -> bool:
        """Whether a key's action means anything on this step (the footer hides the rest)."""
        if action == "back":
            return self.index > 0
        if action == "feelings":
            turn = self.turn_of(self.step)
            return turn is not None and turn[2] == "underneath"
        return True

    # --- what a step shows ----------------------------------------------------------------

    def nav(self) -> Nav:
        step = self.step
        if step == "done":
            label = "Save and finish"
        elif self.is_choice(step):
            label = "Next →"
        elif step in ("name", "swap"):
            label = "Go on →"
        elif step.endswith(":reach") and not answer_value(self.get(step)):
            label = "We said it →"
        elif answer_value(self.get(step)):
            label = "Next →"
        elif step in ("add_sign", "add_phrase"):
            label = "Nothing to add →"
        else:
            label = "We said it aloud →"
        return Nav(back=self.allows("back"), next=label)

    def progress(self) -> str:
        """'Getting ready · 2 of 4', 'Alex shares · Sam listens · 1 of 2', 'Together · 1 of 3'."""
        step = self.step
        if step in GETTING_READY:
            return f"Getting ready · {GETTING_READY.index(step) + 1} of {len(GETTING_READY)}"
        if step in TOGETHER_STEPS:
            if step == "done":
                return "Together · the end"
            return f"Together · {TOGETHER_STEPS.index(step) + 1} of {len(TOGETHER_STEPS) - 1}"
        if step == "swap":
            return "Turn 2 of 2"
        turn = self.turn_of(step)
        assert turn is not None
        number, who, key = turn
        me, other = self.names[who], self.names[1 - who]
        if key in LISTENER_KEYS:
            return f"{other} answers · {me} listens · turn {number} of 2"
        return f"{me} shares · {other} listens · turn {number} of 2"

    def view(self) -> TalkView:
        step = self.step
        progress = self.progress()
        a, b = self.names
        if step == "ready":
            return TalkView(
                "choice",
                progress,
                READY_HEADING,
                READY_BODY,
                SAFETY,
                choices=READY_CHOICES,
                chosen=self.ready,
            )
        if step == "moment":
            return TalkView(
                "text", progress, question=self._question(MOMENT_PROMPT, MOMENT_WHY, MOMENT_EXAMPLE)
            )
        if step == "name":
            cycle_map = self.shown
            a, b = (f"{self.names[i]} {cycle_map.partners[i].position.verb}" for i in (0, 1))
            moves = (a, b)
            heading, body = name_it(cycle_map.cycle_name, cycle_map.pattern.label, moves)
            return TalkView("info", progress, heading, body)
        if step == "first":
            return TalkView(
                "choice",
                progress,
                FIRST_HEADING,
                FIRST_BODY,
                choices=first_choices((a, b)),
                chosen=self.chosen(),
            )
        if step == "swap":
            done, then = self.order()
            words = {"done": self.names[done], "next": self.names[then]}
            return TalkView(
                "info", progress, SWAP_HEADING.format(**words), SWAP_BODY.format(**words)
            )
        if step == "next_time":
            return TalkView(
                "text",
                progress,
                question=self._question(NEXT_TIME_PROMPT, NEXT_TIME_WHY, NEXT_TIME_EXAMPLE),
            )
        if step == "add_sign":
            now = self.shown.warning_signs
            note = f"On your map now: {one_line(now, 200)}" if now else "Your map has none yet."
            return TalkView(
                "text", progress, question=self._question(ADD_SIGN_PROMPT, ADD_SIGN_WHY, note=note)
            )
        if step == "add_phrase":
            now = self.shown.pause_phrase
            note = (
                f"Your pause phrase now: {one_line(now, 200)}" if now else "Your map has none yet."
            )
            return TalkView(
                "text",
                progress,
                question=self._question(ADD_PHRASE_PROMPT, ADD_PHRASE_WHY, note=note),
            )
        if step == "done":
            return TalkView("done", progress, DONE_HEADING, self._done_body())
        return self._turn_view(step, progress)

    def _question(
        self,
        prompt: str,
        why: str,
        example: str = "",
        *,
        note: str = "",
        lead: str = "",
        kind: str | None = None,
    ) -> QuestionView:
        return QuestionView(
            prompt=prompt,
            example=example,
            why=why,
            kind=kind,
            lead=lead,
            note=note,
            max_length=self.limit(self.step),
        )

    def _turn_view(self, step: str, progress: str) -> TalkView:
        turn = self.turn_of(step)
        assert turn is not None
        number, who, key = turn
        me, other = self.names[who], self.names[1 - who]
        side = self.sides[who]
        if key in ("landed", "landed_again"):
            words = {"me": me, "other": other}
            return TalkView(
                "choice",
                progress,
                LANDED_HEADING.format(**words),
                LANDED_BODY.format(**words),
                choices=LANDED_CHOICES,
                chosen=side.get(key),
            )
        if key in ("after", "after_again"):
            heading, body, choices = after_not_yet(
                me, other, again=key == "after_again", last_turn=number == 2
            )
            return TalkView(
                "choice", progress, heading, body, choices=choices, chosen=side.get(key)
            )
        if key == "reach":
            big, note = self.reach_words(who)
            question = self._question(REACH_PROMPT, "")
            heading = REACH_HEADING.format(me=me, other=other)
            return TalkView("reach", progress, heading, question=question, big=big, big_note=note)
        if key in LISTENER_KEYS:
            # The listener speaks: "me" is now the listener, "other" the sharer.
            me, other = other, me
        if key == "response" and self.presenting:
            big, note = self.response_words(who)
            question = self._question(REACH_PROMPT, "")
            heading = RESPONSE_HEADING.format(me=me, other=other)
            return TalkView("reach", progress, heading, question=question, big=big, big_note=note)
        questions = {**SHARER_QUESTIONS, **LISTENER_QUESTIONS, **MORE_QUESTIONS}
        prompt, why = (part.format(me=me, other=other) for part in questions[key])
        note = ""
        if key in MAP_HINTS:
            answer_key, template = MAP_HINTS[key]
            owner = 1 - who if key == "response" else who
            answer = self.shown.partners[owner].answer(answer_key)
            if answer:
                note = template.format(answer=one_line(answer, 200))
        kind = "underlying" if key == "underneath" else None
        return TalkView(
            "text", progress, question=self._question(prompt, why, note=note, kind=kind)
        )

    def reach_words(self, who: int) -> tuple[str, str]:
        """The words to say aloud at the reach, and a line about where they came from: what the
        sharer typed as the reach; else what they typed underneath and needed, as two
        sentences; else the reach on their map; else a way to start."""
        side = self.sides[who]
        typed = answer_value(side.get("reach", ""))
        if typed:
            return typed, ""
        sentences = [
            _sentence("Underneath, I felt", answer_value(side.get("underneath", "")), _FELT),
            _sentence("What I needed was", answer_value(side.get("needed", "")), _NEEDED),
        ]
        now = " ".join(part for part in sentences if part)
        if now:
            return now, REACH_FROM_NOW
        mapped = self.shown.partners[who].reach
        return (mapped, REACH_FROM_MAP) if mapped else (REACH_STARTER, REACH_OPEN)

    def response_words(self, who: int) -> tuple[str, str]:
        """The listener's answer to `who`'s reach, large on a shared screen: what they typed;
        else how their map says they can answer; else a way to start."""
        typed = answer_value(self.sides[who].get("response", ""))
        if typed:
            return typed, ""
        mapped = self.shown.partners[1 - who].respond
        return (mapped, RESPONSE_FROM_MAP) if mapped else (RESPONSE_STARTER, REACH_OPEN)

    def _done_body(self) -> str:
        changes = []
        sign = answer_value(self.together.get("add_sign", ""))
        phrase = answer_value(self.together.get("add_phrase", ""))
        if sign:
            changes.append(f"a new warning sign (“{one_line(sign, 60)}”)")
        if phrase:
            changes.append(f"a new pause phrase (“{one_line(phrase, 60)}”)")
        if not changes:
            return DONE_BODY
        return DONE_BODY + "\n\n" + DONE_MAP.format(changes=" and ".join(changes))

    # --- the end: the check-in and the map ------------------------------------------------

    def record(self) -> Conversation:
        """The conversation as a check-in, with every word that was typed (CheckInError, one
        line, if it somehow isn't valid)."""
        names = [partner.name for partner in self.cycle_map.partners]
        turns = []
        for who in self.order():
            side = self.sides[who]
            turn: dict[str, Any] = {"sharer": names[who], "listener": names[1 - who]}
            turn.update({key: side[key] for key in TURN_WORDS if key in side})
            for key in ("landed", "landed_again"):
                if side.get(key) in LANDED_VALUES:
                    turn[key] = side[key]
            turns.append(turn)
        together = self.together
        return validated(
            Conversation,
            {
                "date": self.started,
                "moment": together.get("moment"),
                "turns": turns,
                "next_time": together.get("next_time"),
                "added_warning_sign": together.get("add_sign"),
                "new_pause_phrase": together.get("add_phrase"),
            },
        )

    def map_changes(self, current: CycleMap) -> dict[str, str]:
        """What the end adds to the map, as it is on disk now: the new warning sign after the
        ones it has, the new pause phrase in place of its own. Nothing that is already there,
        so saving again after a failure never adds a sign twice."""
        changes: dict[str, str] = {}
        sign = answer_value(self.together.get("add_sign", ""))
        if sign:
            signs = current.warning_signs or ""
            if not signs.endswith(sign):
                changes["warning_signs"] = f"{signs}; {sign}" if signs else sign
        phrase = answer_value(self.together.get("add_phrase", ""))
        if phrase and phrase != current.pause_phrase:
            changes["pause_phrase"] = phrase
        return changes

    def save(self, library: Library, map_id: str) -> tuple[Conversation, bool]:
        """The map first (so a failure there adds nothing to the log), then the check-in; the
        draft is the caller's to discard. Returns the entry, and whether the map changed.
        StoreError (CheckInError, ConflictError…) with one line when something fails."""
        entry = self.record()
        current = library.load(map_id)
        changes = self.map_changes(current)
        if changes:
            library.save(current.touched(**changes))
        checkin.add_entry(library, map_id, entry)
        return entry, bool(changes)
