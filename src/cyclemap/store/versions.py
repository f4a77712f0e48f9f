"""The history folders: history/<id>/<stamp>.toml for each version a save replaced, and
<stamp>.deleted.toml for the map as it was when it was deleted (stamp: UTC, to the microsecond)."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cyclemap.store import guard
from cyclemap.store.entries import HistoryVersion
from cyclemap.store.errors import StoreError
from cyclemap.store.layout import HISTORY_DIR
from cyclemap.store.text import show

_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_VERSION_NAME = re.compile(r"(\d{8}T\d{6}\.\d{6}Z)(\.deleted)?\.toml")


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP_FORMAT)


def parse_stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, _STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


class HistoryFolders:
    """The versions the library keeps of each map, under root/history/."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def top(self) -> Path:
        return self.root / HISTORY_DIR

    def folder(self, map_id: str, *, create: bool) -> Path:
        folder = self.top / map_id
        if create:
            guard.folder(self.root, Path(HISTORY_DIR, map_id))
        elif guard.leads_outside(self.root, folder):
            raise StoreError(f"{show(folder)}: the history folder leads outside the library")
        return folder

    def next_stamp(self, folder: Path) -> str:
        """Now, or just after the newest version, so names are unique and in save order even
        within one microsecond or when the clock steps back."""
        moment = datetime.now(UTC)
        newest = max((version.saved for version in self.versions(folder)), default=None)
        if newest is not None and moment <= newest:
            moment = newest + timedelta(microseconds=1)
        return stamp(moment)

    def keep(self, map_id: str, content: bytes) -> None:
        """Keep content as the newest replaced version of the map."""
        folder = self.folder(map_id, create=True)
        guard.write(self.root, folder / f"{self.next_stamp(folder)}.toml", content)

    def versions(self, folder: Path) -> list[HistoryVersion]:
        try:
            names = os.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        found: list[tuple[datetime, str, bool]] = []
        for name in names:
            match = _VERSION_NAME.fullmatch(name)
            saved = parse_stamp(match[1]) if match else None
            if match and saved is not None:
                found.append((saved, name, match[2] is not None))
        found.sort()
        return [
            HistoryVersion(number, folder / name, saved, deleted)
            for number, (saved, name, deleted) in enumerate(found, start=1)
        ]
