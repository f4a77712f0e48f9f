"""The reveal at the end of the walkthrough, and the review of a saved map ("e" on the map).

The loop diagram (A's move arriving as B's trigger, and back), each guess beside the other's own
answer as something to talk about, every answer editable in place (re-validated by the model),
the cycle's name and the title, and save. A map changed on disk since it was opened is never
overwritten without asking.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Literal

from pydantic import ValidationError
from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from cyclemap.diagram import CycleDiagram, PositiveCycleDiagram, has_positive_cycle
from cyclemap.model import (
    CYCLE_NAME_MAX,
    TITLE_MAX,
    CycleMap,
    Position,
    describe_validation_error,
)
from cyclemap.store import ConflictError, Fingerprint, Library, MapExists, StoreError
from cyclemap.terms import MAP_LABELS
from cyclemap.tui.screens.answer_edit import AnswerEditScreen, with_change
from cyclemap.tui.screens.confirm import ConfirmScreen
from cyclemap.tui.screens.conflict import ConflictChoice, ConflictScreen
from cyclemap.tui.screens.position_edit import PositionEditScreen
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import literal

ReviewMode = Literal["reveal", "edit"]

# Short labels for the list of answers (the full prompt is shown when editing).
PARTNER_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("trigger", "When my partner…"),
    ("meaning", "…I tell myself…"),
    ("surface_feeling", "On the surface I feel…"),
    ("protective_move", "…so I…"),
    ("underlying_feeling", "Underneath, I feel…"),
    ("fear", "What I'm most afraid of is…"),
    ("longing", "What I long for is…"),
    ("position", "When things get hard, I…"),
    ("guess", "My guess at what my partner feels underneath…"),
    ("reach", "From underneath I could say…"),
    ("respond", "When my partner reaches, I can answer by…"),
)
# The map's own fields by the names the map screen and every export give them.
MAP_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (key, MAP_LABELS[key]) for key in ("warning_signs", "pause_phrase", "notes")
)
POSITION_WORDS = {
    Position.PURSUE: "move toward (pursue)",
    Position.WITHDRAW: "move away (withdraw)",
}
# The confirmation after a save: short, it only says that it worked.
SAVED_NOTE: dict = {"markup": False, "timeout": 4}
LIST_PREVIEW = 150  # characters of an answer shown in the list (all of it when editing)


def _preview(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= LIST_PREVIEW else value[: LIST_PREVIEW - 1].rstrip() + "…"


# --- editing one answer --------------------------------------------------------------------------


# --- the review ----------------------------------------------------------------------------------


class ReviewScreen(Screen[str | None]):
    """See the whole cycle, change any answer, name it, save. Dismisses with the saved id."""

    CSS_PATH = "../walkthrough.tcss"
    AUTO_FOCUS = "#rv-scroll"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", key_display="^s", id="review.save"),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    CHANGE_DELAY = 0.8

    # Shown first by the help screen: the fields are below the diagram, out of sight at first.
    HELP_WHERE = (
        "What you can change is below the diagram (scroll down, or press tab): the cycle's "
        "name and the map's title, then every answer. Pick an answer with ↑ ↓ and press "
        "enter to change it; ctrl+s saves."
    )

    def __init__(
        self,
        library: Library,
        cycle_map: CycleMap,
        *,
        expected: Fingerprint | None,
        mode: ReviewMode = "edit",
        on_change: Callable[[CycleMap], None] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.cycle_map = cycle_map
        self.expected = expected
        self.mode: ReviewMode = mode
        self.on_change = on_change
        self.dirty = False
        self._change_timer: Timer | None = None

    @property
    def reveal(self) -> bool:
        return self.mode == "reveal"

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="rv-scroll"):
            yield Static(self._intro(), id="rv-intro")
            yield Static(id="rv-diagram")
            yield Static(id="rv-guesses")
            yield Static(id="rv-positive")
            with Vertical(id="rv-naming"):
                yield Static("Give the cycle a name (optional)", classes="wt-label")
                yield Input(
                    self.cycle_map.cycle_name or "",
                    placeholder="The Storm, the Sunday spiral, the freeze…",
                    max_length=CYCLE_NAME_MAX,
                    id="rv-cycle-name",
                )
                yield Static("Title of this map", classes="wt-label")
                yield Input(self.cycle_map.title, max_length=TITLE_MAX, id="rv-title")
                yield Static(id="rv-naming-hint", classes="wt-hint")
            yield Static(
                Text.assemble(
                    ("Every answer", "bold"),
                    ("  pick one and press Enter to change it", "dim"),
                ),
                id="rv-answers-heading",
            )
            yield OptionList(id="rv-answers")
        with Horizontal(id="rv-buttons"):
            yield Button("← Back to the questions" if self.reveal else "Close", id="rv-back")
            yield Static(classes="wt-spacer")
            yield Button(
                "Save our map" if self.reveal else "Save changes",
                id="rv-save",
                variant="primary",
            )
        yield Footer()

    def _intro(self) -> Text:
        if self.reveal:
            return Text.assemble(
                ("Here is your cycle.", "bold"),
                " Take your time with it. Each of your moves is what the other one meets: "
                "the cycle is the problem, not either of you. Below, you can give it a name "
                "and change any answer; ctrl+s saves it.",
            )
        return Text.assemble(("Change any answer", "bold"), ", name the cycle, then save (ctrl+s).")

    def on_mount(self) -> None:
        self._refresh_all()

    def _refresh_all(self, keep: int | None = None) -> None:
        cycle_map = self.cycle_map
        self.query_one("#rv-diagram", Static).update(CycleDiagram(cycle_map))
        guesses = self._guesses()
        guesses_widget = self.query_one("#rv-guesses", Static)
        guesses_widget.update(guesses or "")
        guesses_widget.display = guesses is not None
        positive = self.query_one("#rv-positive", Static)
        if has_positive_cycle(cycle_map):
            positive.update(PositiveCycleDiagram(cycle_map))
            positive.display = True
        else:
            positive.update("")
            positive.display = False
        self._fill_answers(keep)

    def _guesses(self) -> Group | None:
        lines: list[Text] = []
        partners = self.cycle_map.partners
        for index, partner in enumerate(partners):
            other = partners[1 - index]
            if not partner.guess:
                continue
            lines.append(
                Text.assemble(
                    (partner.name, "bold"),
                    " guessed ",
                    (other.name, "bold"),
                    " feels underneath: ",
                    partner.guess,
                    "\n",
                    (other.name, "bold"),
                    " said: ",
                    other.underlying_feeling,
                )
            )
        if not lines:
            return None
        return Group(
            Text.assemble(("Guesses, to talk about", "bold"), (" — not a score", "dim")),
            *lines,
            Text(
                "Ask each other: what's close? What's new? What was it like to read?",
                style="italic",
            ),
        )

    def _fill_answers(self, keep: int | None = None) -> None:
        options = self.query_one("#rv-answers", OptionList)
        highlighted = options.highlighted if keep is None else keep
        options.clear_options()
        for index, partner in enumerate(self.cycle_map.partners):
            for key, label in PARTNER_FIELDS:
                value = getattr(partner, key)
                if key == "position":
                    shown: str | None = POSITION_WORDS[value]
                else:
                    shown = value
                options.add_option(self._option(partner.name, label, shown, f"{index}:{key}"))
        for key, label in MAP_FIELDS:
            options.add_option(
                self._option("Together", label, getattr(self.cycle_map, key) or None, f"map:{key}")
            )
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    @staticmethod
    def _option(who: str, label: str, value: str | None, option_id: str) -> Option:
        prompt = Text.assemble((who, "bold"), " · ", label, "\n  ", end="")
        if value:
            prompt.append(_preview(value))
        else:
            prompt.append("not answered (optional)", style="dim italic")
        return Option(prompt, id=option_id)

    # --- editing -------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#rv-answers")
    def _edit_answer(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        head, _, key = option_id.partition(":")
        who = None if head == "map" else int(head)
        index = event.option_index
        if key == "position" and who is not None:
            partner = self.cycle_map.partners[who]

            def picked(position: Position | None) -> None:
                if position is not None and position is not partner.position:
                    self._changed(with_change(self.cycle_map, who, "position", position), index)
                self.query_one("#rv-answers", OptionList).focus()

            self.app.push_screen(PositionEditScreen(partner.name, partner.position), picked)
            return

        def edited(changed: CycleMap | None) -> None:
            if changed is not None and changed != self.cycle_map:
                self._changed(changed, index)
            self.query_one("#rv-answers", OptionList).focus()

        self.app.push_screen(AnswerEditScreen(self.cycle_map, who, key), edited)

    def _changed(self, cycle_map: CycleMap, keep: int | None = None) -> None:
        self.cycle_map = cycle_map
        self.dirty = True
        self._refresh_all(keep)
        if self.on_change is not None:
            self.on_change(cycle_map)

    @on(Input.Changed, "#rv-cycle-name, #rv-title")
    def _naming_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#rv-naming-hint", Static).update("")
        if self._change_timer is not None:
            self._change_timer.stop()
        self._change_timer = self.set_timer(self.CHANGE_DELAY, self._apply_naming)

    @on(Input.Submitted, "#rv-cycle-name, #rv-title")
    def _naming_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._apply_naming() and event.input.id == "rv-cycle-name":
            self.query_one("#rv-title", Input).focus()
        elif event.input.id == "rv-title":
            self.query_one("#rv-answers", OptionList).focus()

    def _apply_naming(self) -> bool:
        """Take the name and title from their fields; False (with a calm line) if not valid."""
        if self._change_timer is not None:
            self._change_timer.stop()
            self._change_timer = None
        cycle_name = self.query_one("#rv-cycle-name", Input).value
        title = self.query_one("#rv-title", Input).value
        hint = self.query_one("#rv-naming-hint", Static)
        if not " ".join(title.split()):
            hint.update(Text("The map needs a title; the names will do, like “Alex & Sam”."))
            return False
        data = self.cycle_map.model_dump(mode="python")
        data.update(cycle_name=cycle_name, title=title)
        try:
            changed = CycleMap.model_validate(data)
        except ValidationError as error:
            hint.update(literal(describe_validation_error(error, data)))
            return False
        if changed != self.cycle_map:
            self._changed(changed)
        return True

    # --- save and leave ------------------------------------------------------------------------

    def action_save(self) -> None:
        if not self._apply_naming():
            return
        if not self.reveal and not self.dirty and self.expected is not None:
            self.app.notify("The map is as it was.", title="Nothing had changed", **SAVED_NOTE)
            self.dismiss(self.cycle_map.id)
            return
        if self.reveal:
            self._save_new(self.cycle_map)
        else:
            self._save_existing(self.cycle_map.touched(), self.expected)

    def _save_new(self, cycle_map: CycleMap, *, title: str | None = None) -> None:
        """A new file under a free id (the reveal, or 'save as a copy')."""
        title = title or cycle_map.title
        for _attempt in range(3):
            try:
                map_id = self.library.unique_id(title)
                ready = with_change(cycle_map, None, "id", map_id)
                ready = with_change(ready, None, "title", title)
                self.library.save(ready, new=True)
            except MapExists:
                continue
            except (OSError, StoreError, ValidationError) as error:
                self._not_saved(error)
                return
            self._saved(ready.id, ready.title)
            return
        self._not_saved(StoreError("no free name for the file was found; try another title"))

    def _save_existing(self, cycle_map: CycleMap, expected: Fingerprint | None) -> None:
        try:
            self.library.save(cycle_map, expected=expected)
        except ConflictError as error:
            self.app.push_screen(
                ConflictScreen(str(error)), lambda choice: self._conflict(choice, cycle_map)
            )
            return
        except (OSError, StoreError) as error:
            self._not_saved(error)
            return
        self._saved(cycle_map.id, cycle_map.title)

    def _conflict(self, choice: ConflictChoice | None, cycle_map: CycleMap) -> None:
        if choice == "overwrite":
            # The version on disk goes to the map's history first: nothing is lost.
            self._save_existing(cycle_map, None)
        elif choice == "copy":
            title = f"{cycle_map.title} (copy)"
            if len(title) > TITLE_MAX:
                title = cycle_map.title[: TITLE_MAX - 7].rstrip() + " (copy)"
            self._save_new(cycle_map, title=title)
        else:
            self.notify("Not saved. Your changes are still here.", markup=False)

    def _saved(self, map_id: str, title: str) -> None:
        self.dirty = False
        # On the app, so that it is still there on the screen the save goes back to.
        self.app.notify(f"“{title}” is saved.", title="Saved", **SAVED_NOTE)
        if self.reveal:
            # The map is saved; at worst the draft is offered again later.
            with contextlib.suppress(OSError, StoreError):
                self.library.discard_draft()
        self.dismiss(map_id)

    def _not_saved(self, error: BaseException) -> None:
        reason = getattr(error, "reason", None) or str(error)
        self.notify(
            f"Not saved: {reason}. Your changes are still here.",
            title="Not saved",
            severity="warning",
            markup=False,
            timeout=10,
        )

    def action_back(self) -> None:
        if self.reveal:
            self._apply_naming()
            self.dismiss(None)
            return
        self._apply_naming()
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving?",
                "The changes you made here will be lost. The saved map stays as it was.",
                yes="Leave without saving",
                no="Keep editing",
                destructive=True,
            ),
            answered,
        )

    @on(Button.Pressed, "#rv-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#rv-back")
    def _back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()

    def on_unmount(self) -> None:
        if self._change_timer is not None:
            self._change_timer.stop()
