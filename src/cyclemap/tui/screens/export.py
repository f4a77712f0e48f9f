"""Export a map: pick a format and a file; says where it wrote. Dismisses with the path or None.

A name without a folder goes into the folder shown (the home folder by default), and an
existing file is only replaced after asking.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioSet, Static

from cyclemap import export
from cyclemap.model import CycleMap
from cyclemap.store import StoreError
from cyclemap.tui.paths import shown
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.widgets.marked_radio import MarkedRadioButton

# A person's words for each format; an unknown one is shown by its name.
FORMAT_LABELS = {
    "text": "Plain text: the loop as it looks here",
    "md": "Markdown: for notes apps",
    "svg": "Picture (SVG)",
    "html": "Web page: to print or keep",
    "card": "Pocket card: for when the cycle starts",
    "json": "JSON: for other programs",
    "toml": "cyclemap file: to import elsewhere",
}


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, cycle_map: CycleMap, folder: Path) -> None:
        super().__init__(classes="dialog")
        self.cycle_map = cycle_map
        self.folder = folder
        self.formats: list[str] = list(export.FORMATS)
        self.format = self.formats[0]
        self._suggested = self._suggestion(self.format)

    def _suggestion(self, fmt: str) -> str:
        return shown(self.folder / export.suggested_filename(self.cycle_map, fmt))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="export-box"):
            yield Static(
                Text.assemble("Export “", self.cycle_map.title, "”"), classes="dialog-title"
            )
            with RadioSet(id="formats"):
                for index, fmt in enumerate(self.formats):
                    yield MarkedRadioButton(
                        Text(FORMAT_LABELS.get(fmt, fmt)), value=index == 0, name=fmt
                    )
            yield Static(Text("Save as"), classes="dialog-label")
            yield Input(self._suggested, id="path", select_on_focus=False)
            yield Static("", id="export-hint", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Export (enter)"), id="ok", variant="primary")
                yield Button(Text("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#formats", RadioSet).focus()

    @on(RadioSet.Changed, "#formats")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.format = self.formats[event.index]
        path_input = self.query_one("#path", Input)
        suggestion = self._suggestion(self.format)
        # A path the person typed is theirs; only our own suggestion follows the format.
        if path_input.value == self._suggested:
            path_input.value = suggestion
        self._suggested = suggestion
        self._hint("")

    def _hint(self, message: str) -> None:
        self.query_one("#export-hint", Static).update(Text(message))

    def _target(self) -> Path | None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self._hint("Type where to save it, for example a file name.")
            return None
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            path = path / export.suggested_filename(self.cycle_map, self.format)
        if not path.parent.is_dir():
            self._hint(f"There is no folder {shown(path.parent)}.")
            return None
        return path

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _export(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        path = self._target()
        if path is None:
            return
        if path.exists():
            self.app.push_screen(
                ConfirmScreen(
                    Text.assemble("Replace ", (path.name, "bold"), "?"),
                    Text.assemble(
                        "There is already a file with that name in ", shown(path.parent), "."
                    ),
                    yes="Replace it",
                    no="Keep it",
                    destructive=True,
                ),
                lambda yes: self._write(path, replace=True) if yes else None,
            )
            return
        self._write(path)

    def _write(self, path: Path, *, replace: bool = False) -> None:
        try:
            written = export.write(self.cycle_map, self.format, path, replace=replace) or path
        except (OSError, StoreError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self._hint(f"It wasn't saved: {reason}")
            return
        self.app.notify(f"Exported to {shown(written)}", markup=False)
        self.dismiss(written)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
