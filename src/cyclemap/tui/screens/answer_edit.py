"""Edit one answer of a map (from the review): the model checks it before it is taken."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cyclemap.model import (
    NAME_MAX,
    NOTES_MAX,
    QUESTIONS_BY_KEY,
    CycleMap,
    describe_validation_error,
)
from cyclemap.tui.widgets.footer import Footer
from cyclemap.tui.widgets.question import QuestionPanel
from cyclemap.walkthrough_words import COUPLE_QUESTIONS, FEELING_KINDS, QuestionView

MAP_FIELD_VIEWS = {
    **COUPLE_QUESTIONS,
    "notes": QuestionView(
        prompt="Notes",
        why="Anything you want to remember: when you mapped it, what helped.",
        max_length=NOTES_MAX,
    ),
}


def with_change(cycle_map: CycleMap, who: int | None, key: str, value: Any) -> CycleMap:
    """A copy of the map with one field changed, validated by the model (ValidationError)."""
    data = cycle_map.model_dump(mode="python")
    if who is None:
        data[key] = value
    else:
        partners = [dict(p) for p in data["partners"]]
        partners[who][key] = value
        data["partners"] = partners
    return CycleMap.model_validate(data)


def _problem(error: ValidationError, cycle_map: CycleMap) -> str:
    return describe_validation_error(error, cycle_map.model_dump(mode="python"))


class AnswerEditScreen(ModalScreen[CycleMap | None]):
    """Edit one answer of a map; the model checks it before it is taken."""

    CSS_PATH = "../walkthrough.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="edit-answer.cancel"),
        Binding("ctrl+f", "feelings", "Feelings", key_display="^f", id="edit-answer.feelings"),
    ]

    def __init__(self, cycle_map: CycleMap, who: int | None, key: str) -> None:
        super().__init__(classes="dialog")
        self.cycle_map = cycle_map
        self.who = who
        self.key = key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="edit-box"):
            yield Static(self._heading(), classes="dialog-title", id="edit-heading")
            yield QuestionPanel(id="edit-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="edit-cancel")
                yield Button("Keep this", id="edit-keep", variant="primary")
        yield Footer()

    def _heading(self) -> Text:
        if self.who is None:
            return Text("Together", end="")
        return Text(self.cycle_map.partners[self.who].name, end="")

    def _view(self) -> QuestionView:
        key = self.key
        if self.who is None:
            return MAP_FIELD_VIEWS[key]
        if key == "name":
            return QuestionView(prompt="Name", required=True, max_length=NAME_MAX)
        question = QUESTIONS_BY_KEY[key]
        return QuestionView(
            prompt=question.prompt,
            example=question.example,
            why=question.why,
            required=question.required,
            kind=FEELING_KINDS.get(key),
        )

    def _value(self) -> str:
        if self.who is None:
            return getattr(self.cycle_map, self.key) or ""
        return getattr(self.cycle_map.partners[self.who], self.key) or ""

    def on_mount(self) -> None:
        panel = self.query_one(QuestionPanel)
        panel.show(
            replace(self._view(), keys="Enter keeps it; Escape leaves it as it was."), self._value()
        )
        panel.focus_answer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "feelings":
            return self.key in FEELING_KINDS
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_feelings(self) -> None:
        self.query_one(QuestionPanel).toggle_feelings()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#edit-keep")
    @on(QuestionPanel.Submitted)
    def _keep(self) -> None:
        panel = self.query_one(QuestionPanel)
        value = panel.value
        try:
            changed = with_change(self.cycle_map, self.who, self.key, value)
        except ValidationError as error:
            panel.set_hint(_problem(error, self.cycle_map))
            panel.focus_answer()
            return
        self.dismiss(changed)
