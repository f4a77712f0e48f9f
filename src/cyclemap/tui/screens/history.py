"""The history of one map: its versions, two of them side by side with the changes marked, and
restoring one.

The right side is always the highlighted version; the left side is the version marked with
enter (or, with none marked, the version just before the highlighted one). ctrl+r brings the
highlighted version back as the current map, after asking; the map as it was goes into the
history in its turn, so a restore can be undone. Letters are text here, as on every list:
typed on the list they filter the versions (by date, status and what changed).

Pushed from the map screen as `HistoryScreen(library, map_id)`; dismisses with True when a
version was restored (the map screen then reads the map again), else False.
"""

from __future__ import annotations

from typing import ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from cyclemap.changes import Row, compare_rows, diff_maps, summarize
from cyclemap.history import (
    Version,
    format_when,
    latest_map,
    restore,
    restored_from,
    version_summary,
    versions,
)
from cyclemap.store import ConflictError, Fingerprint, Library, StoreError, fingerprint
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.message import MessageScreen
from cyclemap.tui.widgets.filter_input import is_typing, type_into
from cyclemap.tui.widgets.footer import Footer

EMPTY = "—"
MARK = "◆"


def _side_heading(version: Version) -> Text:
    status = f" ({version.status})" if version.status else ""
    return Text.assemble(
        (f"Version {version.number}{status}", "bold"), "\n", format_when(version.saved)
    )


def _value(value: str | None) -> Text:
    """User text, literally; an absent answer as a dash."""
    if value is None:
        return Text(EMPTY, style="dim")
    return Text(value)


class VersionList(OptionList):
    """The versions, newest first. Enter marks the highlighted one for comparison; a letter
    typed here goes to the filter (letters are text on every list)."""

    # In place of OptionList's enter (select); declared for help and the palette on the screen.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "screen.mark", "Compare")]

    async def _on_key(self, event: events.Key) -> None:
        if is_typing(event):
            event.stop()
            event.prevent_default()
            type_into(self.screen.query_one("#version-filter", Input), event)
            return
        await super()._on_key(event)


def _row_label(row: Row) -> Text:
    if not row.changed:
        return Text(row.label)
    kind = "added" if row.old is None else "removed" if row.new is None else "changed"
    return Text.assemble("▶ ", (row.label, "bold"), f" · {kind}")


