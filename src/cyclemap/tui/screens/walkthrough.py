"""The guided walkthrough on screen: names, then each partner's side one question at a time,
then the way out of the cycle; at the end the review (reveal) screen, which saves the map.

The walk itself — its steps, the rules for moving on, back and skipping, the privacy of each
turn — is `cyclemap.walkthrough.WalkState`. This screen shows the state's current step, copies
what is typed into it, sends it the person's keys, and does what the `Move` it answers says.
The state is saved as a draft after every answer and every step, so closing the terminal,
ctrl+c or a crash loses nothing.
"""

from __future__ import annotations

import asyncio

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Input, Static

from cyclemap.model import CycleMap
from cyclemap.store import Library, StoreError
from cyclemap.terms import NAME_MAX, TITLE_MAX
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.handover import HandoverChoice, HandoverScreen
from cyclemap.tui.widgets.choices import ChoiceList
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import QuestionPanel, literal
from cyclemap.walkthrough import Move, WalkState
from cyclemap.walkthrough_draft import draft_of, read_draft
from cyclemap.walkthrough_words import QuestionView

NAME_FIELDS = ("#wt-name-a", "#wt-name-b", "#wt-title")


class WalkthroughScreen(Screen[str | None]):
    """Map a cycle together: dismisses with the saved map's id, or None (the draft stays)."""

    CSS_PATH = "../walkthrough.tcss"
    AUTO_FOCUS = ""

    BINDINGS = [
        # Enter is said in every answer box and on the button; the footer has little room.
        Binding("enter", "next", "Next", key_display="⏎", id="walkthrough.next", show=False),
        Binding("ctrl+n", "next", "Next", show=False, id="walkthrough.next-alt"),
        Binding("alt+left,ctrl+b", "back", "Back", key_display="alt+←", id="walkthrough.back"),
        Binding("ctrl+f", "feelings", "Feelings", key_display="^f", id="walkthrough.feelings"),
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

    DRAFT_DELAY = 0.8  # seconds after the last keystroke before the draft is written

    def __init__(
        self, library: Library, *, draft: dict | None = None, couple: str | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.resuming = draft is not None
        self.state = read_draft(draft) if draft is not None else WalkState.new(couple)
        self._draft_timer: Timer | None = None
        self._finished = False
        self._showing: str | None = None  # the step whose widgets are filled in, if any
        self._filling = False
        self._draft_warned = False

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

    def _apply(self, move: Move, *, save: bool = True) -> None:
        """Carry out a move of the walk (the state has already made it)."""
        if move.go == "stay":
            self._hint(move)
            return
        if save:
            self._save_draft()
        if move.go == "step":
            self._show_step()
            if move.hint:
                self._hint(move)
        elif move.go == "handover":
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
        else:  # "leave": the draft is kept for next time
            self._finished = True
            self.dismiss(None)

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

    def _show_step(self) -> None:
        state = self.state
        step = state.step
        self._showing = None
        self.query_one("#wt-progress", Static).update(literal(state.progress()))
        switcher = self.query_one("#wt-body", ContentSwitcher)
        self._filling = True
        try:
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
        finally:
            self._filling = False
        self._showing = step
        self._update_nav()
        self.refresh_bindings()

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
        nav = self.state.nav()
        self.query_one("#wt-nav").display = True
        self.query_one("#wt-back", Button).display = nav.back
        skip = self.query_one("#wt-skip-rest", Button)
        skip.display = bool(nav.skip)
        if skip.display and str(skip.label) != nav.skip:
            skip.label = nav.skip
            skip.refresh(layout=True)  # a Button's label does not resize it by itself
        self.query_one("#wt-next", Button).label = nav.next

    # --- keys and buttons ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("names_field", "names_enter"):
            # Elsewhere these keys are the focused widget's own, as always.
            return self._names_field_focused()
        walking = ("next", "back", "feelings", "skip_rest", "skip_way_out")
        if action in walking and self._showing is None:
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

    def action_skip_rest(self) -> None:
        self._capture()
        self._apply(self.state.skip_rest())

    def action_skip_way_out(self) -> None:
        self._capture()
        self._apply(self.state.skip_way_out())

    def action_leave(self) -> None:
        self._capture()
        if not self.state.has_content():
            self._cancel_draft_timer()
            self.dismiss(None)
            return

        def decided(leave: bool | None) -> None:
            if leave:
                self._save_draft()
                self._finished = True
                self.dismiss(None)
            elif self._showing is not None:
                self._refocus()

        self.app.push_screen(
            ConfirmScreen(
                "Keep this for later?",
                "Everything written so far stays on this computer. Next time you open "
                "cyclemap, you can pick up exactly where you left off.",
                yes="Keep it for later",
                no="Keep going",
            ),
            decided,
        )

    @on(Button.Pressed, "#wt-next")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()

    @on(Button.Pressed, "#wt-back")
    def _back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    @on(Button.Pressed, "#wt-skip-rest")
    def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self._showing is not None:
            self._capture()
            self._apply(self.state.skip())

    @on(QuestionPanel.Submitted)
    def _question_submitted(self, event: QuestionPanel.Submitted) -> None:
        event.stop()
        self.action_next()

    @on(QuestionPanel.Browsing)
    def _browsing(self, event: QuestionPanel.Browsing) -> None:
        event.stop()
        self.query_one("#wt-nav").display = not event.open and self._showing is not None

    @on(QuestionPanel.AnswerChanged)
    def _question_changed(self, event: QuestionPanel.AnswerChanged) -> None:
        event.stop()
        if self._filling or self._showing is None:
            return
        self._capture()
        self._update_nav()
        self._schedule_draft()

    @on(ChoiceList.Picked, "#wt-choices")
    def _choice_picked(self, event: ChoiceList.Picked) -> None:
        event.stop()
        if self._showing is not None:
            self._apply(self.state.pick(event.value))

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
            self._finished = True
            self._cancel_draft_timer()
            self.dismiss(saved_id)
            return
        self._apply(self.state.back_from_review())

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
            self.library.save_draft(draft_of(self.state))
        except (OSError, StoreError) as error:
            if not self._draft_warned:
                self._draft_warned = True
                self.notify(
                    f"Your answers could not be saved as a draft: {error}",
                    title="Not saved",
                    severity="warning",
                    markup=False,
                )

    def on_unmount(self) -> None:
        # Quitting while a keystroke waits for the draft: the state already holds it.
        if self._draft_timer is not None:
            self._save_draft(capture=False)
        self._cancel_draft_timer()
