"""A check-in: a short note each time the couple notices the cycle, added to the map's log.

Pushed as `CheckInScreen(library, map_id)`; dismisses with the saved `CheckIn`, or None when
left (escape). `CheckInSummary(library, map_id)` is a small widget with the month-by-month chart
of how often the cycle was caught, for the map screen.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, RadioSet, Static

from cyclemap import checkin
from cyclemap.model import ANSWER_MAX, CycleMap
from cyclemap.store import Library, StoreError
from cyclemap.tui.when import local_now
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.marked_radio import MarkedRadioButton

CAUGHT_CHOICES = ("Yes, we caught it", "No, not this time")
PAUSE_CHOICES = ("Yes", "No")


class CheckInScreen(Screen[checkin.CheckIn | None]):
    SUB_TITLE = "A check-in"
    CSS_PATH = "checkin.tcss"
    AUTO_FOCUS = "#what"
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="checkin.save",
            priority=True,
            tooltip="Add this check-in to the map's log",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="checkin.cancel",
            tooltip="Leave without adding anything",
        ),
    ]

    def __init__(self, library: Library, map_id: str, *, today: date | None = None) -> None:
        super().__init__()
        self.library = library
        self.map_id = map_id
        self._today = today
        self.cycle_map: CycleMap | None = None

    @property
    def today(self) -> date:
        if self._today is not None:
            return self._today
        clock = getattr(self.app, "clock", local_now)
        return clock().date()

    def compose(self) -> ComposeResult:
        try:
            self.cycle_map = self.library.load(self.map_id)
        except (StoreError, OSError):
            self.cycle_map = None  # the form still works; only the names and phrase are missing
        title = self.cycle_map.title if self.cycle_map else self.map_id
        phrase = self.cycle_map.pause_phrase if self.cycle_map else None
        yield Header(icon="")
        with VerticalScroll(id="checkin"):
            yield Static(
                Text.assemble(
                    ("A check-in for ", "bold"),
                    (title, "bold"),
                    ("\nA few words are enough. Noticing the cycle at all is the work.", "dim"),
                ),
                id="checkin-intro",
            )
            with Horizontal(id="date-row"):
                yield Static(Text("When was it? (YYYY-MM-DD)"), classes="checkin-label")
                yield Input(self.today.isoformat(), id="date", max_length=10, compact=True)
            yield Static(Text("What set it off?"), classes="checkin-label")
            yield Input(
                placeholder="the phone came out at dinner",
                id="what",
                max_length=ANSWER_MAX,
                compact=True,
            )
            yield Static(
                Text("Did you catch the cycle while it was happening?"),
                classes="checkin-label",
            )
            yield RadioSet(
                *(MarkedRadioButton(Text(label)) for label in CAUGHT_CHOICES),
                id="caught",
                compact=True,
            )
            question = "Did one of you say your pause phrase?"
            if phrase:
                question = f'Did one of you say your pause phrase ("{phrase}")?'
            yield Static(Text.assemble(question, (" (optional)", "dim")), classes="checkin-label")
            yield RadioSet(
                *(MarkedRadioButton(Text(label)) for label in PAUSE_CHOICES),
                id="pause",
                compact=True,
            )
            yield Static(
                Text.assemble("How did you repair?", (" (optional)", "dim")),
                classes="checkin-label",
            )
            yield Input(
                placeholder="we came back to it after a walk",
                id="repair",
                max_length=ANSWER_MAX,
                compact=True,
            )
            yield Static("", id="checkin-hint")
            with Horizontal(id="checkin-buttons"):
                yield Button(Text("Save (ctrl+s)"), id="save", variant="primary", compact=True)
                yield Button(Text("Cancel (esc)"), id="cancel", compact=True)
        yield Footer()

    # -- reading the form -------------------------------------------------------------------

    def _hint(self, message: str) -> None:
        self.query_one("#checkin-hint", Static).update(Text(message))

    @staticmethod
    def _choice(radio_set: RadioSet) -> int | None:
        index = radio_set.pressed_index
        return None if index < 0 else index

    def entry(self) -> checkin.CheckIn:
        """The form as an entry; ValueError / CheckInError with a sentence for the hint."""
        try:
            when = checkin.parse_date(self.query_one("#date", Input).value, self.today)
        except ValueError as error:
            self.query_one("#date", Input).focus()
            raise ValueError(f"The date: {error}.") from None
        what = self.query_one("#what", Input).value
        if not what.strip():
            self.query_one("#what", Input).focus()
            raise ValueError("What set it off? A few words are enough.")
        caught_set = self.query_one("#caught", RadioSet)
        caught = self._choice(caught_set)
        if caught is None:
            caught_set.focus()
            raise ValueError("Did you catch it? Choose yes or no.")
        pause = self._choice(self.query_one("#pause", RadioSet))
        return checkin.make_entry(
            when=when,
            what_set_it_off=what,
            caught=caught == 0,
            pause_phrase_used=None if pause is None else pause == 0,
            repair=self.query_one("#repair", Input).value,
        )

    # -- actions --------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        try:
            entry = self.entry()
        except (ValueError, StoreError) as error:
            self._hint(str(error))
            self.notify(str(error), title="Not yet", severity="warning", markup=False)
            return
        try:
            log = checkin.add_entry(self.library, self.map_id, entry)
        except (StoreError, OSError) as error:
            self._hint(f"Nothing was added: {error}")
            self.notify(str(error), title="Nothing was added", severity="error", markup=False)
            return
        count = len(log.entries)
        self.notify(
            f"Check-in of {checkin.format_day(entry.date)} added ({count} in the log).",
            title="Check-in",
            markup=False,
        )
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CheckInSummary(Static):
    """How often the cycle was caught, month by month (for the map screen). Call `reload()`
    after a check-in was added."""

    def __init__(self, library: Library, map_id: str, *, ascii: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.map_id = map_id
        self.ascii = ascii

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            log = checkin.load_log(self.library, self.map_id)
        except (StoreError, OSError) as error:
            self.update(Text(f"The check-in log can't be read: {error}"))
            return
        if not log.entries:
            self.update(Text("No check-ins yet.", style="dim"))
            return
        self.update(Text(checkin.summary_chart(log, ascii=self.ascii).rstrip("\n")))
