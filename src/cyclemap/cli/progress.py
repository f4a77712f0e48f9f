"""A progress bar for work that turns out to be long (a first index of thousands of maps): a
Rich bar on stderr once a second has gone by, gone when the work is done; nothing at all when
stderr is not a terminal (a pipe, a file, a script)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress_bar(
    label: str, *, after: float = 1.0, console: Any = None
) -> Iterator[Callable[[int, int], None]]:
    """Yields `update(done, total)`. Rich is imported only when a bar is shown."""
    shown = console is not None or sys.stderr.isatty()
    started = time.monotonic()
    bar: Any = None
    task: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if not shown:
            return
        if bar is None:
            if time.monotonic() - started < after:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            bar = Progress(
                TextColumn(label),
                BarColumn(),
                MofNCompleteColumn(),
                console=console or Console(stderr=True),
                transient=True,
            )
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
