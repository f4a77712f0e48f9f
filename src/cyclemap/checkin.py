"""The check-in log of a map: a short entry each time the couple notices the cycle.

An entry holds the date, what set the cycle off, whether they caught it (and whether one of them
said the pause phrase) and, if they like, how they repaired. The log of map <id> is one TOML file
next to the library's maps, `<library>/logs/<id>.toml`, private like them (folder 0700, file
0600), written atomically, with its own `schema_version` (docs/file-format.md).

A log that cannot be read is reported in one line and never rewritten: adding an entry to it is
refused until the file is fixed. No Textual here.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from cyclemap.model import Answer, OptionalAnswer
from cyclemap.store import Library, StoreError, atomic_write
from cyclemap.store.atomic import sweep_temp_files

LOG_SCHEMA_VERSION = 1
LOGS_DIR = "logs"
DIR_MODE = 0o700
FILE_MODE = 0o600
MAX_LOG_SIZE = 2 * 1024 * 1024

# The plain words for each field, used in errors, listings and the form.
LABELS = {
    "schema_version": "schema version",
    "entries": "entries",
    "date": "date",
    "what_set_it_off": "what set it off",
    "caught": "caught it",
    "pause_phrase_used": "pause phrase used",
    "repair": "repair",
}

BAR_WIDTH = 10
BARS = {False: ("█", "░"), True: ("#", ".")}  # ascii -> (caught, not caught)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CheckInError(StoreError):
    """A log that can't be read or an entry that isn't valid; one line, shown as it is."""


class CheckIn(BaseModel):
    """One time the couple noticed the cycle."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: Annotated[date, Field(strict=True)]
    what_set_it_off: Answer
    caught: StrictBool
    # Only asked when they caught it; absent when nobody said.
    pause_phrase_used: StrictBool | None = None
    repair: OptionalAnswer = None


class CheckInLog(BaseModel):
    """Every check-in of one map, in the order they were added."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = LOG_SCHEMA_VERSION
    entries: tuple[CheckIn, ...] = ()

    def added(self, entry: CheckIn) -> CheckInLog:
        return CheckInLog(schema_version=self.schema_version, entries=(*self.entries, entry))

    def newest_first(self) -> list[CheckIn]:
        """By date, newest first; entries of one day newest-added first."""
        order = sorted(enumerate(self.entries), key=lambda pair: (pair[1].date, pair[0]))
        return [entry for _, entry in reversed(order)]


# ---- files ------------------------------------------------------------------------------------


def log_path(library: Library, map_id: str) -> Path:
    """`<library>/logs/<id>.toml`; StoreError for an id that is not valid."""
    library.path_for(map_id)  # validates the id
    return library.root / LOGS_DIR / f"{map_id}.toml"


def _describe(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = list(first["loc"])
    where: list[str] = []
    if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
        where.append(f"entry {loc[1] + 1}")
        loc = loc[2:]
    where.extend(LABELS.get(str(part), str(part)) for part in loc)
    place = " · ".join(where) or "log"
    kind = first["type"]
    ctx = first.get("ctx") or {}
    value = first.get("input")
    if kind == "extra_forbidden":
        line = f"unknown key '{first['loc'][-1]}'"
        if len(where) > 1:
            line += f" in {' · '.join(where[:-1])}"
    elif kind == "missing":
        line = f"{place}: is missing"
    elif kind == "string_too_short":
        line = f"{place}: is empty"
    elif kind == "string_too_long":
        has = f" (has {len(value):,})" if isinstance(value, str) else ""
        line = f"{place}: must be at most {ctx.get('max_length', 0):,} characters{has}"
    elif kind.startswith("bool"):
        line = f"{place}: must be true or false"
    elif kind.startswith("date"):
        line = f"{place}: must be a date, like 2026-11-20"
    elif kind in {"tuple_type", "list_type"}:
        line = f"{place}: must be a list of entries"
    elif kind in {"model_type", "dict_type"}:
        line = f"{place}: must be a table of answers"
    elif kind == "string_type":
        line = f"{place}: must be text"
    else:
        message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
        line = f"{place}: {message[:1].lower()}{message[1:]}"
    if len(errors) > 1:
        more = len(errors) - 1
        line += f" (and {more} more problem{'s' if more > 1 else ''})"
    return line


def parse_log(raw: bytes | str, source: Path | str) -> CheckInLog:
    """A log file's content, checked; CheckInError names the file and the first problem."""
    path = Path(source)

    def fail(reason: str) -> CheckInError:
        return CheckInError(f"{path}: {reason}")

    if isinstance(raw, bytes):
        if len(raw) > MAX_LOG_SIZE:
            raise fail("is too large to be a check-in log")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise fail("is not UTF-8 text") from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail("the file is empty")
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
        raise fail(_describe(exc)) from None


def load_log(library: Library, map_id: str) -> CheckInLog:
    """The map's log; an empty one when there is no file yet."""
    path = log_path(library, map_id)
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_LOG_SIZE + 1)
    except FileNotFoundError:
        return CheckInLog()
    except IsADirectoryError:
        raise CheckInError(f"{path}: is a folder, not a check-in log") from None
    except OSError as exc:
        raise CheckInError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_log(raw, path)


