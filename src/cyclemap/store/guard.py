"""The guard: every file cyclemap reads, writes, creates or removes under the library goes
through here (maps, history, logs, drafts and their claims, the caches, the lock, the welcome
mark), so that one place says what is trusted.

- Inside: nothing is read or written through a link that leads out of the library folder, and
  no folder is made through one. A link at `logs/`, `.views/`, `drafts/`, the draft file or a
  dangling `.lock` makes cyclemap refuse with one line, never write or create anything outside.
- Regular files only: a file is opened without blocking (O_NONBLOCK, so a pipe at its name
  cannot hang a listing), checked to be a regular file (fstat), and only then read.
- Private: every folder made here is 0700 and every file 0600, whatever the umask; an existing
  folder of the library that others could enter is tightened.
- Caches (the index, the view cache) are never read through a link at all, and a cache that
  cannot be written is simply not written.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from cyclemap.store.atomic import atomic_write, make_dir
from cyclemap.store.errors import MapFileError, StoreError
from cyclemap.store.layout import DIR_MODE, FILE_MODE
from cyclemap.store.text import show

try:
    import fcntl
except ImportError:  # Windows: no pipes to block on at a file's name, no flags to clear
    fcntl = None  # type: ignore[assignment]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class NotRegular(OSError):
    """What is at a name is not a regular file (a pipe, a device, a socket, a folder)."""

    def __init__(self, folder: bool) -> None:
        super().__init__("is a folder" if folder else "is not a regular file")
        self.folder = folder


def inside(root: Path, path: Path) -> bool:
    """Whether path, links followed, is in the library folder root (False for a link loop)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def leads_outside(root: Path, path: Path) -> bool:
    """Whether an existing path (or link) leads out of the library; False when there is none."""
    if not os.path.lexists(path):
        return False
    return not inside(root, path)


def check_inside(root: Path, path: Path, what: str) -> None:
    """Refuse a map path that a symlink leads out of the library."""
    if leads_outside(root, path):
        raise MapFileError(
            path, f"is a link out of the library, so '{what}' is not a valid map id here"
        )


def outside_error(path: Path) -> StoreError:
    return StoreError(
        f"{show(path)}: is a link that leads outside the library; cyclemap does not read or "
        "write through it (remove the link)"
    )


def _refuse_outside(root: Path, path: Path) -> None:
    """StoreError when path, or the folder it is in, leads out of the library."""
    for place in (path.parent, path):
        if leads_outside(root, place):
            raise outside_error(place)


def folder(root: Path, relative: str | Path) -> Path:
    """root/relative (like "logs" or "history/<id>"), each folder on the way made private when
    missing; StoreError when one of them is a link that leads out of the library or is not a
    folder. An existing folder that others could enter is tightened to 0700."""
    make_dir(root, parents=True)
    current = root
    for part in Path(relative).parts:
        current = current / part
        if leads_outside(root, current):
            raise outside_error(current)
        make_dir(current)
        tighten(current)
    return current


def check_library(root: Path) -> str | None:
    """The library folder, if it is there, made fit to hold private words: StoreError (one
    line) when it belongs to another user or is not a folder; a folder of ours that others
    could enter is tightened to 0700, and the line saying so returned (None when all was
    well)."""
    try:
        info = os.stat(root)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise StoreError(f"{show(root)}: the library cannot be opened ({exc.strerror})") from exc
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{show(root)}: is not a folder, so it cannot be the library")
    if _uid() >= 0 and info.st_uid != _uid():
        raise StoreError(
            f"{show(root)}: the library folder belongs to another user, so cyclemap will not "
            "keep your maps there (choose your own with --data-dir)"
        )
    loose = stat.S_IMODE(info.st_mode)
    if loose & stat.S_ISVTX:  # like /tmp: a folder made for everyone, not to be tightened
        raise StoreError(
            f"{show(root)}: is a folder shared by everyone (like /tmp), so cyclemap will not "
            "keep your maps there (choose your own with --data-dir)"
        )
    if not loose & 0o077:
        return None
    try:
        os.chmod(root, DIR_MODE)
    except OSError as exc:
        raise StoreError(
            f"{show(root)}: others can open the library folder (mode {loose:04o}) and it "
            f"cannot be made private ({exc.strerror})"
        ) from exc
    return (
        f"{show(root)}: others could open the library folder (mode {loose:04o}); "
        "it is private now (0700)"
    )


def tighten(path: Path) -> bool:
    """Make a folder of ours 0700 when others may enter it; True when it was changed."""
    try:
        info = os.stat(path)
        if info.st_mode & 0o077 and info.st_uid == _uid():
            os.chmod(path, DIR_MODE)
            return True
    except OSError:
        pass
    return False


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else -1


