"""Where the library is, the names of what it holds, their modes, and what a valid id is."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cyclemap import terms
from cyclemap.store.errors import StoreError
from cyclemap.store.text import one_line

ENV_HOME = "CYCLEMAP_HOME"
HISTORY_DIR = "history"
DRAFTS_DIR = "drafts"
LOCK_FILE = ".lock"
# The listing index (store.index) and the cache of validated maps (store.views).
INDEX_FILE = ".index.json"
VIEWS_DIR = ".views"

DIR_MODE = 0o700
FILE_MODE = 0o600
# A real map is a few kilobytes; refusing big files early keeps a stray file from eating memory.
MAX_FILE_SIZE = 2 * 1024 * 1024

# A file changed within this long before a listing started could change again within the same
# tick of the file system's clock without its size, mtime or ctime changing: it is read again
# next time rather than trusted (git's "racily clean" entries). 2 s covers FAT's clock too.
# The index and the view cache both read it from here when they run (tests change it).
RACY_NS = 2_000_000_000


def library_path(override: str | Path | None = None) -> Path:
    """--data-dir, else $CYCLEMAP_HOME, else platformdirs' user data folder (not created);
    always absolute, so that what is printed of it can be found from anywhere."""
    if override is not None and str(override):
        return Path(override).expanduser().absolute()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().absolute()
    import platformdirs  # imported here: most starts name the folder or find it in the env

    return platformdirs.user_data_path("cyclemap", appauthor=False)


def looks_like_path(ref: str) -> bool:
    """What a command takes for a path rather than an id: anything with a folder separator or
    ending in .toml. Everything else is an id of the library, even when a file of that name is
    in the current folder."""
    separators = {sep for sep in (os.sep, os.altsep, "/") if sep}
    return ref.endswith(".toml") or any(sep in ref for sep in separators)


def valid_id(map_id: object) -> bool:
    # fullmatch: ID_PATTERN's '$' would also accept a trailing newline with re.match.
    return (
        isinstance(map_id, str)
        and 0 < len(map_id) <= terms.ID_MAX
        and re.fullmatch(terms.ID_PATTERN, map_id) is not None
        and not terms.reserved_id(map_id)
    )


def invalid_id(map_id: object, what: str = "map id") -> StoreError:
    shown = one_line(str(map_id))
    if len(shown) > 80:
        shown = shown[:79] + "…"
    if isinstance(map_id, str) and terms.reserved_id(map_id):
        return StoreError(
            f"'{shown}' is not a valid {what}: Windows keeps that name for a device "
            f"(like con, nul, com1), so a file cannot have it; use '{shown}-1' or another name"
        )
    return StoreError(
        f"'{shown}' is not a valid {what} (lowercase letters, digits and single '-' between "
        f"them, at most {terms.ID_MAX} characters)"
    )
