"""Writing a file a person named (`export -o`, `worksheet -o`, the app's export): never through
a link, never into anything but a regular file, never over a file without being told to.

An export holds a couple's words, and its target is a name typed on a command line: another
user may have planted a link there (so the export would overwrite a file of yours), or a pipe
(so they would read the map, or hang the command). So:
- a target that is missing is created, private (0600), whole or not at all: the text goes to a
  temporary file in the same folder, which is then linked to the name, and linking fails if
  anything appeared there in between (O_EXCL semantics);
- a link, a pipe, a device, a socket or a folder at the name is refused with one line;
  `/dev/null` (the very device) is the one exception, so that scripts may throw output away;
- a regular file is replaced only when `replace` is given (the CLI's --force, or a yes at its
  question; the app asks first), atomically, keeping the mode it had;
- a target written with a final `/` means a folder: it is created when missing and the default
  name goes inside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from cyclemap.store.atomic import _write_all, create_temp, fsync_dir, make_dir
from cyclemap.store.errors import StoreError
from cyclemap.store.layout import FILE_MODE
from cyclemap.store.text import show


class OutputExists(StoreError):
    """The target is a file already; replacing it needs a yes."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{show(path)} already exists")
        self.path = path


def means_folder(destination: str) -> bool:
    """`DIR/` (or `DIR\\` where that separates folders) names a folder, existing or not."""
    return destination.endswith(tuple(sep for sep in (os.sep, os.altsep, "/") if sep))


def output_path(destination: str, default_name: str) -> Path:
    """Where `-o destination` writes: the name itself, or `default_name` inside a folder (an
    existing one, or one written with a final `/`, which is created, private)."""
    path = Path(destination).expanduser()
    if means_folder(destination):
        if not path.is_dir():
            if os.path.lexists(path):
                raise StoreError(f"{show(path)} is not a folder")
            make_dir(path, parents=True)
        return path / default_name
    if path.is_dir() and not path.is_symlink():
        return path / default_name
    # A link, even to a folder, is refused by write_output: typed without '/', the name is the
    # file's own, and someone else may have put the link there.
    return path


def _is_devnull(info: os.stat_result) -> bool:
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return stat.S_ISCHR(info.st_mode) and (info.st_rdev, info.st_ino) == (null.st_rdev, null.st_ino)


def _refusal(path: Path, info: os.stat_result) -> StoreError | None:
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return StoreError(
            f"{show(path)} is a link; cyclemap never writes through one (remove it, or choose "
            "another name)"
        )
    if stat.S_ISDIR(mode):
        return StoreError(f"{show(path)} is a folder")
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device or socket"
        return StoreError(
            f"{show(path)} is {kind}, not a file; cyclemap writes exports only to plain files"
        )
    return None


def write_output(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write data at path as the module says. OutputExists when it is a regular file and
    replace is False; StoreError (one line, naming the path) for anything else that fails."""
    path = Path(path)
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _failed(path, error) from error
    if info is not None and _is_devnull(info):
        try:
            with open(os.devnull, "wb") as null:
                null.write(data)
        except OSError as error:
            raise _failed(path, error) from error
        return
    if info is not None:
        refusal = _refusal(path, info)
        if refusal is not None:
            raise refusal
        if not replace:
            raise OutputExists(path)
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"{show(path)}: the folder {show(folder)} does not exist")
    mode = stat.S_IMODE(info.st_mode) if info is not None else FILE_MODE
    try:
        fd, temp = create_temp(folder, path.name)
    except OSError as error:
        raise _failed(path, error) from error
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:
                os.chmod(temp, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if info is None:
            _link_new(temp, path)
        else:
            os.replace(temp, path)  # a rename replaces whatever is at the name, never follows
        with contextlib.suppress(OSError):
            fsync_dir(folder)
    except OutputExists:
        raise
    except OSError as error:
        raise _failed(path, error) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _link_new(temp: Path, path: Path) -> None:
    """Give the finished temporary file its name only if nothing is at the name: a link made
    between our look and now fails here instead of being written through."""
    try:
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        raise OutputExists(path) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
            raise
        # A file system without hard links (FAT, some network shares): create the name with
        # O_EXCL|O_NOFOLLOW, which refuses anything already there, and copy the text in.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        except FileExistsError:
            raise OutputExists(path) from None
        try:
            _write_all(fd, temp.read_bytes())
            os.fsync(fd)
        finally:
            os.close(fd)


def _failed(path: Path, error: OSError) -> StoreError:
    return StoreError(f"{show(path)}: could not be written ({error.strerror or error})")
