"""Private, atomic writes: a temporary file in the same folder, fsync, rename, fsync the folder.

A file written here is 0600 and a folder made here 0700, whatever the umask. Temporary files are
dot names ending in .tmp (listings skip them); a killed save may leave one, swept after an hour.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from pathlib import Path

from cyclemap.store.errors import StoreError
from cyclemap.store.layout import DIR_MODE, FILE_MODE
from cyclemap.store.text import show

TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
STALE_TEMP_SECONDS = 3600


def _write_error(path: Path, exc: OSError) -> StoreError:
    if isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        return StoreError(f"{show(path)}: the folder {show(path.parent)} does not exist")
    return StoreError(f"{show(path)}: could not be written ({exc.strerror or exc})")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "nothing was written")
        view = view[written:]


def create_temp(folder: Path, name: str) -> tuple[int, Path]:
    # A dot name ending in .tmp, so listings skip it; O_EXCL so it is never someone else's file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        # 40 characters keep the name under 255 bytes even in 4-byte UTF-8.
        temp = folder / f".{name[:40]}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(temp, flags, FILE_MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in the folder durable."""
    if os.name == "nt":  # folders cannot be opened for fsync there
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except PermissionError:  # a folder we may write to but not read (0733): cannot be synced
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems cannot sync a folder; that is not a failed save.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes | str, mode: int = FILE_MODE) -> None:
    """Temporary file in the same folder, write, flush, fsync, os.replace, fsync the folder.

    Afterwards the file holds the old content or the new one, never a mix, and no temporary
    file is left behind (unless the process is killed). A symlink is written through; a device
    or pipe (like /dev/null) is written into directly, as there is nothing to replace.
    Raises StoreError (one line) when the file cannot be written.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info: os.stat_result | None = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    except OSError as exc:
        raise _write_error(target, exc) from exc
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        try:
            with open(target, "wb") as file:
                file.write(data)
        except OSError as exc:
            raise _write_error(target, exc) from exc
        return

    folder = target.parent
    try:
        fd, temp = create_temp(folder, target.name)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    try:
        try:
            # Set explicitly: the mode given to open() is filtered by the umask.
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:
                os.chmod(temp, mode)
            _write_all(fd, data)  # os.write is unbuffered: nothing is left to flush
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _write_error(target, exc) from exc
        raise
    try:
        fsync_dir(folder)
    except OSError as exc:
        raise StoreError(
            f"{show(target)}: was written, but the folder could not be synced to disk "
            f"({exc.strerror or exc})"
        ) from exc


def sweep_temp_files(folder: Path) -> None:
    """Remove temporary files that a killed save left behind. They are never the only copy of
    anything, and an hour is far longer than any live save keeps one."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        items = list(os.scandir(folder))
    except OSError:
        return
    for item in items:
        if TEMP_NAME.fullmatch(item.name):
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(item.path)


def temp_files_of(path: Path) -> list[Path]:
    """The temporary files a killed atomic_write of `path` may have left (see create_temp)."""
    prefix = f".{path.name[:40]}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.parent / n for n in names if n.startswith(prefix) and TEMP_NAME.fullmatch(n)]


def make_dir(path: Path, *, parents: bool = False) -> None:
    """Create a private folder (0700) when missing, and with parents=True the missing folders
    above it too (0700 as well, not the umask's mode); an existing folder is left as it is."""
    try:
        if parents and not path.parent.is_dir() and path.parent != path:
            make_dir(path.parent, parents=True)
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise StoreError(f"{show(path)} is not a folder") from None
        return
    except OSError as exc:
        raise StoreError(
            f"{show(path)}: the folder could not be created ({exc.strerror or exc})"
        ) from exc
    os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)
