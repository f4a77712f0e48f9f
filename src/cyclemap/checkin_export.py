"""The check-in log in full, for a couple who want to keep it: every word of every entry, as
plain text, as Markdown, or as JSON for scripts (`cyclemap log ID --format text|md|json`).

The listing (`cyclemap log ID`) and the chart (`--summary`) are short and live in
`cyclemap.checkin`; here a conversation is written out whole: the moment, each partner's turn
with what the other heard and answered, whether it landed, and one thing for next time. The
words are exactly as stored (cleaned when they were saved); Markdown escapes them so that
nothing a partner typed becomes a heading, a link or HTML. No Textual here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cyclemap.checkin import (
    format_day,
    outcome,
    plain_pairs,
    to_data,
)
from cyclemap.checkin_entries import LOG_SCHEMA_VERSION, AnyEntry, CheckInLog, Conversation, Turn

FORMATS = ("text", "md", "json")

# Did it land? In words a person would say.
LANDED_SAID = {"yes": "Yes", "partly": "Partly", "not yet": "Not yet"}


def _turn_lines(turn: Turn) -> list[tuple[str, str]]:
    """(label, words) of one turn, in the order they were said; only what was typed."""
    sharer, listener = turn.sharer, turn.listener
    pairs = [
        ("What set me off this time", turn.set_off),
        ("What I did, my part", turn.my_part),
        ("Underneath, I felt", turn.underneath),
        ("What I needed", turn.needed),
        ("What I said", turn.reach),
        (f"What {listener} heard", turn.heard),
        (f"How {listener} answered", turn.response),
        ("Did it land?", LANDED_SAID.get(turn.landed or "")),
        (f"{sharer} said more", turn.more),
        (f"What {listener} heard then", turn.heard_more),
        ("Did it land then?", LANDED_SAID.get(turn.landed_again or "")),
    ]
    return [(label, words) for label, words in pairs if words]


def _typed(turn: Turn) -> bool:
    """Whether anything but the answers to "did it land?" was typed in this turn."""
    return any(words for label, words in _turn_lines(turn) if not label.startswith("Did it land"))


def _added(entry: Conversation) -> list[tuple[str, str]]:
    pairs = [
        ("A warning sign added to the map", entry.added_warning_sign),
        ("A new pause phrase for the map", entry.new_pause_phrase),
    ]
    return [(label, words) for label, words in pairs if words]


# ---- plain text ----------------------------------------------------------------------------


def _indent(label: str, words: str, pad: str) -> list[str]:
    """'Label: words' (a question keeps its '?'), later lines under the first."""
    lead = f"{label} " if label.endswith("?") else f"{label}: "
    first, *rest = words.split("\n")
    under = pad + " " * len(lead)
    return [f"{pad}{lead}{first}", *(under + line for line in rest)]


def entry_text(entry: AnyEntry) -> str:
    """One entry, whole, as plain text."""
    lines = [f"{format_day(entry.date)} · {outcome(entry)}"]
    if not isinstance(entry, Conversation):
        for label, words in plain_pairs(entry):
            lines += _indent(label, words, "  ")
    else:
        if entry.moment:
            lines += _indent("The moment", entry.moment, "  ")
        for turn in entry.turns:
            lines += ["", f"  {turn.sharer} shared, {turn.listener} listened"]
            if not _typed(turn):
                lines.append("    (said aloud)")
            for label, words in _turn_lines(turn):
                lines += _indent(label, words, "    ")
        tail = []
        if entry.next_time:
            tail += _indent("One thing for next time", entry.next_time, "  ")
        for label, words in _added(entry):
            tail += _indent(label, words, "  ")
        if tail:
            lines += ["", *tail]
    return "\n".join(lines) + "\n"


def log_text(entries: Sequence[AnyEntry], title: str) -> str:
    """Every entry given (newest first, as listed), whole, as plain text."""
    count = f"{len(entries)} check-in{'s' if len(entries) != 1 else ''}"
    head = f"Check-ins for '{title}' — {count}, newest first\n"
    return head + "".join(f"\n{entry_text(entry)}" for entry in entries)


# ---- Markdown ------------------------------------------------------------------------------


def _md(words: str) -> str:
    from cyclemap.export import md_escape  # the maps' own escaping; only needed here

    lines = [md_escape(line.strip()) for line in words.split("\n") if line.strip()]
    return "\\\n  ".join(lines)


def _md_item(label: str, words: str) -> str:
    return f"- **{_md(label)}** {_md(words)}"


def entry_markdown(entry: AnyEntry) -> str:
    """One entry, whole, as Markdown (a level-2 heading and its lists)."""
    out = [f"## {format_day(entry.date)} · {outcome(entry)}", ""]
    if not isinstance(entry, Conversation):
        out += [_md_item(f"{label}:", words) for label, words in plain_pairs(entry)]
    else:
        if entry.moment:
            out += [_md_item("The moment:", entry.moment)]
        for turn in entry.turns:
            out += ["", f"### {_md(turn.sharer)} shared, {_md(turn.listener)} listened", ""]
            if not _typed(turn):
                out += ["*Said aloud.*", ""]
            for label, words in _turn_lines(turn):
                out.append(_md_item(label if label.endswith("?") else f"{label}:", words))
        tail = []
        if entry.next_time:
            tail.append(_md_item("One thing for next time:", entry.next_time))
        tail += [_md_item(f"{label}:", words) for label, words in _added(entry)]
        if tail:
            out += ["", *tail]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def log_markdown(entries: Sequence[AnyEntry], title: str) -> str:
    """Every entry given, whole, as one Markdown document."""
    out = f"# Check-ins · {_md(title)}\n"
    return out + "".join(f"\n{entry_markdown(entry)}" for entry in entries)


# ---- JSON ----------------------------------------------------------------------------------


def log_json(log: CheckInLog, map_id: str, entries: Sequence[AnyEntry] | None = None) -> str:
    """The log for scripts: every entry in the order it was added (or `entries`, as given),
    each with its kind and exactly the words stored."""
    chosen = log.entries if entries is None else entries
    data: dict[str, Any] = {
        "schema_version": LOG_SCHEMA_VERSION,
        "map": map_id,
        "entries": [to_data(entry) for entry in chosen],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(log: CheckInLog, fmt: str, *, map_id: str, title: str, last: bool = False) -> str:
    """The log in one of FORMATS; `last`: only the newest entry."""
    newest = log.newest_first()
    chosen = newest[:1] if last else newest
    if fmt == "json":
        return log_json(log, map_id, chosen if last else None)
    if fmt == "md":
        return log_markdown(chosen, title)
    if fmt == "text":
        return log_text(chosen, title)
    raise ValueError(f"unknown format {fmt!r}")
