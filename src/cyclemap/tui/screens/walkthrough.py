"""The guided walkthrough: names, then each partner's side one question at a time, then the way
out of the cycle; at the end the review (reveal) screen, which saves the map.

The whole state is a plain dict saved as a draft after every answer and every step, so closing
the terminal, ctrl+c or a crash loses nothing. In private mode ("take turns") the first partner's
answers are shown on no screen the second partner sees until both have finished: going back stops
at the start of the second turn, and resuming a private turn first asks who is at the keyboard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Input, OptionList, Static
from textual.widgets.option_list import Option

from cyclemap.model import (
    ANSWER_MAX,
    NAME_MAX,
    POSITION_PROMPT,
    QUESTIONS_BY_KEY,
    TITLE_MAX,
    CycleMap,
    Position,
    clean_text,
    slugify,
)
from cyclemap.store import Library, StoreError
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.handover import HandoverChoice, HandoverScreen
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import (
    COUPLE_QUESTIONS,
    FEELING_KINDS,
    QuestionPanel,
    QuestionView,
    answer_value,
    literal,
)

DRAFT_VERSION = 1
PRIVATE = "private"
TOGETHER = "together"

# One partner's side, in the order asked: the three required questions, the position, then the
# optional depth. In private mode each turn ends with a guess at the other's underlying feeling.
REQUIRED = ("trigger", "protective_move", "underlying_feeling")
DEPTH = ("meaning", "surface_feeling", "fear", "longing")
SIDE = (*REQUIRED, "position", *DEPTH)
WAY_OUT_PARTNER = ("reach", "respond")
COUPLE_KEYS = ("pause_phrase", "warning_signs")
PARTNER_KEYS = frozenset((*SIDE, "guess", *WAY_OUT_PARTNER))
POSITION_CHOICES = (
    (
        Position.PURSUE,
        "I move toward — I pursue",
        "I push to talk it out, follow, protest, raise my voice, can't let it go.",
    ),
    (
        Position.WITHDRAW,
        "I move away — I withdraw",
        "I go quiet, step back, shut down, leave the room, need space.",
    ),
)
MODE_CHOICES = (
    (
        PRIVATE,
        "Take turns privately",
        "One of you answers, then passes the laptop. Your answers stay hidden from each other "
        "until you've both finished.",
    ),
    (
        TOGETHER,
        "Fill it in together",
        "Side by side, or with your therapist: you both see everything as you go.",
    ),
)

_COUPLE_SPLIT = re.compile(r"\s*(?:&|\+|/|\band\b)\s*", re.IGNORECASE)


def names_from_couple(couple: str | None) -> list[str]:
    """'Alex & Sam' → ['Alex', 'Sam'] (also 'and', '+', '/'); anything else fills the first."""
    if not couple:
        return ["", ""]
    text = " ".join(clean_text(couple).split())
    parts = [part.strip() for part in _COUPLE_SPLIT.split(text, maxsplit=1)]
    parts = [part[:NAME_MAX] for part in parts if part]
    return (parts + ["", ""])[:2]


def _one_line(text: str, width: int = 72) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class ChoiceList(OptionList):
    """Two or three clear choices; Enter with none highlighted asks for one, gently."""

    class NothingPicked(Message):
        pass

    def action_select(self) -> None:
        if self.highlighted is None:
            self.post_message(self.NothingPicked())
            return
        super().action_select()


# --- the state, kept apart from the widgets so it can be saved, resumed and tested --------------


@dataclass
class WalkState:
    names: list[str] = field(default_factory=lambda: ["", ""])
    title: str = ""
    title_edited: bool = False
    couple: str = ""
    cycle_name: str = ""
    mode: str = PRIVATE
    step: str = "names"
    second_turn_started: bool = False
    answers: list[dict[str, str]] = field(default_factory=lambda: [{}, {}])
    together: dict[str, str] = field(default_factory=dict)

    # steps ------------------------------------------------------------------------------------

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

    def after_side(self, index: int) -> str:
        """Where 'skip the rest' of a partner's optional depth goes."""
        if self.private:
            return f"{index}:guess"
        return "1:trigger" if index == 0 else "way_out"

    def progress(self) -> Text:
        step = self.step
        if step in ("names", "mode"):
            return Text(f"Getting started · {1 if step == 'names' else 2} of 2", end="")
        way_out = self.way_out_steps()
        who = self.partner_of(step)
        if step in way_out:
            number = f"the way out · {way_out.index(step) + 1} of {len(way_out)}"
            name = self.names[who] if who is not None else "Together"
            return (
                Text.assemble(name, " · ", number)
                if step != "way_out"
                else Text(number[0].upper() + number[1:], end="")
            )
        if who is not None:
            keys = self.side_keys()
            key = self.key_of(step)
            return Text.assemble(self.names[who], f" · {keys.index(key) + 1} of {len(keys)}")
        return Text("", end="")

    # answers ----------------------------------------------------------------------------------

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

    def default_title(self) -> str:
        a, b = (" ".join(name.split()) for name in self.names)
        return " & ".join(part for part in (a, b) if part)

    def has_content(self) -> bool:
        return any(n.strip() for n in self.names) or any(self.answers) or bool(self.together)

    # the draft --------------------------------------------------------------------------------

    def to_draft(self) -> dict[str, Any]:
        return {
            "draft_version": DRAFT_VERSION,
            "step": self.step,
            "mode": self.mode,
            "title": self.title,
            "title_edited": self.title_edited,
            "couple": self.couple,
            "cycle_name": self.cycle_name,
            "second_turn_started": self.second_turn_started,
            # Shaped like a map's partners (name first), so the draft reads like one.
            "partners": [{"name": self.names[index], **self.answers[index]} for index in (0, 1)],
            "together": dict(self.together),
        }

    @classmethod
    def from_draft(cls, data: dict[str, Any] | None) -> WalkState:
        """Whatever is usable in a draft; anything odd is left out rather than trusted."""
        state = cls()
        if not isinstance(data, dict):
            return state

        def text(value: Any, limit: int) -> str:
            return clean_text(value)[:limit] if isinstance(value, str) else ""

        state.title = text(data.get("title"), TITLE_MAX)
        state.title_edited = data.get("title_edited") is True
        state.couple = text(data.get("couple"), 85)
        state.cycle_name = text(data.get("cycle_name"), 60)
        if data.get("mode") in (PRIVATE, TOGETHER):
            state.mode = data["mode"]
        partners = data.get("partners")
        if isinstance(partners, list):
            for index, answers in enumerate(partners[:2]):
                if isinstance(answers, dict):
                    state.names[index] = text(answers.get("name"), NAME_MAX)
                    state.answers[index] = {
                        key: text(value, ANSWER_MAX)
                        for key, value in answers.items()
                        if key in PARTNER_KEYS and text(value, ANSWER_MAX)
                    }
                    position = state.answers[index].get("position")
                    if position is not None and position not in {p.value for p in Position}:
                        del state.answers[index]["position"]
        together = data.get("together")
        if isinstance(together, dict):
            state.together = {
                key: text(value, ANSWER_MAX)
                for key, value in together.items()
                if key in COUPLE_KEYS and text(value, ANSWER_MAX)
            }
        step = data.get("step")
        steps = state.steps()
        if step == "review" or (isinstance(step, str) and step in steps):
            state.step = step
        # Never unlock the first turn by resuming: past the hand-over means the turn started.
        state.second_turn_started = data.get("second_turn_started") is True
        if state.private and state.step in steps and state.index > steps.index("handover"):
            state.second_turn_started = True
        if state.step == "review":
            state.second_turn_started = state.second_turn_started or state.private
        return state

    # the map ----------------------------------------------------------------------------------

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
            if (key in REQUIRED or key == "position") and not answer_value(self.get(step)):
                return step
        return None


