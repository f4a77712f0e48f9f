"""The library lock: one save or delete at a time across cyclemap processes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from cyclemap.store import guard
from cyclemap.store.layout import LOCK_FILE

try:
    import fcntl
except ImportError:  # Windows: saves stay atomic, they are only not serialised between processes
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def library_lock(root: Path) -> Iterator[None]:
    """Hold the library's lock (the kernel drops it if we die)."""
    if fcntl is None:
        yield
        return
    fd = guard.open_private(root, root / LOCK_FILE)  # never through a link, never a pipe
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
