"""The check-in log of a map: an entry each time the couple notices the cycle.

An entry is one of three kinds (docs/file-format.md, "The check-in log"):
- a check-in (the first kind, and the only one of version 1): the date, what set the cycle off,
  whether they caught it (and whether one of them said the pause phrase) and, if they like, how
  they repaired;
- a pause (`cyclemap pause`): the cycle caught and named with the pause phrase, the words said
  and the time they chose to come back;
- a conversation (`cyclemap talk`): talked it through afterwards, with whatever was typed — the
  moment, each partner's turn (what they shared, what the other heard and answered, whether it
  landed), one thing for next time, and what was added to the map.

The log of map <id> is one TOML file next to the library's maps, `<library>/logs/<id>.toml`,
private like them (folder 0700, file 0600), written atomically, with its own `schema_version`.
It is written in the lowest version that holds what it contains: a log of check-ins alone stays
version 1, which every cyclemap reads.

A log that cannot be read is reported in one line and never rewritten: adding an entry to it is
refused until the file is fixed. The entries as models are `checkin_entries`; the whole text of
an entry (text, Markdown, JSON) is `checkin_export`. No Textual here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

# The entries and their rules live in checkin_entries; they are read from here too.
from cyclemap.checkin_entries import (  # noqa: F401
    CHECK_IN,
    CONVERSATION,
    FIRST_VERSION,
    KINDS,
    LABELS,
    LANDED,
    LOG_SCHEMA_VERSION,
    MINUTES_MAX,
    PAUSE,
    AnyEntry,
    CheckIn,
    CheckInError,
    CheckInLog,
    Conversation,
    Pause,
    Turn,
    describe,
    make_entry,
    make_pause,
    validated,
)
from cyclemap.store import Library, guard
from cyclemap.store.atomic import sweep_temp_files
from cyclemap.store.toml_check import key_problem

LOGS_DIR = "logs"
DIR_MODE = 0o700
FILE_MODE = 0o600
# A check-in is about 400 bytes: one a day for a hundred years is 15 MiB. Past this a log is
# not read (it would take many seconds, and memory) and said so, with what to do.
MAX_LOG_SIZE = 32 * 1024 * 1024

BAR_WIDTH = 10
BARS = {False: ("█", "░"), True: ("#", ".")}  # ascii -> (caught, not caught)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---- files ------------------------------------------------------------------------------------


def log_path(library: Library, map_id: str) -> Path:
    """`<library>/logs/<id>.toml`; StoreError for an id that is not valid."""
    library.path_for(map_id)  # validates the id
    return library.root / LOGS_DIR / f"{map_id}.toml"


def _too_large() -> str:
    return (
        f"is larger than {MAX_LOG_SIZE // (1024 * 1024)} MiB, far more than a lifetime of "
        "check-ins, so cyclemap leaves it as it is; move it out of the logs folder to start "
        "a new log"
    )


def parse_log(raw: bytes | str, source: Path | str) -> CheckInLog:
    """A log file's content, checked; CheckInError names the file and the first problem."""
    path = Path(source)

    def fail(reason: str) -> CheckInError:
        return CheckInError(f"{path}: {reason}")

    if isinstance(raw, bytes):
        if len(raw) > MAX_LOG_SIZE:
            raise fail(_too_large())
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise fail("is not UTF-8 text") from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail("the file is empty")
    problem = key_problem(text)  # what tomllib would take minutes or hours on
    if problem is not None:
        raise fail(f"is not a log cyclemap can read: {problem}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"is not valid TOML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise fail("is not valid TOML: it is nested too deeply") from None
    version = data.get("schema_version")
    if version is None:
        raise fail("schema_version is missing")
    if isinstance(version, bool) or not isinstance(version, int):
        raise fail("schema_version must be a whole number, like 1")
    if version > LOG_SCHEMA_VERSION:
        raise fail(
            f"made by a newer version of cyclemap (schema_version {version}); "
            f"this version reads up to {LOG_SCHEMA_VERSION}"
        )
    if version < 1:
        raise fail(f"schema_version {version} is not a version of the log format")
    try:
        return CheckInLog.model_validate(data)
    except ValidationError as exc:
        raise fail(describe(exc)) from None


def load_log(library: Library, map_id: str) -> CheckInLog:
    """The map's log; an empty one when there is no file yet."""
    path = log_path(library, map_id)
    try:
        raw, size = guard.read(library.root, path, MAX_LOG_SIZE)  # no link out, no pipe
    except FileNotFoundError:
        return CheckInLog()
    except guard.NotRegular as exc:
        raise CheckInError(f"{path}: {exc}, not a check-in log") from None
    except OSError as exc:
        raise CheckInError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_LOG_SIZE:
        raise CheckInError(f"{path}: {_too_large()}")
    return parse_log(raw, path)


def entry_data(entry: AnyEntry) -> dict[str, Any]:
    """An entry as it is written: absent answers left out, and no `kind` for a check-in (so a
    log of check-ins alone is exactly version 1)."""
    data = entry.model_dump(mode="python", exclude_none=True)
    if data.get("kind") == CHECK_IN:
        del data["kind"]
    if "turns" in data:
        data["turns"] = list(data["turns"])
        if not data["turns"]:
            del data["turns"]
    return data


def log_to_toml(log: CheckInLog) -> str:
    """Always `[[entries]]` tables, one an entry, in the order they were added (a
    conversation's turns as `[[entries.turns]]` under it); the version is the lowest that holds
    them."""
    parts = [tomli_w.dumps({"schema_version": log.version_needed()})]
    for entry in log.entries:
        data = entry_data(entry)
        turns = data.pop("turns", [])
        parts.append("\n[[entries]]\n" + tomli_w.dumps(data))
        parts.extend("\n[[entries.turns]]\n" + tomli_w.dumps(turn) for turn in turns)
    return "".join(parts)


def save_log(library: Library, map_id: str, log: CheckInLog) -> Path:
    """Written atomically and privately, never through a link out of the library."""
    path = log_path(library, map_id)
    guard.write(library.root, path, log_to_toml(log).encode("utf-8"))
    sweep_temp_files(path.parent)  # what killed saves left, once it is an hour old
    return path


def add_entry(library: Library, map_id: str, entry: AnyEntry) -> CheckInLog:
    """Add one entry. A log that can't be read raises and is left exactly as it is.

    Read, changed and written under the library's lock: two check-ins added at once (two
    windows, a script) are both kept."""
    with library.locked():
        log = load_log(library, map_id).added(entry)
        save_log(library, map_id, log)
    return log


# ---- answers as people type them ----------------------------------------------------------------


def parse_date(text: str, today: date) -> date:
    """'YYYY-MM-DD', not after today; ValueError with a sentence otherwise."""
    text = text.strip()
    if not _DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date like {today.isoformat()}")
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the calendar") from None
    if value > today:
        raise ValueError(f"{text} is still to come; a check-in is about something that happened")
    return value


def parse_yes_no(text: str) -> bool | None:
    """yes/y/true → True, no/n/false → False, anything else → None."""
    answer = text.strip().casefold()
    if answer in {"y", "yes", "true"}:
        return True
    if answer in {"n", "no", "false"}:
        return False
    return None


# ---- what people read ------------------------------------------------------------------------


def format_day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def outcome(entry: AnyEntry) -> str:
    """'caught it, with the pause phrase' / 'caught it' / 'not caught this time'; for a pause
    'paused: caught it, with the pause phrase', for a conversation 'talked it through'."""
    if isinstance(entry, Pause):
        return "paused: caught it, with the pause phrase"
    if isinstance(entry, Conversation):
        return "talked it through"
    if entry.caught:
        if entry.pause_phrase_used:
            return "caught it, with the pause phrase"
        return "caught it"
    if entry.pause_phrase_used:
        return "not caught this time (the pause phrase was said)"
    return "not caught this time"


def format_entries(log: CheckInLog, title: str, map_id: str) -> str:
    """`cyclemap log ID`: every entry, newest first."""
    entries = log.newest_first()
    if not entries:
        return f"No check-ins yet for '{title}'. Add one with: cyclemap log {map_id} --add\n"
    count = f"{len(entries)} check-in{'s' if len(entries) != 1 else ''}"
    lines = [f"Check-ins for '{title}' — {count}, newest first", ""]
    for entry in entries:
        lines.append(f"{format_day(entry.date)} · {outcome(entry)}")
        lines.extend(brief(entry))
        lines.append("")
    return "\n".join(lines[:-1]) + "\n"


def landed_words(landed: str | None) -> str:
    return {"yes": "it landed", "partly": "it partly landed", "not yet": "not yet"}.get(
        landed or "", "said aloud"
    )


def plain_pairs(entry: CheckIn | Pause) -> list[tuple[str, str]]:
    """(label, words) of a check-in or a pause, as listed and exported; only what it holds."""
    if isinstance(entry, CheckIn):
        pairs = [("What set it off", entry.what_set_it_off), ("How we repaired", entry.repair)]
    else:
        minutes = minutes_words(entry.minutes) if entry.minutes else None
        pairs = [("The words", entry.phrase), ("Paused for", minutes)]
    return [(label, words) for label, words in pairs if words]


def brief(entry: AnyEntry) -> list[str]:
    """An entry's lines in the listing, under its date (indented two spaces)."""
    if not isinstance(entry, Conversation):
        return [
            line for label, words in plain_pairs(entry) for line in _indented(f"{label}: ", words)
        ]
    lines: list[str] = []
    if entry.moment:
        lines.extend(_indented("The moment: ", entry.moment))
    for turn in entry.turns:
        landed = turn.landed_again or turn.landed
        lines.append(f"  {turn.sharer} shared, {turn.listener} listened: {landed_words(landed)}")
    if entry.next_time:
        lines.extend(_indented("Next time: ", entry.next_time))
    return lines


def minutes_words(minutes: int) -> str:
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _indented(lead: str, value: str) -> list[str]:
    first, *rest = value.split("\n")
    pad = "  " + " " * len(lead)
    return [f"  {lead}{first}", *(pad + line for line in rest)]


@dataclass(frozen=True)
class Month:
    """One month of the log. `total` counts the times the cycle was noticed (check-ins and
    pauses, each caught or not) and `caught` those caught; `pauses` and `conversations` are
    counted beside them."""

    year: int
    month: int
    total: int
    caught: int
    pause_phrase: int
    pauses: int = 0
    conversations: int = 0

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months(entries: Iterable[AnyEntry]) -> list[Month]:
    """Every month from the first entry to the last, empty months included."""
    counts: dict[tuple[int, int], list[int]] = {}
    for entry in entries:
        row = counts.setdefault((entry.date.year, entry.date.month), [0, 0, 0, 0, 0])
        caught = entry.counts_as_caught
        if caught is not None:
            row[0] += 1
            row[1] += caught
        row[2] += entry.said_the_phrase
        row[3] += entry.kind == PAUSE
        row[4] += entry.kind == CONVERSATION
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    found = []
    while (year, month) <= last:
        found.append(Month(year, month, *counts.get((year, month), [0, 0, 0, 0, 0])))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _also(pauses: int, conversations: int) -> str:
    """' · 1 pause · 2 conversations' (nothing when there are none)."""
    parts = []
    if pauses:
        parts.append(f"{pauses} pause{'s' if pauses != 1 else ''}")
    if conversations:
        parts.append(f"{conversations} conversation{'s' if conversations != 1 else ''}")
    return "".join(f" · {part}" for part in parts)


def bar(caught: int, total: int, *, ascii: bool = False, width: int = BAR_WIDTH) -> str:
    """A share as a small bar. None caught and all caught never look like 'almost'."""
    full, empty = BARS[ascii]
    filled = (caught * width * 2 + total) // (total * 2)  # rounded half up
    if 0 < caught < total:
        filled = min(max(filled, 1), width - 1)
    return full * filled + empty * (width - filled)


def summary_chart(
    log: CheckInLog | Sequence[AnyEntry], title: str | None = None, *, ascii: bool = False
) -> str:
    """How often the cycle was caught, month by month, as a small text chart; the pauses and
    the conversations counted beside the catches (a pause is a catch)."""
    entries = log.entries if isinstance(log, CheckInLog) else tuple(log)
    dash = "-" if ascii else "—"
    heading = "How often you caught the cycle"
    if title:
        heading += f" {dash} {title}"
    if not entries:
        return f"{heading}\nNo check-ins yet.\n"
    lines = [heading, ""]
    for month in months(entries):
        also = _also(month.pauses, month.conversations)
        if month.total == 0:
            words = also.removeprefix(" · ") if also else "no check-ins"
            lines.append(f"{month.label}  {' ' * BAR_WIDTH}  {words}")
            continue
        chart = bar(month.caught, month.total, ascii=ascii)
        lines.append(f"{month.label}  {chart}  {month.caught} of {month.total} caught{also}")
    noticed = [entry for entry in entries if entry.counts_as_caught is not None]
    total = len(noticed)
    caught = sum(bool(entry.counts_as_caught) for entry in noticed)
    pause = sum(entry.said_the_phrase for entry in entries)
    pauses = sum(entry.kind == PAUSE for entry in entries)
    talks = sum(entry.kind == CONVERSATION for entry in entries)
    lines.append("")
    if total:
        percent = (caught * 200 + total) // (total * 2)  # rounded half up, as people do
        times = "once" if pause == 1 else f"{pause} times"
        lines.append(
            f"In all: {caught} of {total} caught ({percent}%); the pause phrase was said {times}."
        )
    if pauses:
        lines.append(
            "One of the catches was a pause."
            if pauses == 1
            else f"{pauses} of the catches were pauses."
        )
    if talks:
        lines.append(f"You talked it through {'once' if talks == 1 else f'{talks} times'}.")
    return "\n".join(lines) + "\n"


def to_data(entry: AnyEntry) -> dict[str, Any]:
    """An entry as plain data (for JSON or tests), its kind always said."""
    return entry.model_dump(mode="json", exclude_none=True)
