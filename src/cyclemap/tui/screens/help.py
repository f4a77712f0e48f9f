"""Help: every key of the screen it was opened from and of the app, from the declared bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from cyclemap.tui.keys import DeclaredBinding, screen_and_app_bindings


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("b", "before_you_begin", "Before you begin", id="help.welcome"),
        Binding("escape,f1,question_mark,q", "close", "Close", id="help.close"),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__(classes="dialog")
        self.screen_keys, self.app_keys = screen_and_app_bindings(screen)
        # A list says that letters typed on it are text (they filter), never commands.
        self.typing_note: str | None = getattr(screen, "TYPING_NOTE", None)
        # What a screen says of where its parts are (a screen's HELP_WHERE), shown first.
        self.where: str | None = getattr(screen, "HELP_WHERE", None)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="help-box"):
            yield Static(Text("Keys"), classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                if self.typing_note:
                    yield Static(Text(self.typing_note, style="bold"), classes="help-note")
                if self.where:
                    yield Static(Text(self.where), classes="help-where")
                screen_rows = [_row(declared) for declared in self.screen_keys]
                app_rows = [_row(declared) for declared in self.app_keys]
                # One width for every table, so the columns line up.
                every = [*screen_rows, *app_rows, *MOVING_AROUND]
                widths = (
                    max((len(row[0]) for row in every), default=0),
                    max((len(row[1]) for row in every), default=0),
                )
                if screen_rows:
                    yield Static(_table("On this screen", screen_rows, widths))
                yield Static(_table("Everywhere", app_rows, widths))
                yield Static(_table("Moving around", MOVING_AROUND, widths))
                yield Static(
                    Text(
                        "Everything also works with the mouse. ctrl+p finds any action by name.",
                        style="dim",
                    ),
                    classes="help-note",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Before you begin (b)"), id="before", compact=True)
                yield Button(Text("Close (esc)"), id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "before":
            self.action_before_you_begin()
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_before_you_begin(self) -> None:
        from cyclemap.tui.screens.welcome import WelcomeScreen

        self.dismiss(None)
        self.app.push_screen(WelcomeScreen(first_run=False))


# The keys every screen shares, which Textual's widgets bind without declaring them.
MOVING_AROUND: list[tuple[str, str, str]] = [
    ("↑ / ↓", "Move", "Between the items of a list, the choices, the lines"),
    ("tab", "Next", "The next field, list or button"),
    ("shift+tab", "Previous", "The one before"),
    ("enter", "Choose", "Open what is highlighted, press a button, go on"),
    ("pgup / pgdn", "Scroll", "A page up or down"),
    ("home / end", "Jump", "To the first or the last item"),
]


def _row(declared: DeclaredBinding) -> tuple[str, str, str]:
    tooltip = declared.binding.tooltip
    if not declared.enabled:
        tooltip = f"{tooltip} (not here)".strip()
    return declared.keys, declared.description, tooltip


def _table(heading: str, rows: list[tuple[str, str, str]], widths: tuple[int, int]) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.title = Text(heading, style="bold")
    table.title_justify = "left"
    table.add_column(no_wrap=True, style="bold", min_width=widths[0])
    table.add_column(no_wrap=True, min_width=widths[1])
    table.add_column(ratio=1, style="dim")
    for keys, description, tooltip in rows:
        table.add_row(Text(keys), Text(description), Text(tooltip))
    return table
