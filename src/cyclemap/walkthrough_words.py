"""The walkthrough's words: its choices, its questions, and what each step says.

Plain data (strings and frozen dataclasses) for `cyclemap.walkthrough`, which decides which of
them a step shows; the screens turn them into Text. Nothing here knows about the walk's state.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyclemap.terms import ANSWER_MAX, POSITION_PROMPT, QUESTIONS_BY_KEY, Position, clean_text

PRIVATE = "private"
TOGETHER = "together"
REQUIRED = ("trigger", "protective_move", "underlying_feeling")
# What a side cannot do without: the three required answers and the position (a choice).
NEEDED = (*REQUIRED, "position")


@dataclass(frozen=True)
class Choice:
    """One of two or three clear choices (a position, a mode)."""

    value: str
    label: str
    description: str


POSITION_CHOICES = (
    Choice(
        Position.PURSUE.value,
        "I move toward — I pursue",
        "I push to talk it out, follow, protest, raise my voice, can't let it go.",
    ),
    Choice(
        Position.WITHDRAW.value,
        "I move away — I withdraw",
        "I go quiet, step back, shut down, leave the room, need space.",
    ),
)
MODE_CHOICES = (
    Choice(
        PRIVATE,
        "Take turns privately",
        "One of you answers, then passes the laptop. Your answers stay hidden from each other "
        "until you've both finished.",
    ),
    Choice(
        TOGETHER,
        "Fill it in together",
        "Side by side, or with your therapist: you both see everything as you go.",
    ),
)


@dataclass(frozen=True)
class QuestionView:
    """What a question panel shows for one step."""

    prompt: str
    example: str = ""
    why: str = ""
    required: bool = False
    kind: str | None = None  # "surface" | "underlying" for feelings, else None
    lead: str = ""  # context line above the prompt (the person's own earlier words)
    note: str = ""  # a line under the prompt (e.g. "Alex, what do you think Sam feels?")
    max_length: int = ANSWER_MAX
    keys: str = ""  # a quiet line under the answer: what Enter does ("Enter moves on")


@dataclass(frozen=True)
class ChoiceView:
    """What a choice step shows: nothing is chosen until the person chooses."""

    heading: str
    note: str
    why: str
    choices: tuple[Choice, ...]
    chosen: str | None


# The answers that take feelings: their suggestions come from this part of the vocabulary.
FEELING_KINDS = {
    "surface_feeling": "surface",
    "underlying_feeling": "underlying",
    "guess": "underlying",
}

# The couple's own questions at the end of the walkthrough (asked again when edited).
COUPLE_QUESTIONS = {
    "pause_phrase": QuestionView(
        prompt="When the cycle starts, we could say…",
        example="…The Storm is here. Can we slow down?",
        why="Words you both agree on let either of you name the cycle without blaming anyone.",
    ),
    "warning_signs": QuestionView(
        prompt="The first signs that the cycle is starting are…",
        example="…short answers, the jaw tightens, talking faster",
        why="The cycle is easier to step out of early than in full flow.",
    ),
}

# What Enter does, said quietly where a person looks: under the answer, the names, the choices.
ENTER_MOVES_ON = "Enter moves on to the next question."
ENTER_TO_THE_CYCLE = "Enter moves on to your cycle."
NAMES_KEYS = "Tab moves between the fields; Enter moves on."
CHOICE_KEYS = "↑ ↓ move between them; Enter chooses one."

GENTLE_REQUIRED = "This one helps the map make sense. A few words are enough."
NEEDED_FOR_REVIEW = "This one is needed before you can see the cycle."
TWO_NAMES = "Two names, please: one for each of you."
DIFFERENT_NAMES = "Two different names help tell your answers apart."
PICK_ONE = (
    "Use ↑ and ↓ to pick the one closer to you, then Enter to choose it. You can change it later."
)
PICK_MODE = "Use ↑ and ↓ to pick one, then Enter to choose it."


def answer_value(text: str) -> str:
    """What an answer will be stored as: cleaned and trimmed, as the model does."""
    return clean_text(text).strip()


def one_line(text: str, width: int = 72) -> str:
    """Text on one line, cut with an ellipsis past `width` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def chosen_line(choice: Choice, *, then: str = "Enter goes on with it") -> str:
    """Said under a choice once it is chosen: what was chosen, and how to go on or change it."""
    return f"Chosen: {choice.label}. {then}, or ↑ ↓ to change it."


def picked(chosen: str | None, under_cursor: str | None) -> str:
    """What Enter on a list of choices means: "confirm" on the chosen one (go on, keep it),
    "choose" on another (it becomes the chosen one, shown, and nothing else happens yet), and
    "none" with the cursor on none. Moving the cursor never chooses."""
    if under_cursor is None:
        return "none"
    return "confirm" if under_cursor == chosen else "choose"


def mode_view(chosen: str | None) -> ChoiceView:
    return ChoiceView(
        "How would you like to do this?",
        "You can each answer the same few questions about what happens between you.",
        "",
        MODE_CHOICES,
        chosen,
    )


def position_view(chosen: str | None) -> ChoiceView:
    return ChoiceView(
        POSITION_PROMPT,
        "If both feel true, pick the one that happens first, or more often.",
        "Who moves toward and who moves away shows the shape of the dance you get caught in. "
        "Neither is wrong: both are ways to protect the bond.",
        POSITION_CHOICES,
        chosen,
    )


def way_out_intro(*, private: bool) -> tuple[str, str]:
    """The heading and the words before the way out of the cycle."""
    heading = (
        "You've both finished your side of the cycle."
        if private
        else "That's the cycle, from both sides."
    )
    body = (
        "Before you look at it together, a few optional questions about the way out of it: "
        "what each of you could say from underneath instead of the usual move, how you could "
        "answer when the other reaches out, and the words you'll use to call the cycle out "
        "when it starts.\n\n"
        "Press Enter to go on, or ctrl+s to skip all of this and see your cycle. "
        "You can add these later."
    )
    if private:
        body = "Sit together for this part.\n\n" + body
    return heading, body


def partner_question(
    key: str,
    *,
    me: str,
    other: str,
    second: bool,
    private: bool,
    trigger: str = "",
    underneath: str = "",
) -> QuestionView:
    """One partner's question (`me`, the other is `other`); `second` for the second partner.
    `trigger` and `underneath` are their own earlier answers, shown above the questions that
    follow on from them."""
    question = QUESTIONS_BY_KEY[key]
    lead = note = ""
    if key in ("protective_move", "meaning"):
        if trigger:
            lead = one_line(f"When my partner… {trigger}")
    elif key == "guess":
        note = (
            f"{me}, what do you think {other} feels underneath when the cycle takes over? "
            f"Just a guess: {other} won't see it until you've both finished."
        )
    elif key == "trigger" and second and not private:
        note = f"Now {me}'s side of the same cycle."
    elif key == "respond":
        note = f"When {other} reaches out to you from underneath."
    elif key == "reach" and not private and underneath:
        lead = one_line(f"Underneath, I feel… {underneath}")
    return QuestionView(
        prompt=question.prompt,
        example=question.example,
        why=question.why,
        required=key in REQUIRED,
        kind=FEELING_KINDS.get(key),
        lead=lead,
        note=note,
    )
