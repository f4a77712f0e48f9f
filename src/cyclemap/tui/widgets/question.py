"""One question of the walkthrough: the prompt in plain words, an example, why it matters, and a
multi-line answer with a visible limit and, for feelings, suggestions from the vocabulary.

Everything a partner typed is shown as literal text (``rich.text.Text``), never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Edit, EditResult

from cyclemap.terms import ANSWER_MAX
from cyclemap.vocabulary import complete, last_part, load_vocabulary
from cyclemap.walkthrough_words import QuestionView

# The counter appears once an answer is this close to its limit.
COUNTER_FROM = 0.8


def literal(text: str, style: str = "") -> Text:
    """User text (or text built from it) as a Rich Text that is never parsed as markup."""
    return Text(text, style=style, end="")


class AnswerArea(TextArea):
    """A multi-line answer box: Enter moves on, the length is capped, feelings are suggested.

    New lines can still be pasted, or typed with shift+enter where the terminal tells it apart.
    """

    class Submitted(Message):
        """Enter was pressed: the person wants to move on."""

        def __init__(self, area: AnswerArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> AnswerArea:
            return self.area

    class LimitReached(Message):
        """Some typed or pasted text did not fit and was left out."""

        def __init__(self, area: AnswerArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> AnswerArea:
            return self.area

    def __init__(
        self,
        text: str = "",
        *,
        max_length: int = ANSWER_MAX,
        kind: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder="Type here, then press Enter",
            id=id,
            classes=classes,
        )
        self.max_length = max_length
        self.kind = kind

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self))
            return
        if event.key in ("shift+enter", "ctrl+j"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)

    def edit(self, edit: Edit) -> EditResult:
        """Every change goes through here: cut what would go over the limit."""
        if self.max_length:
            start, end = sorted((edit.from_location, edit.to_location))
            replaced = len(self.get_text_range(start, end))
            room = max(self.max_length - (len(self.text) - replaced), 0)
            if len(edit.text) > room:
                edit.text = edit.text[:room]
                self.post_message(self.LimitReached(self))
        return super().edit(edit)

    def update_suggestion(self) -> None:
        """Ghost text completing a feeling word; → (right) at the end accepts it."""
        suggestion = ""
        if self.kind and self.selection.is_empty and self.cursor_location == self.document.end:
            text = self.text
            fragment = last_part(text)
            if fragment and not text.endswith((" ", ",")):
                for word in load_vocabulary().suggest(text, self.kind, limit=5):
                    if word.casefold().startswith(fragment.casefold()) and len(word) > len(
                        fragment
                    ):
                        suggestion = word[len(fragment) :]
                        break
        self.suggestion = suggestion

    def set_answer(self, text: str) -> None:
        """Replace the whole answer (clearing the undo history) and put the cursor at the end."""
        self.load_text(text)
        self.move_cursor(self.document.end)


class FeelingList(OptionList):
    """The browsable list of feeling words; Enter adds one, Escape closes."""

    BINDINGS = [
        Binding("escape", "close", "Close the list", id="feelings.close"),
    ]

    class Closed(Message):
        def __init__(self, feelings: FeelingList) -> None:
            super().__init__()
            self.feelings = feelings

        @property
        def control(self) -> FeelingList:
            return self.feelings

    def action_close(self) -> None:
        self.post_message(self.Closed(self))


class QuestionPanel(Vertical):
    """A question and its answer box. The screen owns the answers; this shows one at a time."""

    class AnswerChanged(Message):
        """The answer text changed (typed, pasted, picked from the list)."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    class Submitted(Message):
        """Enter in the answer box."""

    class Browsing(Message):
        """The list of feelings opened (True) or closed (False): it needs the room."""

        def __init__(self, open: bool) -> None:
            super().__init__()
            self.open = open

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view = QuestionView(prompt="")
        self._loading = False
        self._shown: dict[str, str] = {}
        self._hint_about_limit = False

    def compose(self) -> ComposeResult:
        yield Static(id="q-lead", classes="q-lead", markup=False)
        yield Static(id="q-prompt", classes="q-prompt", markup=False)
        yield Static(id="q-note", classes="q-note", markup=False)
        yield Static(id="q-example", classes="q-example", markup=False)
        yield Static(id="q-why", classes="q-why", markup=False)
        yield AnswerArea(id="q-answer")
        with Horizontal(id="q-status"):
            yield Static(id="q-hint", markup=False)
            yield Static(id="q-counter", markup=False)
        yield Static(id="q-suggest", markup=False)
        yield FeelingList(id="q-feelings")

    # --- what the screen calls -------------------------------------------------------------

    @property
    def area(self) -> AnswerArea:
        return self.query_one("#q-answer", AnswerArea)

    @property
    def value(self) -> str:
        return self.area.text

    def show(self, view: QuestionView, value: str) -> None:
        """Show a question with its current answer (the undo history starts afresh)."""
        self.view = view
        self._set_static("#q-lead", view.lead)
        prompt = self.query_one("#q-prompt", Static)
        prompt_text = literal(view.prompt)
        if view.prompt and not view.required:
            prompt_text.append("   optional", style="not bold dim italic")
        prompt.update(prompt_text)
        self._set_static("#q-note", view.note)
        self._set_static("#q-example", f"For example: {view.example}" if view.example else "")
        self._set_static("#q-why", view.why)
        area = self.area
        area.kind = view.kind
        area.max_length = view.max_length
        # load_text posts a Changed of its own, later: that one is not a person's edit.
        self._loading = True
        area.set_answer(value)
        self.set_hint("")
        self._close_feelings(focus=False)
        self._update_counter()
        self._update_suggestions()
        self.set_class(view.kind is not None, "-feelings")
        self.set_class(view.required, "-required")

    def set_hint(self, message: str, *, about_limit: bool = False) -> None:
        """A calm line under the answer (e.g. why an empty answer can't move on). It goes away
        as soon as the answer changes (a note about the limit: once there is room again), and
        the quiet line of what Enter does (the view's `keys`) is there again."""
        self._hint_about_limit = about_limit
        self._update_static("#q-hint", message or self.view.keys).set_class(not message, "-quiet")

    def _limit_hint(self) -> None:
        limit = self.area.max_length
        self.set_hint(f"That's the limit for one answer ({limit:,} characters).", about_limit=True)

    def focus_answer(self) -> None:
        # At once, not focus()'s turn behind keys already on their way: those go to the answer.
        self.screen.set_focus(self.area)

    def toggle_feelings(self) -> None:
        """Open (or close) the list of feeling words for this question."""
        if not self.view.kind:
            return
        feelings = self.query_one(FeelingList)
        if feelings.display:
            self._close_feelings(focus=True)
            return
        vocabulary = load_vocabulary()
        words = vocabulary.words(self.view.kind)
        matches = vocabulary.suggest(self.value, self.view.kind)
        feelings.border_title = (
            "Feelings underneath" if self.view.kind == "underlying" else "Feelings on the surface"
        )
        feelings.border_subtitle = "enter adds one · esc closes"
        feelings.clear_options()
        feelings.add_options([Option(literal(word), id=str(n)) for n, word in enumerate(words)])
        feelings.display = True
        self.add_class("-browsing")
        self.post_message(self.Browsing(True))
        first = words.index(matches[0]) if matches else 0
        feelings.focus()
        feelings.highlighted = first
        self.call_after_refresh(feelings.scroll_to_highlight, top=True)

    # --- inside ----------------------------------------------------------------------------

    def _set_static(self, selector: str, text: str) -> None:
        static = self.query_one(selector, Static)
        static.update(literal(text))
        # A class, not `display`, so the stylesheet can still hide it while browsing.
        static.set_class(not text, "-empty")

    def _close_feelings(self, *, focus: bool) -> None:
        feelings = self.query_one(FeelingList)
        was_open = feelings.display
        feelings.display = False
        self.remove_class("-browsing")
        if was_open:
            self.post_message(self.Browsing(False))
        if focus:
            self.area.focus()

    def _update_counter(self) -> None:
        length = len(self.value)
        limit = self.area.max_length
        shown = f"{length:,} / {limit:,}" if length >= limit * COUNTER_FROM else ""
        self._update_static("#q-counter", shown).set_class(length >= limit, "-full")

    def _update_static(self, selector: str, text: str | Text) -> Static:
        """Update a line only when it changes: typing stays light."""
        static = self.query_one(selector, Static)
        key = text.markup if isinstance(text, Text) else text
        if self._shown.get(selector) != key:
            self._shown[selector] = key
            static.update(text if isinstance(text, Text) else literal(text))
        return static

    def _update_suggestions(self) -> None:
        suggest = self.query_one("#q-suggest", Static)
        kind = self.view.kind
        suggest.set_class(not kind, "-empty")
        if not kind:
            self._update_static("#q-suggest", "")
            return
        words = load_vocabulary().suggest(self.value, kind, limit=4)
        line = Text(end="")
        if words:
            line.append("Maybe: ", style="dim")
            for n, word in enumerate(words):
                if n:
                    line.append(" · ", style="dim")
                line.append(word, style="bold")
            line.append("   → completes, ctrl+f for more", style="dim")
        else:
            line.append(
                "Words for feelings: ctrl+f to browse. Use your own words too; "
                "separate several with commas.",
                style="dim",
            )
        self._update_static("#q-suggest", line)

    @on(AnswerArea.Changed, "#q-answer")
    def _changed(self, event: AnswerArea.Changed) -> None:
        event.stop()
        self._update_counter()
        self._update_suggestions()
        if self._loading:
            self._loading = False
            return
        if not self._hint_about_limit or len(self.value) < self.area.max_length:
            self.set_hint("")
        self.post_message(self.AnswerChanged(self.value))

    @on(AnswerArea.Submitted, "#q-answer")
    def _submitted(self, event: AnswerArea.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())

    @on(AnswerArea.LimitReached, "#q-answer")
    def _limit(self, event: AnswerArea.LimitReached) -> None:
        event.stop()
        self._limit_hint()

    @on(FeelingList.OptionSelected, "#q-feelings")
    def _picked(self, event: FeelingList.OptionSelected) -> None:
        event.stop()
        kind = self.view.kind
        if not kind:
            return
        vocabulary = load_vocabulary()
        word = vocabulary.words(kind)[int(event.option.id or 0)]
        text = self.value
        if word in vocabulary.suggest(text, kind):
            new = complete(text, word)
        elif text.strip():
            new = f"{text.rstrip().rstrip(',')}, {word}"
        else:
            new = word
        if len(new) > self.area.max_length:
            self._limit_hint()
        else:
            area = self.area
            area.replace(new, (0, 0), area.document.end)
            area.move_cursor(area.document.end)
        self._close_feelings(focus=True)

    @on(FeelingList.Closed, "#q-feelings")
    def _list_closed(self, event: FeelingList.Closed) -> None:
        event.stop()
        self._close_feelings(focus=True)
