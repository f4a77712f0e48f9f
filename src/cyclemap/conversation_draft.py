"""A conversation in progress as a draft: `drafts/talk-<id>.toml`, written after every answer and
every step (as the walkthrough's), held by a claim while a window has it open, and read back
leniently: whatever is usable is kept, anything odd is left out rather than trusted.

No Textual here; the store writes the file (atomic, 0600, inside the library).
"""

from __future__ import annotations

import contextlib
import hashlib
from datetime import date
from typing import Any

from cyclemap import checkin
from cyclemap.conversation import TalkState
from cyclemap.conversation_steps import LANDED_VALUES, TOGETHER_KEYS, TURN_WORDS
from cyclemap.conversation_words import MORE, ON
from cyclemap.model import CycleMap
from cyclemap.terms import ANSWER_MAX, ID_MAX, clean_text

DRAFT_VERSION = 1
DRAFT_PREFIX = "talk-"


def draft_name(map_id: str) -> str:
    """The draft of a conversation about one map: 'talk-<id>', a valid draft name even for the
    longest id (shortened, with a digest to keep it apart)."""
    name = DRAFT_PREFIX + map_id
    if len(name) <= ID_MAX:
        return name
    digest = hashlib.sha256(map_id.encode("utf-8")).hexdigest()[:8]
    keep = ID_MAX - len(DRAFT_PREFIX) - len(digest) - 1
    return f"{DRAFT_PREFIX}{map_id[:keep].rstrip('-')}-{digest}"


def draft_of(state: TalkState) -> dict[str, Any]:
    """The state as plain data; shaped so that a person reading the file understands it."""
    return {
        "draft_version": DRAFT_VERSION,
        "map_id": state.cycle_map.id,
        "started": state.started.isoformat(),
        "step": state.step,
        "first": state.first,
        "together": dict(state.together),
        "partners": [dict(side) for side in state.sides],
    }


def _text(value: Any) -> str:
    return clean_text(value)[:ANSWER_MAX] if isinstance(value, str) else ""


def read_draft(data: Any, cycle_map: CycleMap, today: date) -> TalkState:
    """The conversation a draft holds, about `cycle_map`; a fresh one when nothing is usable."""
    state = TalkState(cycle_map, today)
    if not isinstance(data, dict):
        return state
    started = data.get("started")
    if isinstance(started, str):
        with contextlib.suppress(ValueError):
            state.started = min(date.fromisoformat(started), today)
    first = data.get("first")
    if first in (0, 1) and not isinstance(first, bool):
        state.first = first
    together = data.get("together")
    if isinstance(together, dict):
        state.together = {
            key: _text(value)
            for key, value in together.items()
            if key in TOGETHER_KEYS and _text(value).strip()
        }
    partners = data.get("partners")
    if isinstance(partners, list):
        for index, side in enumerate(partners[:2]):
            if isinstance(side, dict):
                state.sides[index] = _side(side)
    step = data.get("step")
    if isinstance(step, str) and step in state.steps():
        state.step = step
    return state


def _side(side: dict[Any, Any]) -> dict[str, str]:
    kept = {
        key: _text(value)
        for key, value in side.items()
        if key in TURN_WORDS and _text(value).strip()
    }
    for key in ("landed", "landed_again"):
        if side.get(key) in LANDED_VALUES:
            kept[key] = side[key]
    if side.get("after") in (MORE, ON):
        kept["after"] = side["after"]
    if side.get("after_again") == ON:
        kept["after_again"] = ON
    return kept


def resume_summary(draft: Any) -> str:
    """What the question about an unfinished conversation says: its date, never its words."""
    started = draft.get("started") if isinstance(draft, dict) else None
    day = ""
    if isinstance(started, str):
        with contextlib.suppress(ValueError):
            day = checkin.format_day(date.fromisoformat(started))
    if day:
        return f"There's a conversation about this map that you started on {day}."
    return "There's a conversation about this map that you started earlier."
