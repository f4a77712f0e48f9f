"""What the worksheet asks, in every format: the walkthrough's questions for each partner's
side (their words, their examples, and whether a side needs them: walkthrough_words.NEEDED), in
the order of the sentence they make, and the couple's own questions for the page together.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyclemap.terms import MAP_LABELS, POSITION_PROMPT, QUESTIONS_BY_KEY
from cyclemap.walkthrough_words import COUPLE_QUESTIONS, NEEDED, POSITION_CHOICES

TITLE = "Our cycle — a worksheet"
# On paper the questions follow the sentence they make: "When my partner… I tell myself…
# On the surface I feel… so I… Underneath, I feel…", then the position and the guess.
SENTENCE_ORDER = (
    "trigger",
    "meaning",
    "surface_feeling",
    "protective_move",
    "underlying_feeling",
    "fear",
    "longing",
    "position",
    "guess",
)
PARTNERS = ("Partner A", "Partner B")
CLOSING = (
    "cyclemap is for couples who feel safe with each other. If you are afraid of your "
    "partner, please talk to someone you trust or a local domestic-violence helpline."
)


@dataclass(frozen=True)
class Item:
    """One question on paper: its number (None on the page for the two of you), its words,
    whether a side needs it, and how many lines to write on (none for a choice)."""

    number: int | None
    prompt: str
    example: str
    required: bool
    lines: int
    choices: tuple[str, ...] = ()
    heading: str = ""  # the name the app gives the answer, when it is not the prompt

    @property
    def title(self) -> str:
        """'4. …so I…', with '(optional)' after a question a side can leave out."""
        number = f"{self.number}. " if self.number is not None else ""
        words = self.prompt
        if self.heading:  # 'Warning signs: the first signs that the cycle is starting are…'
            words = f"{self.heading}: {words[:1].lower()}{words[1:]}" if words else self.heading
        optional = "" if self.required else " (optional)"
        return f"{number}{words}{optional}"


def _partner_item(number: int, key: str) -> Item:
    required = key in NEEDED
    if key == "position":
        choices = tuple(choice.label for choice in POSITION_CHOICES)
        return Item(number, POSITION_PROMPT, "", required, 0, choices)
    question = QUESTIONS_BY_KEY[key]
    return Item(number, question.prompt, question.example, required, 3 if required else 2)


PARTNER_ITEMS = tuple(
    _partner_item(number, key) for number, key in enumerate(SENTENCE_ORDER, start=1)
)
# The page for the two of you: the map's own fields, by the names the app gives them, with the
# walkthrough's questions for them (the cycle's name is given at the reveal, without one).
TOGETHER_ITEMS = (
    Item(
        None,
        "",
        "The Storm, the Freeze, the Sunday spiral…",
        False,
        1,
        heading=MAP_LABELS["cycle_name"],
    ),
    *(
        Item(
            None,
            COUPLE_QUESTIONS[key].prompt,
            COUPLE_QUESTIONS[key].example,
            False,
            2,
            heading=MAP_LABELS[key],
        )
        for key in ("warning_signs", "pause_phrase")
    ),
)


def needed_numbers() -> str:
    """'1, 4, 5 and 8': the questions a side needs, as the walkthrough asks them."""
    numbers = [str(item.number) for item in PARTNER_ITEMS if item.required]
    return ", ".join(numbers[:-1]) + f" and {numbers[-1]}" if len(numbers) > 1 else numbers[0]


def intro() -> str:
    return (
        "Each of you fills in one side, on your own or together. Questions "
        f"{needed_numbers()} are the heart of it; the ones marked (optional) add depth, and "
        "any of them can be left out. There are no right answers: the cycle is the problem, "
        "not either of you."
    )


def example(item: Item) -> str:
    """'For example: …goes quiet when I bring something up'."""
    return f"For example: {item.example}" if item.example else ""