def log_to_toml(log: CheckInLog) -> str:
    """Always `[[entries]]` tables, one a check-in, in the order they were added."""
    parts = [tomli_w.dumps({"schema_version": log.schema_version})]
    for entry in log.entries:
        data = entry.model_dump(mode="python", exclude_none=True)
        parts.append("\n[[entries]]\n" + tomli_w.dumps(data))
    return "".join(parts)


def _make_private_dir(path: Path) -> None:
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise CheckInError(f"{path} is not a folder") from None
        return
    except OSError as exc:
        raise CheckInError(f"{path}: the folder could not be created ({exc.strerror})") from exc
    os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask


def save_log(library: Library, map_id: str, log: CheckInLog) -> Path:
    path = log_path(library, map_id)
    library.ensure()
    _make_private_dir(path.parent)
    atomic_write(path, log_to_toml(log).encode("utf-8"), FILE_MODE)
    sweep_temp_files(path.parent)  # what killed saves left, once it is an hour old
    return path


def add_entry(library: Library, map_id: str, entry: CheckIn) -> CheckInLog:
    """Add one entry. A log that can't be read raises and is left exactly as it is."""
    log = load_log(library, map_id).added(entry)
    save_log(library, map_id, log)
    return log


def make_entry(
    *,
    when: date,
    what_set_it_off: str,
    caught: bool,
    pause_phrase_used: bool | None = None,
    repair: str | None = None,
) -> CheckIn:
    """A checked entry from answers; CheckInError (one line) when one isn't valid."""
    try:
        return CheckIn(
            date=when,
            what_set_it_off=what_set_it_off,
            caught=caught,
            pause_phrase_used=pause_phrase_used,
            repair=repair,
        )
    except ValidationError as exc:
        raise CheckInError(_describe(exc)) from None


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


def outcome(entry: CheckIn) -> str:
    """'caught it, with the pause phrase' / 'caught it' / 'not caught this time'."""
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
        lines.extend(_indented("What set it off: ", entry.what_set_it_off))
        if entry.repair:
            lines.extend(_indented("How we repaired: ", entry.repair))
        lines.append("")
    return "\n".join(lines[:-1]) + "\n"


def _indented(lead: str, value: str) -> list[str]:
    first, *rest = value.split("\n")
    pad = "  " + " " * len(lead)
    return [f"  {lead}{first}", *(pad + line for line in rest)]


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    total: int
    caught: int
    pause_phrase: int

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def months(entries: Iterable[CheckIn]) -> list[Month]:
    """Every month from the first check-in to the last, empty months included."""
    counts: dict[tuple[int, int], list[int]] = {}
    for entry in entries:
        row = counts.setdefault((entry.date.year, entry.date.month), [0, 0, 0])
        row[0] += 1
        row[1] += entry.caught
        row[2] += bool(entry.pause_phrase_used)
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    found = []
    while (year, month) <= last:
        total, caught, pause = counts.get((year, month), [0, 0, 0])
        found.append(Month(year, month, total, caught, pause))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def bar(caught: int, total: int, *, ascii: bool = False, width: int = BAR_WIDTH) -> str:
    """A share as a small bar. None caught and all caught never look like 'almost'."""
    full, empty = BARS[ascii]
    filled = (caught * width * 2 + total) // (total * 2)  # rounded half up
    if 0 < caught < total:
        filled = min(max(filled, 1), width - 1)
    return full * filled + empty * (width - filled)


def summary_chart(
    log: CheckInLog | Sequence[CheckIn], title: str | None = None, *, ascii: bool = False
) -> str:
    """How often the cycle was caught, month by month, as a small text chart."""
    entries = log.entries if isinstance(log, CheckInLog) else tuple(log)
    dash = "-" if ascii else "—"
    heading = "How often you caught the cycle"
    if title:
        heading += f" {dash} {title}"
    if not entries:
        return f"{heading}\nNo check-ins yet.\n"
    lines = [heading, ""]
    for month in months(entries):
        if month.total == 0:
            lines.append(f"{month.label}  {' ' * BAR_WIDTH}  no check-ins")
            continue
        chart = bar(month.caught, month.total, ascii=ascii)
        lines.append(f"{month.label}  {chart}  {month.caught} of {month.total} caught")
    total = len(entries)
    caught = sum(entry.caught for entry in entries)
    pause = sum(bool(entry.pause_phrase_used) for entry in entries)
    percent = (caught * 200 + total) // (total * 2)  # rounded half up, as people do
    times = "once" if pause == 1 else f"{pause} times"
    lines += [
        "",
        f"In all: {caught} of {total} caught ({percent}%); the pause phrase was said {times}.",
    ]
    return "\n".join(lines) + "\n"


def to_data(entry: CheckIn) -> dict[str, Any]:
    """An entry as plain data (for JSON or tests)."""
    return entry.model_dump(mode="json", exclude_none=True)
