"""The cache of validated maps (Library.load_view): VIEWS_DIR/<id>.json, each the model's own
dump of a map that validated, with the stat of the file it came from and the versions that made
it. Like the index, anything else there is ignored and replaced."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyclemap import __version__, terms
from cyclemap.store import guard
from cyclemap.store.layout import MAX_FILE_SIZE, RACY_NS, VIEWS_DIR
from cyclemap.store.text import as_stored
from cyclemap.view import PARTNER_FIELDS

if TYPE_CHECKING:
    from cyclemap.model import CycleMap
    from cyclemap.view import MapView

VIEW_CACHE_VERSION = 1
_VIEW_MAX_SIZE = 4 * MAX_FILE_SIZE

# The text of a map, as the model holds it: (field, longest, on one line). See text.as_stored.
_MAP_TEXT = (
    ("title", terms.TITLE_MAX, True),
    ("cycle_name", terms.CYCLE_NAME_MAX, True),
    ("couple", terms.COUPLE_MAX, True),
    ("pause_phrase", terms.ANSWER_MAX, False),
    ("warning_signs", terms.ANSWER_MAX, False),
    ("notes", terms.NOTES_MAX, False),
)
_PARTNER_TEXT = (("name", terms.NAME_MAX, True),) + tuple(
    (key, terms.ANSWER_MAX, False) for key in PARTNER_FIELDS if key not in ("name", "position")
)


def _as_stored(view: MapView) -> bool:
    """Whether every word of the view is as a validated map holds it (a cache is never trusted
    for text: anything else was not written by cyclemap)."""
    for thing, fields in ((view, _MAP_TEXT), *((p, _PARTNER_TEXT) for p in view.partners)):
        for key, limit, line in fields:
            value = getattr(thing, key)
            if value is not None and not as_stored(value, limit, line=line):
                return False
    return True


class ViewCache:
    """The validated maps of the library folder root, by id."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, map_id: str) -> Path:
        return self.root / VIEWS_DIR / f"{map_id}.json"

    def read(self, map_id: str, key: list[int]) -> MapView | None:
        """The cached map when it was made from a file with this key, else None."""
        from cyclemap.view import MapView

        try:
            raw = guard.read_regular(self.path(map_id), _VIEW_MAX_SIZE)
            if raw is None:
                return None
            data = json.loads(raw)
            if (
                type(data) is not dict
                or data.get("cache_version") != VIEW_CACHE_VERSION
                or data.get("cyclemap") != __version__
                or data.get("schema_version") != terms.SCHEMA_VERSION
                or data.get("key") != key
            ):
                return None
            view = MapView(data["map"])
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None
        return view if view.id == map_id and _as_stored(view) else None

    def write(self, map_id: str, key: list[int], data: dict[str, Any]) -> None:
        record = {
            "cache_version": VIEW_CACHE_VERSION,
            "cyclemap": __version__,
            "schema_version": terms.SCHEMA_VERSION,
            "key": key,
            "map": data,
        }
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        # Only a cache, as the index: a folder we may not write to costs time, nothing else.
        guard.write_cache(self.root, self.path(map_id), text.encode("utf-8"))

    def forget(self, map_id: str) -> None:
        """A saved or deleted map leaves no copy of its words in the cache."""
        with contextlib.suppress(OSError):
            guard.remove(self.root, self.path(map_id))


HISTORY_CACHE_VERSION = 1
_HISTORY_MAX_SIZE = 256 * MAX_FILE_SIZE


class HistoryCache:
    """The versions of a map's history, as the model dumped them: VIEWS_DIR/<id>.history.json,
    {file name: [stat key, dump]}. A version's file is never rewritten, so a dump stays good
    for as long as the key of its file is the same; what comes out is validated by the model
    again (cleaned like a map file's words), and anything that does not validate is read
    from its file. Removed when the map goes to the trash or is purged."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, map_id: str) -> Path:
        return self.root / VIEWS_DIR / f"{map_id}.history.json"

    def read(self, map_id: str) -> dict[str, list[Any]]:
        try:
            raw = guard.read_regular(self.path(map_id), _HISTORY_MAX_SIZE)
            data = json.loads(raw) if raw is not None else None
        except (OSError, ValueError, RecursionError):
            return {}
        if (
            type(data) is not dict
            or data.get("cache_version") != HISTORY_CACHE_VERSION
            or data.get("cyclemap") != __version__
            or data.get("schema_version") != terms.SCHEMA_VERSION
            or type(data.get("versions")) is not dict
        ):
            return {}
        return {
            name: entry
            for name, entry in data["versions"].items()
            if type(entry) is list and len(entry) == 2 and type(entry[1]) is dict
        }

    def write(self, map_id: str, versions: dict[str, list[Any]]) -> None:
        record = {
            "cache_version": HISTORY_CACHE_VERSION,
            "cyclemap": __version__,
            "schema_version": terms.SCHEMA_VERSION,
            "versions": versions,
        }
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        guard.write_cache(self.root, self.path(map_id), text.encode("utf-8"))

    def forget(self, map_id: str) -> None:
        with contextlib.suppress(OSError):
            guard.remove(self.root, self.path(map_id))

    @staticmethod
    def version(
        path: Path,
        cached: dict[str, list[Any]],
        dumps: dict[str, list[Any]],
        read: Callable[[Path], tuple[CycleMap | None, str | None]],
    ) -> tuple[CycleMap | None, str | None]:
        """A kept version: from `cached` (what read() gave) when its file is the one the dump
        was made of, validated by the model again, else read(path); what validated goes into
        `dumps`, the cache to write back."""
        from cyclemap.model import validate_map

        try:
            info = os.lstat(path)
        except OSError:
            return read(path)
        key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        entry = cached.get(path.name)
        if entry is not None and entry[0] == key:
            with contextlib.suppress(ValueError, TypeError):  # pydantic's ValidationError too
                from_cache = validate_map(entry[1])
                dumps[path.name] = entry
                return from_cache, None
        cycle_map, error = read(path)
        # A file changed within the clock's grain could change again under the same key.
        if cycle_map is not None and max(key[1], key[2]) <= time.time_ns() - RACY_NS:
            dumps[path.name] = [key, cycle_map.model_dump(mode="json")]
        return cycle_map, error
