"""Opening the pause and the guided conversation for one map: from the command line
(`cyclemap pause`, `cyclemap talk`), the map screen and the command palette.

The conversation's draft (`drafts/talk-<id>.toml`) is held by a claim while a window has it open,
as the walkthrough's is: a second window on the same library is told so, and never overwrites
the first one's words. An unfinished conversation is offered again, never silently replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from cyclemap.store import StoreError
from cyclemap.tui.reasons import reason as _reason

if TYPE_CHECKING:
    from cyclemap.model import CycleMap

# The app (CycleMapApp): not imported here, since it imports this module.
CycleMapApp = Any

Then = Callable[[Any], object] | None


class Shown(NamedTuple):
    """How the conversation is shown: on a shared screen, with the names hidden."""

    presenting: bool
    anonymous: bool


OUTSIDE = (
    "The pause and the conversation are noted in the map's check-in log, which only maps in "
    "your library have. Import the file first: cyclemap import FILE"
)


def _done(then: Then, result: str | None) -> None:
    if then is not None:
        then(result)


def library_map(app: CycleMapApp, ref: str, then: Then = None) -> CycleMap | None:
    """The map `ref` names, read afresh from the library; None after saying why it can't be."""
    from cyclemap.tui.screens.map import open_map

    try:
        opened = open_map(app.library, ref)
    except (OSError, StoreError) as error:
        app.show_message("This map can't be opened", _reason(error), then=then)
        return None
    if not opened.in_library:
        app.show_message("This map isn't in your library", OUTSIDE, then=then)
        return None
    return opened.map


def start(app: CycleMapApp, what: str, ref: str, *, then: Then = None, **options) -> None:
    """The pause ("pause") or the conversation ("talk", with `open_talk`'s options) for the map
    `ref`."""
    cycle_map = library_map(app, ref, then)
    if cycle_map is None:
        return
    if what == "pause":
        open_pause(app, cycle_map, then=then)
    else:
        open_talk(app, cycle_map, then=then, **options)


def open_pause(app: CycleMapApp, cycle_map: CycleMap, *, then: Then = None) -> None:
    """The pause; "Talk it through now" at its end goes on to the conversation."""
    from cyclemap.tui.screens.pause import PauseScreen

    def closed(result: str | None) -> None:
        if result != "talk":
            _done(then, result)
            return
        # The map again: the pause may have given it a phrase of their own.
        fresh = library_map(app, cycle_map.id, then)
        if fresh is not None:
            open_talk(app, fresh, then=lambda talked: _done(then, talked or "noted"))

    app.push_screen(PauseScreen(app.library, cycle_map), closed)


def open_talk(
    app: CycleMapApp,
    cycle_map: CycleMap,
    *,
    then: Then = None,
    presenting: bool = False,
    anonymous: bool = False,
) -> None:
    """The conversation about `cycle_map`: an unfinished one is offered first. `presenting`:
    on a shared screen, from presentation mode (the response in large type too), `anonymous`
    with "Partner A / Partner B" on screen (the log keeps the names)."""
    shown = Shown(presenting, anonymous)
    from cyclemap.conversation_draft import draft_name

    library = app.library
    name = draft_name(cycle_map.id)
    try:
        claim = library.claim_draft(name)
    except (OSError, StoreError) as error:
        app.show_message("The conversation can't be started", _reason(error), then=then)
        return
    if claim is None:
        app.show_message(
            "This conversation is open in another window",
            "Another cyclemap window on this library is in the middle of a conversation about "
            "this map. Finish it or close it there first, so that neither loses any words.",
            then=then,
        )
        return

    def closed(result: str | None) -> None:
        claim.release()
        _done(then, result)

    try:
        draft = library.load_draft(name)
    except (OSError, StoreError):
        draft = None
    if not draft:
        _push_talk(app, cycle_map, None, closed, shown)
        return
    _offer_draft(app, cycle_map, draft, closed, shown)


def _offer_draft(app: CycleMapApp, cycle_map: CycleMap, draft: dict, closed, shown: Shown) -> None:
    from cyclemap.conversation_draft import draft_name, resume_summary
    from cyclemap.tui.screens.confirm import ConfirmScreen
    from cyclemap.tui.screens.resume import ResumeScreen

    def discard(yes: bool | None) -> None:
        if not yes:
            _offer_draft(app, cycle_map, draft, closed, shown)  # back to the question
            return
        try:
            app.library.discard_draft(draft_name(cycle_map.id))
        except (OSError, StoreError) as error:
            app.show_message(
                "The unfinished conversation is still there", _reason(error), then=closed
            )
            return
        _push_talk(app, cycle_map, None, closed, shown)

    def chosen(choice: str | None) -> None:
        if choice == "resume":
            _push_talk(app, cycle_map, draft, closed, shown)
        elif choice == "discard":
            app.push_screen(
                ConfirmScreen(
                    "Start a new conversation?",
                    "What was typed in the unfinished one will be gone.",
                    yes="Start a new one",
                    no="Keep it",
                    destructive=True,
                ),
                discard,
            )
        else:
            closed("kept")

    app.push_screen(ResumeScreen(resume_summary(draft), starting_new=True), chosen)


def _push_talk(
    app: CycleMapApp, cycle_map: CycleMap, draft: dict | None, closed, shown: Shown
) -> None:
    from cyclemap.conversation import TalkState
    from cyclemap.conversation_draft import read_draft
    from cyclemap.presentation import shown_map
    from cyclemap.tui.screens.talk import TalkScreen

    today = app.clock().date()
    state = read_draft(draft, cycle_map, today) if draft else TalkState(cycle_map, today)
    if shown.presenting:
        state.presenting = True
        state.shown_map = shown_map(cycle_map, anonymous=shown.anonymous)
    app.push_screen(TalkScreen(app.library, state), closed)
