"""The library: every map (and every broken file, with its reason), filter as you type.

Several cycles of one couple are grouped under the couple's name (the map's `couple`); maps
without one, and files that can't be read, come last under "Other maps". A library where no map
names a couple is one plain list. Headings are rows that can't be chosen, so the arrow keys
go from map to map; the filter works across the groups and keeps a heading only over matches.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from cyclemap.store import (
    ConflictError,
    StoreError,
    SummaryEntry,
    TrashEntry,
    fingerprint,
    load_file,
)
from cyclemap.tui.library_rows import (
    couple_key,
    couple_name,
    entry_lines,
    every_problem,
    haystack,
    heading_row,
    welcome_text,
)
from cyclemap.tui.paths import shown, shown_name
from cyclemap.tui.widgets.filter_input import FilterInput, type_into
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.map_list import ListRow, MapList
from cyclemap.tui.widgets.note import Note

BROKEN_PREFIX = "broken:"
GROUP_INDENT = 2  # maps under a heading are set in by this much
WATCH_SECONDS = 2.0  # how often the list looks for maps changed behind its back
UNDO_SECONDS = 8.0  # how long the note after a delete offers to undo it


class LibraryScreen(Screen[None]):
    SUB_TITLE = "Your maps"
    TYPING_NOTE = (
        "Type to filter: letters typed here are text (a title, a cycle or a name), never "
        "commands. ↑ ↓ move through the maps, backspace and esc edit or empty the filter."
    )
    AUTO_FOCUS = "#maps"
    # Letters are text here: typed on the list they go to the filter. Every command is on a
    # key nobody types inside a word (enter, ctrl, a function key, delete).
    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open", tooltip="Open the highlighted map"),
        Binding(
            "ctrl+n",
            "new",
            "New",
            key_display="^n",
            id="library.new",
            tooltip="Map a new cycle, step by step",
        ),
        Binding(
            "f2",
            "rename",
            "Rename",
            key_display="F2",
            id="library.rename",
            tooltip="Change the map's title",
        ),
        Binding(
            "delete",
            "delete",
            "Delete",
            key_display="del",
            id="library.delete",
            tooltip="Move the map to the trash (it can be brought back)",
        ),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            key_display="^e",
            id="library.export",
            show=False,  # no room at 80 columns; in help (F1) and the palette (ctrl+p)
            tooltip="Save the map as text, Markdown, a picture…",
        ),
        Binding(
            "ctrl+t",
            "trash",
            "Trash",
            key_display="^t",
            id="library.trash",
            tooltip="The deleted maps: bring one back, or purge it for good",
        ),
        # Only while the note after a delete is up (a few seconds, on this screen only).
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            key_display="^z",
            id="library.undo",
            show=False,  # the note itself says so
            tooltip="Bring back the map just deleted",
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
        # Made once a listing, so that a keystroke in the filter only picks rows.
        self._rows: list[ListRow] = []  # one for each entry
        self._couples: list[str] = []  # each entry's couple_key ("" for none)
        self._haystacks: list[str] | None = None  # made at the first filter
        self._welcome_box: Vertical | None = None
        self._listed_once = False
        self._listed_stamp: int | None = None  # the folder's mtime when last listed
        self._welcome_text = Static(welcome_text(), id="empty-text")
        self._undo: TrashEntry | None = None  # the map just deleted, while undo is offered
        self._first_button = Button(
            Text("Map your first cycle (ctrl+n)"), id="first", variant="primary"
        )

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="library"):
            yield FilterInput(
                placeholder="Filter: type a title, a cycle or a name",
                id="filter",
                select_on_focus=False,
            )
            yield MapList(self.row_lines, typed=self._typed, id="maps")
            yield Static("", id="no-match")
            # The welcome of an empty library (#empty) comes when the library is found empty.
        # The note after a delete, with its undo: on this screen only, for a few seconds.
        yield Note(hidden=self._note_hidden, id="undo")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(WATCH_SECONDS, self._watch_folder)

    def on_screen_suspend(self) -> None:
        # The note after a delete never follows a person onto another screen.
        self.query_one("#undo", Note).hide()

    def on_screen_resume(self) -> None:
        # Shown for the first time, or back from a map, the walkthrough or a dialog (the files
        # may have changed): listed once each time, never on mount as well.
        self.reload()

    def _watch_folder(self) -> None:
        """List again when a map was added, replaced, renamed or removed behind the screen's
        back (`cyclemap import` in another terminal, say): each of those changes the folder's
        modification time. One stat every few seconds, and only while the list is on screen."""
        if self.app.screen is self and self._folder_stamp() != self._listed_stamp:
            self.reload()

    def _folder_stamp(self) -> int | None:
        try:
            return self.app.library.root.stat().st_mtime_ns
        except OSError:
            return None

    # -- the list -------------------------------------------------------------------------

    def reload(self) -> None:
        # A big library is tens of thousands of small objects and no cycles among them: the
        # garbage collector is kept from walking them again and again while they are made
        # (the listing and the rows), and on the first listing they are frozen, as they live
        # as long as the app. Once only: what is frozen is never collected, and later
        # listings are replaced.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._list_entries()
            if not self._listed_once:
                gc.freeze()
                self._listed_once = True
        finally:
            if collecting:
                gc.enable()
        self._haystacks = None
        # After the listing: it may have written its index into the folder.
        self._listed_stamp = self._folder_stamp()
        self.refresh_list()

    def _list_entries(self) -> None:
        try:
            self.entries = self.app.library.summaries()
            self.load_error = None
        except (OSError, StoreError) as error:
            self.entries = []
            self.load_error = str(error)
        # Once for each couple, not for each of thousands of maps.
        couples = [entry.map and entry.map.couple for entry in self.entries]
        keys = {couple: couple_key(couple) for couple in set(couples)}
        self._couples = [keys[couple] for couple in couples]
        indent = GROUP_INDENT if any(keys.values()) else 0
        # A row's id: the map's, or broken:<file name>. Made as tuples (what ListRow's
        # constructor does, without a call of Python for each of thousands of maps).
        make = tuple.__new__
        self._rows = [
            make(
                ListRow,
                (entry.id if entry.map else BROKEN_PREFIX + entry.name, entry, 2, False, indent),
            )
            for entry in self.entries
        ]

    def refresh_list(self) -> None:
        map_list = self.query_one("#maps", MapList)
        previous = map_list.highlighted_row
        query = self.query_one("#filter", Input).value
        shown = self._matching(query)
        map_list.set_rows(self._list_rows(shown), keep=previous.id if previous else None)

        empty = not self.entries
        welcome = self._welcome(make=empty)
        if welcome is not None:
            welcome.display = empty
        self.query_one("#filter").display = not empty
        map_list.display = bool(shown)
        no_match = self.query_one("#no-match", Static)
        no_match.display = not empty and not shown
        if not shown and not empty:
            no_match.update(
                Text.assemble("Nothing matches “", query, "”. ", ("esc clears the filter.", "dim"))
            )
        if empty:
            if self.load_error:
                words = Text.assemble(welcome_text(), "\n\n", (self.load_error, "dim"))
                self._welcome_text.update(words)
            self.call_after_refresh(self._first_button.focus)  # once it is mounted
        elif shown and (self.focused is None or not self.focused.display):
            map_list.focus()
        self.refresh_bindings()

    def _welcome(self, *, make: bool) -> Vertical | None:
        """The empty library's welcome (#empty); made once, only when asked to, so that a
        library with maps never spends its start on it."""
        if self._welcome_box is None and make:
            self._welcome_box = Vertical(
                Center(self._welcome_text), Center(self._first_button), id="empty"
            )
            self.query_one("#library").mount(self._welcome_box)
        return self._welcome_box

    def row_lines(self, row: ListRow) -> Sequence[Text]:
        """A row's lines, made as it is drawn (so "today 14:05" is true when it is drawn)."""
        return row.data if row.heading else entry_lines(row.data, self.app.clock())

    def _matching(self, query: str) -> Sequence[int]:
        """The entries the filter keeps, by index: case-insensitive, over title, cycle name,
        the couple and the two names."""
        query = query.strip().casefold()
        if not query:
            return range(len(self.entries))
        if self._haystacks is None:
            self._haystacks = [haystack(entry) for entry in self.entries]
        return [index for index, haystack in enumerate(self._haystacks) if query in haystack]

    def _list_rows(self, shown: Sequence[int]) -> list[ListRow]:
        """The rows of the entries shown, under their couples' headings once any map in the
        library names its couple (not only among the matches, so that the list keeps its shape
        while filtering). Couples alphabetically, then every other entry under "Other maps";
        within a group the listing's order (by title; broken files last). A couple is named as
        its first map shown writes it."""
        if not any(self._couples):
            return [self._rows[index] for index in shown]
        groups: dict[str, list[int]] = {}
        others: list[int] = []
        for index in shown:
            key = self._couples[index]
            (groups.setdefault(key, []) if key else others).append(index)
        named = [
            (couple_name(self.entries[group[0]].map.couple), group)
            for _, group in sorted(groups.items())
        ]
        if others:
            named.append((None, others))
        rows: list[ListRow] = []
        for number, (couple, group) in enumerate(named):
            rows.append(heading_row(number, couple, first=not rows))
            rows += [self._rows[index] for index in group]
        return rows

    def current(self) -> SummaryEntry | None:
        map_list = self.query_one("#maps", MapList)
        row = map_list.highlighted_row
        if row is None or not map_list.display:
            return None
        return None if row.heading else row.data

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self._undo is not None
        if action == "trash":
            return True  # also from an empty library: every map may be in the trash
        if not self.entries and action != "new":
            return False  # An empty library offers a new map, and the trash.
        filter_input = self.query_one("#filter", Input)
        if action == "clear_filter":
            # Also when empty: esc goes back to the list (and the footer stays as it is when
            # the first letter is typed).
            return self.focused is filter_input
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

    def _typed(self, event: events.Key) -> None:
        """A key typed on the list: letters are text, so it goes to the filter."""
        type_into(self.query_one("#filter", Input), event)

    def on_key(self, event: events.Key) -> None:
        # Up and down from the filter move through the matches, so enter opens the one wanted.
        if event.key in {"up", "down"} and isinstance(self.focused, Input):
            map_list = self.query_one("#maps", MapList)
            if map_list.display:
                map_list.focus()
                if event.key == "down":
                    map_list.action_cursor_down()
                else:
                    map_list.action_cursor_up()
                event.stop()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    @on(MapList.Selected, "#maps")
    def _selected(self) -> None:
        self.action_open()

    @on(MapList.Highlighted, "#maps")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(Button.Pressed, "#first")
    async def _first(self) -> None:
        await self.action_new()

    # -- actions --------------------------------------------------------------------------

    def action_clear_filter_from_list(self) -> None:
        self.action_clear_filter()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        self.query_one("#maps", MapList).focus()

    def action_open(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if entry.broken:
            self.app.show_message(
                Text.assemble("“", shown_name(entry.path), "” can't be read"),
                Text.assemble(
                    every_problem(entry),
                    "\n\n",
                    ("cyclemap leaves the file exactly as it is. It is here:\n", "dim"),
                    (shown(entry.path), "dim"),
                ),
            )
            return
        self.app.show_map(entry.id)

    async def action_new(self) -> None:
        # Awaited: keys typed right after "n" wait until the walkthrough can take them.
        await self.app.start_walkthrough()

    def action_rename(self) -> None:
        entry = self.current()
        if entry is None or entry.map is None:
            return
        from cyclemap.tui.screens.rename import RenameScreen

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
        from cyclemap.tui.screens.map import delete_question

        self.app.push_screen(
            delete_question(self.app.library, entry.map), lambda yes: self._delete(entry, yes)
        )

    def _delete(self, entry: SummaryEntry, yes: bool | None) -> None:
        if not yes or entry.map is None:
            return
        neighbour = self._neighbour(entry.id)
        try:
            trashed = self.app.library.delete(entry.id)
        except (OSError, StoreError) as error:
            self.app.show_message("The map wasn't deleted", _reason(error))
            self.reload()
            return
        self.reload()
        if neighbour is not None:
            self._highlight(neighbour)  # the cursor stays where it was, not back at the top
        self.offer_undo(trashed, entry.map.title)

    def _neighbour(self, row_id: str) -> str | None:
        """The map listed after this one (or before it, for the last): where the cursor goes
        when it leaves the list."""
        rows = [row for row in self.query_one("#maps", MapList).rows if not row.heading]
        ids = [row.id for row in rows]
        if row_id not in ids:
            return None
        index = ids.index(row_id)
        others = ids[index + 1 :] + ids[:index][::-1]
        return others[0] if others else None

    # -- undo and the trash ---------------------------------------------------------------

    def offer_undo(self, trashed: TrashEntry, title: str) -> None:
        """The note after a delete: what went, and ctrl+z to bring it back, for UNDO_SECONDS
        and only on this screen (it goes when the screen is left)."""
        self._show_note(
            Text.assemble(
                ("Deleted ", "bold"),
                "“",
                title,
                "”, into the trash · ",
                ("ctrl+z", "bold"),
                " undo · ",
                ("ctrl+t", "bold"),
                " the trash",
            ),
            UNDO_SECONDS,  # read at each delete, not once when the method was defined
        )
        self._undo = trashed  # after show(): a note it replaces takes its own undo along

    def _show_note(self, text: Text, seconds: float) -> None:
        self.query_one("#undo", Note).show(text, seconds)
        self.refresh_bindings()

    def _note_hidden(self) -> None:
        self._undo = None  # the undo goes with its note
        self.refresh_bindings()

    def action_undo(self) -> None:
        trashed = self._undo
        if trashed is None:
            return
        self.query_one("#undo", Note).hide()
        try:
            self.app.library.restore_trashed(trashed.key)
        except (OSError, StoreError) as error:
            self.app.show_message("The map wasn't brought back", _reason(error))
            self.reload()
            return
        self.reload()
        self._highlight(trashed.map_id)
        self._show_note(Text.assemble(("Brought back. ", "bold"), "Nothing was lost."), 3.0)

    def _highlight(self, map_id: str) -> None:
        map_list = self.query_one("#maps", MapList)
        index = next((i for i, row in enumerate(map_list.rows) if row.id == map_id), None)
        if index is not None:
            map_list.highlight(index)
            map_list.focus()

    def action_trash(self) -> None:
        from cyclemap.tui.screens.trash import TrashScreen

        def back(map_id: str | None) -> None:
            if map_id:
                self.reload()
                self._highlight(map_id)

        self.app.push_screen(TrashScreen(), back)

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


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None)
    return reason if isinstance(reason, str) else str(error)
