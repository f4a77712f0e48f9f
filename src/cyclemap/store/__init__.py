"""The library on disk: a private folder of map files, atomic saves, history and migration.

Layout of the library folder (0700; every file in it 0600):

    <id>.toml                       one map per file; the file stem is the map's id
    history/<id>/<stamp>.toml       a version that a save replaced (stamp: UTC, to the microsecond)
    history/<id>/<stamp>.deleted.toml   a map deleted before the trash (still restorable)
    trash/<stamp>-<id>/             a deleted map: map.toml, its history/ and its log.toml
    drafts/<name>.toml              a walkthrough in progress (plain data, not yet a valid map)
    logs/<id>.toml                  the map's check-in log (cyclemap.checkin)
    .lock                           serialises saves between cyclemap processes
    .index.json                     what listings need of each map, so that a listing reads
                                    only the files that changed (see Library.summaries)
    .views/<id>.json                the validated map, for exports and `show` (Library.load_view)

One concern a module:

    text         paths and reasons made one printable line
    errors       StoreError and its kinds
    layout       where the library is, names, modes, what a valid id is
    entries      fingerprints, listing entries, history versions
    fileformat   decode, parse and validate a map file, migrations, write it as TOML
    atomic       atomic private writes, temporary files, fsync, private folders
    guard        the path guard: nothing read or written leads out of the library
    lock         the library lock between processes
    versions     the history folders
    index        the listing index (.index.json)
    views        the cache of validated maps (.views/)
    drafts       walkthrough drafts and the claim on them
    trash        deleted maps, whole, until restored or purged
    library      Library, which the command line and the app use

Nothing here logs, prints or sends what partners wrote. Every error a person may see is a
StoreError whose str() is one line. This package never imports Textual, and imports tomllib,
tomli_w and the model (pydantic) only where they are used.
"""

from __future__ import annotations

from cyclemap.store.atomic import STALE_TEMP_SECONDS, atomic_write
from cyclemap.store.drafts import DraftClaim
from cyclemap.store.entries import (
    Fingerprint,
    HistoryVersion,
    LibraryEntry,
    MapSummary,
    PartnerSummary,
    SummaryEntry,
    fingerprint,
)
from cyclemap.store.errors import ConflictError, MapExists, MapFileError, MapNotFound, StoreError
from cyclemap.store.fileformat import (
    MIGRATIONS,
    Migration,
    load_file,
    map_from_data,
    map_to_toml,
    migrate,
    parse_map,
)
from cyclemap.store.index import INDEX_VERSION
from cyclemap.store.layout import (
    DIR_MODE,
    DRAFTS_DIR,
    ENV_HOME,
    FILE_MODE,
    HISTORY_DIR,
    INDEX_FILE,
    LOCK_FILE,
    MAX_FILE_SIZE,
    VIEWS_DIR,
    library_path,
)
from cyclemap.store.library import Library, named_as_its_id
from cyclemap.store.trash import TrashEntry
from cyclemap.store.views import VIEW_CACHE_VERSION

__all__ = [
    "DIR_MODE",
    "DRAFTS_DIR",
    "ENV_HOME",
    "FILE_MODE",
    "HISTORY_DIR",
    "INDEX_FILE",
    "INDEX_VERSION",
    "LOCK_FILE",
    "MAX_FILE_SIZE",
    "MIGRATIONS",
    "STALE_TEMP_SECONDS",
    "VIEWS_DIR",
    "VIEW_CACHE_VERSION",
    "ConflictError",
    "DraftClaim",
    "Fingerprint",
    "HistoryVersion",
    "Library",
    "LibraryEntry",
    "MapExists",
    "MapFileError",
    "MapNotFound",
    "MapSummary",
    "Migration",
    "PartnerSummary",
    "StoreError",
    "SummaryEntry",
    "TrashEntry",
    "atomic_write",
    "fingerprint",
    "library_path",
    "load_file",
    "map_from_data",
    "map_to_toml",
    "migrate",
    "named_as_its_id",
    "parse_map",
]
