"""The guided conversation on screen (`cyclemap talk`, and from the map screen): for after a
rocky moment. Ready? Then one partner shares while the other listens, the reach said aloud,
the listener's answer, "did it land?", then the other partner, and one thing for next time.

The conversation itself — its steps, the rules for moving on and back, the choices, what each
step shows and the check-in it ends in — is `cyclemap.conversation.TalkState`. This screen
shows the state's current step, copies what is typed into it, sends it the couple's keys and
does what the `Move` it answers says; what it shares with the walkthrough (the keys, the
buttons, Escape, the draft) is `guided.GuidedScreen`. The state is saved as a draft
(`drafts/talk-<id>.toml`) after every step and shortly after every keystroke, so closing the
terminal or a crash loses nothing; the window holds the draft's claim (see `cyclemap.tui.moment`).

Dismisses with "saved" (in the check-in log), "kept" (left; the draft is kept) or None (left
before anything was said).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Static

from cyclemap.conversation import TalkState
from cyclemap.conversation_draft import draft_name, draft_of
from cyclemap.conversation_steps import Move, TalkView
from cyclemap.store import Library, StoreError
from cyclemap.tui.reasons import reason
from cyclemap.tui.screens.guided import GuidedScreen, step_bindings
from cyclemap.tui.widgets.big_heading import BigHeading
from cyclemap.tui.widgets.choices import ChoiceList
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import QuestionPanel, literal

# The reach in large type from this size up (in at most this many lines of it).
LARGE_MIN_WIDTH = 70
LARGE_MIN_HEIGHT = 24
REACH_LINES = 3
PRESENTING_LINES = 4  # on a shared screen, which has the room
# The quiet line under a choice.
CHOICE_KEYS = "↑ ↓ to pick one, Enter to choose it, Enter again to go on"


class TalkScreen(GuidedScreen):
    """The conversation a `TalkState` holds, about a map of `library`."""

    CSS_PATH = [
        Path(__file__).resolve().parent.parent / "walkthrough.tcss",
        Path(__file__).resolve().parent.parent / "talk.tcss",
    ]

    BINDINGS = [
        *step_bindings("talk"),
        Binding("escape", "leave", "Leave", id="talk.leave", tooltip="Stop here; kept for later"),
    ]

    NAV, BACK, NEXT, CHOICES = "talk-nav", "talk-back-button", "talk-next-button", "talk-choices"
    LEAVE_TITLE = "Stop here for now?"
    LEAVE_BODY = (
        "Everything said so far stays on this computer. Next time you start a "
        "conversation about this map, you can pick up exactly where you left off."
    )
    KEPT = "kept"
    DRAFT_FAILED = "What you typed could not be saved as a draft"

    state: TalkState

    def __init__(self, library: Library, state: TalkState) -> None:
        super().__init__(library, state, classes="-presenting" if state.presenting else None)
        self.map_id = state.cycle_map.id
        self.draft = draft_name(self.map_id)

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="talk-main"):
            yield Static(id="talk-progress", markup=False)
            with ContentSwitcher(id="talk-body", initial="talk-info"):
                with Vertical(id="talk-choice"):
                    yield Static(id="talk-choice-heading", classes="wt-heading", markup=False)
                    yield Static(id="talk-choice-body", classes="wt-note", markup=False)
                    yield ChoiceList(id="talk-choices")
                    yield Static(id="talk-choice-why", classes="wt-why", markup=False)
                    yield Static(id="talk-choice-hint", classes="wt-hint", markup=False)
                with Vertical(id="talk-ask"):
                    yield Static(id="talk-ask-heading", classes="wt-heading", markup=False)
                    yield BigHeading(id="talk-big")
                    yield Static(id="talk-big-note", markup=False)
                    yield QuestionPanel(id="talk-question")
                with Vertical(id="talk-info"):
                    yield Static(id="talk-info-heading", classes="wt-heading", markup=False)
                    yield Static(id="talk-info-body", classes="wt-note", markup=False)
            with Horizontal(id="talk-nav"):
                yield Button("← Back", id="talk-back-button")
                yield Static(classes="wt-spacer")
                yield Button("Next →", id="talk-next-button", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._fit()
        self._apply(Move("step"), save=False)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        size = self.app.size
        big = self.query_one("#talk-big", BigHeading)
        big.large = size.width >= LARGE_MIN_WIDTH and size.height >= LARGE_MIN_HEIGHT
        big.max_lines = PRESENTING_LINES if self.state.presenting else REACH_LINES

    # --- doing what the conversation says ------------------------------------------------------

    def _go(self, move: Move) -> None:
        if move.go == "pause":
            self._open_pause()
        elif move.go == "save":
            self._save()

    def _hint(self, move: Move) -> None:
        state = self.state
        if state.is_choice(state.step):
            choices = self.query_one("#talk-choices", ChoiceList)
            choices.mark(state.chosen())
            self._say(move.hint)
            self.set_focus(choices)
        elif state.is_words(state.step) and move.hint:
            panel = self.query_one(QuestionPanel)
            panel.set_hint(move.hint)
            panel.focus_answer()

    def _say(self, hint: str) -> None:
        line = self.query_one("#talk-choice-hint", Static)
        line.update(literal(hint or CHOICE_KEYS))
        line.set_class(not hint, "-quiet")

    def _open_pause(self) -> None:
        """A pause, from "not yet": the conversation waits at its step."""
        from cyclemap.tui.screens.pause import PauseScreen

        self._blank()
        self.app.push_screen(PauseScreen(self.library, self.state.cycle_map), self._paused)

    def _paused(self, result: str | None) -> None:
        # "Note the pause, and stop here" stops the conversation too (kept for later); Esc or
        # "talk it through now" come back to where it was.
        self._apply(self.state.came_back(result != "noted"), save=False)

    # --- showing a step ------------------------------------------------------------------------

    def _show_step(self) -> None:
        super()._show_step()
        # Each step from its heading, even where the focus is lower down in a small window.
        body = self.query_one("#talk-body", ContentSwitcher)
        self.call_after_refresh(body.scroll_home, animate=False)

    def _fill_step(self) -> None:
        view = self.state.view()
        self.query_one("#talk-progress", Static).update(literal(view.progress))
        switcher = self.query_one("#talk-body", ContentSwitcher)
        if view.kind == "choice":
            switcher.current = "talk-choice"
            self._fill_choice(view)
        elif view.kind in ("text", "reach"):
            switcher.current = "talk-ask"
            self._fill_ask(view)
        else:
            switcher.current = "talk-info"
            self._fill_info(view)

    def _fill_choice(self, view: TalkView) -> None:
        self.query_one("#talk-choice-heading", Static).update(literal(view.heading, "bold"))
        for selector, text in (("#talk-choice-body", view.body), ("#talk-choice-why", view.why)):
            widget = self.query_one(selector, Static)
            widget.update(literal(text))
            widget.display = bool(text)
        self._say("")
        choices = self.query_one("#talk-choices", ChoiceList)
        choices.show(view.choices, view.chosen)
        self.set_focus(choices)

    def _fill_ask(self, view: TalkView) -> None:
        heading = self.query_one("#talk-ask-heading", Static)
        heading.update(literal(view.heading, "bold"))
        heading.display = bool(view.heading)
        self._show_big(view)
        panel = self.query_one(QuestionPanel)
        assert view.question is not None
        panel.show(view.question, self.state.get(self.state.step))
        panel.focus_answer()

    def _show_big(self, view: TalkView) -> None:
        big = self.query_one("#talk-big", BigHeading)
        big.display = bool(view.big)
        big.text = view.big
        note = self.query_one("#talk-big-note", Static)
        note.display = bool(view.big_note)
        note.update(literal(view.big_note))

    def _fill_info(self, view: TalkView) -> None:
        self.query_one("#talk-info-heading", Static).update(literal(view.heading, "bold"))
        self.query_one("#talk-info-body", Static).update(literal(view.body))
        self.set_focus(self.query_one("#talk-next-button", Button))

    def _blank(self) -> None:
        """Nothing of anyone's words on screen (under the pause)."""
        self._showing = None
        self.query_one("#talk-progress", Static).update("")
        self.query_one("#talk-body", ContentSwitcher).current = "talk-info"
        self.query_one("#talk-info-heading", Static).update("")
        self.query_one("#talk-info-body", Static).update("")
        self.query_one("#talk-nav").display = False

    # --- what is typed, and the focus -----------------------------------------------------------

    def _refocus(self) -> None:
        state = self.state
        if state.is_choice(state.step):
            self.query_one("#talk-choices", ChoiceList).focus()
        elif state.is_words(state.step):
            self.query_one(QuestionPanel).focus_answer()
        else:
            self.query_one("#talk-next-button", Button).focus()

    def _answer_typed(self) -> None:
        view = self.state.view()
        if view.kind == "reach":
            self._show_big(view)  # their own words, as they type them, to say aloud

    def _capture(self) -> None:
        """Copy what is on screen into the state (only the step whose widgets are showing)."""
        step = self._showing
        if step is None or step != self.state.step or not self.state.is_words(step):
            return
        self.state.put(step, self.query_one(QuestionPanel).value)

    # --- the end ---------------------------------------------------------------------------

    def _save(self) -> None:
        try:
            _entry, _changed = self.state.save(self.library, self.map_id)
        except (OSError, StoreError) as error:
            self.app.show_message("The conversation wasn't saved yet", reason(error))
            return
        # Saved; a draft left over would be offered again, and can be discarded then.
        with contextlib.suppress(OSError, StoreError):
            self.library.discard_draft(self.draft)
        self._leave("saved")

    # --- the draft -----------------------------------------------------------------------------

    def _write_draft(self) -> None:
        self.library.save_draft(draft_of(self.state), self.draft)
