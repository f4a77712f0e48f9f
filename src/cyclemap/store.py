"""The library on disk: a private folder of map files, atomic saves, history and migration.

INTERFACE DRAFT — the bodies are being written; the signatures are what the rest of the code
uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cyclemap.model import CycleMap

ENV_HOME = "CYCLEMAP_HOME"
HISTORY_DIR = "history"
DRAFTS_DIR = "drafts"


class StoreError(Exception):
    """A problem a person can act on; str(error) is one line, shown as it is."""


class MapFileError(StoreError):
    """A map file that cannot be read or is not a valid map. Never changed or deleted."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class MapNotFound(StoreError):
    pass


class MapExists(StoreError):
    pass


class ConflictError(StoreError):
    """The file changed on disk since it was read: saving would overwrite someone's words."""


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like when it was read (to notice a change behind our back)."""

    mtime_ns: int
    size: int


@dataclass(frozen=True)
class LibraryEntry:
    """One file of the library: a map, or a broken file with the reason."""

    id: str
    path: Path
    map: CycleMap | None
    error: str | None
    modified: datetime

    @property
    def broken(self) -> bool:
        return self.map is None


@dataclass(frozen=True)
class HistoryVersion:
    number: int  # 1 = oldest
    path: Path
    saved: datetime  # when this version was replaced


def library_path(override: str | Path | None = None) -> Path:
    """--data-dir, else $CYCLEMAP_HOME, else platformdirs' user data folder (not created)."""
    ...


def parse_map(text: str | bytes, source: Path | str) -> CycleMap:
    """Parse TOML text and validate it (migrating older versions in memory).

    Raises MapFileError with one clear line: not UTF-8, not TOML (line/column), empty, newer
    schema_version ('made by a newer cyclemap'), or the first validation problem by name.
    """
    ...


def load_file(path: Path) -> CycleMap:
    ...


def fingerprint(path: Path) -> Fingerprint | None:
    ...


def map_to_toml(cycle_map: CycleMap) -> str:
    ...


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Temporary file in the same folder, write, flush, fsync, os.replace, fsync the folder."""
    ...


class Library:
    def __init__(self, root: Path) -> None:
        self.root = root

    def ensure(self) -> Path:
        """Create the folder (0700) when missing; return it."""
        ...

    def path_for(self, map_id: str) -> Path:
        """The file of an id inside the library; raises StoreError for an id that is not valid."""
        ...

    def resolve(self, ref: str) -> Path:
        """An id in the library or a path to a .toml file."""
        ...

    def load(self, ref: str) -> CycleMap:
        ...

    def exists(self, map_id: str) -> bool:
        ...

    def entries(self) -> list[LibraryEntry]:
        """Every *.toml in the library, sorted by title (broken ones included, with reason)."""
        ...

    def save(
        self, cycle_map: CycleMap, *, expected: Fingerprint | None = None, new: bool = False
    ) -> Fingerprint:
        """Atomically write the map; the replaced version goes to history/<id>/.

        expected: the fingerprint when the map was read; ConflictError if the file changed since.
        new: MapExists if a file with that id is already there.
        """
        ...

    def unique_id(self, title: str) -> str:
        ...

    def delete(self, map_id: str) -> None:
        """Move the map into its history (it can be restored); never unlinks user text."""
        ...

    def history(self, map_id: str) -> list[HistoryVersion]:
        ...

    # Drafts: a walkthrough in progress, saved after every answer as plain (not yet valid) data.
    def save_draft(self, data: dict, name: str = "walkthrough") -> None:
        """Atomic, 0600, under drafts/; None values are dropped (TOML has no null)."""
        ...

    def load_draft(self, name: str = "walkthrough") -> dict | None:
        """The draft's data, or None when there is none (or it cannot be read)."""
        ...

    def discard_draft(self, name: str = "walkthrough") -> None:
        ...
