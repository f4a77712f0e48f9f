"""The library: every map (and every broken file, with its reason), filter as you type.

Several cycles of one couple are grouped under the couple's name (the map's `couple`); maps
without one, and files that can't be read, come last under "Other maps". A library where no map
names a couple is one plain list. Headings are options that can't be chosen, so the arrow keys
go from map to map; the filter works across the groups and keeps a heading only over matches.
"""

from __future__ import annotations

from rich.padding import Padding
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from cyclemap.store import ConflictError, StoreError, SummaryEntry, fingerprint, load_file
from cyclemap.tui.paths import shown, shown_name
from cyclemap.tui.screens.map import DELETED_NOTE_SECONDS, delete_question, deleted_note
from cyclemap.tui.screens.rename import RenameScreen
from cyclemap.tui.when import human_when
from cyclemap.tui.widgets.filter_input import FilterInput
from cyclemap.tui.widgets.map_list import MapList

BROKEN_PREFIX = "broken:"
HEADING_PREFIX = "heading:"
OTHERS_HEADING = "Other maps"
GROUP_INDENT = 2  # maps under a heading are set in by this much


def _names(entry: SummaryEntry) -> str:
    assert entry.map is not None
    a, b = entry.map.partners
    return f"{a.name} & {b.name}"


def matches(entry: SummaryEntry, query: str) -> bool:
    """Case-insensitive, over title, cycle name, the two names and the couple."""
    query = query.strip().casefold()
    if not query:
        return True
    if entry.map is None:
        return query in entry.path.stem.casefold()
    m = entry.map
    fields = [m.title, m.cycle_name or "", m.couple or "", *(p.name for p in m.partners)]
    return any(query in field.casefold() for field in fields)


def couple_key(couple: str | None) -> str:
    """Maps of one couple group together whatever the spacing and case of the name."""
    return " ".join(couple.split()).casefold() if couple else ""


def _couple(entry: SummaryEntry) -> str | None:
    return entry.map.couple if entry.map is not None else None


def grouped(entries: list[SummaryEntry]) -> list[tuple[str | None, list[SummaryEntry]]]:
    """(couple, its maps) in the couples' alphabetical order, then (None, every other entry).

    Within a group the entries keep their order (by title; broken files last). The couple's name
    is shown as its first map (by title) writes it.
    """
    couples: dict[str, tuple[str, list[SummaryEntry]]] = {}
    others: list[SummaryEntry] = []
    for entry in entries:
        key = couple_key(_couple(entry))
        if not key:
            others.append(entry)
            continue
        name = " ".join((_couple(entry) or "").split())
        couples.setdefault(key, (name, []))[1].append(entry)
    groups: list[tuple[str | None, list[SummaryEntry]]] = [couples[key] for key in sorted(couples)]
    if others:
        groups.append((None, others))
    return groups


