"""A walkthrough's draft: its state as plain data for drafts/walkthrough.toml, and back.

A draft is a file, so it is read as hostile: whatever is usable comes back, cleaned and cut to
the model's limits, and anything odd is left out rather than trusted. Drafts written before
still resume: version 1 drafts from before "mode_chosen" count their mode as chosen once they
are past the mode step.
"""

from __future__ import annotations

from typing import Any

from cyclemap.terms import (
    ANSWER_MAX,
    COUPLE_MAX,
    CYCLE_NAME_MAX,
    NAME_MAX,
    TITLE_MAX,
    Position,
    clean_text,
)
from cyclemap.walkthrough import COUPLE_KEYS, PARTNER_KEYS, WalkState
from cyclemap.walkthrough_words import PRIVATE, TOGETHER, one_line

DRAFT_VERSION = 1  # the draft's shape; "mode_chosen" was added without breaking version 1
_POSITIONS = frozenset(position.value for position in Position)


def draft_of(state: WalkState) -> dict[str, Any]:
    return {
        "draft_version": DRAFT_VERSION,
        "step": state.step,
        "mode": state.mode,
        "mode_chosen": state.mode_chosen,
        "title": state.title,
        "title_edited": state.title_edited,
        "couple": state.couple,
        "cycle_name": state.cycle_name,
        "second_turn_started": state.second_turn_started,
        # Shaped like a map's partners (name first), so the draft reads like one.
        "partners": [{"name": state.names[index], **state.answers[index]} for index in (0, 1)],
        "together": dict(state.together),
    }


def _text(value: Any, limit: int) -> str:
    return clean_text(value)[:limit] if isinstance(value, str) else ""


def _answers(values: dict[Any, Any], keys: frozenset[str] | tuple[str, ...]) -> dict[str, str]:
    return {
        key: _text(value, ANSWER_MAX)
        for key, value in values.items()
        if key in keys and _text(value, ANSWER_MAX)
    }


def read_draft(data: dict[str, Any] | None) -> WalkState:
    """Whatever is usable in a draft; anything odd is left out rather than trusted."""
    state = WalkState()
    if not isinstance(data, dict):
        return state
    state.title = _text(data.get("title"), TITLE_MAX)
    state.title_edited = data.get("title_edited") is True
    state.couple = _text(data.get("couple"), COUPLE_MAX)
    state.cycle_name = _text(data.get("cycle_name"), CYCLE_NAME_MAX)
    valid_mode = data.get("mode") in (PRIVATE, TOGETHER)
    if valid_mode:
        state.mode = data["mode"]
    partners = data.get("partners")
    if isinstance(partners, list):
        for index, answers in enumerate(partners[:2]):
            if isinstance(answers, dict):
                state.names[index] = _text(answers.get("name"), NAME_MAX)
                state.answers[index] = _answers(answers, PARTNER_KEYS)
                position = state.answers[index].get("position")
                if position is not None and position not in _POSITIONS:
                    del state.answers[index]["position"]
    together = data.get("together")
    if isinstance(together, dict):
        state.together = _answers(together, COUPLE_KEYS)
    step = data.get("step")
    steps = state.steps()
    if step == "review" or (isinstance(step, str) and step in steps):
        state.step = step
    chosen = data.get("mode_chosen")
    past_mode = state.step == "review" or state.index > steps.index("mode")
    state.mode_chosen = valid_mode and (chosen is True or (chosen is None and past_mode))
    # Never unlock the first turn by resuming: past the hand-over means the turn started.
    state.second_turn_started = data.get("second_turn_started") is True
    if state.private and state.step in steps and state.index > steps.index("handover"):
        state.second_turn_started = True
    if state.step == "review":
        state.second_turn_started = state.second_turn_started or state.private
    return state


def draft_summary(data: dict[str, Any]) -> str:
    """Whose walkthrough a draft is, by its names and title only (never an answer: both may
    see the screen it is on)."""
    state = read_draft(data)
    names = state.default_title()
    title = f"“{one_line(state.title, 60)}”" if state.title_edited else ""
    if names and title:
        return f"There's an unfinished walkthrough for {names}: {title}."
    if names or title:
        return f"There's an unfinished walkthrough for {names or title}."
    return "There's an unfinished walkthrough."