class HistoryScreen(Screen[bool]):
    SUB_TITLE = "History"
    TYPING_NOTE = (
        "Type to filter: letters typed here are text (a date, a word of what changed), never "
        "commands. ↑ ↓ move through the versions, esc empties the filter."
    )
    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#versions"
    # Letters are text: typed on the list they filter it; commands are on enter and ctrl keys.
    BINDINGS = [
        Binding(
            "enter",
            "mark",
            "Compare",
            id="history.mark",
            show=False,  # the list's own enter is shown
            tooltip="Mark the highlighted version: the others are then compared with it "
            "(press again to unmark)",
        ),
        Binding(
            "ctrl+r",
            "restore",
            "Restore",
            key_display="^r",
            id="history.restore",
            tooltip="Bring the highlighted version back as the current map (asks first; "
            "the current one is kept, so it can be undone)",
        ),
        Binding(
            "ctrl+o",
            "toggle_only_changes",
            "Changes",
            key_display="^o",
            id="history.only_changes",
            tooltip="Show only the answers that differ, or every answer",
        ),
        Binding("escape", "back", "Back", id="history.back", tooltip="Back to the map"),
    ]

    only_changes: reactive[bool] = reactive(False, init=False)

    def __init__(self, library: Library, map_id: str) -> None:
        super().__init__()
        self.library = library
        self.map_id = map_id
        self.versions: list[Version] = []
        self.marked: int | None = None  # a version number
        self.expected: Fingerprint | None = None
        self.load_error: str | None = None
        self.restored = False
        self.rows: list[Row] = []  # what the comparison shows now

    # -- building -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="history"):
            yield Static(id="history-title")
            yield Input(
                placeholder="Filter: type a date or a word of what changed",
                id="version-filter",
                select_on_focus=False,
            )
            yield VersionList(id="versions")
            yield Static(id="comparing")
            with VerticalScroll(id="compare"):
                yield Static(id="compare-table")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the versions again (after a restore elsewhere, or a conflict)."""
        try:
            # The fingerprint first: a save in between shows up as a conflict on restore.
            self.expected = fingerprint(self.library.path_for(self.map_id))
            self.versions = versions(self.library, self.map_id)
            self.load_error = None
        except (StoreError, OSError) as error:
            self.versions = []
            self.load_error = str(error)
        if self.marked is not None and self.marked > len(self.versions):
            self.marked = None
        self._fill_list()
        self.refresh_bindings()

    def _fill_list(self) -> None:
        title = self.query_one("#history-title", Static)
        option_list = self.query_one("#versions", OptionList)
        option_list.clear_options()
        if self.load_error is not None:
            title.update(Text.assemble(("This history can't be read", "bold"), "\n"))
            self.query_one("#comparing", Static).update(Text(self.load_error))
            option_list.display = False
            return
        option_list.display = True
        latest = latest_map(self.versions)
        count = len(self.versions)
        title.update(
            Text.assemble(
                (latest.title if latest else self.map_id, "bold"),
                f" · {count} version{'s' if count != 1 else ''}, newest first",
                f" · {MARK} the one the others are compared with" if self.marked else "",
            )
        )
        number_width = len(str(count))
        status_width = max(len(version.status) for version in self.versions)
        # What is left of the row for the summary: marks, number, date, status, gaps, padding.
        used = 2 + number_width + 2 + 17 + (status_width + 2 if status_width else 0) + 2 + 6
        width = max(self.app.size.width - used, 30)
        options = []
        query = self.query_one("#version-filter", Input).value.strip().casefold()
        restored = restored_from(self.versions)
        for index in range(count - 1, -1, -1):
            version = self.versions[index]
            mark = f"{MARK} " if version.number == self.marked else "  "
            parts: list[str | tuple[str, str]] = [
                mark,
                (f"{version.number:>{number_width}}", "bold"),
                f"  {format_when(version.saved):<17}",
            ]
            if status_width:
                parts.append((f"  {version.status:<{status_width}}", "italic"))
            parts += ["  ", (version_summary(self.versions, index, width, restored), "dim")]
            line = Text.assemble(*parts)
            if query and query not in line.plain.casefold():
                continue
            options.append(Option(line, id=f"v{version.number}"))
        option_list.add_options(options)
        option_list.highlighted = 0 if options else None
        self._show_comparison()
        if query and not options:
            self.query_one("#comparing", Static).update(
                Text.assemble("No version matches “", query, "”. ", ("esc clears it.", "dim"))
            )

    @on(Input.Changed, "#version-filter")
    def _filter_changed(self) -> None:
        self._fill_list()
        self.refresh_bindings()

    @on(Input.Submitted, "#version-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#versions", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        # Up and down from the filter go back to the versions.
        if event.key in {"up", "down"} and self.focused is self.query_one("#version-filter"):
            self.query_one("#versions", OptionList).focus()
            event.stop()

    # -- which two ------------------------------------------------------------------------

    @property
    def highlighted(self) -> Version | None:
        option_list = self.query_one("#versions", OptionList)
        if option_list.highlighted is None or not self.versions:
            return None
        option = option_list.get_option_at_index(option_list.highlighted)
        return self.versions[int(str(option.id)[1:]) - 1]

    def pair(self) -> tuple[Version | None, Version | None]:
        """(left, right): the marked version (or the one before) and the highlighted one."""
        right = self.highlighted
        if right is None:
            return None, None
        if self.marked is not None and self.marked != right.number:
            return self.versions[self.marked - 1], right
        if right.number > 1:
            return self.versions[right.number - 2], right
        return None, right

    @on(OptionList.OptionHighlighted, "#versions")
    def _highlight_changed(self) -> None:
        self._show_comparison()
        self.refresh_bindings()

    # -- the comparison ---------------------------------------------------------------------

    def _show_comparison(self) -> None:
        left, right = self.pair()
        comparing = self.query_one("#comparing", Static)
        table = self.query_one("#compare-table", Static)
        self.rows = []
        if right is None:
            comparing.update("")
            table.update("")
            return
        if right.map is None or (left is not None and left.map is None):
            broken = right if right.map is None else left
            assert broken is not None
            comparing.update(
                Text(f"Version {broken.number} can't be read: {broken.error}", style="bold")
            )
            table.update("")
            return
        if left is None:
            comparing.update(
                Text.assemble(
                    (f"Version {right.number}", "bold"),
                    " is the first version: there is nothing before it to compare with.",
                )
            )
            self.rows = [
                Row(row.field, row.partner, row.label, None, row.new)
                for row in compare_rows(right.map, right.map)
            ]
            table.update(self._table(None, right, self.rows, single=True))
            return
        assert left.map is not None
        changes = diff_maps(left.map, right.map)
        heading = Text(f"Version {left.number} → version {right.number}: ", style="bold")
        if changes:
            count = f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
            names = summarize(changes, max(self.app.size.width - 6, 30))
            heading.append_text(Text.assemble(count, "\n", (names, "dim")))
        else:
            heading.append_text(Text("no differences"))
        comparing.update(heading)
        rows = compare_rows(left.map, right.map)
        if self.only_changes:
            rows = [row for row in rows if row.changed]
        self.rows = rows
        table.update(self._table(left, right, rows, single=False))

    def _marked_colors(self) -> tuple[str, str]:
        """(background of a changed answer, colour of its label), from the theme."""
        variables = self.app.theme_variables
        try:
            background = Color.parse(variables.get("background", "#121212"))
            warning = Color.parse(variables.get("warning", "#FEA62B"))
            label = Color.parse(variables.get("text-warning", warning.hex))
        except ColorParseError:
            return "", "bold"
        return f"on {background.blend(warning, 0.2).hex}", f"bold {label.hex}"

    def _table(
        self, left: Version | None, right: Version, rows: list[Row], *, single: bool
    ) -> Table:
        """Both versions side by side, a field a row; changed answers marked (▶, colour)."""
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            expand=True,
            pad_edge=False,
            padding=(0, 1),
            safe_box=True,
        )
        table.add_column(_side_heading(left) if left else Text("(nothing before it)"), ratio=1)
        table.add_column(_side_heading(right), ratio=1)
        changed_style, label_style = self._marked_colors()
        for number, row in enumerate(rows):
            marked = row.changed and not single
            if number:
                table.add_row("", "")
            label = _row_label(row) if marked else Text(row.label, style="dim")
            if marked:
                label.stylize(label_style)
            table.add_row(label, "")
            table.add_row(
                Text("") if single else _value(row.old),
                _value(row.new),
                style=changed_style if marked and changed_style else None,
            )
        if not rows:
            table.add_row(Text("No differences.", style="dim"), "")
        return table

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            version = self.highlighted if self.is_mounted else None
            if version is None or version.current or version.map is None:
                return None  # shown, but greyed out: there is nothing to bring back
        if action == "mark" and not self.versions:
            return None
        return True

    def watch_only_changes(self) -> None:
        self._show_comparison()

    def action_toggle_only_changes(self) -> None:
        self.only_changes = not self.only_changes

    def action_back(self) -> None:
        # Escape empties the filter first, then goes back to the map.
        filter_input = self.query_one("#version-filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.query_one("#versions", OptionList).focus()
            return
        self.dismiss(self.restored)

    def action_mark(self) -> None:
        version = self.highlighted
        if version is None:
            return
        self.marked = None if self.marked == version.number else version.number
        option_list = self.query_one("#versions", OptionList)
        keep = option_list.highlighted
        self._fill_list()
        option_list.highlighted = keep
        self._show_comparison()

    def action_restore(self) -> None:
        version = self.highlighted
        if version is None or version.current or version.map is None:
            return
        newest = self.versions[-1]
        detail = (
            "It becomes the current map. The map as it is now is kept in its history, "
            "so this can be undone."
            if newest.current
            else "The map was deleted; this brings it back as it was in that version."
        )
        question = ConfirmScreen(
            Text(f"Bring back version {version.number} ({format_when(version.saved)})?"),
            Text(detail),
            yes="Restore it",
            no="Not now",
        )
        self.app.push_screen(question, lambda yes: self._restore(version.number, yes))

    def _restore(self, number: int, yes: bool | None) -> None:
        if not yes:
            return
        try:
            result = restore(self.library, self.map_id, number, expected=self.expected)
        except ConflictError:
            self.app.push_screen(
                MessageScreen(
                    "The map changed while you were looking",
                    "Nothing was restored. The list now shows every version, the newest "
                    "change included; look again before you restore.",
                )
            )
            self.reload()
            return
        except (StoreError, OSError) as error:
            self.app.push_screen(MessageScreen("The version can't be restored", Text(str(error))))
            return
        self.restored = self.restored or result.changed
        self.notify(result.message(), title="History", markup=False)
        self.dismiss(self.restored)