def open_regular(path: Path, flags: int = os.O_RDONLY, *, follow: bool = True) -> int:
    """A descriptor on the regular file at path, opened without blocking on a pipe (and, with
    follow=False, not through a link: ELOOP then), in blocking mode again once checked.
    NotRegular for a pipe, a device, a socket or a folder; the OSError of open() otherwise."""
    mode = FILE_MODE if flags & os.O_CREAT else 0
    fd = os.open(path, flags | _CLOEXEC | _NONBLOCK | (0 if follow else _NOFOLLOW), mode)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(stat.S_ISDIR(info.st_mode))
        if fcntl is not None and _NONBLOCK:
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~_NONBLOCK)
        private = stat.S_IMODE(info.st_mode) == FILE_MODE
        if flags & os.O_CREAT and not private and hasattr(os, "fchmod") and info.st_uid == _uid():
            os.fchmod(fd, FILE_MODE)  # open()'s mode is filtered by the umask
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_file(path: Path, limit: int) -> tuple[bytes, int]:
    """Up to limit + 1 bytes of the regular file at path, and its size (the OSError of
    open_regular otherwise); b"" when its size is past limit. More than limit bytes read means
    it grew past it while being read."""
    with os.fdopen(open_regular(path), "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            return b"", size
        return _read_up_to(file, size, limit), size


def _read_up_to(file: BinaryIO, size: int, limit: int) -> bytes:
    """Up to limit + 1 bytes of a file of `size` bytes: its size and one byte more first (to see
    that it grew), since asking for limit + 1 at once makes a buffer that large every time."""
    raw = file.read(size + 1)
    if len(raw) > size:
        raw += file.read(limit + 1 - len(raw))
    return raw


def read(root: Path, path: Path, limit: int) -> tuple[bytes, int]:
    """A file of the library (a log, a draft): as read_file, refused (StoreError) when it or
    its folder is a link out of the library."""
    _refuse_outside(root, path)
    return read_file(path, limit)


def regular_or_missing(path: Path) -> bool:
    """Whether path is a plain file or nothing (not a link, a pipe, a folder): what a cache may
    replace."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return True
    return stat.S_ISREG(mode)


def read_regular(path: Path, limit: int) -> bytes | None:
    """A cache: the bytes of a plain file of at most `limit` bytes, never through a link and
    without blocking on a pipe; None for anything else (missing, a link, a pipe, a device, a
    folder, too large). Raises nothing but for a failed read (OSError)."""
    try:
        fd = open_regular(path, follow=False)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            return None
        raw = _read_up_to(file, size, limit)
    return raw if len(raw) <= limit else None


def write(root: Path, path: Path, data: bytes) -> None:
    """A file of the library written atomically and privately (atomic_write), in its folder
    made private when missing; StoreError when the folder or the file leads out of the library,
    or something other than a regular file is at its name."""
    folder(root, path.parent.relative_to(root))
    _refuse_outside(root, path)
    if os.path.lexists(path) and not path.is_file():
        raise StoreError(f"{show(path)}: is not a regular file; nothing was written there")
    atomic_write(path, data, FILE_MODE)


def write_cache(root: Path, path: Path, data: bytes) -> None:
    """A cache written when it can be: never through a link or over anything but a regular
    file, and a folder that cannot be written costs the next reader time, nothing else."""
    with contextlib.suppress(StoreError, OSError):
        folder(root, path.parent.relative_to(root))
        if regular_or_missing(path):
            atomic_write(path, data, FILE_MODE)


def open_private(root: Path, path: Path) -> int:
    """A small file of the library opened for reading and writing, created 0600 when missing,
    never through a link (not even a dangling one) and never a pipe: the lock, a draft's claim,
    the welcome mark. StoreError with one line when it cannot be."""
    _refuse_outside(root, path)
    try:
        return open_regular(path, os.O_RDWR | os.O_CREAT, follow=False)
    except NotRegular as exc:
        raise StoreError(f"{show(path)}: {exc}; cyclemap does not use it") from None
    except OSError as exc:
        if os.path.islink(path):
            raise StoreError(
                f"{show(path)}: is a link; cyclemap does not follow it (remove the link)"
            ) from None
        raise StoreError(
            f"{show(path)}: cannot be opened ({exc.strerror or exc}); the library cannot be written"
        ) from exc


def remove(root: Path, path: Path) -> bool:
    """Remove a file, a link (never followed) or a folder of the library for good; False, with
    nothing touched, when the folder it is in leads out of the library. OSError as raised."""
    if leads_outside(root, path.parent):
        return False
    if path.is_dir() and not path.is_symlink():
        import shutil  # here: it imports bz2, lzma and zlib, and only a removal needs it

        shutil.rmtree(path)
    else:
        os.unlink(path)
    return True
