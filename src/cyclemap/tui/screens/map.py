"""One map: the loop diagram, with edit, present, history, check-ins, export and delete.

A map opened from a .toml file outside the library is shown as it is; editing it saves a copy
into the library (under a free id), and the original file is never written. History and
check-ins are kept only for maps in the library, so they are offered only there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, Static

from cyclemap.diagram import CycleDiagram, PositiveCycleDiagram, has_positive_cycle
from cyclemap.store import (
    Fingerprint,
    Library,
    StoreError,
    fingerprint,
    load_file,
    named_as_its_id,
)
from cyclemap.terms import MAP_LABELS, one_line
from cyclemap.tui.paths import shown
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from cyclemap.model import CycleMap

# How long the note after a delete stays: long enough to copy the command that undoes it.


@dataclass(frozen=True)
class OpenedMap:
    map: CycleMap
    path: Path
    expected: Fingerprint | None  # what the file looked like when read
    in_library: bool


def open_map(library: Library, ref: str) -> OpenedMap:
    """Read a map by id or path. Raises StoreError (MapNotFound, MapFileError) or OSError."""
    path = library.resolve(ref)
    # The fingerprint before the read: a change in between shows up as a conflict on save.
    expected = fingerprint(path)
    cycle_map = load_file(path)
    in_library = path.resolve().parent == library.root.resolve()
    if in_library:  # as the library lists it (broken) when its id is not its file's name
        named_as_its_id(cycle_map, path, path.stem)
    return OpenedMap(cycle_map, path, expected, in_library)


class MapScreen(Screen[None]):
    """One map; the header says its title ("cyclemap — Sunday nights")."""

    AUTO_FOCUS = "#map-scroll"
    # Declared once: the footer, the help screen and the command palette all read this list, in
    # this order: the two keys for the moment the cycle starts come first. This is no list, so
    # its commands are letters, but the one that removes a map is the delete key, as on the
    # library. Delete and ASCII are only in help (f1) and the command palette (ctrl+p).
    BINDINGS = [
        Binding(
            "space",
            "pause",
            "Pause",
            id="map.pause",
            tooltip="The cycle is starting: pause, breathe, come back to each other",
        ),
        Binding(
            "t",
            "talk",
            "Talk",
            id="map.talk",
            tooltip="After a rocky moment: talk it through, one of you at a time",
        ),
        Binding("e", "edit", "Edit", id="map.edit", tooltip="Change any answer, name the cycle"),
        Binding(
            "c",
            "check_in",
            "Check-in",
            id="map.check_in",
            tooltip="Note a time you noticed the cycle: what set it off, how you repaired",
        ),
        Binding(
            "p",
            "present",
            "Present",
            id="map.present",
            tooltip="Show the cycle step by step, full screen, for a session",
        ),
        Binding(
            "h",
            "history",
            "History",
            id="map.history",
            tooltip="Earlier versions side by side, and bring one back",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="map.export",
            tooltip="Save the map as text, Markdown, a picture, a pocket card…",
        ),
        Binding(
            "delete",
            "delete",
            "Delete",
            key_display="del",
            id="map.delete",
            show=False,
            tooltip="Move the map to the trash (it can be brought back)",
        ),
        Binding(
            "a",
            "toggle_ascii",
            "ASCII",
            id="map.ascii",
            show=False,
            tooltip="Draw with plain + - | > (when lines look broken)",
        ),
        Binding("escape", "back", "Library", id="map.back", tooltip="Back to the library"),
    ]
    # What the footer keeps as the window narrows, most important first (it drops from the end;
    # the keys it keeps stay in the order above). An upset couple at 80x24, or narrower, sees
    # pause and talk, help (the door to every other key) and quick-hide; then the way back and
    # the keys used most; a therapist's present, the history and export need a wider window.
    FOOTER_IMPORTANCE = (
        "map.pause",
        "map.talk",
        "app.help",
        "app.quick_hide",
        "map.back",
        "map.edit",
        "map.check_in",
        "map.present",
        "map.history",
        "map.export",
    )

    ascii = reactive(False)

    def __init__(self, opened: OpenedMap) -> None:
        super().__init__()
        self.opened = opened

    @property
    def cycle_map(self) -> CycleMap:
        return self.opened.map

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="map-scroll"):
            if not self.opened.in_library:
                yield Static(
                    Text.assemble(
                        "This file is outside your library: ",
                        (shown(self.opened.path), "bold"),
                        "\nIt is never changed here. Editing saves a copy into your library.",
                    ),
                    id="outside",
                )
            yield Static(id="diagram")
            if has_positive_cycle(self.cycle_map):
                yield Static(id="positive")
            if self.opened.in_library:
                # Shown once there is a check-in: a new map stays calm.
                from cyclemap.tui.screens.checkin import CheckInSummary

                yield CheckInSummary(self.app.library, self.cycle_map.id, id="checkins")
            details = _details(self.cycle_map)
            if details is not None:
                yield Static(details, id="map-details")
        yield Footer()

    def on_mount(self) -> None:
        self._draw()

    def _draw_title(self) -> None:
        # Literal: the header shows its sub-title as Content, never as markup.
        self.sub_title = one_line(self.cycle_map.title)

    def watch_ascii(self) -> None:
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        self._draw_title()
        self.query_one("#diagram", Static).update(CycleDiagram(self.cycle_map, ascii=self.ascii))
        if has_positive_cycle(self.cycle_map):
            self.query_one("#positive", Static).update(
                PositiveCycleDiagram(self.cycle_map, ascii=self.ascii)
            )
        self._show_checkins()

    def _show_checkins(self) -> None:
        from cyclemap.tui.screens.checkin import CheckInSummary

        for summary in self.query("#checkins").results(CheckInSummary):
            summary.ascii = self.ascii
            summary.display = _has_checkins(self.app.library, self.cycle_map.id)
            if summary.display:
                summary.reload()

    async def reload(self) -> None:
        """Read the map again (after a restore) and draw it anew."""
        try:
            opened = open_map(self.app.library, self.cycle_map.id)
        except (OSError, StoreError) as error:
            self.app.show_message("This map can't be opened", str(error))
            return
        self.opened = opened
        await self.recompose()
        self._draw()
        self.query_one("#map-scroll").focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete" and not self.opened.in_library:
            return None  # Not ours to delete.
        # History and check-ins are kept only for maps in the library: not offered elsewhere.
        kept = {"history", "check_in", "pause", "talk"}
        return self.opened.in_library or action not in kept

    # -- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_toggle_ascii(self) -> None:
        self.ascii = not self.ascii

    def action_present(self) -> None:
        self.app.present(self.cycle_map, in_library=self.opened.in_library)

    def action_history(self) -> None:
        if not self.opened.in_library:
            return
        from cyclemap.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.app.library, self.cycle_map.id), self._history_seen)

    async def _history_seen(self, restored: bool | None) -> None:
        if restored:
            await self.reload()

    def action_check_in(self) -> None:
        if not self.opened.in_library:
            return
        from cyclemap.tui.screens.checkin import CheckInScreen

        self.app.push_screen(CheckInScreen(self.app.library, self.cycle_map.id), self._checked_in)

    def action_pause(self) -> None:
        if self.opened.in_library:
            self.app.open_moment("pause", self.cycle_map.id, then=self._after_moment)

    def action_talk(self) -> None:
        if self.opened.in_library:
            self.app.open_moment("talk", self.cycle_map.id, then=self._after_moment)

    def _after_moment(self, result: str | None) -> None:
        if result in ("noted", "saved"):
            self.call_later(self.reload)  # the log has grown; the map may have new words

    def _checked_in(self, entry: object | None) -> None:
        if entry is not None:
            self._show_checkins()

    def action_export(self) -> None:
        from cyclemap.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.cycle_map, self.app.export_dir))

    def action_edit(self) -> None:
        if self.opened.in_library:
            self._review(self.cycle_map, self.opened.expected)
            return
        confirm = ConfirmScreen(
            "Edit a copy in your library?",
            Text.assemble(
                "This file stays exactly as it is. Your changes are saved as a new map in "
                "your library."
            ),
            yes="Edit a copy",
            no="Not now",
        )
        self.app.push_screen(confirm, self._edit_copy)

    def _edit_copy(self, yes: bool | None) -> None:
        if not yes:
            return
        library: Library = self.app.library
        try:
            map_id = self.cycle_map.id
            if library.exists(map_id):
                map_id = library.unique_id(self.cycle_map.title)
        except (OSError, StoreError) as error:
            self.app.show_message("The copy can't be made", str(error))
            return
        # expected=None with a free id: the save creates a new file, nothing is overwritten.
        self._review(self.cycle_map.model_copy(update={"id": map_id}), None)

    def _review(self, cycle_map: CycleMap, expected: Fingerprint | None) -> None:
        from cyclemap.tui.screens.reveal import ReviewScreen

        self.app.push_screen(
            ReviewScreen(self.app.library, cycle_map, expected=expected, mode="edit"),
            self._reviewed,
        )

    def _reviewed(self, map_id: str | None) -> None:
        if map_id:
            self.app.show_map(map_id)

    def action_delete(self) -> None:
        if not self.opened.in_library:
            return
        self.app.push_screen(delete_question(self.app.library, self.cycle_map), self._delete)

    def _delete(self, yes: bool | None) -> None:
        if not yes:
            return
        library: Library = self.app.library
        try:
            trashed = library.delete(self.cycle_map.id)
        except (OSError, StoreError) as error:
            self.app.show_message("The map wasn't deleted", str(error))
            return
        self.dismiss(None)
        # Back on the library, which says what went and offers to undo it.
        self.app.offer_undo(trashed, self.cycle_map.title)


def _has_checkins(library: Library, map_id: str) -> bool:
    from cyclemap import checkin

    """True when the map's check-in log has an entry, or can't be read (the summary says so)."""
    try:
        return bool(checkin.load_log(library, map_id).entries)
    except (OSError, StoreError):
        return True


# -- delete, and how to undo it ------------------------------------------------------------


def how_to_restore(library: Library, map_id: str) -> str:
    """The command that brings a deleted map back from the trash."""
    from cyclemap.trash_words import data_dir_option

    option = data_dir_option(library)
    return f"cyclemap restore {map_id}{option}"


def delete_question(library: Library, cycle_map: CycleMap) -> ConfirmScreen:
    """Delete this map? Saying where it goes and how it comes back."""
    return ConfirmScreen(
        Text.assemble("Delete “", cycle_map.title, "”?"),
        Text.assemble(
            "It goes to the library's trash with its history and its check-ins. ctrl+z "
            "brings it back right after, the Trash (ctrl+t on the library) later, and so "
            "does this command:\n",
            (how_to_restore(library, cycle_map.id), "bold"),
        ),
        yes="Delete",
        no="Keep",
        destructive=True,
    )


def _details(cycle_map: CycleMap) -> Group | None:
    parts = []
    for key in ("warning_signs", "pause_phrase", "notes"):  # in the order of the exports
        value = getattr(cycle_map, key)
        if value:
            parts.append(Text.assemble((MAP_LABELS[key], "bold"), "\n", value, "\n"))
    return Group(*parts) if parts else None
