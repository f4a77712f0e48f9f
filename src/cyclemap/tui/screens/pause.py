"""The pause on screen (`cyclemap pause`, and from the map screen): for when the cycle starts.

Full screen and calm: the pause phrase in large type, "the cycle, not either of you", the early
signs, a slow breathing pacer, and a drawn countdown to the time they chose to come back. Once
they are back it offers the conversation.

The pause itself — the time, the countdown, the pacer, what is offered at the end and the
check-in it ends in — is `cyclemap.pause.PauseState`. This screen draws it a few times a second
and sends it the keys. Time comes from `app.monotonic` (tests give it a clock of their own).

Dismisses with "talk" (logged; they want to talk it through now), "noted" (logged) or None
(left, nothing logged).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Input, Static

from cyclemap.conversation_words import (
    BREATHE_WORDS,
    EARLY_HEADING,
    NOT_EITHER,
    OWN_PHRASE_NOTE,
    OWN_PHRASE_PROMPT,
    PAUSE_BACK_BUTTON,
    PAUSE_COME_BACK,
    PAUSE_INTRO,
    PAUSE_LEFT,
    PAUSE_MINUTES,
    PAUSE_SUGGESTED,
    SIGNS_LEAD,
    STILL_BREATHING,
    TIME_UP_BODY,
    TIME_UP_HEADING,
)
from cyclemap.model import CycleMap
from cyclemap.pause import Breath, Move, PauseState
from cyclemap.store import Library, StoreError
from cyclemap.terms import ANSWER_MAX
from cyclemap.tui.widgets.big_heading import BigHeading
from cyclemap.tui.widgets.choices import ChoiceList
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import literal

# The phrase in large type from this size up, in two lines of it at most (three from
# TALL_HEIGHT); a phrase that needs more is bold text.
LARGE_MIN_WIDTH = 60
LARGE_MIN_HEIGHT = 24
TALL_HEIGHT = 30
PHRASE_LINES = 3
SMALL_HEIGHT = 24  # below it, the fewest words: the phrase, the signs, the pacer, the time
# Redrawing: often enough for the pacer to grow smoothly; once a second without motion.
FRAME_SECONDS = 0.2
STILL_SECONDS = 1.0
BAR_MAX = 40  # the widest the countdown and the pacer are drawn


def pacer(breath: Breath | None, width: int) -> Text:
    """The breathing pacer: a line that grows as the lungs fill and shrinks as they empty, with
    the words for it; `breath` None (reduced motion) is the words alone, still."""
    if breath is None:
        return Text(STILL_BREATHING)
    room = max(4, min(width, BAR_MAX))
    length = max(2, round(2 + breath.size * (room - 2)))
    text = Text()
    text.append(BREATHE_WORDS[breath.phase], style="italic")
    text.append("\n")
    text.append("━" * length, style="bold")
    return text


def countdown(clock: str, share_left: float, width: int) -> Text:
    """'19:42 left' over a bar: the part still to wait drawn full (█), the part gone light (░),
    so the time can be read without colour and in a narrow window."""
    room = max(6, min(width, BAR_MAX))
    full = round(share_left * room)
    text = Text()
    text.append(PAUSE_LEFT.format(clock=clock), style="bold")
    text.append("\n")
    text.append("█" * full + "░" * (room - full))
    return text


def time_line(minutes: int) -> Text:
    """'Come back in  10 · [20] · 30 · 60 minutes' (the chosen time marked without colour)."""
    text = Text(f"{PAUSE_COME_BACK}  ")
    for number, choice in enumerate(PAUSE_MINUTES):
        if number:
            text.append(" · ")
        if choice == minutes:
            text.append(f"[{choice}]", style="bold reverse")
        else:
            text.append(str(choice))
    text.append(" minutes")
    return text


class PauseScreen(Screen[str | None]):
    """A pause for one map of the library (`library`, `cycle_map`)."""

    CSS_PATH = Path(__file__).resolve().parent.parent / "pause.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("enter", "come_back", "We're back", key_display="⏎", id="pause.back", show=False),
        Binding("left", "time(-1)", "Sooner", key_display="←", id="pause.sooner"),
        Binding("right", "time(1)", "Later", key_display="→", id="pause.later"),
        Binding(
            "m",
            "toggle_motion",
            "Motion",
            id="pause.motion",
            tooltip="The breathing pacer still, or moving again",
        ),
        Binding("escape", "leave", "Leave", id="pause.leave", tooltip="Close; nothing is noted"),
    ]

    def __init__(
        self, library: Library, cycle_map: CycleMap, *, motion: bool | None = None
    ) -> None:
        """`motion` None: as the app says (`app.motion`, False after `--no-motion`, and
        TEXTUAL_ANIMATIONS=none)."""
        super().__init__()
        self.library = library
        self.cycle_map = cycle_map
        self.motion = motion
        self.state: PauseState | None = None
        self._timer: Timer | None = None
        self._saving = False

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pause-main"):
            with Vertical(id="pause-words"):
                yield BigHeading(id="pause-phrase")
                yield Static(PAUSE_SUGGESTED, id="pause-suggested", markup=False)
                yield Static(NOT_EITHER, id="pause-not-either", markup=False)
                yield Static(PAUSE_INTRO, id="pause-intro", markup=False)
                yield Static(id="pause-signs", markup=False)
            with ContentSwitcher(id="pause-body", initial="pause-counting"):
                with Vertical(id="pause-counting"):
                    yield Static(id="pause-breath")
                    yield Static(id="pause-clock")
                    yield Static(id="pause-times")
                    with Center():
                        yield Button(f"⏎ {PAUSE_BACK_BUTTON}", id="pause-back-button", compact=True)
                with Vertical(id="pause-end"):
                    yield Static(id="pause-end-heading", markup=False)
                    yield Static(TIME_UP_BODY, id="pause-end-body", markup=False)
                    with Vertical(id="pause-own"):
                        yield Static(OWN_PHRASE_PROMPT, classes="pause-label", markup=False)
                        yield Input(max_length=ANSWER_MAX, id="pause-own-phrase")
                        yield Static(OWN_PHRASE_NOTE, classes="pause-note", markup=False)
                    yield ChoiceList(id="pause-choices")
                    yield Static(id="pause-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.motion is None:
            # Still after --no-motion, and where Textual is told to keep still everywhere
            # (TEXTUAL_ANIMATIONS=none).
            asked = bool(getattr(self.app, "motion", True))
            self.motion = asked and self.app.animation_level != "none"
        self.state = PauseState.for_map(self.cycle_map, self.now())
        state = self.state
        self.query_one("#pause-phrase", BigHeading).text = state.phrase
        self.query_one("#pause-suggested").display = not state.own_phrase
        signs = self.query_one("#pause-signs", Static)
        signs.display = bool(state.signs)
        signs.update(Text.assemble((f"{SIGNS_LEAD}: ", "bold"), state.signs))
        self.query_one("#pause-own").display = not state.own_phrase
        self._fit()
        self._start_timer()
        self._show()

    def now(self) -> float:
        return self.app.monotonic()

    def on_resize(self) -> None:
        self._fit()
        self._draw_counting()

    def _fit(self) -> None:
        size = self.app.size
        phrase = self.query_one("#pause-phrase", BigHeading)
        phrase.large = size.width >= LARGE_MIN_WIDTH and size.height >= LARGE_MIN_HEIGHT
        phrase.max_lines = PHRASE_LINES if size.height >= TALL_HEIGHT else 2
        self.set_class(size.height < SMALL_HEIGHT, "-small")

    def _start_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(FRAME_SECONDS if self.motion else STILL_SECONDS, self.tick)

    # --- drawing ---------------------------------------------------------------------------

    def _show(self) -> None:
        """The stage the pause is in: counting, or back."""
        state = self.state
        assert state is not None
        back = state.stage == "back"
        self.set_class(back, "-back")
        self.query_one("#pause-body", ContentSwitcher).current = (
            "pause-end" if back else "pause-counting"
        )
        if back:
            self.query_one("#pause-end-heading", Static).update(
                literal(EARLY_HEADING if state.early else TIME_UP_HEADING, "bold")
            )
            choices = self.query_one("#pause-choices", ChoiceList)
            choices.show(state.choices(), state.chosen)
            self._say("")
            if state.own_phrase:
                self.set_focus(choices)
            else:
                own = self.query_one("#pause-own-phrase", Input)
                own.value = state.new_phrase
                self.set_focus(own)
        else:
            self.set_focus(None)
            self._draw_counting()
        self.refresh_bindings()

    def _draw_counting(self) -> None:
        state = self.state
        if state is None or state.stage != "counting":
            return
        now = self.now()
        width = self.query_one("#pause-main").content_size.width or self.app.size.width
        breath = state.breath(now) if self.motion else None
        self.query_one("#pause-breath", Static).update(pacer(breath, width - 4))
        self.query_one("#pause-clock", Static).update(
            countdown(state.clock(now), state.share_left(now), width - 4)
        )
        self.query_one("#pause-times", Static).update(time_line(state.minutes))

    def _say(self, hint: str) -> None:
        line = self.query_one("#pause-hint", Static)
        line.update(literal(hint or "↑ ↓ and Enter to choose · Esc leaves"))
        line.set_class(not hint, "-quiet")

    # --- what the pause says ---------------------------------------------------------------

    def tick(self) -> None:
        """Called by the timer (and by tests, after moving their clock on)."""
        if self.state is not None:
            self._apply(self.state.tick(self.now()))

    def _apply(self, move: Move) -> None:
        if move.go == "stay":
            if move.hint:
                self._say(move.hint)
                self.query_one("#pause-choices", ChoiceList).mark(self.state.chosen)
            else:
                self._draw_counting()
            return
        if move.go in ("step", "back"):
            self._show()
            return
        if move.go in ("talk", "done"):
            self._finish(move.go)
            return
        self._close(None)

    def _finish(self, go: str) -> None:
        """Log the pause (and their own words for it, if any) and close."""
        state = self.state
        assert state is not None
        if self._saving:
            return
        self._saving = True
        state.set_new_phrase(self.query_one("#pause-own-phrase", Input).value)
        try:
            state.note(self.library, self.cycle_map.id, self.app.clock().date(), self.now())
        except (OSError, StoreError) as error:
            self._saving = False
            self._say(f"The pause couldn't be noted: {error}")
            return
        try:
            state.keep_phrase(self.library, self.cycle_map.id)
        except (OSError, StoreError) as error:
            self.notify(
                f"The pause is noted, but the new words couldn't go onto the map: {error}",
                title="Not saved",
                severity="warning",
                markup=False,
            )
        self._close("talk" if go == "talk" else "noted")

    def _close(self, result: str | None) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(result)

    # --- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        counting = self.state is not None and self.state.stage == "counting"
        if action in ("come_back", "time", "toggle_motion"):
            return counting
        return True

    def action_come_back(self) -> None:
        if self.state is not None:
            self._apply(self.state.come_back(self.now()))

    def action_time(self, direction: int) -> None:
        if self.state is not None:
            self._apply(self.state.step_time(direction, self.now()))

    def action_toggle_motion(self) -> None:
        self.motion = not self.motion
        self._start_timer()
        self._draw_counting()

    def action_leave(self) -> None:
        self._close(None)

    @on(Button.Pressed, "#pause-back-button")
    def _back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_come_back()

    @on(Input.Submitted, "#pause-own-phrase")
    def _own_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.set_focus(self.query_one("#pause-choices", ChoiceList))

    @on(Input.Changed, "#pause-own-phrase")
    def _own_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.state is not None:
            self.state.set_new_phrase(event.value)

    @on(ChoiceList.Picked, "#pause-choices")
    def _picked(self, event: ChoiceList.Picked) -> None:
        event.stop()
        if self.state is not None:
            self._apply(self.state.pick(event.value, self.now()))