class LibraryScreen(Screen[None]):
    SUB_TITLE = "Your maps"
    AUTO_FOCUS = "#maps"
    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open", tooltip="Open the highlighted map"),
        Binding("n", "new", "New", id="library.new", tooltip="Map a new cycle, step by step"),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="library.filter",
            tooltip="Narrow the list by title, cycle or name",
        ),
        Binding("r", "rename", "Rename", id="library.rename", tooltip="Change the map's title"),
        Binding(
            "d",
            "delete",
            "Delete",
            id="library.delete",
            tooltip="Move the map to history (it can be restored)",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="library.export",
            tooltip="Save the map as text, Markdown, a picture…",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            id="library.clear_filter",
            tooltip="Empty the filter and go back to the list",
        ),
        # The same from the list, kept out of the footer (there is no room at 80 columns).
        Binding("escape", "clear_filter_from_list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[SummaryEntry] = []
        self.load_error: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="library"):
            yield FilterInput(
                placeholder="Filter: press / and type a title, a cycle or a name",
                id="filter",
                select_on_focus=False,
            )
            yield MapList(id="maps")
            yield Static("", id="no-match")
            with Vertical(id="empty"):
                with Center():
                    yield Static(_welcome_text(), id="empty-text")
                with Center():
                    yield Button(Text("Map your first cycle (n)"), id="first", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a map, the walkthrough or a dialog: the files may have changed.
        self.reload()

    # -- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.entries = self.app.library.summaries()
            self.load_error = None
        except (OSError, StoreError) as error:
            self.entries = []
            self.load_error = str(error)
        self.refresh_list()

    def refresh_list(self) -> None:
        option_list = self.query_one("#maps", OptionList)
        previous = option_list.highlighted_option
        previous_id = previous.id if previous is not None else None
        query = self.query_one("#filter", Input).value
        shown = [entry for entry in self.entries if matches(entry, query)]
        now = self.app.clock()
        option_list.set_options(self._options(shown, now))
        if shown:
            ids = [option.id for option in option_list.options]
            if previous_id in ids:
                option_list.highlighted = ids.index(previous_id)
            else:
                option_list.action_first()  # the first map, never a heading

        empty = not self.entries
        self.query_one("#empty").display = empty
        self.query_one("#filter").display = not empty
        option_list.display = bool(shown)
        no_match = self.query_one("#no-match", Static)
        no_match.display = not empty and not shown
        if not shown and not empty:
            no_match.update(
                Text.assemble("Nothing matches “", query, "”. ", ("esc clears the filter.", "dim"))
            )
        if empty and self.load_error:
            self.query_one("#empty-text", Static).update(
                Text.assemble(_welcome_text(), "\n\n", (self.load_error, "dim"))
            )
        if empty:
            self.query_one("#first", Button).focus()
        elif shown and (self.focused is None or not self.focused.display):
            option_list.focus()
        self.refresh_bindings()

    def _options(self, shown: list[SummaryEntry], now) -> list[Option]:
        # Headings once any map in the library names its couple (not only among the matches,
        # so the list keeps its shape while filtering).
        if not any(couple_key(_couple(entry)) for entry in self.entries):
            return [_option(entry, now) for entry in shown]
        options: list[Option] = []
        for number, (couple, entries) in enumerate(grouped(shown)):
            options.append(_heading(number, couple, first=not options))
            options += [_option(entry, now, indent=GROUP_INDENT) for entry in entries]
        return options

    def current(self) -> SummaryEntry | None:
        option_list = self.query_one("#maps", OptionList)
        option = option_list.highlighted_option
        if option is None or not option_list.display:
            return None
        for entry in self.entries:
            if _option_id(entry) == option.id:
                return entry
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.entries and action != "new":
            return False  # An empty library offers one thing: n.
        filter_input = self.query_one("#filter", Input)
        if action == "filter" and self.focused is filter_input:
            return False  # Already filtering: "/" is just a character now.
        if action == "clear_filter":
            return self.focused is filter_input and bool(filter_input.value)
        if action == "clear_filter_from_list":
            return self.focused is not filter_input and bool(filter_input.value)
        if action in {"open", "rename", "delete", "export"}:
            entry = self.current()
            if entry is None or (entry.broken and action != "open"):
                return None
        return True

    # -- events ---------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_list()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        # Up and down from the filter move through the matches, so enter opens the one wanted.
        if event.key in {"up", "down"} and isinstance(self.focused, Input):
            option_list = self.query_one("#maps", OptionList)
            if option_list.display:
                option_list.focus()
                if event.key == "down":
                    option_list.action_cursor_down()
                else:
                    option_list.action_cursor_up()
                event.stop()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#maps")
    def _selected(self) -> None:
        self.action_open()

    @on(OptionList.OptionHighlighted, "#maps")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(Button.Pressed, "#first")
    def _first(self) -> None:
        self.action_new()

    # -- actions --------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter_from_list(self) -> None:
        self.action_clear_filter()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        self.query_one("#maps", OptionList).focus()

    def action_open(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if entry.broken:
            self.app.show_message(
                Text.assemble("“", shown_name(entry.path), "” can't be read"),
                Text.assemble(
                    (entry.error or "It is not a valid map."),
                    "\n\n",
                    ("cyclemap leaves the file exactly as it is. It is here:\n", "dim"),
                    (shown(entry.path), "dim"),
                ),
            )
            return
        self.app.show_map(entry.id)

    def action_new(self) -> None:
        self.app.start_walkthrough()

    def action_rename(self) -> None:
        entry = self.current()
        if entry is None or entry.map is None:
            return
        self.app.push_screen(
            RenameScreen(entry.map.title), lambda title: self._rename(entry, title)
        )

    def _rename(self, entry: SummaryEntry, title: str | None) -> None:
        if not title:
            return
        library = self.app.library
        try:
            # The fingerprint first: a change after it is caught as a conflict, never lost.
            expected = fingerprint(entry.path)
            current = load_file(entry.path)
            if current.title == title:
                return
            library.save(current.touched(title=title), expected=expected)
        except ConflictError:
            self.app.show_message(
                "The map changed while you were renaming it",
                "Nothing was overwritten. The list is up to date now; rename it again if you "
                "still want to.",
            )
        except (OSError, StoreError, ValueError) as error:
            self.app.show_message("The map wasn't renamed", _reason(error))
        else:
            self.notify("Renamed.", markup=False)
        self.reload()

    def action_delete(self) -> None:
        entry = self.current()
        if entry is None or entry.map is None:
            return
        self.app.push_screen(
            delete_question(self.app.library, entry.map), lambda yes: self._delete(entry, yes)
        )

    def _delete(self, entry: SummaryEntry, yes: bool | None) -> None:
        if not yes or entry.map is None:
            return
        try:
            self.app.library.delete(entry.id)
        except (OSError, StoreError) as error:
            self.app.show_message("The map wasn't deleted", _reason(error))
        else:
            self.notify(
                deleted_note(self.app.library, entry.id),
                title="Deleted",
                markup=False,
                timeout=DELETED_NOTE_SECONDS,
            )
        self.reload()

    def action_export(self) -> None:
        entry = self.current()
        if entry is None or entry.map is None:
            return
        from cyclemap.tui.screens.export import ExportScreen

        try:
            cycle_map = self.app.library.load(entry.id)
        except (OSError, StoreError) as error:
            self.app.show_message("The map can't be exported", _reason(error))
            self.reload()
            return
        self.app.push_screen(ExportScreen(cycle_map, self.app.export_dir))


def _heading(number: int, couple: str | None, *, first: bool) -> Option:
    """A group's heading: an option that can't be highlighted or chosen."""
    prompt = Text("" if first else "\n")
    if couple is None:
        prompt.append(OTHERS_HEADING, style="bold")
    else:
        prompt.append(couple, style="bold")
    return Option(prompt, id=f"{HEADING_PREFIX}{number}", disabled=True)


def _option_id(entry: SummaryEntry) -> str:
    return f"{BROKEN_PREFIX}{entry.path.name}" if entry.broken else entry.id


def _option(entry: SummaryEntry, now, *, indent: int = 0) -> Option:
    prompt = _prompt(entry, now)
    # Padding, not spaces, so that a long title wraps under itself.
    return Option(Padding(prompt, (0, 0, 0, indent)) if indent else prompt, id=_option_id(entry))


def _prompt(entry: SummaryEntry, now) -> Text:
    if entry.map is None:
        return Text.assemble(
            ("⚠ ", "bold"),
            (shown_name(entry.path), "bold"),
            " · can't be read",
            "\n",
            (entry.error or "not a valid map", "dim"),
        )
    m = entry.map
    prompt = Text()
    prompt.append(m.title, style="bold")
    if m.cycle_name:
        prompt.append(" · ")
        prompt.append(m.cycle_name, style="italic")
    prompt.append("\n")
    prompt.append(
        f"{_names(entry)} · {m.pattern.label} · {human_when(m.updated, now)}", style="dim"
    )
    return prompt


def _welcome_text() -> Text:
    text = Text(justify="center")
    text.append("Welcome.\n\n", style="bold")
    text.append(
        "This is where your maps will live: one for each cycle you and your partner find. "
        "It takes about five minutes, and you can stop at any time.\n\n"
    )
    text.append("Press n to map your first cycle.", style="bold")
    return text


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None)
    return reason if isinstance(reason, str) else str(error)
