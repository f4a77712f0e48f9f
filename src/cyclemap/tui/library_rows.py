"""The library screen's rows in words: a map's two lines, a couple's heading, what the filter
searches, the welcome, and every problem of a broken file."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cyclemap.store import SummaryEntry
from cyclemap.tui.paths import shown_name
from cyclemap.tui.when import human_when
from cyclemap.tui.widgets.map_list import ListRow

HEADING_PREFIX = "heading:"
OTHERS_HEADING = "Other maps"


def haystack(entry: SummaryEntry) -> str:
    """What the filter searches, case-folded: title, cycle name, couple and the two names (a
    broken file: its name)."""
    if entry.map is None:
        return entry.path.stem.casefold()
    m = entry.map
    fields = [m.title, m.cycle_name or "", m.couple or "", *(p.name for p in m.partners)]
    return "\n".join(fields).casefold()  # a query is one line: it never spans two fields


def couple_name(couple: str | None) -> str:
    """The couple's name as a heading shows it: spaces tidied ("" for none)."""
    return " ".join(couple.split()) if couple else ""


def couple_key(couple: str | None) -> str:
    """Maps of one couple group together whatever the spacing and case of the name."""
    return couple_name(couple).casefold()


def heading_row(number: int, couple: str | None, *, first: bool) -> ListRow:
    """A group's heading: a row that can't be highlighted or chosen."""
    name = Text(OTHERS_HEADING if couple is None else couple, style="bold")
    lines = (name,) if first else (Text(), name)
    return ListRow(f"{HEADING_PREFIX}{number}", lines, len(lines), heading=True)


def every_problem(entry: SummaryEntry) -> str:
    """What is wrong with a broken file, every problem a line (its list line says the first)."""
    from cyclemap.store import MapFileError, StoreError, load_file

    try:
        if entry.path.is_symlink():  # never read through a link again; its reason says it
            raise StoreError(entry.error or "")
        load_file(entry.path)
    except MapFileError as error:
        if len(error.problems) > 1:
            return "\n".join(f"• {problem}" for problem in error.problems)
        return error.reason
    except (StoreError, OSError):
        pass
    return entry.error or "It is not a valid map."


def entry_lines(entry: SummaryEntry, now: datetime) -> tuple[Text, Text]:
    if entry.map is None:
        return (
            Text.assemble(("⚠ ", "bold"), (shown_name(entry.path), "bold"), " · can't be read"),
            Text(entry.error or "not a valid map", style="dim"),
        )
    m = entry.map
    title = Text(m.title, style="bold")
    if m.cycle_name:
        title.append(" · ")
        title.append(m.cycle_name, style="italic")
    a, b = m.partners
    details = f"{a.name} & {b.name} · {m.pattern.label} · {human_when(m.updated, now)}"
    return title, Text(details, style="dim")


def welcome_text() -> Text:
    text = Text(justify="center")
    text.append("Welcome.\n\n", style="bold")
    text.append(
        "This is where your maps will live: one for each cycle you and your partner find. "
        "It takes about five minutes, and you can stop at any time.\n\n"
    )
    text.append("Press ctrl+n (or enter) to map your first cycle.", style="bold")
    return text
