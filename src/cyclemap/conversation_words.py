"""What the pause and the guided conversation say: their choices, questions and the words
around them. Plain data for `cyclemap.conversation`, which decides which of them a step shows;
the screens turn them into Text.

Every line here is meant to be read aloud by someone upset: short sentences, no blame, the
cycle as the problem rather than either partner, and "not yet" as a normal part of it.
"""

from __future__ import annotations

from cyclemap.walkthrough_words import Choice

# --- the pause ----------------------------------------------------------------------------

PAUSE_MINUTES = (10, 20, 30, 60)
PAUSE_DEFAULT = 20
MORE_MINUTES = 10
BREATHE_IN = 4.0  # seconds
BREATHE_OUT = 6.0

# For a map without a pause phrase of its own.
DEFAULT_PHRASE = "This is the cycle, not us. Let's pause, and come back to each other."
NOT_EITHER = "This is the cycle, not either of you."
PAUSE_INTRO = "Step away for a while. Nobody has to win, or say anything more right now."
SIGNS_LEAD = "The warning signs on your map"
BREATHE_WORDS = {"in": "Breathe in…", "out": "…and out"}
STILL_BREATHING = "Breathe in slowly for about four seconds, and out for about six."
PAUSE_SUGGESTED = "Suggested words, until you choose your own."

TIME_UP_HEADING = "Welcome back."
EARLY_HEADING = "Back already? That's fine."
TIME_UP_BODY = (
    "You caught the cycle and stepped out of it together. That is the hardest part.\n\n"
    "When you both feel calm enough, you could talk about what happened: one of you at a "
    "time, the other listening."
)
OWN_PHRASE_PROMPT = "Words of your own for next time? (optional)"
OWN_PHRASE_NOTE = (
    "Something short you both agree on. It will be on your map, and saved with its history."
)

PAUSE_TALK = "Talk it through now"
PAUSE_NOTE = "Note the pause, and stop here"
PAUSE_MORE = f"{MORE_MINUTES} more minutes"
PAUSE_KEEP = "Back to the pause"
PAUSE_LEFT = "{clock} left"
PAUSE_COME_BACK = "Come back in"
PAUSE_BACK_BUTTON = "We're back"


def pause_choices(*, early: bool) -> tuple[Choice, ...]:
    """What is offered once they are back: the conversation, a note of the pause, more time
    (and, back before the time was up, the pause again)."""
    choices = [
        Choice("talk", PAUSE_TALK, "One of you at a time, the other listening."),
        Choice("note", PAUSE_NOTE, "The pause goes into your check-in log."),
        Choice("more", PAUSE_MORE, "Take the time you need. Nothing is lost."),
    ]
    if early:
        choices.append(Choice("keep", PAUSE_KEEP, "The same pause goes on, to the same time."))
    return tuple(choices)


# --- the conversation ----------------------------------------------------------------------

READY = "ready"
NOT_YET = "not_yet"
MORE = "more"
PAUSE = "pause"
ON = "on"

READY_HEADING = "Are you both calm enough to talk about it now?"
READY_BODY = (
    "For after a rocky moment, once the heat has gone down. One of you shares while the other "
    "listens, then you swap. Type as you go, or just say it aloud."
)
SAFETY = (
    "If either of you feels unsafe with the other, stop here: this isn't the right tool for "
    "that. A local domestic-violence helpline or a professional can help, in confidence."
)
READY_CHOICES = (
    Choice(READY, "Yes, we're both ready", "Calm enough to listen, and to be heard."),
    Choice(NOT_YET, "Not yet", "Take a pause first. This will wait for you."),
)

LANDED_CHOICES = (
    Choice("yes", "Yes, it landed", "I feel heard."),
    Choice("partly", "Partly", "Some of it reached me."),
    Choice("not yet", "Not yet", "That's all right. It often takes more than one try."),
)


def after_not_yet(
    sharer: str, listener: str, *, again: bool, last_turn: bool
) -> tuple[str, str, tuple[Choice, ...]]:
    """What is said, and offered, after "not yet": saying more (the first time), a pause, or
    going on for now. Never a score."""
    pause = Choice(PAUSE, "Take a pause", "A breather, then come back to it. Nothing is lost.")
    on = Choice(
        ON,
        "Go on to the end" if last_turn else f"Go on to {listener}'s turn",
        "You listened to each other. That counts, and you can come back to this another time.",
    )
    if again:
        heading = "Some moments take more than one conversation."
        body = (
            f"That's all right. {listener} has heard some of it, and you can come back to "
            "the rest another time."
        )
        return heading, body, (pause, on)
    heading = "Not yet. That's all right."
    body = (
        f"Being heard can take a second try. {sharer}, you could say a little more about what "
        f"you most want {listener} to understand, and {listener} can listen again."
    )
    more = Choice(MORE, "Say a little more", f"{sharer} says more, and {listener} listens again.")
    return heading, body, (more, pause, on)


