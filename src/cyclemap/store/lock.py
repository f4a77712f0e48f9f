"""The library lock: one save or delete at a time across cyclemap processes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from cyclemap.store.errors import StoreError
from cyclemap.store.layout import FILE_MODE, LOCK_FILE
from cyclemap.store.text import show

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
    try:
        fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise StoreError(
            f"{show(root)}: the library cannot be written ({exc.strerror or exc})"
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
