"""CycleMapApp: the library, one map, the walkthrough and the screens around them.

`start` chooses the first screen: "library" (the default), "new" (the walkthrough), "open" (one
map, `map_ref`), "present" (presentation mode for `map_ref`, or the bundled example couple with
`demo=True`), "pause" or "talk" (the pause, or the guided conversation, for `map_ref`).
Presentation mode, the pause and the conversation started this way have nothing of the library
behind them: no welcome, no question about an unfinished walkthrough; the app closes when they
do, and `result` says how they ended ("noted", "saved", "kept"; see
`conversation_words.goodbye_line`).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import constants as textual_constants
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from cyclemap.store import DraftClaim, Library, StoreError, TrashEntry
from cyclemap.terms import clean_text
from cyclemap.tui import moment
from cyclemap.tui.commands import CycleMapCommands
from cyclemap.tui.paths import shown
from cyclemap.tui.reasons import reason as _reason
from cyclemap.tui.screens.hide import HiddenScreen
from cyclemap.tui.screens.library import LibraryScreen
from cyclemap.tui.screens.welcome import WelcomeScreen, mark_welcome_seen, welcome_seen
from cyclemap.tui.theme import CALM_THEME
from cyclemap.tui.when import Clock, local_now

if TYPE_CHECKING:
    from cyclemap.model import CycleMap

# Screens that are not the first one are imported when first shown: a start shows only the
# library (or the walkthrough, or presentation mode), and every import is time before it.

START_MODES = ("library", "new", "open", "present", "pause", "talk")
ALONE_MODES = ("present", "pause", "talk")  # nothing of the library behind them
DEBUG_ENV = "CYCLEMAP_DEBUG"

# System commands that stay in the palette. "Screenshot" writes the screen (private text) to a
# file, "Quit" and "Keys" are offered by our own bindings already.
_KEPT_SYSTEM_COMMANDS = {"Theme", "Maximize", "Minimize"}


class BlankScreen(Screen[None]):
    """The screen under presentation mode: nothing at all."""


class CycleMapApp(App[None]):
    """The TUI on one library folder (`data_dir`); see docs for `start`."""

    TITLE = "cyclemap"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {CycleMapCommands}
    # Declared once: the footer, the help screen and the command palette all read this list.
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="app.help", tooltip="This list"),
        # The footer shows the palette's key on its own, at the right.
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.commands",
            priority=True,
            show=False,
            tooltip="Find any action by name",
        ),
        # Priority, so it works from anywhere, even inside a text field or a dialog.
        Binding(
            "f12,ctrl+g",
            "quick_hide",
            "Hide",
            id="app.quick_hide",
            priority=True,
            tooltip="Blank the screen at once; any key comes back",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            show=False,
            tooltip="Close cyclemap; nothing written is lost",
        ),
    ]

    def __init__(
        self,
        data_dir: Path,
        *,
        start: str = "library",
        map_ref: str | None = None,
        couple: str | None = None,
        demo: bool = False,
        motion: bool = True,
    ) -> None:
        if start not in START_MODES:
            raise ValueError(f"start must be one of {', '.join(START_MODES)}")
        if start in ("open", "pause", "talk") and not map_ref:
            raise ValueError(f"start={start!r} needs map_ref")
        if start == "present" and not (map_ref or demo):
            raise ValueError("start='present' needs map_ref or demo=True")
        if demo and start != "present":
            raise ValueError("demo=True is for start='present'")
        self.library = Library(Path(data_dir))
        self.start = start
        self.map_ref = map_ref
        self.couple = couple
        self.demo = demo
        self._draft_claim: DraftClaim | None = None
        # The breathing pacer moves (False: still, for `--no-motion`).
        self.motion = motion
        # How a pause or a conversation started from the command line ended.
        self.result: str | None = None
        # Injectable for tests: relative dates ("3 days ago"), the export folder, and the
        # clock the pause counts down by (seconds).
        self.clock: Clock = local_now
        self.monotonic = time.monotonic
        self.export_dir: Path = Path.home()
        super().__init__()
        if not os.environ.get(DEBUG_ENV):
            # Textual copies every message, with the words typed in it, to TEXTUAL_LOG's file
            # and to its devtools console: only when debugging cyclemap itself.
            textual_constants.LOG_FILE = None
            self.devtools = None
            self._devtools_redirector = None
        self.register_theme(CALM_THEME)
        # Quietly, before any stylesheet is read: setting `theme` would read them all again
        # once the app has started, time spent before the first paint.
        self.set_reactive(App.theme, CALM_THEME.name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.update_classes(
            {
                f"-theme-{CALM_THEME.name}": True,
                "-dark-mode": CALM_THEME.dark,
                "-light-mode": not CALM_THEME.dark,
            },
            update=False,
        )

    # -- start-up -------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        if self.start in ALONE_MODES:
            # Nothing of the library under a shared screen, not even behind a dialog.
            return BlankScreen()
        return LibraryScreen()

    async def on_mount(self) -> None:
        if self.start == "present":
            self._start_presenting()
        elif self.start in ("pause", "talk"):
            assert self.map_ref is not None
            moment.start(self, self.start, self.map_ref, then=self._closed_presenting)
        elif self._first_run():
            self.push_screen(WelcomeScreen(first_run=True), lambda _: self._after_welcome())
        else:
            await self._after_welcome()

    def _first_run(self) -> bool:
        return not welcome_seen(self.library.root)

    async def _after_welcome(self) -> None:
        # A failure only means the welcome shows again next time.
        with contextlib.suppress(OSError, StoreError):
            mark_welcome_seen(self.library)
        if self.start == "new":
            await self.start_walkthrough(couple=self.couple)
        elif self.start == "open" and self.map_ref:
            # The map asked for comes first; an unfinished walkthrough waits for the library.
            self._offer_draft_in_library()
            self.show_map(self.map_ref)
        else:
            self._offer_draft()

    def _offer_draft_in_library(self) -> None:
        """Offer the unfinished walkthrough once, when the library is next on screen."""
        waiting = True

        def screen_changed(screen: Screen) -> None:
            nonlocal waiting
            if waiting and isinstance(screen, LibraryScreen) and screen is self.screen:
                waiting = False
                self.screen_change_signal.unsubscribe(self)
                self._offer_draft()

        self.screen_change_signal.subscribe(self, screen_changed)

    def _start_presenting(self) -> None:
        """Presentation mode on its own: the app closes when it does (or when the map can't be
        shown, after saying why)."""
        from cyclemap.presentation import demo_map
        from cyclemap.tui.screens.map import open_map

        if self.demo:
            self.present(demo_map(), example=True, then=self._closed_presenting)
            return
        assert self.map_ref is not None
        try:
            opened = open_map(self.library, self.map_ref)
        except (OSError, StoreError) as error:
            body = Text(_reason(error))
            path = getattr(error, "path", None)
            if isinstance(path, Path):
                body.append(f"\n\nThe file, left as it is: {shown(path)}", style="dim")
            self.show_message("This map can't be shown", body, then=self._closed_presenting)
            return
        self.present(opened.map, in_library=opened.in_library, then=self._closed_presenting)

    def _closed_presenting(self, result: object = None) -> None:
        if isinstance(result, str):
            self.result = result
        self.exit()

    def present(
        self, cycle_map: CycleMap, *, example: bool = False, in_library: bool = False, then=None
    ) -> None:
        """Presentation mode for one map, over whatever is on screen; escape comes back. A map
        of the library can be talked through from there (`in_library`)."""
        from cyclemap.tui.screens.present import PresentScreen

        screen = PresentScreen(cycle_map, example=example, can_talk=in_library and not example)
        self.push_screen(screen, then)

    # -- drafts and the walkthrough ---------------------------------------------------------

    def _load_draft(self) -> dict | None:
        try:
            return self.library.load_draft()
        except (OSError, StoreError):
            return None

    def _claim_draft(self, *, quiet: bool = False) -> bool:
        """Hold the walkthrough's draft for this window; False (after saying so, unless quiet)
        when another cyclemap window on the same library has a walkthrough open."""
        if self._draft_claim is None:
            try:
                self._draft_claim = self.library.claim_draft()
            except (OSError, StoreError) as error:
                self.show_message("The walkthrough can't be started", _reason(error))
                return False
        if self._draft_claim is None:
            if quiet:
                return False
            self.show_message(
                "A walkthrough is open in another window",
                "Another cyclemap window on this library is in the middle of a walkthrough. "
                "Finish it or close it there first, so that neither loses any answers.",
            )
            return False
        return True

    def on_unmount(self) -> None:
        self._release_draft()

    def _release_draft(self) -> None:
        if self._draft_claim is not None:
            self._draft_claim.release()
            self._draft_claim = None

    def _offer_draft(self, *, then=None, starting_new: bool = False, couple=None) -> bool:
        """Ask about an unfinished walkthrough if there is one; True when the question is up."""
        draft = self._load_draft()
        if not draft:
            return False
        if not self._claim_draft(quiet=not starting_new):
            # Another window is working on it: nothing to offer here (a new one was refused).
            return starting_new
        from cyclemap.tui.screens.resume import ResumeScreen
        from cyclemap.walkthrough_draft import draft_summary

        async def chosen(choice: str | None) -> None:
            if choice == "resume":
                await self._push_walkthrough(draft=draft)
            elif choice == "discard":
                self._confirm_discard(then_new=starting_new, couple=couple, then=then)
            else:
                self._release_draft()
                if then is not None:
                    then()

        self.push_screen(ResumeScreen(draft_summary(draft), starting_new=starting_new), chosen)
        return True

    def _confirm_discard(self, *, then_new: bool, couple, then) -> None:
        from cyclemap.tui.screens.confirm import ConfirmScreen

        async def answered(yes: bool | None) -> None:
            if not yes:
                # Back to the question: nothing was discarded.
                self._offer_draft(then=then, starting_new=then_new, couple=couple)
                return
            try:
                self.library.discard_draft()
            except (OSError, StoreError) as error:
                self.show_message("The unfinished walkthrough is still there", _reason(error))
                return
            if then_new:
                await self._push_walkthrough(couple=couple)
            elif then is not None:
                then()

        self.push_screen(
            ConfirmScreen(
                "Discard the unfinished walkthrough?",
                "What was written in it so far will be gone.",
                yes="Discard it",
                no="Keep it",
                destructive=True,
            ),
            answered,
        )

    async def start_walkthrough(self, couple: str | None = None) -> None:
        """A new map; an unfinished one is offered first, never silently replaced."""
        if not self._offer_draft(starting_new=True, couple=couple):
            await self._push_walkthrough(couple=couple)

    async def _push_walkthrough(
        self, *, draft: dict | None = None, couple: str | None = None
    ) -> None:
        """The walkthrough, on screen and ready for keys when this returns.

        Keys typed as it opens ("n", then the names at once; or while its module is first
        imported) wait in the app's queue. Awaiting the screen's mount here keeps them there
        until its first field has the focus (set at once, in its on_mount), instead of being
        handed to a screen where nothing is focused yet, which drops them."""
        from cyclemap.tui.screens.walkthrough import WalkthroughScreen

        if not self._claim_draft():
            return
        await self.push_screen(
            WalkthroughScreen(self.library, draft=draft, couple=couple), self._map_saved
        )

    def _map_saved(self, map_id: str | None) -> None:
        self._release_draft()
        if map_id:
            self.show_map(map_id)

    # -- maps ---------------------------------------------------------------------------

    def show_map(self, ref: str) -> None:
        """The map screen for an id or a .toml path; a calm message when it can't be read."""
        from cyclemap.tui.screens.map import MapScreen, open_map

        try:
            opened = open_map(self.library, ref)
        except (OSError, StoreError) as error:
            self.show_message("This map can't be opened", _reason(error))
            return
        while isinstance(self.screen, MapScreen):
            self.pop_screen()
        self.push_screen(MapScreen(opened))

    def offer_undo(self, trashed: TrashEntry, title: str) -> None:
        """After a delete on another screen: the library (at the bottom of the stack) says what
        went and offers to undo it, once it is back on screen."""
        library_screen = self.screen_stack[0] if self.screen_stack else None
        if isinstance(library_screen, LibraryScreen):
            library_screen.offer_undo(trashed, title)

    def open_moment(self, what: str, ref: str, *, then=None, **options) -> None:
        """The pause ("pause") or the guided conversation ("talk") for one map of the library;
        `presenting=True, anonymous=…` for the conversation on a shared screen."""
        moment.start(self, what, ref, then=then, **options)

    def show_message(self, title: str, body: str | Text, *, then=None) -> None:
        from cyclemap.tui.screens.message import MessageScreen

        self.push_screen(MessageScreen(title, body), then)

    # -- actions --------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # A paste can carry escape sequences and control characters; Textual's fields draw them
        # as they are. Clean it once, here, before any field sees it.
        if isinstance(event, events.Paste) and not event.is_forwarded:
            event.text = clean_text(event.text)
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Over the blank screen every key just returns: no palette, no help to peek through.
        hidden = isinstance(self.screen, HiddenScreen)
        return not (hidden and action in {"command_palette", "help"})

    def action_help(self) -> None:
        from cyclemap.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen | HiddenScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_quick_hide(self) -> None:
        if isinstance(self.screen, HiddenScreen):
            self.screen.dismiss()
            return
        # Toasts can hold a title or a path: they go too.
        self.clear_notifications()
        self.push_screen(HiddenScreen())

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Refused: these screens hold private words, and nothing is written behind a person's
        back."""

    def deliver_screenshot(self, *args, **kwargs) -> None:  # noqa: ARG002
        """Refused, as action_screenshot."""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title in _KEPT_SYSTEM_COMMANDS:
                yield command

    # -- errors ---------------------------------------------------------------------------

    def _fatal_error(self) -> None:
        """An unexpected error: a calm line instead of a traceback, whose locals could print a
        partner's words to the terminal. CYCLEMAP_DEBUG=1 shows the full traceback."""
        if os.environ.get(DEBUG_ENV):
            super()._fatal_error()
            return
        self.bell()
        self._exit_renderables.append(
            Text(
                "cyclemap ran into a problem it didn't expect and closed. Saved maps and the "
                "unfinished walkthrough are kept. Set CYCLEMAP_DEBUG=1 to see the details."
            )
        )
        self._close_messages_no_wait()
