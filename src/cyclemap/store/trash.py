"""The trash: deleted maps, whole, inside the library, until they are restored or purged.

    trash/<stamp>-<id>/map.toml     the map as it was when it was deleted
    trash/<stamp>-<id>/history/     every version its history kept
    trash/<stamp>-<id>/log.toml     its check-in log, when it had one

A delete moves the three in (renames inside the library, under the library lock, never a copy
and never an unlink of user text), so the id is free again at once and nothing of the map is
left beside the live ones: `history`, `log` and the listing see it no more. A restore moves the
three back; a purge removes the entry for good. Each delete is its own entry (the stamp, UTC to
the microsecond, and a counter on a clash), so a map deleted twice under one id is two entries.

Every path goes through the guard: the trash folder and its entries must be real folders inside
the library, never links, and nothing in an entry that is a link is moved back or read; a link
planted there is removed by a purge without being followed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from cyclemap.store import guard
from cyclemap.store.atomic import fsync_dir, make_dir
from cyclemap.store.errors import MapExists, MapNotFound, StoreError
from cyclemap.store.layout import FILE_MODE, valid_id
from cyclemap.store.text import one_line, show
from cyclemap.store.versions import parse_stamp, stamp

TRASH_DIR = "trash"
MAP_NAME = "map.toml"
HISTORY_NAME = "history"
LOG_NAME = "log.toml"
# <stamp>-<id>, or <stamp>~<n>-<id> when two deletes fell on the same microsecond.
_KEY = re.compile(r"(\d{8}T\d{6}\.\d{6}Z)(?:~(\d+))?-([a-z0-9-]+)")


class TrashEntry(NamedTuple):
    """One deleted map. `key` names it in the trash (and to `restore`/`purge`). A named tuple
    (read-only, and cheap to define at import, as store.entries)."""

    key: str
    map_id: str
    deleted: datetime
    folder: Path

    @property
    def map_path(self) -> Path:
        return self.folder / MAP_NAME

    @property
    def history_folder(self) -> Path:
        return self.folder / HISTORY_NAME

    @property
    def log_path(self) -> Path:
        return self.folder / LOG_NAME

    def versions(self) -> int:
        """How many versions its history kept."""
        try:
            return sum(1 for name in os.listdir(self.history_folder) if name.endswith(".toml"))
        except OSError:
            return 0

    def has_log(self) -> bool:
        return _regular(self.log_path)


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def parse_key(key: str) -> tuple[datetime, str] | None:
    """(when it was deleted, the map's id) of a trash entry's name; None for any other name."""
    match = _KEY.fullmatch(key)
    if match is None or not valid_id(match[3]):
        return None
    deleted = parse_stamp(match[1])
    return None if deleted is None else (deleted, match[3])


class Trash:
    """root/trash/. Its methods that change anything expect the caller to hold the library
    lock (Library does)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.top = root / TRASH_DIR

    # -- reading --------------------------------------------------------------------------

    def _checked_top(self) -> bool:
        """Whether the trash folder is there; StoreError when it is anything but a real folder
        inside the library (a planted link, a file)."""
        if not os.path.lexists(self.top):
            return False
        if guard.leads_outside(self.root, self.top):
            raise guard.outside_error(self.top)
        if not _real_folder(self.top):
            raise StoreError(f"{show(self.top)}: the trash is not a folder of the library")
        return True

    def entries(self) -> list[TrashEntry]:
        """Every deleted map, newest first. Names that are not entries, and entries that are
        links or files instead of folders, are left out (and left alone)."""
        if not self._checked_top():
            return []
        try:
            names = os.listdir(self.top)
        except OSError as exc:
            raise StoreError(
                f"{show(self.top)}: the trash cannot be read ({exc.strerror or exc})"
            ) from exc
        found = []
        for name in names:
            parsed = parse_key(name)
            folder = self.top / name
            if parsed is not None and _real_folder(folder):
                found.append(TrashEntry(name, parsed[1], parsed[0], folder))
        found.sort(key=lambda entry: (entry.deleted, entry.key), reverse=True)
        return found

    def find(self, ref: str) -> TrashEntry:
        """The entry a key names, or the newest deleted map of an id; MapNotFound if none."""
        entries = self.entries()
        for entry in entries:
            if ref in (entry.key, entry.map_id):
                return entry  # newest first: an id means its latest delete
        raise MapNotFound(f"no map called '{one_line(ref)}' in the trash ({show(self.top)})")

    def holds(self, map_id: str) -> bool:
        try:
            return any(entry.map_id == map_id for entry in self.entries())
        except StoreError:
            return False

    # -- changing (under the library lock) ------------------------------------------------

    def _new_folder(self, map_id: str) -> tuple[str, Path]:
        guard.folder(self.root, TRASH_DIR)  # private, and no link out on the way
        self._checked_top()
        moment = stamp(datetime.now(UTC))
        for number in range(1, 1000):
            key = f"{moment}-{map_id}" if number == 1 else f"{moment}~{number}-{map_id}"
            folder = self.top / key
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                continue  # the same microsecond, or a name planted there: the next one
            except OSError as exc:
                raise StoreError(
                    f"{show(folder)}: the trash could not be written ({exc.strerror or exc})"
                ) from exc
            os.chmod(folder, 0o700)
            return key, folder
        raise StoreError(f"{show(self.top)}: no free name in the trash")  # pragma: no cover

    def put(self, map_id: str, map_path: Path, history: Path, log: Path) -> TrashEntry:
        """Move a map, its history folder and its log into a new entry. The map file first:
        once it is in, the map has left the library, and what follows only tidies."""
        key, folder = self._new_folder(map_id)
        entry = TrashEntry(key, map_id, parse_key(key)[0], folder)  # type: ignore[index]
        moves = [(map_path, entry.map_path)]
        if _real_folder(history) and guard.inside(self.root, history):
            moves.append((history, entry.history_folder))
        if _regular(log):
            moves.append((log, entry.log_path))
        for number, (source, target) in enumerate(moves):
            try:
                os.rename(source, target)
            except OSError as exc:
                if number == 0:
                    with contextlib.suppress(OSError):
                        os.rmdir(folder)
                raise StoreError(
                    f"{show(source)}: could not be moved into the trash ({exc.strerror or exc})"
                ) from exc
        with contextlib.suppress(OSError):
            if _regular(entry.map_path):
                os.chmod(entry.map_path, FILE_MODE)
        for changed in {self.top, folder, map_path.parent, history.parent, log.parent}:
            with contextlib.suppress(OSError):
                fsync_dir(changed)
        return entry

    def take_back(self, entry: TrashEntry, map_path: Path, history: Path, log: Path) -> None:
        """Move a deleted map back: its file, its history and its log. MapExists when a map of
        that id is in the library again (nothing is moved then)."""
        if not _real_folder(entry.folder) or not guard.inside(self.root, entry.folder):
            raise MapNotFound(f"'{entry.key}' is no longer in the trash")
        if not _regular(entry.map_path):
            raise StoreError(
                f"{show(entry.map_path)}: is not a plain file, so it is not brought back"
            )
        for taken in (map_path, log):
            if os.path.lexists(taken):
                raise MapExists(
                    f"a map called '{entry.map_id}' is in the library again ({show(taken)}); "
                    "rename or delete that one first, then restore this one"
                )
        moves = [(entry.map_path, map_path)]
        if _real_folder(entry.history_folder):
            make_dir(history.parent)
            if not os.path.lexists(history):
                moves.append((entry.history_folder, history))
            elif _real_folder(history) and guard.inside(self.root, history):
                # Versions kept there since (a map deleted before the trash existed): the two
                # histories become one; a version of the same moment is the same version.
                moves += [
                    (entry.history_folder / name, history / name)
                    for name in sorted(os.listdir(entry.history_folder))
                    if not os.path.lexists(history / name)
                ]
            else:
                raise StoreError(f"{show(history)}: the history folder leads outside the library")
        if _regular(entry.log_path):
            make_dir(log.parent)
            moves.append((entry.log_path, log))
        for source, target in moves:
            try:
                os.rename(source, target)
            except OSError as exc:
                raise StoreError(
                    f"{show(source)}: could not be brought back ({exc.strerror or exc}); "
                    "run restore again to finish"
                ) from exc
        self._remove(entry.folder)
        for changed in {self.top, map_path.parent, history.parent, log.parent}:
            with contextlib.suppress(OSError):
                fsync_dir(changed)

    def purge(self, entry: TrashEntry) -> None:
        """Remove an entry for good: links in it are removed, never followed."""
        if not os.path.lexists(entry.folder):
            raise MapNotFound(f"'{entry.key}' is no longer in the trash")
        self._remove(entry.folder)
        with contextlib.suppress(OSError):
            fsync_dir(self.top)

    def _remove(self, folder: Path) -> None:
        try:
            # rmtree removes the links inside, never what they point at.
            if not guard.remove(self.root, folder):
                raise StoreError(f"{show(folder)}: leads outside the library; nothing removed")
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(
                f"{show(folder)}: could not be removed ({exc.strerror or exc}); "
                "run it again to finish"
            ) from exc
