"""What the library hands out: fingerprints of files, entries of listings, history versions.

Named tuples, not frozen dataclasses: as read-only, and built for a fraction of the cost at
import (every command imports this module; a dataclass is compiled at each start)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cyclemap.terms import Pattern, Position

if TYPE_CHECKING:
    from cyclemap.model import CycleMap


class Fingerprint(NamedTuple):
    """What a file looked like when it was read (to notice a change behind our back)."""

    mtime_ns: int
    size: int
    # Every save replaces the file, so a new inode means a new save even within one mtime tick.
    # 0 = unknown (a fingerprint made by hand): then only mtime and size are compared.
    ino: int = 0

    def matches(self, other: Fingerprint | None) -> bool:
        if other is None or (self.mtime_ns, self.size) != (other.mtime_ns, other.size):
            return False
        return not (self.ino and other.ino) or self.ino == other.ino


def fingerprint(path: Path) -> Fingerprint | None:
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return Fingerprint(info.st_mtime_ns, info.st_size, info.st_ino)


class LibraryEntry(NamedTuple):
    """One file of the library: a map, or a broken file with the reason (without the path)."""

    id: str
    path: Path
    map: CycleMap | None
    error: str | None
    modified: datetime

    @property
    def broken(self) -> bool:
        return self.map is None


class PartnerSummary(NamedTuple):
    """A partner as a listing needs them: the name and the position."""

    name: str
    position: Position


class MapSummary(NamedTuple):
    """What a listing shows of a valid map, with the same names as on CycleMap (a read-only
    stand-in where the list needs no more: cli list, the library screen)."""

    id: str
    title: str
    cycle_name: str | None
    couple: str | None
    updated: datetime
    partners: tuple[PartnerSummary, PartnerSummary]

    @property
    def pattern(self) -> Pattern:
        a, b = self.partners
        return Pattern.from_positions(a.position, b.position)


class SummaryEntry(NamedTuple):
    """One file of the library as Library.summaries() lists it: LibraryEntry's attributes
    (id, path, map, error, modified, broken), with a MapSummary (or None and the reason, for a
    broken file) instead of the whole map. path and modified are made when first asked for: a
    listing of thousands of maps needs them for few."""

    id: str
    map: MapSummary | None
    error: str | None
    folder: Path
    name: str  # the file's name in folder
    mtime: float  # st_mtime

    @property
    def path(self) -> Path:
        return self.folder / self.name

    @property
    def modified(self) -> datetime:
        return datetime.fromtimestamp(self.mtime, UTC)

    @property
    def broken(self) -> bool:
        return self.map is None


class HistoryVersion(NamedTuple):
    number: int  # 1 = oldest
    path: Path
    saved: datetime  # when this version was replaced
    deleted: bool = False  # the map as it was when it was deleted
