"""The guided walkthrough on screen: names, then each partner's side one question at a time,
then the way out of the cycle; at the end the review (reveal) screen, which saves the map.

The walk itself — its steps, the rules for moving on, back and skipping, the privacy of each
turn — is `cyclemap.walkthrough.WalkState`. This screen shows the state's current step, copies
what is typed into it, sends it the person's keys, and does what the `Move` it answers says;
what it shares with the guided conversation (the keys, the buttons, Escape, the draft) is
`guided.GuidedScreen`. The state is saved as a draft after every answer and every step, so
closing the terminal, ctrl+c or a crash loses nothing.
"""

from __future__ import annotations

import asyncio

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, ContentSwitcher, Input, Static

from cyclemap.model import CycleMap
from cyclemap.store import Library
from cyclemap.terms import NAME_MAX, TITLE_MAX
from cyclemap.tui.screens.guided import GuidedScreen, step_bindings
from cyclemap.tui.screens.handover import HandoverChoice, HandoverScreen
from cyclemap.tui.widgets.choices import ChoiceList
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import QuestionPanel, literal
from cyclemap.walkthrough import Move, WalkState
from cyclemap.walkthrough_draft import draft_of, read_draft
from cyclemap.walkthrough_words import QuestionView

NAME_FIELDS = ("#wt-name-a", "#wt-name-b", "#wt-title")


