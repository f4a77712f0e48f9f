"""One whole process of a Textual app, driven headless as the tests drive it.

    python benchmarks/tui_child.py bare
    python benchmarks/tui_child.py app LIBRARY [--type QUERY]

Prints "painted" as soon as `run_test()` + `pause()` have shown the first screen (the parent
times the process from its start to that line), then, with --type, one line per keystroke
typed into the library's filter: the seconds of CPU the app spent on it. The last line is the
peak resident memory of the process in KiB (`ru_maxrss`).

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


def maps_shown(app) -> bool:
    """The first paint that counts shows the maps (when there are any), however the screen
    loads them: the list (src/cyclemap/tui/screens/library.py: #maps) has its options."""
    from textual.css.query import NoMatches

    try:
        return app.screen.query_one("#maps").option_count > 0
    except NoMatches:
        return False


async def drive(app, query: str | None, *, has_maps: bool) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if has_maps:
            waited = time.monotonic()
            while not maps_shown(app):
                if time.monotonic() - waited > 60:
                    raise SystemExit("the library never showed its maps")
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
