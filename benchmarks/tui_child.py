"""One whole process of a Textual app, driven headless as the tests drive it.

    python benchmarks/tui_child.py bare
    python benchmarks/tui_child.py app LIBRARY [--type QUERY]

Prints "painted" as soon as `run_test()` + `pause()` have shown the first screen with its maps
and the footer's keys (the parent times the process from its start to that line), then, with
--type, one line per keystroke typed into the library's filter: the seconds of CPU the app
spent on it. The last line is the peak resident memory of the process in KiB (`ru_maxrss`).

"bare" is the baseline of the issue: Header, an OptionList of three items, Footer.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time

SIZE = (100, 30)


def bare_app():
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, OptionList

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList("Sunday nights", "Money talk", "The quiet house")
            yield Footer()

    return BareApp()


def cyclemap_app(library: str):
    from pathlib import Path

    from cyclemap.tui.app import CycleMapApp

    return CycleMapApp(Path(library), start="library")


def filter_input(app):
    """The library screen's filter (src/cyclemap/tui/screens/library.py: Input#filter)."""
    from textual.widgets import Input

    return app.screen.query_one("#filter", Input)


def footer_keys_shown(app) -> bool:
    """Textual's Footer shows its keys as FooterKey widgets; cyclemap's
    (src/cyclemap/tui/widgets/footer.py) keeps them as `entries` and draws them as one line."""
    from textual.widgets._footer import FooterKey

    footers = app.screen.query("Footer")
    return any(getattr(footer, "entries", ()) for footer in footers) or bool(
        app.screen.query(FooterKey)
    )


def first_screen_shown(app, *, has_maps: bool) -> bool:
    """The first paint that counts shows the footer's keys and the maps (when there are any),
    however the screen loads them: the list (src/cyclemap/tui/widgets/map_list.py:
    MapList#maps) has its rows."""
    from textual.css.query import NoMatches

    if not footer_keys_shown(app):
        return False
    if not has_maps:
        return True
    try:
        return len(app.screen.query_one("#maps").rows) > 0
    except NoMatches:
        return False


async def drive(app, query: str | None, *, has_maps: bool) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        waited = time.monotonic()
        while not first_screen_shown(app, has_maps=has_maps):
            if time.monotonic() - waited > 60:
                raise SystemExit("the first screen never showed its maps and keys")
            await pilot.pause()
        print("painted", flush=True)
        if query is None:
            return
        await pilot.press("slash")  # the library's own key for the filter
        await pilot.pause()
        assert app.focused is filter_input(app), "the filter did not take the focus"
        for key in query:
            # The pilot sleeps while it waits for the app to be idle; CPU time counts only
            # the app's work: the key, the filter, the new list and its rendering.
            started = time.process_time()
            await pilot.press(key)
            await pilot.pause()
            print(f"key {time.process_time() - started:.6f}", flush=True)
        assert filter_input(app).value == query


def main(argv: list[str]) -> None:
    kind = argv[0]
    query = argv[argv.index("--type") + 1] if "--type" in argv else None
    app = bare_app() if kind == "bare" else cyclemap_app(argv[1])
    asyncio.run(drive(app, query, has_maps=kind != "bare"))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