class WalkthroughScreen(GuidedScreen):
    """Map a cycle together: dismisses with the saved map's id, or None (the draft stays)."""

    CSS_PATH = "../walkthrough.tcss"

    BINDINGS = [
        *step_bindings("walkthrough"),
        Binding(
            "ctrl+s", "skip_rest", "Skip the rest", key_display="^s", id="walkthrough.skip-rest"
        ),
        Binding(
            "ctrl+s",
            "skip_way_out",
            "Skip all of this",
            key_display="^s",
            id="walkthrough.skip-way-out",
        ),
        Binding("escape", "leave", "Leave", id="walkthrough.leave"),
        # The names step takes these before its fields do; see action_names_enter.
        Binding("tab", "names_field(1)", show=False, priority=True, id="walkthrough.names-tab"),
        Binding(
            "shift+tab", "names_field(-1)", show=False, priority=True, id="walkthrough.names-back"
        ),
        Binding("enter", "names_enter", show=False, priority=True, id="walkthrough.names-enter"),
    ]

    NAV, BACK, NEXT, CHOICES = "wt-nav", "wt-back", "wt-next", "wt-choices"
    WALKING = (*GuidedScreen.WALKING, "skip_rest", "skip_way_out")
    LEAVE_TITLE = "Keep this for later?"
    LEAVE_BODY = (
        "Everything written so far stays on this computer. Next time you open "
        "cyclemap, you can pick up exactly where you left off."
    )
    KEPT = None
    DRAFT_FAILED = "Your answers could not be saved as a draft"

    state: WalkState

    def __init__(
        self, library: Library, *, draft: dict | None = None, couple: str | None = None
    ) -> None:
        super().__init__(library, read_draft(draft) if draft is not None else WalkState.new(couple))
        self.resuming = draft is not None

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="wt-main"):
            yield Static(id="wt-progress", markup=False)
            with ContentSwitcher(id="wt-body", initial="wt-blank"):
                yield Static(id="wt-blank")
                with Vertical(id="wt-names"):
                    yield Static(
                        Text("Who's mapping this cycle?", style="bold"), classes="wt-heading"
                    )
                    yield Static(
                        "First names or nicknames are fine. The map stays on this computer.",
                        classes="wt-note",
                    )
                    with Horizontal(id="wt-name-row"):
                        with Vertical(classes="wt-name", id="wt-name-a-box"):
                            yield Static("One of you", classes="wt-label")
                            yield Input(placeholder="a name", max_length=NAME_MAX, id="wt-name-a")
                        with Vertical(classes="wt-name"):
                            yield Static("The other", classes="wt-label")
                            yield Input(placeholder="a name", max_length=NAME_MAX, id="wt-name-b")
                    yield Static(
                        "A title for this map (you can change it later)", classes="wt-label"
                    )
                    yield Input(max_length=TITLE_MAX, id="wt-title")
                    yield Static(id="wt-names-hint", classes="wt-hint", markup=False)
                with Vertical(id="wt-choice"):
                    yield Static(id="wt-choice-heading", classes="wt-heading", markup=False)
                    yield Static(id="wt-choice-note", classes="wt-note", markup=False)
                    yield ChoiceList(id="wt-choices")
                    yield Static(id="wt-choice-why", classes="wt-why", markup=False)
                    yield Static(id="wt-choice-hint", classes="wt-hint", markup=False)
                yield QuestionPanel(id="wt-question")
                with Vertical(id="wt-intro"):
                    yield Static(id="wt-intro-heading", classes="wt-heading", markup=False)
                    yield Static(id="wt-intro-body", classes="wt-note", markup=False)
            with Horizontal(id="wt-nav"):
                yield Button("← Back", id="wt-back")
                yield Static(classes="wt-spacer")
                yield Button("Skip the rest", id="wt-skip-rest")
                yield Button("Next →", id="wt-next", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self._apply(self.state.opening(resuming=self.resuming), save=False)

    # --- doing what the walk says --------------------------------------------------------------

    def _go(self, move: Move) -> None:
        if move.go == "handover":
            self._blank()
            state = self.state
            self.app.push_screen(HandoverScreen(state.names[1], state.names[0]), self._handed_over)
        elif move.go == "turn":
            who = self.state.turn_to_confirm()
            assert who is not None
            self.app.push_screen(
                HandoverScreen(self.state.names[who], resume=True), self._turn_confirmed
            )
        elif move.go == "review":
            self._open_review()

    def _hint(self, move: Move) -> None:
        """A calm line where the step's own words are, and the cursor where it helps."""
        state = self.state
        step = state.step
        if step == "names":
            self._say("#wt-names-hint", move.hint)
            if move.field:
                self.set_focus(self.query_one(f"#wt-name-{move.field}", Input))
        elif state.is_choice(step):
            choices = self.query_one("#wt-choices", ChoiceList)
            choices.mark(state.chosen())
            self._say("#wt-choice-hint", move.hint)
            self.set_focus(choices)
        elif state.is_question(step) and move.hint:
            panel = self.query_one(QuestionPanel)
            panel.set_hint(move.hint)
            panel.focus_answer()

    def _say(self, selector: str, hint: str) -> None:
        """A hint in a step's hint line; without one, the quiet line of what the keys do."""
        line = self.query_one(selector, Static)
        line.update(literal(hint or self.state.keys_line()))
        line.set_class(not hint, "-quiet")

    def _handed_over(self, choice: HandoverChoice | None) -> None:
        self._apply(self.state.handed_over(choice))

    def _turn_confirmed(self, choice: HandoverChoice | None) -> None:
        self._apply(self.state.turn_confirmed(choice), save=False)

    # --- showing a step ------------------------------------------------------------------------

    def _fill_step(self) -> None:
        state = self.state
        step = state.step
        self.query_one("#wt-progress", Static).update(literal(state.progress()))
        switcher = self.query_one("#wt-body", ContentSwitcher)
        if step == "names":
            switcher.current = "wt-names"
            self._fill_names()
        elif state.is_choice(step):
            switcher.current = "wt-choice"
            self._fill_choices()
        elif step == "way_out":
            switcher.current = "wt-intro"
            heading, body = state.way_out_intro()
            self.query_one("#wt-intro-heading", Static).update(literal(heading, "bold"))
            self.query_one("#wt-intro-body", Static).update(literal(body))
            self.set_focus(self.query_one("#wt-next", Button))
        else:
            switcher.current = "wt-question"
            panel = self.query_one(QuestionPanel)
            panel.show(state.question_view(), state.get(step))
            panel.focus_answer()

    def _blank(self) -> None:
        """Show nothing and hold nothing of anyone's answers (under a hand-over, say)."""
        self._showing = None
        self.query_one("#wt-progress", Static).update("")
        self.query_one("#wt-body", ContentSwitcher).current = "wt-blank"
        panel = self.query_one(QuestionPanel)
        self._filling = True
        panel.show(QuestionView(prompt=""), "")
        self._filling = False
        self.query_one("#wt-nav").display = False

    def _fill_names(self) -> None:
        state = self.state
        values = (*state.names, state.title if state.title_edited else "")
        with self.prevent(Input.Changed):
            for selector, value in zip(NAME_FIELDS, values, strict=True):
                self.query_one(selector, Input).value = value
        self._show_default_title()
        self._say("#wt-names-hint", "")
        target = "#wt-name-b" if state.names[0] and not state.names[1] else "#wt-name-a"
        self.set_focus(self.query_one(target, Input))

    def _fill_choices(self) -> None:
        view = self.state.choice_view()
        self.query_one("#wt-choice-heading", Static).update(literal(view.heading, "bold"))
        for selector, text in (("#wt-choice-note", view.note), ("#wt-choice-why", view.why)):
            widget = self.query_one(selector, Static)
            widget.update(literal(text))
            widget.display = bool(text)
        self._say("#wt-choice-hint", "")
        choices = self.query_one("#wt-choices", ChoiceList)
        choices.show(view.choices, view.chosen)
        self.set_focus(choices)

    def _update_nav(self) -> None:
        super()._update_nav()
        nav = self.state.nav()
        skip = self.query_one("#wt-skip-rest", Button)
        skip.display = bool(nav.skip)
        if skip.display and str(skip.label) != nav.skip:
            skip.label = nav.skip
            skip.refresh(layout=True)  # a Button's label does not resize it by itself

    # --- keys and buttons ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("names_field", "names_enter"):
            # Elsewhere these keys are the focused widget's own, as always.
            return self._names_field_focused()
        return super().check_action(action, parameters)

    def action_skip_rest(self) -> None:
        self._capture()
        self._apply(self.state.skip_rest())

    def action_skip_way_out(self) -> None:
        self._capture()
        self._apply(self.state.skip_way_out())

    @on(Button.Pressed, "#wt-skip-rest")
    def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self._showing is not None:
            self._capture()
            self._apply(self.state.skip())

    def _show_default_title(self) -> None:
        """Until a title is typed, the field offers the names as one (its placeholder: never a
        value written under the person's keys)."""
        self.query_one("#wt-title", Input).placeholder = (
            self.state.default_title() or "your names, unless you write one here"
        )

    @on(Input.Changed, "#wt-names Input")
    def _names_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._showing != "names":
            return
        self._capture()
        self._show_default_title()
        self._say("#wt-names-hint", "")
        self._schedule_draft()

    # Keys typed in one burst (a paste, a text expander, fast typing: "Ana", Tab, "Ben" in one
    # read) reach Textual all at once. The app hands each key to the widget focused at that
    # moment; a field's Tab or Enter moves the focus only later, once the field has taken the
    # key and it has bubbled back up, so the keys after it would land in the same field
    # ("AnaBen"). So on the names step Tab, shift+tab and Enter are the screen's, taken in
    # order as they arrive (priority bindings), and the focus moves at once (set_focus, not
    # focus(), which waits its turn behind the keys already sent).

    def _names_field_focused(self) -> bool:
        return self._showing == "names" and self.focused in self.query("#wt-names Input")

    def action_names_field(self, direction: int) -> None:
        if direction > 0:
            self.focus_next()
        else:
            self.focus_previous()

    async def action_names_enter(self) -> None:
        if self.focused is self.query_one("#wt-name-a", Input):
            self.set_focus(self.query_one("#wt-name-b", Input))
            return
        # Moving on reads the fields: first each takes the keys already sent to it. No key
        # after this Enter is handed on meanwhile: the app waits for this action.
        for name_field in self.query("#wt-names Input"):
            taken = asyncio.get_running_loop().create_future()
            if name_field.call_later(taken.set_result, None):
                await taken
        if self._showing == "names":
            self.action_next()

    def _capture(self) -> None:
        """Copy what is on screen into the state (only the step whose widgets are showing)."""
        step = self._showing
        if step is None or step != self.state.step:
            return
        state = self.state
        if step == "names":
            # Read from the fields themselves: their Changed messages may still be on the way.
            first, second, title = (self.query_one(s, Input).value for s in NAME_FIELDS)
            state.set_names(first, second)
            state.set_title(title)
        elif state.is_question(step):
            state.put(step, self.query_one(QuestionPanel).value)

    def _refocus(self) -> None:
        step = self.state.step
        if step == "names":
            self.query_one("#wt-name-a", Input).focus()
        elif self.state.is_choice(step):
            self.query_one("#wt-choices", ChoiceList).focus()
        elif step == "way_out":
            self.query_one("#wt-next", Button).focus()
        else:
            self.query_one(QuestionPanel).focus_answer()

    # --- the end: the reveal -------------------------------------------------------------------

    def _open_review(self) -> None:
        from cyclemap.tui.screens.reveal import ReviewScreen

        try:
            cycle_map = self.state.build_map()
        except ValidationError:
            # Only a hand-edited or damaged draft gets here: back to what is missing.
            self._apply(self.state.review_failed())
            return
        self._blank()
        self.app.push_screen(
            ReviewScreen(
                self.library, cycle_map, expected=None, mode="reveal", on_change=self._reviewed
            ),
            self._review_closed,
        )

    def _reviewed(self, cycle_map: CycleMap) -> None:
        """A change made on the reveal screen: keep it in the draft too."""
        self.state.absorb(cycle_map)
        self._save_draft()

    def _review_closed(self, saved_id: str | None) -> None:
        if saved_id is not None:
            self._leave(saved_id)
            return
        self._apply(self.state.back_from_review())

    # --- the draft -----------------------------------------------------------------------------

    def _write_draft(self) -> None:
        self.library.save_draft(draft_of(self.state))
