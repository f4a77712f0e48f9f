"""The path guard: what the library reads and writes stays inside the library folder.

Every check of "does this lead out of the library" and "is this a plain file" is here, so that
one place says what is trusted.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cyclemap.store.errors import MapFileError

# Reading a cache or a side file: never through a link, and O_NONBLOCK so that a pipe at its
# name cannot hang us.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
)


def inside(root: Path, path: Path) -> bool:
    """Whether path, links followed, is in the library folder root (False for a link loop)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def leads_outside(root: Path, path: Path) -> bool:
    """Whether an existing path (or link) leads out of the library; False when there is none."""
    if not (path.exists() or path.is_symlink()):
        return False
    return not inside(root, path)


def check_inside(root: Path, path: Path, what: str) -> None:
    """Refuse a map path that a symlink leads out of the library."""
    if leads_outside(root, path):
        raise MapFileError(
            path, f"is a link out of the library, so '{what}' is not a valid map id here"
        )


def regular_or_missing(path: Path) -> bool:
    """Whether path is a plain file or nothing (not a link, a pipe, a folder): what a cache may
    replace. atomic_write would write through a link or into a pipe."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return True
    return stat.S_ISREG(mode)


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of a plain file of at most `limit` bytes, opened without following a link and
    without blocking on a pipe; None for anything else (missing, a link, a pipe, a device, a
    folder, too large). Raises nothing but for a failed read (OSError)."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        raw = file.read(limit + 1)
    return raw if len(raw) <= limit else None
