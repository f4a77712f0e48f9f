"""The guided walkthrough as data: its steps and their order, moving on, back and skipping, the
two modes (taking turns privately, or together), and the map it builds; its drafts are in
walkthrough_draft.py, what it says in walkthrough_words.py. No Textual: the
walkthrough screen shows a `WalkState` and sends it the person's keys; every rule is here, so
the whole walk can be driven and tested without a terminal.

The steps are strings: "names", "mode", then each partner's side as "<partner>:<field>"
("0:trigger", "1:position", …), "handover" between the turns when they are private, "way_out"
(the intro to the way out of the cycle), the couple's own "couple:<field>" questions, and
"review" once everything is answered. Every action returns a `Move`: what the screen does next.

Privacy, on one laptop: in private mode the first partner's answers appear in nothing the
second partner is shown until both have finished. Once the second turn has started, going back
stops at its first question, a draft resumed in the middle of a turn first asks who is at the
keyboard, and a missing answer of the first turn is left for the review rather than shown.

Everything here is plain data: strings, dataclasses, dicts. The screen makes them Text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from cyclemap.model import CycleMap
from cyclemap.terms import (
    COUPLE_MAX,
    NAME_MAX,
    clean_text,
    slugify,
)
from cyclemap.walkthrough_words import (
    CHOICE_KEYS,
    COUPLE_QUESTIONS,
    DIFFERENT_NAMES,
    ENTER_MOVES_ON,
    ENTER_TO_THE_CYCLE,
    FEELING_KINDS,
    GENTLE_REQUIRED,
    NAMES_KEYS,
    NEEDED,
    NEEDED_FOR_REVIEW,
    PICK_MODE,
    PICK_ONE,
    PRIVATE,
    REQUIRED,
    TWO_NAMES,
    ChoiceView,
    QuestionView,
    answer_value,
    chosen_line,
    mode_view,
    partner_question,
    picked,
    position_view,
    way_out_intro,
)

# One partner's side, in the order asked: the three required questions, the position, then the
# optional depth. In private mode each turn ends with a guess at the other's underlying feeling.
DEPTH = ("meaning", "surface_feeling", "fear", "longing")
SIDE = (*NEEDED, *DEPTH)
WAY_OUT_PARTNER = ("reach", "respond")
COUPLE_KEYS = ("pause_phrase", "warning_signs")
PARTNER_KEYS = frozenset((*SIDE, "guess", *WAY_OUT_PARTNER))
CHOICE_STEPS = frozenset({"mode"})  # and every "<partner>:position"


@dataclass(frozen=True)
class Nav:
    """The buttons under a step."""

    back: bool  # "← Back" is there
    skip: str  # "Skip the rest", "Skip all of this", or "" (none)
    next: str  # "Next →", "Skip →", "Go on →", "See your cycle →"


Go = Literal["step", "stay", "handover", "turn", "review", "leave"]


@dataclass(frozen=True)
class Move:
    """What the screen does after an action.

    step: show `state.step` (with `hint` under it, if any); stay: keep the step on screen and
    show `hint`; handover: the hand-over to the second partner; turn: ask whether the partner
    whose turn it is is at the keyboard (a private turn resumed); review: the reveal;
    leave: close the walkthrough, the draft kept.
    """

    go: Go
    hint: str = ""
    field: str = ""  # on the names step, the field the hint is about: "a" or "b"


_COUPLE_SPLIT = re.compile(r"\s*(?:&|\+|/|\band\b)\s*", re.IGNORECASE)


def names_from_couple(couple: str | None) -> list[str]:
    """'Alex & Sam' → ['Alex', 'Sam'] (also 'and', '+', '/'); anything else fills the first."""
    if not couple:
        return ["", ""]
    text = " ".join(clean_text(couple).split())
    parts = [part.strip() for part in _COUPLE_SPLIT.split(text, maxsplit=1)]
    parts = [part[:NAME_MAX] for part in parts if part]
    return (parts + ["", ""])[:2]


@dataclass
class WalkState:
    """The whole walkthrough: what was written, where it is, and the rules for moving."""

    names: list[str] = field(default_factory=lambda: ["", ""])
    title: str = ""
    title_edited: bool = False
    couple: str = ""
    cycle_name: str = ""
    mode: str = PRIVATE
    # The mode counts only once a person chose it; until then private is only a placeholder.
    mode_chosen: bool = False
    step: str = "names"
    second_turn_started: bool = False
    answers: list[dict[str, str]] = field(default_factory=lambda: [{}, {}])
    together: dict[str, str] = field(default_factory=dict)

    @classmethod
    def new(cls, couple: str | None = None) -> WalkState:
        """A fresh walkthrough; `couple` ("Alex & Sam") fills in the names and the couple."""
        state = cls()
        if couple:
            state.names = names_from_couple(couple)
            state.couple = " ".join(clean_text(couple).split())[:COUPLE_MAX]
            state.title = state.default_title()
        return state

    # --- the steps ------------------------------------------------------------------------

    @property
    def private(self) -> bool:
        return self.mode == PRIVATE

    def side_keys(self) -> tuple[str, ...]:
        return (*SIDE, "guess") if self.private else SIDE

    def steps(self) -> list[str]:
        steps = ["names", "mode"]
        for index in (0, 1):
            if index == 1 and self.private:
                steps.append("handover")
            steps += [f"{index}:{key}" for key in self.side_keys()]
        steps.append("way_out")
        steps += [f"{index}:{key}" for index in (0, 1) for key in WAY_OUT_PARTNER]
        steps += [f"couple:{key}" for key in COUPLE_KEYS]
        return steps

    def way_out_steps(self) -> list[str]:
        steps = self.steps()
        return steps[steps.index("way_out") :]

    @property
    def index(self) -> int:
        steps = self.steps()
        return steps.index(self.step) if self.step in steps else 0

    def first_allowed(self) -> int:
        """Going back stops here: in private mode, at the start of the second turn."""
        if self.private and self.second_turn_started:
            return self.steps().index("1:trigger")
        return 0

    def partner_of(self, step: str) -> int | None:
        head = step.split(":", 1)[0]
        return int(head) if head in ("0", "1") else None

    def key_of(self, step: str) -> str:
        return step.split(":", 1)[1] if ":" in step else step

    def is_depth(self, step: str) -> bool:
        return self.partner_of(step) is not None and self.key_of(step) in DEPTH

    def in_way_out(self, step: str) -> bool:
        return step in self.way_out_steps()

    def is_choice(self, step: str) -> bool:
        return step in CHOICE_STEPS or self.key_of(step) == "position"

    def is_question(self, step: str) -> bool:
        """A step answered in words (a question panel)."""
        return (
            self.partner_of(step) is not None or step.startswith("couple:")
        ) and not self.is_choice(step)

    def after_side(self, index: int) -> str:
        """Where 'skip the rest' of a partner's optional depth goes."""
        if self.private:
            return f"{index}:guess"
        return "1:trigger" if index == 0 else "way_out"

    def progress(self) -> str:
        """'Alex · 3 of 9', 'Getting started · 1 of 2', 'The way out · 1 of 7'."""
        step = self.step
        if step in ("names", "mode"):
            return f"Getting started · {1 if step == 'names' else 2} of 2"
        way_out = self.way_out_steps()
        who = self.partner_of(step)
        if step in way_out:
            number = f"the way out · {way_out.index(step) + 1} of {len(way_out)}"
            if step == "way_out":
                return number[0].upper() + number[1:]
            name = self.names[who] if who is not None else "Together"
            return f"{name} · {number}"
        if who is not None:
            keys = self.side_keys()
            return f"{self.names[who]} · {keys.index(self.key_of(step)) + 1} of {len(keys)}"
        return ""

    # --- answers --------------------------------------------------------------------------

    def get(self, step: str) -> str:
        who = self.partner_of(step)
        key = self.key_of(step)
        if who is not None:
            return self.answers[who].get(key, "")
        if step.startswith("couple:"):
            return self.together.get(key, "")
        return ""

    def put(self, step: str, value: str) -> None:
        who = self.partner_of(step)
        key = self.key_of(step)
        target = (
            self.answers[who]
            if who is not None
            else (self.together if step.startswith("couple:") else None)
        )
        if target is None:
            return
        if value:
            target[key] = value
        else:
            target.pop(key, None)

    def set_names(self, first: str, second: str) -> None:
        """The names as typed; the title follows them until someone edits it."""
        self.names = [first, second]
        if not self.title_edited:
            self.title = self.default_title()

    def set_title(self, title: str) -> None:
        """A title typed in; an empty one follows the names again."""
        self.title = title if title.strip() else self.default_title()
        self.title_edited = title.strip() not in ("", self.default_title())

    def default_title(self) -> str:
        a, b = (" ".join(name.split()) for name in self.names)
        return " & ".join(part for part in (a, b) if part)

    def has_content(self) -> bool:
        return any(n.strip() for n in self.names) or any(self.answers) or bool(self.together)

    def chosen(self, step: str | None = None) -> str | None:
        """The choice made at a choice step, or None while nothing is chosen."""
        step = self.step if step is None else step
        if step == "mode":
            return self.mode if self.mode_chosen else None
        if self.key_of(step) == "position":
            return self.get(step) or None
        return None

    # --- moving ---------------------------------------------------------------------------

    def go_to(self, step: str) -> Move:
        self.step = step
        return Move("handover" if step == "handover" else "step")

    def forward(self) -> Move:
        steps = self.steps()
        target = self.index + 1
        if target >= len(steps):
            return self.finish()
        return self.go_to(steps[target])

    def back(self) -> Move:
        target = self.index - 1
        if target < self.first_allowed():
            return Move("stay")
        return self.go_to(self.steps()[target])

    def next(self) -> Move:
        """Enter, or the Next button: on to the next step if this one has what it needs."""
        step = self.step
        if step == "names":
            return self._names_done()
        if self.is_choice(step):
            if self.chosen(step) is None:
                return Move("stay", PICK_MODE if step == "mode" else PICK_ONE)
            return self.forward()
        if self.is_question(step):
            key = self.key_of(step)
            needed = self.partner_of(step) is not None and key in REQUIRED
            if needed and not answer_value(self.get(step)):
                return Move("stay", GENTLE_REQUIRED)
        return self.forward()

    def choose(self, value: str) -> Move:
        """A choice made (Enter on it, or a click): kept, and shown as chosen (keys_line says
        so), not yet moved on from."""
        if value in {choice.value for choice in self.choice_view().choices}:
            if self.step == "mode":
                self.mode, self.mode_chosen = value, True
            else:
                self.put(self.step, value)
        return Move("stay")

    def pick(self, value: str | None) -> Move:
        """Enter on a choice list: on the chosen one it goes on; on another it chooses that one
        (so moving the cursor and pressing Enter never stores a choice unseen)."""
        if picked(self.chosen(), value) == "choose":
            return self.choose(value or "")
        return self.next()

    def skip_rest(self) -> Move:
        """Past the rest of a partner's optional depth."""
        who = self.partner_of(self.step)
        if who is None or not self.is_depth(self.step):
            return Move("stay")
        return self.go_to(self.after_side(who))

    def skip_way_out(self) -> Move:
        if not self.in_way_out(self.step):
            return Move("stay")
        return self.finish()

    def skip(self) -> Move:
        """The skip button: the rest of the depth, or the whole way out."""
        return self.skip_way_out() if self.in_way_out(self.step) else self.skip_rest()

    def finish(self) -> Move:
        """To the reveal, or first to a required answer that is missing."""
        problem = self.first_problem()
        # In the second private turn the first partner's answers stay unseen: the review will
        # find what is missing there.
        hidden = self.private and self.second_turn_started and (problem or "").startswith("0:")
        if problem is not None and not hidden:
            self.step = problem
            return Move("step", NEEDED_FOR_REVIEW)
        self.step = "review"
        return Move("review")

    def handed_over(self, choice: str | None) -> Move:
        """The hand-over answered: "go" (the second partner is here), "back", or leave."""
        if choice == "go":
            self.second_turn_started = True
            return self.go_to("1:trigger")
        if choice == "back":
            steps = self.steps()
            return self.go_to(steps[steps.index("handover") - 1])
        return Move("leave")

    def turn_confirmed(self, choice: str | None) -> Move:
        """The answer to "is it X's turn?" on resuming a private turn."""
        return Move("step") if choice == "go" else Move("leave")

    def opening(self, *, resuming: bool) -> Move:
        """Where a walkthrough opens: a resumed private turn first asks who is there."""
        step = self.step
        if step == "review":
            return Move("review")
        if step == "handover":
            return Move("handover")
        if resuming and self.turn_to_confirm() is not None:
            return Move("turn")
        return Move("step")

    def turn_to_confirm(self) -> int | None:
        """Whose turn a resumed private step belongs to (they are asked to confirm), or None."""
        who = self.partner_of(self.step)
        if self.private and who is not None and not self.in_way_out(self.step):
            return who
        return None

    def review_failed(self) -> Move:
        """The map could not be built (a hand-edited or damaged draft): back to what is
        missing, everything kept."""
        self.step = self.first_problem() or "names"
        if self.step.startswith("0:"):
            self.second_turn_started = False
        return Move("step")

    def back_from_review(self) -> Move:
        """Back from the reveal: to the last question, everything kept."""
        return self.go_to(self.steps()[-1])

    def allows(self, action: str) -> bool:
        """Whether a key's action means anything on this step (the footer hides the rest)."""
        step = self.step
        if action == "back":
            return self.index > self.first_allowed()
        if action == "feelings":
            return self.partner_of(step) is not None and self.key_of(step) in FEELING_KINDS
        if action == "skip_rest":
            return self.is_depth(step)
        if action == "skip_way_out":
            return self.in_way_out(step)
        return True

    # --- what a step shows ----------------------------------------------------------------

    def nav(self) -> Nav:
        step = self.step
        skip = ""
        if self.is_depth(step):
            skip = "Skip the rest"
        elif self.in_way_out(step):
            skip = "Skip all of this"
        optional = self.is_question(step) and self.key_of(step) not in REQUIRED
        optional = optional or step.startswith("couple:")
        if self.index == len(self.steps()) - 1:
            label = "See your cycle →"
        elif step == "way_out":
            label = "Go on →"
        elif optional and not answer_value(self.get(step)):
            label = "Skip →"
        else:
            label = "Next →"
        return Nav(back=self.allows("back"), skip=skip, next=label)

    def choice_view(self) -> ChoiceView:
        """What the current choice step shows (the mode, or a partner's position)."""
        return mode_view(self.chosen()) if self.step == "mode" else position_view(self.chosen())

    def way_out_intro(self) -> tuple[str, str]:
        return way_out_intro(private=self.private)

    def question_view(self, step: str | None = None) -> QuestionView:
        step = self.step if step is None else step
        who = self.partner_of(step)
        key = self.key_of(step)
        last = step == self.steps()[-1]
        keys = ENTER_TO_THE_CYCLE if last else ENTER_MOVES_ON
        if who is None:
            return replace(COUPLE_QUESTIONS[key], keys=keys)
        answers = self.answers[who]
        view = partner_question(
            key,
            me=self.names[who],
            other=self.names[1 - who],
            second=who == 1,
            private=self.private,
            trigger=answer_value(answers.get("trigger", "")),
            underneath=answer_value(answers.get("underlying_feeling", "")),
        )
        return replace(view, keys=keys)

    def keys_line(self) -> str:
        """What the keys do on a names or choice step, said quietly under it."""
        if self.step == "names":
            return NAMES_KEYS
        if self.is_choice(self.step) and self.chosen() is None:
            return CHOICE_KEYS
        choice = next((c for c in self.choice_view().choices if c.value == self.chosen()), None)
        return chosen_line(choice) if choice is not None else ""

    # --- the names step -------------------------------------------------------------------

    def _names_done(self) -> Move:
        names = [" ".join(clean_text(n).split()) for n in self.names]
        if not names[0] or not names[1]:
            return Move("stay", TWO_NAMES, "a" if not names[0] else "b")
        if names[0].casefold() == names[1].casefold():
            return Move("stay", DIFFERENT_NAMES, "b")
        self.names = names
        self.title = " ".join(clean_text(self.title).split()) or self.default_title()
        return self.forward()

    # --- the map --------------------------------------------------------------------------

    def map_data(self, map_id: str) -> dict[str, Any]:
        partners = []
        for index in (0, 1):
            partner: dict[str, Any] = {"name": self.names[index]}
            partner.update(self.answers[index])
            partners.append(partner)
        data: dict[str, Any] = {
            "id": map_id,
            "title": self.title or self.default_title() or "Our cycle",
            "couple": self.couple or self.default_title() or None,
            "cycle_name": self.cycle_name or None,
            "partners": partners,
        }
        data.update(self.together)
        return data

    def build_map(self) -> CycleMap:
        """The map, validated by the model (pydantic's ValidationError when it isn't valid)."""
        title = self.title or self.default_title()
        return CycleMap.model_validate(self.map_data(slugify(title)))

    def absorb(self, cycle_map: CycleMap) -> None:
        """Take back what was changed on the review screen (names, answers, title, name)."""
        self.title = cycle_map.title
        self.title_edited = True
        self.cycle_name = cycle_map.cycle_name or ""
        for index, partner in enumerate(cycle_map.partners):
            self.names[index] = partner.name
            answers = {}
            for key in PARTNER_KEYS:
                value = getattr(partner, key)
                if value is not None:
                    answers[key] = str(value)
            self.answers[index] = answers
        self.together = {
            key: getattr(cycle_map, key) for key in COUPLE_KEYS if getattr(cycle_map, key)
        }

    def first_problem(self) -> str | None:
        """The first step whose required answer is missing (a hand-edited draft, say)."""
        for step in self.steps():
            who = self.partner_of(step)
            if who is None:
                continue
            key = self.key_of(step)
            if key in NEEDED and not answer_value(self.get(step)):
                return step
        return None