def first_choices(names: tuple[str, str]) -> tuple[Choice, ...]:
    a, b = names
    return (
        Choice("0", f"{a} shares first", f"{b} listens. Then you swap."),
        Choice("1", f"{b} shares first", f"{a} listens. Then you swap."),
    )


FIRST_HEADING = "Who would like to share first?"
FIRST_BODY = "Either way is fine. You will both have a turn."

MOMENT_PROMPT = "What happened? A few words for the moment."
MOMENT_WHY = "Just where and when, not who was right. The rest comes one at a time."
MOMENT_EXAMPLE = "…at dinner, when the holiday plans came up"


def name_it(cycle_name: str | None, pattern: str, moves: tuple[str, str]) -> tuple[str, str]:
    """The heading and words of "name it": the map's cycle and its pattern."""
    heading = f"It was “{cycle_name}” again" if cycle_name else "It was the cycle again"
    first, second = moves
    body = (
        f"Your map calls it {pattern}. {first}, {second} — and each move sets off the other.\n\n"
        "It caught both of you. The cycle is the problem, not either of you."
    )
    return heading, body


# A turn: what the sharer is asked, then the listener. (prompt, why) with {me} and {other}.
SHARER_QUESTIONS = {
    "set_off": ("{me}, what set you off this time?", "What you saw or heard, in your own words."),
    "my_part": (
        "What did you do? Your part, as you see it now.",
        "Only your side. What {other} did is for {other}'s turn.",
    ),
    "underneath": (
        "What did you feel underneath?",
        "The softer feeling under the reaction: alone, scared, not good enough…",
    ),
    "needed": ("What did you need from {other} right then?", "To be close? To be sure of {other}?"),
}
LISTENER_QUESTIONS = {
    "heard": (
        "{me}, what did you hear {other} say? Say it back in your own words.",
        "Not whether it's right, or your side of it: just what {other} shared and felt.",
    ),
    "response": (
        "And how do you want to answer {other} now?",
        "From what you feel underneath, not from the usual move.",
    ),
}
MORE_QUESTIONS = {
    "more": (
        "{me}, what do you most want {other} to understand?",
        "A little more, or the same thing in other words.",
    ),
    "heard_more": (
        "{me}, what do you hear now?",
        "Say it back again, in your own words.",
    ),
}
# The map's own answer shown under a question, as a reminder, never filled in.
MAP_HINTS = {
    "set_off": ("trigger", "On your map — when: {answer}"),
    "my_part": ("protective_move", "On your map — what I do: {answer}"),
    "underneath": ("underlying_feeling", "On your map — underneath: {answer}"),
    "needed": ("longing", "On your map — what I long for: {answer}"),
    "response": ("respond", "On your map — how I can answer: {answer}"),
}

REACH_HEADING = "{me}, say it to {other}:"
REACH_FROM_MAP = "Your words from your map. Say them as they are, or your own way."
REACH_FROM_NOW = "Your words from just now."
REACH_OPEN = "Start here, and say the rest in your own words."
REACH_STARTER = "Underneath, I felt… and what I needed was…"
REACH_PROMPT = "Want to put it your own way?"
RESPONSE_HEADING = "{me}, answer {other}:"
RESPONSE_FROM_MAP = "How your map says you can answer. Put it in your own words."
RESPONSE_STARTER = "I hear you. I'm here…"
LANDED_HEADING = "{me}, did it land?"
LANDED_BODY = "Did you feel heard by {other}? There's no wrong answer."

SWAP_HEADING = "Thank you, {done}."
SWAP_BODY = "Now it's {next}'s turn to share, and {done}'s turn to listen."

NEXT_TIME_PROMPT = "One thing to try next time the cycle starts."
NEXT_TIME_WHY = "Something small you can both do: a word, a signal, a pause."
NEXT_TIME_EXAMPLE = "…say the pause phrase before the voices go up"
ADD_SIGN_PROMPT = "A new warning sign of the cycle, to add to your map?"
ADD_SIGN_WHY = "Something you noticed this time, that you would like to catch sooner."
ADD_PHRASE_PROMPT = "Better words for your pause phrase?"
ADD_PHRASE_WHY = "Only if you'd like to change them. The map keeps the old words in its history."

DONE_HEADING = "You talked it through."
DONE_BODY = (
    "Thank you both, for listening and for being heard. This goes into your check-in log as "
    "“talked it through”, with whatever you typed."
)
DONE_MAP = "Your map gets: {changes}. Its history keeps the version before."


def goodbye_line(result: str | None, map_id: str, title: str, option: str = "") -> str | None:
    """What the command line says once the app has closed after `cyclemap pause` or `talk`
    (never anything typed); `option` is added to the commands it gives (--data-dir …)."""
    if result == "saved":
        return (
            f"Saved in the check-in log of “{title}”: talked it through. To read it: "
            f"cyclemap log {map_id}{option} --last --format text"
        )
    if result == "noted":
        return f"The pause is in the check-in log of “{title}”."
    if result == "kept":
        return f"Your conversation is kept for next time: cyclemap talk {map_id}{option}"
    return None
