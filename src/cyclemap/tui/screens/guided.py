"""What the screens of the two guided flows share: the walkthrough (`walkthrough.py`) and the
guided conversation (`talk.py`). Not a screen of its own.

Each flow is a state object in the core (`cyclemap.walkthrough.WalkState`,
`cyclemap.conversation.TalkState`) that answers the person's keys with a move. A guided screen
shows the state's current step, copies what is typed into it, and does what the move says. This
base holds what is the same in both: the keys of moving on and back, the Back and Next buttons
under a step, what happens while an answer is typed, Escape's "keep it for later", and the
draft written shortly after every keystroke and after every step. Each screen composes its own
widgets, fills its own steps and carries out its own moves (a hand-over, a pause…).
"""

from __future__ import annotations

from typing import Protocol

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button

from cyclemap.store import Library, StoreError
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.widgets.choices import ChoiceList
from cyclemap.tui.widgets.question import QuestionPanel


def step_bindings(name: str) -> list[Binding]:
    """The keys for moving through the steps, the same in every guided flow (ids `<name>.…`)."""
    return [
        # Enter is said in every answer box and on the button; the footer has little room.
        Binding("enter", "next", "Next", key_display="⏎", id=f"{name}.next", show=False),
        Binding("ctrl+n", "next", "Next", show=False, id=f"{name}.next-alt"),
        Binding("alt+left,ctrl+b", "back", "Back", key_display="alt+←", id=f"{name}.back"),
        Binding("ctrl+f", "feelings", "Feelings", key_display="^f", id=f"{name}.feelings"),
    ]


class GuidedMove(Protocol):
    go: str  # "step", "stay", "leave", or one of the flow's own
    hint: str


class GuidedNav(Protocol):
    back: bool  # "← Back" is there
    next: str  # the Next button's words


class GuidedState(Protocol):
    """What this base asks of a flow's state."""

    step: str

    def has_content(self) -> bool: ...
    def allows(self, action: str) -> bool: ...
    def next(self) -> GuidedMove: ...
    def back(self) -> GuidedMove: ...
    def pick(self, value: str | None) -> GuidedMove: ...
    def nav(self) -> GuidedNav: ...


