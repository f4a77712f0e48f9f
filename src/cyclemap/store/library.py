"""The library: a private folder of map files, read by id, saved atomically with the replaced
version kept in the history, deleted into the trash (store.trash), purged for good.

It hands the listing index, the view cache, the history folders and the drafts to their own
classes (store.index, store.views, store.versions, store.drafts); its methods are what the
command line and the app use.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cyclemap import terms
from cyclemap.store import guard, layout
from cyclemap.store.atomic import fsync_dir, make_dir, sweep_temp_files, temp_files_of
from cyclemap.store.drafts import DraftClaim, Drafts
from cyclemap.store.entries import (
    Fingerprint,
    HistoryVersion,
    LibraryEntry,
    SummaryEntry,
    fingerprint,
)
from cyclemap.store.errors import ConflictError, MapExists, MapFileError, MapNotFound, StoreError
from cyclemap.store.fileformat import load_file, map_to_toml, parse_view, read_limited
from cyclemap.store.index import ListingIndex
from cyclemap.store.layout import invalid_id, valid_id
from cyclemap.store.lock import library_lock
from cyclemap.store.text import one_line, show
from cyclemap.store.trash import Trash, TrashEntry
from cyclemap.store.versions import HistoryFolders
from cyclemap.store.views import HistoryCache, ViewCache

_Map = TypeVar("_Map", "CycleMap", "MapView")
LOGS_DIR = "logs"  # the check-in logs (cyclemap.checkin): logs/<id>.toml

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from cyclemap.model import CycleMap
    from cyclemap.view import MapView


class Library:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._index = ListingIndex(self.root)
        self._views = ViewCache(self.root)
        self.history_cache = HistoryCache(self.root)
        self._history = HistoryFolders(self.root)
        self._drafts = Drafts(self.root)
        self._trash = Trash(self.root)

    @property
    def history_root(self) -> Path:
        return self._history.top

    @property
    def drafts_root(self) -> Path:
        return self._drafts.folder

    def ensure(self) -> Path:
        """Create the folder (0700) when missing; return it. An existing one is checked as
        check_folder() does (tightened, or refused when it is another user's)."""
        make_dir(self.root, parents=True)
        guard.check_library(self.root)
        return self.root

    def check_folder(self) -> str | None:
        """A library folder that others could enter is made private (0700), and one line saying
        so returned; StoreError (one line) for a folder that belongs to another user. None when
        all is well or there is no folder yet. The command line calls this first."""
        return guard.check_library(self.root)

    def path_for(self, map_id: str) -> Path:
        """The file of an id inside the library; raises StoreError for an id that is not valid."""
        if not valid_id(map_id):
            raise invalid_id(map_id)
        path = self.root / f"{map_id}.toml"
        guard.check_inside(self.root, path, map_id)
        return path

    def _resolve(self, ref: str) -> tuple[Path, str | None]:
        """The file, and the library id when ref was one (None for a path)."""
        ref = os.fspath(ref)
        if layout.looks_like_path(ref):
            path = Path(ref).expanduser()
            if not (path.exists() or path.is_symlink()):
                raise MapNotFound(f"{show(path)}: no such file")
            return path, None
        if terms.reserved_id(ref):
            raise invalid_id(ref)  # why it can never be a map here
        if valid_id(ref):
            path = self.path_for(ref)
            if path.exists():
                return path, ref
            raise self.missing(ref)
        raise self.missing(ref)

    def ids(self) -> list[str]:
        """The ids of the map files in the library, from their names alone (nothing is read or
        validated): for completion and 'did you mean'. Empty when the folder is missing."""
        names = (item.name for item in self._scan())
        found = (name.removesuffix(".toml") for name in names if name.endswith(".toml"))
        return sorted(map_id for map_id in found if valid_id(map_id))

    def missing(self, map_id: str) -> MapNotFound:
        """'No map called …', saying so when it is in the trash and how it comes back, or
        naming the nearest id of the library when one is close ('did you mean')."""
        from cyclemap.suggest import close_match

        reason = f"no map called '{one_line(map_id)}' in the library ({show(self.root)})"
        if valid_id(map_id) and self._trash.holds(map_id):
            reason += f"; it is in the trash: cyclemap restore {map_id} brings it back"
            return MapNotFound(reason)
        try:
            match = close_match(map_id, self.ids())
        except StoreError:
            match = None
        if match:
            return MapNotFound(f"no map '{one_line(map_id)}'; did you mean '{match}'?")
        return MapNotFound(reason)

    def resolve(self, ref: str) -> Path:
        """An id in the library or a path to a .toml file."""
        return self._resolve(ref)[0]

    def _load_library_file(self, path: Path, map_id: str) -> CycleMap:
        return named_as_its_id(load_file(path), path, map_id)

    def load(self, ref: str) -> CycleMap:
        """By id (its id must match the file name) or by path (any map file)."""
        path, map_id = self._resolve(ref)
        if map_id is None:
            return load_file(path)
        return self._load_library_file(path, map_id)

    def load_view(self, ref: str) -> MapView:
        """The map `ref` names (as load() takes it), read-only, for exports and `show`.

        A map of the library comes from the private cache when its file has not changed
        since it was last validated (same size, mtime, ctime and inode, same program
        version); otherwise the file is read as load_file_view reads it, with load()'s checks,
        and the cache is refreshed. The errors are load()'s.
        """
        path, map_id = self._resolve(ref)
        if map_id is None:
            return self.load_file_view(path)
        started = time.time_ns()  # before the stat: see layout.RACY_NS
        try:
            info = os.stat(path)
            link = os.path.islink(path)
        except (FileNotFoundError, NotADirectoryError):
            raise self.missing(map_id) from None
        except OSError:
            info, link = None, True  # load() says what is wrong
        key = (
            None
            if info is None
            else [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        )
        if key is not None and not link:
            cached = self._views.read(map_id, key)
            if cached is not None:
                return cached
        view = named_as_its_id(self.load_file_view(path), path, map_id)
        data = view.model_dump(mode="json")
        if key is not None and not link and max(key[1], key[2]) <= started - layout.RACY_NS:
            self._views.write(map_id, key, data)
        return view

    def load_file_view(self, path: Path) -> MapView:
        """A map file anywhere, as load_file() reads it, read-only: validated by the models'
        own schema without building them (fileformat.parse_view)."""
        return parse_view(read_limited(path), path)

    def exists(self, map_id: str) -> bool:
        if not valid_id(map_id):
            return False
        path = self.root / f"{map_id}.toml"
        return path.exists() or path.is_symlink()

    def _scan(self) -> list[os.DirEntry[str]]:
        try:
            return list(os.scandir(self.root))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(
                f"{show(self.root)}: the library cannot be read ({exc.strerror or exc})"
            ) from exc

    def _read_entry(
        self, path: Path, name: str, modified: datetime, link: bool
    ) -> LibraryEntry | None:
        """The file read and validated: a map, a broken file, or None when it has just gone."""
        map_id = name.removesuffix(".toml")
        try:
            if not valid_id(map_id):
                raise MapFileError(
                    path,
                    "its name is not a valid map id (lowercase letters, digits and single "
                    "'-' between them)",
                )
            if link:  # a file of the folder itself is inside it; only a link can lead out
                guard.check_inside(self.root, path, map_id)
            cycle_map = self._load_library_file(path, map_id)
        except MapNotFound:
            return None  # removed while we were listing
        except MapFileError as exc:
            return LibraryEntry(map_id, path, None, exc.reason, modified)
        return LibraryEntry(map_id, path, cycle_map, None, modified)

    def entries(self) -> list[LibraryEntry]:
        """Every *.toml in the library, sorted by title (broken ones included, with reason).

        Broken files come last, by file name; their `error` is the reason without the path.
        Every file is read and validated; nothing is ever written here. For a listing, see
        summaries(): the same files, order and reasons, from the index.
        """
        maps: list[LibraryEntry] = []
        broken: list[LibraryEntry] = []
        for item in self._scan():
            name = item.name
            if name.startswith(".") or not name.endswith(".toml"):
                continue
            try:
                if item.is_dir():  # follows links; a pipe or a device is listed as broken
                    continue
                modified = datetime.fromtimestamp(item.stat().st_mtime, UTC)
                link = item.is_symlink()
            except OSError:
                continue
            entry = self._read_entry(Path(item.path), name, modified, link)
            if entry is not None:
                (broken if entry.broken else maps).append(entry)
        maps.sort(key=lambda entry: (entry.map.title.casefold(), entry.id))  # type: ignore[union-attr]
        broken.sort(key=lambda entry: entry.path.name)
        return maps + broken

    def summaries(self, progress: Callable[[int, int], None] | None = None) -> list[SummaryEntry]:
        """What entries() lists — the same files, order, ids and reasons — with a MapSummary
        in place of each whole map, read from the library's index.

        The index (INDEX_FILE, private like every file here) keeps, for each file, its size,
        mtime, ctime and inode with the summary of the validated map or the reason it is
        broken. Only files whose stat differs from that are read and validated again (new
        files too); files that are gone are dropped. Links are always read again. An index
        that is missing, unreadable, corrupt or from another version is rebuilt. When the
        folder cannot be written the listing is still complete, only not remembered.
        """
        return self._index.summaries(self._scan(), self._read_entry, progress)

    def locked(self) -> AbstractContextManager[None]:
        """One save or delete at a time across processes (the kernel drops it if we die).

        Whoever reads, changes and writes a file of the library (a map, a check-in log) holds
        it around all three. It is not reentrant: nothing that takes it is called inside it.
        """
        self.ensure()
        return library_lock(self.root)

    _locked = locked

    def save(
        self, cycle_map: CycleMap, *, expected: Fingerprint | None = None, new: bool = False
    ) -> Fingerprint:
        """Atomically write the map; the replaced version goes to history/<id>/.

        expected: the fingerprint when the map was read; ConflictError if the file changed since.
        new: MapExists if a file with that id is already there.
        Saving exactly the bytes already on disk writes nothing and adds no history version
        (and is no conflict: nobody's words are lost).
        `updated` is not touched here (see CycleMap.touched).
        """
        path = self.path_for(cycle_map.id)
        data = map_to_toml(cycle_map).encode("utf-8")
        self.ensure()
        with self._locked():
            current = fingerprint(path)
            if current is None:
                if expected is not None:
                    raise ConflictError(
                        f"{show(path)}: the map was deleted or moved since it was opened"
                    )
            else:
                if new:
                    raise MapExists(
                        f"a map called '{cycle_map.id}' is already in the library ({show(path)})"
                    )
                try:
                    old = path.read_bytes()
                except OSError as exc:
                    raise StoreError(
                        f"{show(path)}: cannot be read to keep it in the history "
                        f"({exc.strerror or exc})"
                    ) from exc
                if old == data:
                    return current
                if expected is not None and not expected.matches(current):
                    raise ConflictError(
                        f"{show(path)}: the map changed on disk since it was opened; "
                        "saving now would overwrite those changes"
                    )
                # The old words are safe in the history before the file is replaced.
                self._history.keep(cycle_map.id, old)
            guard.write(self.root, path, data)
            self._views.forget(cycle_map.id)
            saved = fingerprint(path)
            sweep_temp_files(self.root)
            sweep_temp_files(self.history_root / cycle_map.id)
        if saved is None:  # pragma: no cover - only if someone removes it at once
            raise StoreError(f"{show(path)}: disappeared right after it was saved")
        return saved

    def unique_id(self, title: str) -> str:
        """A free id for a new map with this title: the slug, then slug-2, slug-3…

        An id whose map is in the trash (or whose history is still there) is not free either,
        so that the deleted map can always come back under its own id.
        """
        base = terms.slugify(title)
        number = 1
        while True:
            if number == 1:
                candidate = base
            else:
                suffix = f"-{number}"
                candidate = base[: terms.ID_MAX - len(suffix)].rstrip("-") + suffix
            taken = (
                self.exists(candidate)
                or os.path.lexists(self.history_root / candidate)
                or self._trash.holds(candidate)
            )
            if not taken:
                return candidate
            number += 1

    def _log_path(self, map_id: str) -> Path:
        return self.root / LOGS_DIR / f"{map_id}.toml"

    def delete(self, map_id: str) -> TrashEntry:
        """Move the map into the trash with its history and its check-in log (restore_trashed
        brings the three back); never unlinks user text. The id is free again at once."""
        path = self.path_for(map_id)
        missing = self.missing(map_id)
        if not (path.exists() or path.is_symlink()):
            raise missing
        with self._locked():
            if not (path.exists() or path.is_symlink()):
                raise missing
            entry = self._trash.put(
                map_id, path, self._history.folder(map_id, create=False), self._log_path(map_id)
            )
            self._views.forget(map_id)
            self.history_cache.forget(map_id)  # the trash holds the words, not the cache
            self._index.forget(f"{map_id}.toml")
        return entry

    def trash(self) -> list[TrashEntry]:
        """The deleted maps, newest first."""
        return self._trash.entries()

    def trashed(self, ref: str) -> TrashEntry:
        """The trash entry a key names, or the newest deleted map of an id (MapNotFound)."""
        return self._trash.find(ref)

    def restore_trashed(self, ref: str) -> TrashEntry:
        """Bring a deleted map back (by its trash key, or an id: its latest delete) with its
        history and log. MapExists when its id is taken by a map in the library again."""
        with self._locked():
            entry = self._trash.find(ref)
            map_id = entry.map_id
            self._trash.take_back(
                entry,
                self.path_for(map_id),
                self._history.folder(map_id, create=False),
                self._log_path(map_id),
            )
            self._views.forget(map_id)
        return entry

    def purge_trashed(self, ref: str) -> TrashEntry:
        """Remove a deleted map for good: its file, its history and its log in the trash."""
        with self._locked():
            entry = self._trash.find(ref)
            self._trash.purge(entry)
        return entry

    def purge(self, map_id: str) -> list[Path]:
        """Remove a map for good: its file, every version kept in history/<id>/, its check-in
        log (logs/<id>.toml), every deleted map of that id in the trash (with their histories
        and logs), temporary files a killed save left of them, and its line in the listing
        index. Nothing of it can be restored afterwards. Links are removed, never
        followed. Returns what was removed; MapNotFound when there is nothing of that id.
        """
        if not valid_id(map_id):
            raise invalid_id(map_id)
        name = f"{map_id}.toml"
        removed: list[Path] = []
        left: list[Path] = []  # reached through a link out of the library: not ours to remove

        def remove(path: Path) -> None:
            try:
                if not guard.remove(self.root, path):
                    left.append(path)
                    return
            except FileNotFoundError:
                return
            except OSError as exc:
                raise StoreError(
                    f"{show(path)}: could not be removed ({exc.strerror or exc}); "
                    "run purge again to finish"
                ) from exc
            removed.append(path)

        if not self.root.is_dir():
            raise MapNotFound(f"no map called '{map_id}' in the library ({show(self.root)})")
        with self._locked():
            logs = self.root / LOGS_DIR
            view = self._views.path(map_id)  # the cache of the validated map (load_view)
            for path in [
                self.root / name,
                *temp_files_of(self.root / name),
                self.history_root / map_id,
                logs / name,
                *temp_files_of(logs / name),
                view,
                *temp_files_of(view),
                self.history_cache.path(map_id),
                *temp_files_of(self.history_cache.path(map_id)),
            ]:
                if os.path.lexists(path):
                    remove(path)
            for entry in self._trash.entries():
                if entry.map_id == map_id:
                    remove(entry.folder)  # a deleted map of that id, with its history and log
            if not removed and not left:
                raise MapNotFound(
                    f"no map called '{map_id}' in the library ({show(self.root)}), "
                    "nor in its history or the trash"
                )
            self._index.forget(name)
            for folder in (self.root, self.history_root, logs):
                with contextlib.suppress(OSError):
                    fsync_dir(folder)
        if left:
            raise StoreError(
                f"purged what the library held of '{map_id}', but {show(left[0].parent)} "
                "leads outside the library (a link), so what is there was left alone (remove "
                "the link, and those files by hand if they are yours)"
            )
        return removed

    def history(self, map_id: str) -> list[HistoryVersion]:
        """The versions that saves replaced (and deletions kept), oldest first, numbered from 1.

        The map's current file is not among them. Read a version with load_file(version.path).
        """
        if not valid_id(map_id):
            raise invalid_id(map_id)
        return self._history.versions(self._history.folder(map_id, create=False))

    # Drafts: a walkthrough in progress, saved after every answer as plain (not yet valid) data.
    def save_draft(self, data: dict[str, Any], name: str = "walkthrough") -> None:
        """Atomic, 0600, under drafts/; None values are dropped (TOML has no null)."""
        self._drafts.save(data, name)

    def load_draft(self, name: str = "walkthrough") -> dict[str, Any] | None:
        """The draft's data, or None when there is none (or it cannot be read)."""
        return self._drafts.load(name)

    def claim_draft(self, name: str = "walkthrough") -> DraftClaim | None:
        """Hold the draft for this process while its walkthrough is open, or None when another
        cyclemap (a second window on the same library) holds it: two walkthroughs saving one
        draft would each overwrite the other's answers. The kernel drops the claim if we die."""
        return self._drafts.claim(name)

    def discard_draft(self, name: str = "walkthrough") -> None:
        self._drafts.discard(name)


def named_as_its_id(cycle_map: _Map, path: Path, map_id: str) -> _Map:
    """The map read from `<map_id>.toml`, when that is its id (history, check-ins and saves go
    by the id); MapFileError otherwise, as a listing shows the file."""
    if cycle_map.id != map_id:
        raise MapFileError(
            path,
            f"its id is '{cycle_map.id}' but the file is named '{map_id}.toml' "
            "(they must be the same)",
        )
    return cycle_map
