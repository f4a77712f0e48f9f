"""The trash: the deleted maps, newest first; bring one back, or purge it for good (after asking).

A list like the library's, and like every list here letters are text: typed on it they filter
(by title, cycle, names or id). Enter brings the highlighted map back with its history and its
check-ins; delete purges it, after a question whose default is to keep it. Pushed from the
library (ctrl+t); dismisses with the id of the map brought back last (None when none was), so
the library can highlight it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from cyclemap.model import CycleMap
from cyclemap.store import MapExists, StoreError, TrashEntry, load_file
from cyclemap.trash_words import plural
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.when import human_when
from cyclemap.tui.widgets.filter_input import type_into
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.map_list import ListRow, MapList

NOTE_SECONDS = 4  # a short note after a restore or a purge


class TrashFilter(Input):
    # In place of Input's hidden enter, so the footer says what enter does from the filter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Bring back", key_display="⏎")
    ]


@dataclass(frozen=True)
class Trashed:
    """A trash entry with what the list shows of it (read once, when the trash is listed)."""

    entry: TrashEntry
    map: CycleMap | None  # None: the file is broken (it went to the trash as it was)
    versions: int
    log: bool

    @property
    def title(self) -> str:
        return self.map.title if self.map is not None else self.entry.map_id

    def haystack(self) -> str:
        fields = [self.entry.map_id, self.title]
        if self.map is not None:
            fields += [self.map.cycle_name or "", *(p.name for p in self.map.partners)]
        return "\n".join(fields).casefold()


def read_trash(entries: Sequence[TrashEntry]) -> list[Trashed]:
    found = []
    for entry in entries:
        try:
            cycle_map: CycleMap | None = load_file(entry.map_path)
        except (OSError, StoreError):
            cycle_map = None
        found.append(Trashed(entry, cycle_map, entry.versions(), entry.has_log()))
    return found


class TrashScreen(Screen[str | None]):
    SUB_TITLE = "Trash"
    AUTO_FOCUS = "#trash-list"
    TYPING_NOTE = (
        "Type to filter: letters typed here are text (a title, a name or an id), never "
        "commands. ↑ ↓ move through the deleted maps, esc empties the filter."
    )
    BINDINGS = [
        Binding(
            "enter",
            "restore",
            "Bring back",
            id="trash.restore",
            tooltip="Bring the map back into the library, with its history and check-ins",
        ),
        Binding(
            "delete",
            "purge",
            "Purge",
            key_display="del",
            id="trash.purge",
            tooltip="Remove the map for good, with its history and check-ins (asks first)",
        ),
        Binding("escape", "back", "Library", id="trash.back", tooltip="Back to the library"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.trashed: list[Trashed] = []
        self.load_error: str | None = None
        self.brought_back: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="trash"):
            yield Static(id="trash-title")
            yield TrashFilter(
                placeholder="Filter: type a title, a name or an id",
                id="trash-filter",
                select_on_focus=False,
            )
            yield MapList(self.row_lines, typed=self._typed, id="trash-list")
            yield Static("", id="trash-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            self.trashed = read_trash(self.app.library.trash())
            self.load_error = None
        except (OSError, StoreError) as error:
            self.trashed = []
            self.load_error = str(error)
        self.refresh_list()

    def refresh_list(self) -> None:
        map_list = self.query_one("#trash-list", MapList)
        previous = map_list.highlighted_row
        query = self.query_one("#trash-filter", Input).value.strip().casefold()
        rows = [
            ListRow(item.entry.key, item)
            for item in self.trashed
            if not query or query in item.haystack()
        ]
        map_list.set_rows(rows, keep=previous.id if previous else None)
        count = len(self.trashed)
        self.query_one("#trash-title", Static).update(
            Text.assemble(
                ("Deleted maps", "bold"),
                f" · {plural(count, 'map')}, newest first" if count else "",
                ("\nThey stay here, whole, until you bring them back or purge them.", "dim"),
            )
        )
        empty = self.query_one("#trash-empty", Static)
        self.query_one("#trash-filter").display = bool(self.trashed)
        map_list.display = bool(rows)
        empty.display = not rows
        if self.load_error:
            empty.update(Text(self.load_error))
        elif not self.trashed:
            empty.update(Text("The trash is empty."))
        else:
            empty.update(
                Text.assemble("Nothing matches “", query, "”. ", ("esc clears it.", "dim"))
            )
        if rows and (self.focused is None or not self.focused.display):
            map_list.focus()
        self.refresh_bindings()

    def row_lines(self, row: ListRow) -> Sequence[Text]:
        item: Trashed = row.data
        title = Text(item.title, style="bold")
        if item.map is None:
            title.append(" · can't be read", style="italic")
        elif item.map.cycle_name:
            title.append(" · ")
            title.append(item.map.cycle_name, style="italic")
        details = [f"deleted {human_when(item.entry.deleted, self.app.clock())}"]
        if item.map is not None:
            a, b = item.map.partners
            details.insert(0, f"{a.name} & {b.name}")
        details.append(plural(item.versions, "saved version"))
        if item.log:
            details.append("check-ins")
        return title, Text(" · ".join(details), style="dim")

    def current(self) -> Trashed | None:
        map_list = self.query_one("#trash-list", MapList)
        row = map_list.highlighted_row
        return row.data if row is not None and map_list.display else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"restore", "purge"} and self.current() is None:
            return None
        return True

    # -- events ---------------------------------------------------------------------------

    def _typed(self, event) -> None:
        type_into(self.query_one("#trash-filter", Input), event)

    @on(Input.Changed, "#trash-filter")
    def _filter_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#trash-filter")
    def _filter_submitted(self) -> None:
        self.action_restore()

    @on(MapList.Selected, "#trash-list")
    def _selected(self) -> None:
        self.action_restore()

    @on(MapList.Highlighted, "#trash-list")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def on_key(self, event) -> None:
        # Up and down from the filter move through the list.
        if event.key in {"up", "down"} and isinstance(self.focused, Input):
            map_list = self.query_one("#trash-list", MapList)
            if map_list.display:
                map_list.focus()
                (
                    map_list.action_cursor_down
                    if event.key == "down"
                    else map_list.action_cursor_up
                )()
                event.stop()

    # -- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        filter_input = self.query_one("#trash-filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.query_one("#trash-list", MapList).focus()
            return
        self.dismiss(self.brought_back)

    def action_restore(self) -> None:
        item = self.current()
        if item is None:
            return
        try:
            self.app.library.restore_trashed(item.entry.key)
        except MapExists as error:
            self.app.show_message("This map can't come back yet", str(error))
            return
        except (OSError, StoreError) as error:
            self.app.show_message("The map wasn't brought back", str(error))
            self.reload()
            return
        self.brought_back = item.entry.map_id
        self.notify(f"“{item.title}” is back in the library.", markup=False, timeout=NOTE_SECONDS)
        self.reload()

    def action_purge(self) -> None:
        item = self.current()
        if item is None:
            return
        took = ["The map"]
        if item.versions:
            took.append(f"its {plural(item.versions, 'saved version')}")
        if item.log:
            took.append("its check-ins")
        what = " and ".join([", ".join(took[:-1]), took[-1]]) if len(took) > 1 else took[0]
        question = ConfirmScreen(
            Text.assemble("Purge “", item.title, "” for good?"),
            Text(
                f"{what} {'are' if len(took) > 1 else 'is'} removed and cannot be brought "
                "back. Keep it if you are not sure."
            ),
            yes="Purge",
            no="Keep",
            destructive=True,
        )
        self.app.push_screen(question, lambda yes: self._purge(item, yes))

    def _purge(self, item: Trashed, yes: bool | None) -> None:
        if not yes:
            return
        try:
            self.app.library.purge_trashed(item.entry.key)
        except (OSError, StoreError) as error:
            self.app.show_message("The map wasn't purged", str(error))
        else:
            self.notify(f"“{item.title}” was purged.", markup=False, timeout=NOTE_SECONDS)
        self.reload()