class GuidedScreen(Screen[str | None]):
    """A guided flow on screen, one step at a time. A subclass sets the ids and words below and
    fills in `_fill_step`, `_hint`, `_capture`, `_refocus`, `_write_draft` and `_go`."""

    AUTO_FOCUS = ""

    # The ids of the widgets each screen composes: the bar of buttons under a step, its
    # "← Back" and "Next →", and the list of a choice step.
    NAV = ""
    BACK = ""
    NEXT = ""
    CHOICES = ""
    # The actions that mean nothing while no step is on screen (under a hand-over, say).
    WALKING: tuple[str, ...] = ("next", "back", "feelings")
    # What Escape asks before the draft is kept, and what the screen then dismisses with.
    LEAVE_TITLE = ""
    LEAVE_BODY = ""
    KEPT: str | None = None
    # Said once when the draft cannot be written (", and why" follows).
    DRAFT_FAILED = ""

    DRAFT_DELAY = 0.8  # seconds after the last keystroke before the draft is written

    state: GuidedState

    def __init__(self, library: Library, state: GuidedState, *, classes: str | None = None):
        super().__init__(classes=classes)
        self.library = library
        self.state = state
        self._draft_timer: Timer | None = None
        self._finished = False
        self._showing: str | None = None  # the step whose widgets are filled in, if any
        self._filling = False
        self._draft_warned = False

    # --- doing what the flow says --------------------------------------------------------------

    def _apply(self, move: GuidedMove, *, save: bool = True) -> None:
        """Carry out a move of the flow (the state has already made it)."""
        if move.go == "stay":
            self._hint(move)
            return
        if save:
            self._save_draft()
        if move.go == "step":
            self._show_step()
            if move.hint:
                self._hint(move)
        elif move.go == "leave":  # the draft is kept for next time
            self._leave(self.KEPT)
        else:
            self._go(move)

    def _go(self, move: GuidedMove) -> None:
        """A move of the flow's own (a hand-over, a pause, the end)."""
        raise NotImplementedError

    def _hint(self, move: GuidedMove) -> None:
        """Show the move's hint on the step that stays, and the cursor where it helps."""
        raise NotImplementedError

    def _leave(self, result: str | None) -> None:
        self._finished = True
        self._cancel_draft_timer()
        self.dismiss(result)

    # --- showing a step ------------------------------------------------------------------------

    def _show_step(self) -> None:
        self._showing = None
        self._filling = True  # what is put into the widgets is not typing
        try:
            self._fill_step()
        finally:
            self._filling = False
        self._showing = self.state.step
        self._update_nav()
        self.refresh_bindings()

    def _fill_step(self) -> None:
        """Put the current step into the widgets, and the focus where the person starts."""
        raise NotImplementedError

    def _update_nav(self) -> None:
        nav = self.state.nav()
        self.query_one(f"#{self.NAV}").display = True
        self.query_one(f"#{self.BACK}", Button).display = nav.back
        button = self.query_one(f"#{self.NEXT}", Button)
        if str(button.label) != nav.next:
            button.label = nav.next
            button.refresh(layout=True)  # a Button's label does not resize it by itself

    def _capture(self) -> None:
        """Copy what is on screen into the state (only the step whose widgets are showing)."""
        raise NotImplementedError

    def _refocus(self) -> None:
        """The focus back on the step, after a dialog."""
        raise NotImplementedError

    def _answer_typed(self) -> None:
        """After the state has taken a keystroke in an answer (nothing more, unless a screen
        shows the words elsewhere too)."""

    # --- keys and buttons ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WALKING and self._showing is None:
            return False
        return self.state.allows(action)

    def action_next(self) -> None:
        if self._showing is None:
            return
        self._capture()
        # On a choice step the button goes on with what is chosen, whatever the cursor is on.
        self._apply(self.state.next())

    def action_back(self) -> None:
        if self._showing is None:
            return
        self._capture()
        self._apply(self.state.back())

    def action_feelings(self) -> None:
        if self._showing is not None:
            self.query_one(QuestionPanel).toggle_feelings()

    def action_leave(self) -> None:
        self._capture()
        if not self.state.has_content():
            self._leave(None)
            return

        def decided(leave: bool | None) -> None:
            if leave:
                self._save_draft()
                self._leave(self.KEPT)
            elif self._showing is not None:
                self._refocus()

        self.app.push_screen(
            ConfirmScreen(
                self.LEAVE_TITLE, self.LEAVE_BODY, yes="Keep it for later", no="Keep going"
            ),
            decided,
        )

    @on(Button.Pressed)
    def _nav_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.NEXT:
            event.stop()
            self.action_next()
        elif event.button.id == self.BACK:
            event.stop()
            self.action_back()

    @on(QuestionPanel.Submitted)
    def _question_submitted(self, event: QuestionPanel.Submitted) -> None:
        event.stop()
        self.action_next()

    @on(QuestionPanel.Browsing)
    def _browsing(self, event: QuestionPanel.Browsing) -> None:
        event.stop()
        self.query_one(f"#{self.NAV}").display = not event.open and self._showing is not None

    @on(QuestionPanel.AnswerChanged)
    def _answer_changed(self, event: QuestionPanel.AnswerChanged) -> None:
        event.stop()
        if self._filling or self._showing is None:
            return
        self._capture()
        self._update_nav()
        self._answer_typed()
        self._schedule_draft()

    @on(ChoiceList.Picked)
    def _choice_picked(self, event: ChoiceList.Picked) -> None:
        if event.control.id != self.CHOICES:
            return
        event.stop()
        if self._showing is not None:
            self._apply(self.state.pick(event.value))

    # --- the draft -----------------------------------------------------------------------------

    def _schedule_draft(self) -> None:
        self._cancel_draft_timer()
        self._draft_timer = self.set_timer(self.DRAFT_DELAY, self._save_draft)

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def _save_draft(self, *, capture: bool = True) -> None:
        self._cancel_draft_timer()
        if self._finished or not self.state.has_content():
            return
        if capture:
            self._capture()
        try:
            self._write_draft()
        except (OSError, StoreError) as error:
            if not self._draft_warned:
                self._draft_warned = True
                self.notify(
                    f"{self.DRAFT_FAILED}: {error}",
                    title="Not saved",
                    severity="warning",
                    markup=False,
                )

    def _write_draft(self) -> None:
        """Write the state as the flow's draft in the library."""
        raise NotImplementedError

    def on_unmount(self) -> None:
        # Quitting while a keystroke waits for the draft: the state already holds it.
        if self._draft_timer is not None:
            self._save_draft(capture=False)
        self._cancel_draft_timer()
