"""Textual's "wait until the app is idle", the same test made without the time asleep.

After every key, `Pilot.press` and `Pilot.pause` wait for the app to be idle (textual/_wait.py,
Textual pinned in the test extra): Textual sleeps 1/50 s at a time until a slice passes in which
the process used under 1/20 of it. That slice is also what lets a short timer fire before the
test goes on (the 1/120 s resize debounce, the 1/60 s screen update), but mostly it is time
asleep: a test that presses 300 keys sleeps for seconds, and the suite spent half its time so.

`wait_for_idle` here asks for the same idle, seen sooner: a slice of 1 ms in which the process
used under 1/20 of it, and no callback of the event loop (a Textual timer, an `asyncio.sleep`)
due within 1/50 s, so whatever would have fired during Textual's slice still fires first.

The screen update is such a timer: Textual draws a changed screen at most 60 times a second, so
after nearly every key the wait above would sleep up to 1/60 s for it. `install()` sets the
period Textual derives from TEXTUAL_FPS (read once, when Textual is first imported, which the
snapshot plugin does before any conftest) to one slice: the screen is drawn as soon as the app
is idle, as it would be on a fast terminal. What is drawn does not change.

`install()` puts both where Pilot, App and Screen look them up; tests/conftest.py calls it for
every test process.
"""

from __future__ import annotations

import asyncio
from time import monotonic, process_time

import textual.app
import textual.pilot
import textual.screen

SLICE = 1 / 1000
BUSY = SLICE / 20  # CPU in one slice above which the app is still working
HORIZON = 1 / 50  # Textual's own slice: a timer due this soon is waited for


def _callback_due_soon(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether a timer of the event loop fires within HORIZON (asyncio keeps them, cancelled
    ones included, in the loop's `_scheduled` heap)."""
    now = loop.time()
    scheduled: list[asyncio.TimerHandle] = getattr(loop, "_scheduled", [])
    return any(not handle.cancelled() and handle.when() - now < HORIZON for handle in scheduled)


async def wait_for_idle(min_sleep: float = HORIZON, max_sleep: float = 1) -> None:
    """Return once the process is idle, after at least `min_sleep` and at most `max_sleep`
    seconds (the signature and limits of textual._wait.wait_for_idle)."""
    loop = asyncio.get_running_loop()
    start = monotonic()
    while True:
        cpu = process_time()
        await asyncio.sleep(SLICE)
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            return
        if elapsed > min_sleep and process_time() - cpu < BUSY and not _callback_due_soon(loop):
            return


def install() -> None:
    # Both modules import the function by name (`from textual._wait import wait_for_idle`).
    for module in (textual.app, textual.pilot):
        assert module.wait_for_idle.__module__ in ("textual._wait", __name__), module
        module.wait_for_idle = wait_for_idle
    # Read when a screen first schedules an update: `1 / constants.MAX_FPS` until now.
    assert isinstance(textual.screen.UPDATE_PERIOD, float)
    textual.screen.UPDATE_PERIOD = SLICE