# --- the screen ----------------------------------------------------------------------------------


class WalkthroughScreen(Screen[str | None]):
    """Map a cycle together: dismisses with the saved map's id, or None (the draft stays)."""

    CSS_PATH = "../walkthrough.tcss"
    AUTO_FOCUS = ""

    BINDINGS = [
        # Enter is said in every answer box and on the button; the footer has little room.
        Binding("enter", "next", "Next", key_display="⏎", id="walkthrough.next", show=False),
        Binding("ctrl+n", "next", "Next", show=False, id="walkthrough.next-alt"),
        Binding("alt+left,ctrl+b", "back", "Back", key_display="alt+←", id="walkthrough.back"),
        Binding("ctrl+f", "feelings", "Feelings", key_display="^f", id="walkthrough.feelings"),
        Binding(
            "ctrl+s", "skip_rest", "Skip the rest", key_display="^s", id="walkthrough.skip-rest"
        ),
        Binding(
            "ctrl+s",
            "skip_way_out",
            "Skip all of this",
            key_display="^s",
            id="walkthrough.skip-way-out",
        ),
        Binding("escape", "leave", "Leave", id="walkthrough.leave"),
    ]

    DRAFT_DELAY = 0.8  # seconds after the last keystroke before the draft is written

    def __init__(
        self, library: Library, *, draft: dict | None = None, couple: str | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.resuming = draft is not None
        self.state = WalkState.from_draft(draft)
        if draft is None and couple:
            self.state.names = names_from_couple(couple)
            self.state.couple = " ".join(clean_text(couple).split())[:85]
            self.state.title = self.state.default_title()
        self._draft_timer: Timer | None = None
        self._finished = False
        self._showing: str | None = None  # the step whose widgets are filled in, if any
        self._filling = False
        self._draft_warned = False

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="wt-main"):
            yield Static(id="wt-progress", markup=False)
            with ContentSwitcher(id="wt-body", initial="wt-blank"):
                yield Static(id="wt-blank")
                with Vertical(id="wt-names"):
                    yield Static(
                        Text("Who's mapping this cycle?", style="bold"), classes="wt-heading"
                    )
                    yield Static(
                        "First names or nicknames are fine. The map stays on this computer.",
                        classes="wt-note",
                    )
                    with Horizontal(id="wt-name-row"):
                        with Vertical(classes="wt-name", id="wt-name-a-box"):
                            yield Static("One of you", classes="wt-label")
                            yield Input(placeholder="a name", max_length=NAME_MAX, id="wt-name-a")
                        with Vertical(classes="wt-name"):
                            yield Static("The other", classes="wt-label")
                            yield Input(placeholder="a name", max_length=NAME_MAX, id="wt-name-b")
                    yield Static(
                        "A title for this map (you can change it later)", classes="wt-label"
                    )
                    yield Input(max_length=TITLE_MAX, id="wt-title")
                    yield Static(id="wt-names-hint", classes="wt-hint", markup=False)
                with Vertical(id="wt-choice"):
                    yield Static(id="wt-choice-heading", classes="wt-heading", markup=False)
                    yield Static(id="wt-choice-note", classes="wt-note", markup=False)
                    yield ChoiceList(id="wt-choices")
                    yield Static(id="wt-choice-why", classes="wt-why", markup=False)
                    yield Static(id="wt-choice-hint", classes="wt-hint", markup=False)
                yield QuestionPanel(id="wt-question")
                with Vertical(id="wt-intro"):
                    yield Static(id="wt-intro-heading", classes="wt-heading", markup=False)
                    yield Static(id="wt-intro-body", classes="wt-note", markup=False)
            with Horizontal(id="wt-nav"):
                yield Button("← Back", id="wt-back")
                yield Static(classes="wt-spacer")
                yield Button("Skip the rest", id="wt-skip-rest")
                yield Button("Next →", id="wt-next", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        state = self.state
        if state.step == "review":
            self._open_review()
        elif state.step == "handover":
            self._hand_over()
        elif (
            self.resuming
            and state.private
            and state.partner_of(state.step) is not None
            and not state.in_way_out(state.step)
        ):
            who = state.partner_of(state.step)
            assert who is not None
            self.app.push_screen(HandoverScreen(state.names[who], resume=True), self._resumed_turn)
        else:
            self._show_step()

    # --- showing a step ------------------------------------------------------------------------

    def _show_step(self) -> None:
        state = self.state
        step = state.step
        self._showing = None
        self.query_one("#wt-progress", Static).update(state.progress())
        switcher = self.query_one("#wt-body", ContentSwitcher)
        key = state.key_of(step)
        self._filling = True
        try:
            if step == "names":
                switcher.current = "wt-names"
                self._fill_names()
            elif step == "mode":
                switcher.current = "wt-choice"
                self._fill_mode()
            elif key == "position":
                switcher.current = "wt-choice"
                self._fill_position()
            elif step == "way_out":
                switcher.current = "wt-intro"
                self._fill_way_out()
            else:
                switcher.current = "wt-question"
                panel = self.query_one(QuestionPanel)
                panel.show(self._question_view(step), state.get(step))
                panel.focus_answer()
        finally:
            self._filling = False
        self._showing = step
        self._update_nav()
        self.refresh_bindings()

    def _blank(self) -> None:
        """Show nothing and hold nothing of anyone's answers (under a hand-over, say)."""
        self._showing = None
        self.query_one("#wt-progress", Static).update("")
        self.query_one("#wt-body", ContentSwitcher).current = "wt-blank"
        panel = self.query_one(QuestionPanel)
        self._filling = True
        panel.show(QuestionView(prompt=""), "")
        self._filling = False
        self.query_one("#wt-nav").display = False

    def _fill_names(self) -> None:
        state = self.state
        self.query_one("#wt-name-a", Input).value = state.names[0]
        self.query_one("#wt-name-b", Input).value = state.names[1]
        self.query_one("#wt-title", Input).value = state.title or state.default_title()
        self.query_one("#wt-names-hint", Static).update("")
        target = "#wt-name-b" if state.names[0] and not state.names[1] else "#wt-name-a"
        self.query_one(target, Input).focus()

    def _fill_choices(
        self, heading: str, note: str, why: str, choices: tuple, current: str | None
    ) -> None:
        self.query_one("#wt-choice-heading", Static).update(literal(heading, "bold"))
        note_widget = self.query_one("#wt-choice-note", Static)
        note_widget.update(literal(note))
        note_widget.display = bool(note)
        why_widget = self.query_one("#wt-choice-why", Static)
        why_widget.update(literal(why))
        why_widget.display = bool(why)
        self.query_one("#wt-choice-hint", Static).update("")
        options = self.query_one("#wt-choices", OptionList)
        options.clear_options()
        for number, (value, label, description) in enumerate(choices):
            if number:
                options.add_option(None)  # a quiet line between the choices
            prompt = Text.assemble((label, "bold"), "\n", (description, ""))
            options.add_option(Option(prompt, id=str(value)))
        values = [str(value) for value, _, _ in choices]
        options.highlighted = values.index(current) if current in values else None
        options.focus()

    def _fill_mode(self) -> None:
        self._fill_choices(
            "How would you like to do this?",
            "You can each answer the same few questions about what happens between you.",
            "",
            MODE_CHOICES,
            self.state.mode,
        )

    def _fill_position(self) -> None:
        state = self.state
        self._fill_choices(
            POSITION_PROMPT,
            "If both feel true, pick the one that happens first, or more often.",
            "Who moves toward and who moves away shows the shape of the dance you get "
            "caught in. Neither is wrong: both are ways to protect the bond.",
            POSITION_CHOICES,
            state.get(state.step) or None,
        )

    def _fill_way_out(self) -> None:
        state = self.state
        heading = (
            "You've both finished your side of the cycle."
            if state.private
            else "That's the cycle, from both sides."
        )
        body = (
            "Before you look at it together, a few optional questions about the way out of it: "
            "what each of you could say from underneath instead of the usual move, how you "
            "could answer when the other reaches out, and the words you'll use to call the "
            "cycle out when it starts.\n\n"
            "Press Enter to go on, or ctrl+s to skip all of this and see your cycle. "
            "You can add these later."
        )
        if state.private:
            body = "Sit together for this part.\n\n" + body
        self.query_one("#wt-intro-heading", Static).update(literal(heading, "bold"))
        self.query_one("#wt-intro-body", Static).update(literal(body))
        self.query_one("#wt-next", Button).focus()

    def _question_view(self, step: str) -> QuestionView:
        state = self.state
        who = state.partner_of(step)
        key = state.key_of(step)
        if who is None:
            return COUPLE_QUESTIONS[key]
        question = QUESTIONS_BY_KEY[key]
        me, other = state.names[who], state.names[1 - who]
        lead = note = ""
        if key in ("protective_move", "meaning"):
            trigger = answer_value(state.answers[who].get("trigger", ""))
            if trigger:
                lead = _one_line(f"When my partner… {trigger}")
        elif key == "guess":
            note = (
                f"{me}, what do you think {other} feels underneath when the cycle takes over? "
                f"Just a guess: {other} won't see it until you've both finished."
            )
        elif key == "trigger" and who == 1 and not state.private:
            note = f"Now {me}'s side of the same cycle."
        elif key == "respond":
            note = f"When {other} reaches out to you from underneath."
        elif key == "reach" and not state.private:
            underneath = answer_value(state.answers[who].get("underlying_feeling", ""))
            if underneath:
                lead = _one_line(f"Underneath, I feel… {underneath}")
        return QuestionView(
            prompt=question.prompt,
            example=question.example,
            why=question.why,
            required=key in REQUIRED,
            kind=FEELING_KINDS.get(key),
            lead=lead,
            note=note,
        )

    def _update_nav(self) -> None:
        state = self.state
        step = state.step
        nav = self.query_one("#wt-nav")
        nav.display = True
        back = self.query_one("#wt-back", Button)
        back.display = state.index > state.first_allowed()
        skip = self.query_one("#wt-skip-rest", Button)
        label = "Skip the rest" if state.is_depth(step) else "Skip all of this"
        skip.display = state.is_depth(step) or state.in_way_out(step)
        if skip.display and str(skip.label) != label:
            skip.label = label
            skip.refresh(layout=True)  # a Button's label does not resize it by itself
        next_button = self.query_one("#wt-next", Button)
        steps = state.steps()
        last = state.index == len(steps) - 1
        optional = state.partner_of(step) is not None and state.key_of(step) not in (
            *REQUIRED,
            "position",
        )
        optional = optional or step.startswith("couple:")
        empty = not answer_value(self._current_text())
        if last:
            next_button.label = "See your cycle →"
        elif step == "way_out":
            next_button.label = "Go on →"
        elif optional and empty:
            next_button.label = "Skip →"
        else:
            next_button.label = "Next →"

    def _current_text(self) -> str:
        step = self.state.step
        if self._showing != step or step in ("names", "mode", "way_out"):
            return ""
        if self.state.key_of(step) == "position":
            return self.state.get(step)
        return self.query_one(QuestionPanel).value

    # --- keys and buttons ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        step = state.step
        if self._showing is None and action in (
            "next",
            "back",
            "feelings",
            "skip_rest",
            "skip_way_out",
        ):
            return False
        if action == "back":
            return state.index > state.first_allowed()
        if action == "feelings":
            return state.partner_of(step) is not None and state.key_of(step) in FEELING_KINDS
        if action == "skip_rest":
            return state.is_depth(step)
        if action == "skip_way_out":
            return state.in_way_out(step)
        return True

    def action_next(self) -> None:
        if self._showing is None:
            return
        step = self.state.step
        if step == "names":
            self._names_done()
        elif step == "mode":
            options = self.query_one("#wt-choices", OptionList)
            if options.highlighted is not None:
                self.state.mode = MODE_CHOICES[options.highlighted][0]
            self._go(+1)
        elif self.state.key_of(step) == "position":
            options = self.query_one("#wt-choices", OptionList)
            if not self.state.get(step) and options.highlighted is None:
                self._choice_hint(
                    "Use ↑ and ↓ to pick the one closer to you, then Enter. You can change it later."
                )
                return
            if options.highlighted is not None:
                self.state.put(step, POSITION_CHOICES[options.highlighted][0].value)
            self._go(+1)
        elif step == "way_out":
            self._go(+1)
        else:
            self._capture()
            view = self.query_one(QuestionPanel).view
            if view.required and not answer_value(self.state.get(step)):
                self.query_one(QuestionPanel).remind_required()
                return
            self._go(+1)

    def action_back(self) -> None:
        if self._showing is None:
            return
        self._capture()
        self._go(-1)

    def action_feelings(self) -> None:
        if self._showing is not None:
            self.query_one(QuestionPanel).toggle_feelings()

    def action_skip_rest(self) -> None:
        state = self.state
        who = state.partner_of(state.step)
        if who is None or not state.is_depth(state.step):
            return
        self._capture()
        self._go_to(state.after_side(who))

    def action_skip_way_out(self) -> None:
        if not self.state.in_way_out(self.state.step):
            return
        self._capture()
        self._finish()

    def action_leave(self) -> None:
        self._capture()
        if not self.state.has_content():
            self._cancel_draft_timer()
            self.dismiss(None)
            return

        def decided(leave: bool | None) -> None:
            if leave:
                self._save_draft()
                self._finished = True
                self.dismiss(None)
            elif self._showing is not None:
                self._refocus()

        self.app.push_screen(
            ConfirmScreen(
                "Keep this for later?",
                "Everything written so far stays on this computer. Next time you open "
                "cyclemap, you can pick up exactly where you left off.",
                yes="Keep it for later",
                no="Keep going",
            ),
            decided,
        )

    @on(Button.Pressed, "#wt-next")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()

    @on(Button.Pressed, "#wt-back")
    def _back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    @on(Button.Pressed, "#wt-skip-rest")
    def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.state.in_way_out(self.state.step):
            self.action_skip_way_out()
        else:
            self.action_skip_rest()

    @on(QuestionPanel.Submitted)
    def _question_submitted(self, event: QuestionPanel.Submitted) -> None:
        event.stop()
        self.action_next()

    @on(QuestionPanel.Browsing)
    def _browsing(self, event: QuestionPanel.Browsing) -> None:
        event.stop()
        self.query_one("#wt-nav").display = not event.open and self._showing is not None

    @on(QuestionPanel.AnswerChanged)
    def _question_changed(self, event: QuestionPanel.AnswerChanged) -> None:
        event.stop()
        if self._filling or self._showing is None:
            return
        self._capture()
        self._update_nav()
        self._schedule_draft()

    @on(ChoiceList.NothingPicked)
    def _nothing_picked(self, event: ChoiceList.NothingPicked) -> None:
        event.stop()
        self.action_next()

    @on(OptionList.OptionSelected, "#wt-choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._showing is None:
            return
        step = self.state.step
        if step == "mode":
            self.state.mode = MODE_CHOICES[event.option_index][0]
        elif self.state.key_of(step) == "position":
            self.state.put(step, POSITION_CHOICES[event.option_index][0].value)
        self._go(+1)

    @on(Input.Changed, "#wt-name-a, #wt-name-b, #wt-title")
    def _names_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filling or self._showing != "names":
            return
        state = self.state
        if event.input.id == "wt-title":
            state.title = event.value
            state.title_edited = event.value.strip() != state.default_title()
        else:
            state.names = [
                self.query_one("#wt-name-a", Input).value,
                self.query_one("#wt-name-b", Input).value,
            ]
            if not state.title_edited:
                state.title = state.default_title()
                self._filling = True
                self.query_one("#wt-title", Input).value = state.title
                self._filling = False
        self.query_one("#wt-names-hint", Static).update("")
        self._schedule_draft()

    @on(Input.Submitted, "#wt-name-a, #wt-name-b, #wt-title")
    def _names_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "wt-name-a":
            self.query_one("#wt-name-b", Input).focus()
        else:
            self._names_done()

    # --- moving --------------------------------------------------------------------------------

    def _names_done(self) -> None:
        self._capture()
        state = self.state
        names = [" ".join(clean_text(n).split()) for n in state.names]
        hint = self.query_one("#wt-names-hint", Static)
        if not names[0] or not names[1]:
            hint.update("Two names, please: one for each of you.")
            missing = "#wt-name-a" if not names[0] else "#wt-name-b"
            self.query_one(missing, Input).focus()
            return
        if names[0].casefold() == names[1].casefold():
            hint.update("Two different names help tell your answers apart.")
            self.query_one("#wt-name-b", Input).focus()
            return
        state.names = names
        state.title = " ".join(clean_text(state.title).split()) or state.default_title()
        self._go(+1)

    def _choice_hint(self, message: str) -> None:
        self.query_one("#wt-choice-hint", Static).update(literal(message))
        self.query_one("#wt-choices", OptionList).focus()

    def _capture(self) -> None:
        """Copy what is on screen into the state (only the step whose widgets are showing)."""
        step = self._showing
        if step is None or step != self.state.step:
            return
        state = self.state
        if step == "names":
            state.names = [
                self.query_one("#wt-name-a", Input).value,
                self.query_one("#wt-name-b", Input).value,
            ]
            state.title = self.query_one("#wt-title", Input).value
        elif step in ("mode", "way_out") or state.key_of(step) == "position":
            return
        else:
            state.put(step, self.query_one(QuestionPanel).value)

    def _go(self, delta: int) -> None:
        state = self.state
        steps = state.steps()
        target = state.index + delta
        if target < state.first_allowed():
            return
        if target >= len(steps):
            self._finish()
            return
        self._go_to(steps[target])

    def _go_to(self, step: str) -> None:
        state = self.state
        state.step = step
        self._save_draft()
        if step == "handover":
            self._hand_over()
        else:
            self._show_step()

    def _hand_over(self) -> None:
        state = self.state
        self._blank()
        self._save_draft()
        self.app.push_screen(HandoverScreen(state.names[1], state.names[0]), self._handed_over)

    def _handed_over(self, choice: HandoverChoice | None) -> None:
        state = self.state
        if choice == "go":
            state.second_turn_started = True
            self._go_to("1:trigger")
        elif choice == "back":
            steps = state.steps()
            self._go_to(steps[steps.index("handover") - 1])
        else:
            self._save_draft()
            self._finished = True
            self.dismiss(None)

    def _resumed_turn(self, choice: HandoverChoice | None) -> None:
        if choice == "go":
            self._show_step()
        else:
            self._finished = True
            self.dismiss(None)

    def _refocus(self) -> None:
        step = self.state.step
        if step == "names":
            self.query_one("#wt-name-a", Input).focus()
        elif step == "mode" or self.state.key_of(step) == "position":
            self.query_one("#wt-choices", OptionList).focus()
        elif step == "way_out":
            self.query_one("#wt-next", Button).focus()
        else:
            self.query_one(QuestionPanel).focus_answer()

    # --- the end: the reveal -------------------------------------------------------------------

    def _finish(self) -> None:
        state = self.state
        problem = state.first_problem()
        if problem is not None and not (
            state.private and state.second_turn_started and problem.startswith("0:")
        ):
            self._go_to(problem)
            self.query_one(QuestionPanel).set_hint(
                "This one is needed before you can see the cycle."
            )
            return
        state.step = "review"
        self._save_draft()
        self._open_review()

    def _open_review(self) -> None:
        from cyclemap.tui.screens.reveal import ReviewScreen

        state = self.state
        try:
            cycle_map = state.build_map()
        except ValidationError:
            # Only a hand-edited or damaged draft gets here: go back to the start, keep it all.
            state.step = state.first_problem() or "names"
            if state.step.startswith("0:"):
                state.second_turn_started = False
            self._save_draft()
            self._show_step()
            return
        self._blank()
        self.app.push_screen(
            ReviewScreen(
                self.library, cycle_map, expected=None, mode="reveal", on_change=self._reviewed
            ),
            self._review_closed,
        )

    def _reviewed(self, cycle_map: CycleMap) -> None:
        """A change made on the reveal screen: keep it in the draft too."""
        self.state.absorb(cycle_map)
        self._save_draft()

    def _review_closed(self, saved_id: str | None) -> None:
        if saved_id is not None:
            self._finished = True
            self._cancel_draft_timer()
            self.dismiss(saved_id)
            return
        # Back from the reveal: to the last question, everything kept.
        self._go_to(self.state.steps()[-1])

    # --- the draft -----------------------------------------------------------------------------

    def _schedule_draft(self) -> None:
        self._cancel_draft_timer()
        self._draft_timer = self.set_timer(self.DRAFT_DELAY, self._save_draft)

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def _save_draft(self, *, capture: bool = True) -> None:
        self._cancel_draft_timer()
        if self._finished or not self.state.has_content():
            return
        if capture:
            self._capture()
        try:
            self.library.save_draft(self.state.to_draft())
        except (OSError, StoreError) as error:
            if not self._draft_warned:
                self._draft_warned = True
                self.notify(
                    f"Your answers could not be saved as a draft: {error}",
                    title="Not saved",
                    severity="warning",
                    markup=False,
                )

    def on_unmount(self) -> None:
        # Quitting while a keystroke waits for the draft: the state already holds it.
        if self._draft_timer is not None:
            self._save_draft(capture=False)
        self._cancel_draft_timer()
