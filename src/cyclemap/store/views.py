"""The cache of validated maps (Library.load_view): VIEWS_DIR/<id>.json, each the model's own
dump of a map that validated, with the stat of the file it came from and the versions that made
it. Like the index, anything else there is ignored and replaced."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyclemap import __version__, terms
from cyclemap.store import guard
from cyclemap.store.layout import MAX_FILE_SIZE, VIEWS_DIR
from cyclemap.store.text import as_stored
from cyclemap.view import PARTNER_FIELDS

if TYPE_CHECKING:
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
