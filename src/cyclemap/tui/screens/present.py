"""Presentation mode: one map, one step at a time, full screen, for a session on a shared screen.

The steps come from `cyclemap.presentation` (no Textual); this screen only shows them. It owns
two pieces of state, the step shown (`index`) and whether names are replaced by "Partner A /
Partner B" (`anonymous`); everything on the screen is drawn from those two. While it is up, the
window's title is the map's (the app's name alone when the names are hidden).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from cyclemap.model import CycleMap
from cyclemap.presentation import Presentation, Section, Step, presentation
from cyclemap.tui import bigtype
from cyclemap.tui.widgets.big_heading import BIG_MARGIN, BigHeading
from cyclemap.tui.widgets.footer import Footer

# Large type for the heading from this terminal size up; below it, ordinary bold text.
LARGE_MIN_WIDTH = 100
LARGE_MIN_HEIGHT = 30
# Columns of the screen that the heading never has: the body's padding and its scrollbar.
HEADING_INSET = 5
# The window's title while the partners' names are hidden (the map's title may hold one).
NAMELESS_TITLE = "cyclemap"
# Names are shortened in the breadcrumb, never in the step itself.
TRAIL_NAME_MAX = 14

_SECTION_CLASSES = {
    Section.CYCLE: "-cycle",
    Section.UNDERNEATH: "-underneath",
    Section.NEW_CYCLE: "-new-cycle",
}


def large_type_fits(presentation_: Presentation, width: int) -> bool:
    """True when every heading of the presentation can be drawn large on a screen `width`
    columns wide (then all are; else none is, so that no partner's name looks lesser)."""
    room = width - HEADING_INSET - 2 * BIG_MARGIN
    headings = {step.heading for step in presentation_.steps}
    return all(bigtype.big_lines(heading, room) is not None for heading in headings)


class PresentScreen(Screen[None]):
    """A map shown one step at a time, readable from across a room."""

    CSS_PATH = Path(__file__).resolve().parent.parent / "present.tcss"
    # Declared once: the footer, the help screen and the command palette all read this list.
    # Priority, so that the arrows, space and enter move through the steps even while the
    # scrolling body (which keeps up/down/page keys for long answers) has focus.
    BINDINGS = [
        Binding(
            "right,space,l,enter",
            "next",
            "Next",
            id="present.next",
            priority=True,
            key_display="→",
            tooltip="The next step",
        ),
        Binding(
            "left,backspace,h",
            "back",
            "Back",
            id="present.back",
            priority=True,
            key_display="←",
            tooltip="The step before",
        ),
        Binding(
            "u",
            "underneath",
            "Underneath",
            id="present.underneath",
            tooltip="Jump to what each partner feels underneath",
        ),
        Binding(
            "p",
            "new_cycle",
            "New cycle",
            id="present.new_cycle",
            tooltip="Jump to the new cycle: reaching and responding",
        ),
        Binding(
            "home",
            "first",
            "First",
            id="present.first",
            show=False,
            priority=True,
            tooltip="The first step",
        ),
        Binding(
            "end",
            "last",
            "Last",
            id="present.last",
            show=False,
            priority=True,
            tooltip="The last step",
        ),
        Binding(
            "a",
            "toggle_names",
            "Partner A/B",
            id="present.names",
            tooltip="Show 'Partner A / Partner B' instead of the names, or the names again",
        ),
        Binding(
            "t",
            "talk",
            "Talk it through",
            id="present.talk",
            tooltip="The guided conversation, the reach and the response in large type",
        ),
        Binding(
            "escape,q", "close", "Close", id="present.close", tooltip="Leave presentation mode"
        ),
    ]
    # What the footer keeps as the window narrows, most important first: moving on and back and
    # the way out at any width, then help and quick-hide (all five at 60 columns); talk it
    # through and the jump to the new cycle need a window wider than 80 (a room's screen).
    FOOTER_IMPORTANCE = (
        "present.next",
        "present.back",
        "present.close",
        "app.help",
        "app.quick_hide",
        "present.names",
        "present.underneath",
        "present.talk",
        "present.new_cycle",
    )

    index: reactive[int] = reactive(0, init=False)
    anonymous: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        cycle_map: CycleMap,
        *,
        anonymous: bool = False,
        example: bool = False,
        can_talk: bool = False,
    ) -> None:
        """`example` marks the map as a made-up couple for teaching (`present --demo`);
        `can_talk`: a map of the library, whose guided conversation can be run from here."""
        super().__init__()
        self.cycle_map = cycle_map
        self.example = example
        self.can_talk = can_talk
        self.set_reactive(PresentScreen.anonymous, anonymous)
        self.presentation: Presentation = presentation(cycle_map, anonymous=anonymous)
        self._title_before: str | None = None  # the window's title, given back on closing

    # -- building -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="present-top"):
            yield Static(id="present-title")
            yield Static(id="present-progress")
        with VerticalScroll(id="present-body"):
            yield Static(id="present-lead-in")
            yield BigHeading(id="present-heading")
            with Center(id="present-text-row"):
                yield Static(id="present-text")
            yield Static(id="present-picture")
            yield Static(id="present-caption")
        yield Static(id="present-trail")
        yield Footer()

    def on_mount(self) -> None:
        self._title_before = self.app.title
        self._fit_to(self.app.size)
        self._show()

    def on_screen_resume(self) -> None:
        self._show_window_title()

    def on_unmount(self) -> None:
        if self._title_before is not None:
            self.app.title = self._title_before

    def on_resize(self) -> None:
        self._fit_to(self.size)
        self._show_trail()

    def _fit_to(self, size: Size) -> None:
        room = size.width >= LARGE_MIN_WIDTH and size.height >= LARGE_MIN_HEIGHT
        self.set_class(room, "-large")
        heading = self.query_one(BigHeading)
        heading.large = room and large_type_fits(self.presentation, size.width)
        heading.mark_row = any(bigtype.has_marks(step.heading) for step in self.presentation.steps)

    def _show_window_title(self) -> None:
        self.app.title = self.presentation.title or NAMELESS_TITLE

    # -- state ----------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.presentation.steps[self.index]

    def validate_index(self, index: int) -> int:
        return max(0, min(index, len(self.presentation) - 1))

    def watch_index(self) -> None:
        self._show()

    def watch_anonymous(self, anonymous: bool) -> None:
        # The same steps in the same order, only the names differ: the index stays where it is.
        self.presentation = presentation(self.cycle_map, anonymous=anonymous)
        self._fit_to(self.size)
        self._show_window_title()
        self._show()

    # -- drawing --------------------------------------------------------------------------

    def _show(self) -> None:
        step = self.step
        for section, css_class in _SECTION_CLASSES.items():
            self.set_class(step.section is section, css_class)

        self.query_one("#present-title", Static).update(self._title())
        self.query_one("#present-progress", Static).update(
            Text(f"{self.index + 1} of {len(self.presentation)}")
        )
        lead_in = self.query_one("#present-lead-in", Static)
        lead_in.display = step.lead_in is not None
        lead_in.update(Text(f"{step.lead_in}\n↓") if step.lead_in else Text())
        self.query_one(BigHeading).text = step.heading
        self.query_one("#present-text-row").display = step.picture is None
        self.query_one("#present-text", Static).update(Text(step.text))
        picture = self.query_one("#present-picture", Static)
        picture.display = step.picture is not None
        picture.update(step.picture or "")
        caption = self.query_one("#present-caption", Static)
        caption.display = step.caption is not None
        caption.update(Text(step.caption or ""))
        self._show_trail()
        self.query_one("#present-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _title(self) -> Content:
        pattern = self.cycle_map.pattern.label
        # First, so a narrow terminal cuts the pattern rather than this.
        example: list[str | tuple[str, str]] = (
            [("made-up example", "$foreground-muted italic"), "  ·  "] if self.example else []
        )
        if self.anonymous:
            # Title, cycle name and couple are free text that may hold a name: not shown.
            return Content.assemble(
                *example,
                (pattern, "$foreground-muted"),
                ("  ·  names hidden", "$foreground-muted"),
            )
        parts: list[str | tuple[str, str]] = list(example)
        if self.cycle_map.cycle_name:
            parts += [(f"“{self.cycle_map.cycle_name}”", "bold"), "  ·  "]
        parts += [(self.cycle_map.title, ""), "  ·  ", (pattern, "$foreground-muted")]
        return Content.assemble(*parts)

    def _show_trail(self) -> None:
        trail = self.query_one("#present-trail", Static)
        width = max(10, (trail.content_size.width or self.size.width) - 2)
        stations = self.presentation.stations[self.step.section]
        # The whole trail; then only this section; then fewer of its stops around this one.
        # The marked stop is never cut off.
        candidates = [self._trail(compact=False), self._trail(compact=True)]
        for size in range(len(stations) - 1, 0, -1):
            for low in range(len(stations) - size + 1):
                if low <= self.step.station < low + size:
                    candidates.append(self._trail(compact=True, window=(low, low + size)))
        fitting = next((c for c in candidates if c.cell_length <= width), candidates[-1])
        trail.update(fitting.truncate(width, ellipsis=True))

    def _trail(self, *, compact: bool, window: tuple[int, int] | None = None) -> Content:
        """Where we are: the sections, with the current one's stops and this stop marked.

        `compact` leaves out the other sections; `window` shows only those of this section's
        stops, with "…" for the others.
        """
        step = self.step
        muted = "$foreground-muted"
        parts: list[str | tuple[str, str]] = []
        for section in self.presentation.sections:
            if section is not step.section:
                if not compact:
                    parts += ["   ·   " if parts else "", (section.label, muted)]
                continue
            if parts:
                parts.append("   ·   ")
            parts.append((f"{section.label}: ", muted))
            joiner = "  ·  " if section is Section.UNDERNEATH else "  →  "
            if compact:
                joiner = f" {joiner.strip()} "
            stations = self.presentation.stations[section]
            low, high = window or (0, len(stations))
            if low > 0:
                parts.append(("…" + joiner, muted))
            limit = TRAIL_NAME_MAX + (9 if section is Section.NEW_CYCLE else 0)
            for number in range(low, high):
                if number > low:
                    parts.append((joiner, muted))
                label = _short(stations[number], limit)
                if number == step.station:
                    parts.append((f"▸ {label}", "bold underline $accent"))
                else:
                    parts.append((label, muted))
            if high < len(stations):
                parts.append((joiner + "…", muted))
        return Content.assemble(*parts)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        last = len(self.presentation) - 1
        if action == "talk":
            return self.can_talk
        if action == "new_cycle":
            return self.presentation.first_of(Section.NEW_CYCLE) is not None
        if action in {"back", "first"}:
            return None if self.index == 0 else True
        if action in {"next", "last"}:
            return None if self.index >= last else True
        return True

    def action_next(self) -> None:
        self.index += 1

    def action_back(self) -> None:
        self.index -= 1

    def action_first(self) -> None:
        self.index = 0

    def action_last(self) -> None:
        self.index = len(self.presentation) - 1

    def action_underneath(self) -> None:
        first = self.presentation.first_of(Section.UNDERNEATH)
        if first is not None:
            self.index = first

    def action_new_cycle(self) -> None:
        first = self.presentation.first_of(Section.NEW_CYCLE)
        if first is not None:
            self.index = first

    def action_talk(self) -> None:
        """The conversation on this shared screen, named as the presentation names them now."""
        if self.can_talk:
            self.app.open_moment(
                "talk", self.cycle_map.id, presenting=True, anonymous=self.anonymous
            )

    def action_toggle_names(self) -> None:
        self.anonymous = not self.anonymous

    def action_close(self) -> None:
        self.dismiss(None)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
