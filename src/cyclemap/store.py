"""The library on disk: a private folder of map files, atomic saves, history and migration.

Layout of the library folder (0700; every file in it 0600):

    <id>.toml                       one map per file; the file stem is the map's id
    history/<id>/<stamp>.toml       a version that a save replaced (stamp: UTC, to the microsecond)
    history/<id>/<stamp>.deleted.toml   the map as it was when it was deleted
    drafts/<name>.toml              a walkthrough in progress (plain data, not yet a valid map)
    .lock                           serialises saves between cyclemap processes
    .index.json                     what listings need of each map, so that a listing reads
                                    only the files that changed (see Library.summaries)

Nothing here logs, prints or sends what partners wrote. Every error a person may see is a
StoreError whose str() is one line. This module never imports Textual.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cyclemap import __version__, terms
from cyclemap.terms import Pattern, Position

if TYPE_CHECKING:
    import tomllib

    from cyclemap.model import CycleMap
    from cyclemap.view import MapView

try:
    import fcntl
except ImportError:  # Windows: saves stay atomic, they are only not serialised between processes
    fcntl = None  # type: ignore[assignment]

ENV_HOME = "CYCLEMAP_HOME"
HISTORY_DIR = "history"
DRAFTS_DIR = "drafts"
LOCK_FILE = ".lock"

DIR_MODE = 0o700
FILE_MODE = 0o600
# A real map is a few kilobytes; refusing big files early keeps a stray file from eating memory.
MAX_FILE_SIZE = 2 * 1024 * 1024

_STAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
_VERSION_NAME = re.compile(r"(\d{8}T\d{6}\.\d{6}Z)(\.deleted)?\.toml")
_TOML_WHERE = re.compile(
    r"(?P<what>.*?) \((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)",
    re.DOTALL,
)
_TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
STALE_TEMP_SECONDS = 3600
_UTF8_BOM = b"\xef\xbb\xbf"
_REASON_MAX = 300

# The listing index (Library.summaries). A change to what it holds, or to how a file is judged
# valid, needs a new INDEX_VERSION (or a new program version): an index written by any other
# version is thrown away and rebuilt.
INDEX_FILE = ".index.json"
INDEX_VERSION = 1
_INDEX_MAX_SIZE = 64 * 1024 * 1024
# A file changed within this long before a listing started could change again within the same
# tick of the file system's clock without its size, mtime or ctime changing: it is read again
# next time rather than trusted (git's "racily clean" entries). 2 s covers FAT's clock too.
_RACY_NS = 2_000_000_000

# The cache of validated maps (Library.load_view): VIEWS_DIR/<id>.json, each the model's own
# dump of a map that validated, with the stat of the file it came from and the versions that
# made it. Like the index, anything else there is ignored and replaced.
VIEWS_DIR = ".views"
VIEW_CACHE_VERSION = 1


class StoreError(Exception):
    """A problem a person can act on; str(error) is one line, shown as it is."""


class MapFileError(StoreError):
    """A map file that cannot be read or is not a valid map. Never changed or deleted."""

    def __init__(self, path: Path, reason: str) -> None:
        reason = _one_line(reason)
        if len(reason) > _REASON_MAX:
            reason = reason[: _REASON_MAX - 1] + "…"
        super().__init__(f"{_show(path)}: {reason}")
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
    # Every save replaces the file, so a new inode means a new save even within one mtime tick.
    # 0 = unknown (a fingerprint made by hand): then only mtime and size are compared.
    ino: int = 0

    def matches(self, other: Fingerprint | None) -> bool:
        if other is None or (self.mtime_ns, self.size) != (other.mtime_ns, other.size):
            return False
        return not (self.ino and other.ino) or self.ino == other.ino


@dataclass(frozen=True)
class LibraryEntry:
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


@dataclass(frozen=True)
class HistoryVersion:
    number: int  # 1 = oldest
    path: Path
    saved: datetime  # when this version was replaced
    deleted: bool = False  # the map as it was when it was deleted


# --- text for people -------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Printable on one line: no control characters, no line breaks, no undecodable bytes."""
    try:
        raw = text.encode("utf-8", "surrogateescape")  # a file name's undecodable bytes
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")
    text = raw.decode("utf-8", "replace")
    text = terms.clean_text(text)
    return re.sub(r"[\n\t\u2028\u2029]", " ", text)


def _show(path: Path | str) -> str:
    return _one_line(str(path))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _size_words(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _too_large(size: int | None) -> str:
    found = f" ({_size_words(size)})" if size is not None else ""
    return f"is too large to be a map{found}; cyclemap reads map files up to 2 MiB"


# --- paths -----------------------------------------------------------------------------------


def library_path(override: str | Path | None = None) -> Path:
    """--data-dir, else $CYCLEMAP_HOME, else platformdirs' user data folder (not created)."""
    if override is not None and str(override):
        return Path(override).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported here: most starts name the folder or find it in the env

    return platformdirs.user_data_path("cyclemap", appauthor=False)


def _valid_id(map_id: object) -> bool:
    # fullmatch: ID_PATTERN's '$' would also accept a trailing newline with re.match.
    return (
        isinstance(map_id, str)
        and 0 < len(map_id) <= terms.ID_MAX
        and re.fullmatch(terms.ID_PATTERN, map_id) is not None
    )


def _invalid_id(map_id: object, what: str = "map id") -> StoreError:
    shown = _one_line(str(map_id))
    if len(shown) > 80:
        shown = shown[:79] + "…"
    return StoreError(
        f"'{shown}' is not a valid {what} (lowercase letters, digits and single '-' between "
        f"them, at most {terms.ID_MAX} characters)"
    )


# --- reading ---------------------------------------------------------------------------------

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# MIGRATIONS[n] turns the data of a schema_version n file into version n + 1 (it may assume
# schema_version == n and need not set the new number). Add one entry per change of the format.
MIGRATIONS: dict[int, Migration] = {}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """The data of an older file brought up to terms.SCHEMA_VERSION, in memory (a new dict).

    Raises ValueError when there is no way from the file's version to the current one.
    """
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValueError("schema_version must be a whole number")
    data = dict(data)
    while version < terms.SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"there is no migration from schema_version {version}")
        data = dict(step(data))
        version += 1
        data["schema_version"] = version
    return data


def _decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MapFileError(path, "is saved as UTF-16 text; cyclemap reads UTF-8 (save it as UTF-8)")
    try:
        return raw.removeprefix(_UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:8192]:
            raise MapFileError(path, "is not a text file (it holds binary data)") from None
        offset = exc.start + (len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0)
        line = raw[:offset].count(b"\n") + 1
        raise MapFileError(
            path, f"is not UTF-8 text (byte 0x{raw[offset]:02x} on line {line} cannot be read)"
        ) from None


def _describe_toml_error(exc: tomllib.TOMLDecodeError) -> str:
    # tomllib puts the place in the message, "… (at line 3, column 5)", in every Python version.
    message = str(exc)
    found = _TOML_WHERE.fullmatch(message)
    if found is None:
        return f"is not valid TOML: {_lower_first(message)}"
    what = _lower_first(found["what"])
    if found["line"]:
        return f"is not valid TOML: line {found['line']}, column {found['column']}: {what}"
    return f"is not valid TOML: at the end of the file: {what} (is the file cut short?)"


def parse_map(text: str | bytes, source: Path | str) -> CycleMap:
    """Parse TOML text and validate it (migrating older versions in memory).

    Raises MapFileError with one clear line: not UTF-8, not TOML (line/column), empty, newer
    schema_version ('made by a newer cyclemap'), or the first validation problem by name.
    """
    path = Path(source)
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if len(raw) > MAX_FILE_SIZE:
            raise MapFileError(path, _too_large(len(raw)))
        text = _decode(raw, path)
    elif len(text) > MAX_FILE_SIZE:
        raise MapFileError(path, _too_large(None))
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise MapFileError(path, "the file is empty")
    if "\x00" in text:
        raise MapFileError(path, "is not a text file (it holds binary data)")
    import tomllib  # here: a listing from the index and an export from the cache parse no TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MapFileError(path, _describe_toml_error(exc)) from None
    except RecursionError:
        raise MapFileError(path, "is not valid TOML: it is nested too deeply") from None
    return map_from_data(data, path)


def map_from_data(data: Any, source: Path | str) -> CycleMap:
    """Plain data (as read from TOML) checked for its version, migrated and validated."""
    path = Path(source)
    if not isinstance(data, dict):
        raise MapFileError(path, "is not a table of map fields")
    if not data:
        raise MapFileError(path, "holds no map (only comments or blank lines)")
    if "schema_version" not in data:
        raise MapFileError(path, "schema_version is missing")
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise MapFileError(path, "schema_version must be a whole number, like 1")
    if version > terms.SCHEMA_VERSION:
        raise MapFileError(
            path,
            f"made by a newer version of cyclemap (schema_version {version}); "
            f"this version reads up to {terms.SCHEMA_VERSION}",
        )
    if version < 1:
        raise MapFileError(path, f"schema_version {version} is not a version of the format")
    try:
        data = migrate(data)
    except (ValueError, TypeError, KeyError) as exc:
        raise MapFileError(
            path, f"could not be brought up from schema_version {version}: {exc}"
        ) from None
    # The models are built on first use: listing from the index, exporting from the cache and
    # the library screen never need them (nor pydantic).
    from pydantic import ValidationError

    from cyclemap import model

    try:
        return model.validate_map(data)
    except ValidationError as exc:
        raise MapFileError(path, model.describe_validation_error(exc, data)) from None


def _read_limited(path: Path) -> bytes:
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_SIZE:
                raise MapFileError(path, _too_large(info.st_size))
            raw = file.read(MAX_FILE_SIZE + 1)
    except FileNotFoundError:
        raise MapNotFound(f"{_show(path)}: no such file") from None
    except IsADirectoryError:
        raise MapFileError(path, "is a folder, not a map file") from None
    except PermissionError:
        raise MapFileError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise MapFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_SIZE:
        raise MapFileError(path, _too_large(None))
    return raw


def load_file(path: Path) -> CycleMap:
    """A map file anywhere (the id is not compared with the file name here).

    MapNotFound when there is no such file; MapFileError for anything else.
    """
    path = Path(path)
    return parse_map(_read_limited(path), path)


def fingerprint(path: Path) -> Fingerprint | None:
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return Fingerprint(info.st_mtime_ns, info.st_size, info.st_ino)


# --- writing ---------------------------------------------------------------------------------


# tomli-w writes `2026-11-20 19:04:00+00:00`; the format's own examples use the RFC 3339 form
# people see elsewhere. Both are the same TOML datetime; only top-level created/updated are dates.
_UTC_DATETIME_LINE = re.compile(
    r"^(created|updated) = (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)\+00:00$", re.MULTILINE
)


def map_to_toml(cycle_map: CycleMap) -> str:
    import tomli_w

    return _UTC_DATETIME_LINE.sub(r"\1 = \2T\3Z", tomli_w.dumps(cycle_map.to_toml_dict()))


def _write_error(path: Path, exc: OSError) -> StoreError:
    if isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        return StoreError(f"{_show(path)}: the folder {_show(path.parent)} does not exist")
    return StoreError(f"{_show(path)}: could not be written ({exc.strerror or exc})")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "nothing was written")
        view = view[written:]


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    # A dot name ending in .tmp, so listings skip it; O_EXCL so it is never someone else's file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        # 40 characters keep the name under 255 bytes even in 4-byte UTF-8.
        temp = folder / f".{name[:40]}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(temp, flags, FILE_MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in the folder durable."""
    if os.name == "nt":  # folders cannot be opened for fsync there
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except PermissionError:  # a folder we may write to but not read (0733): cannot be synced
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems cannot sync a folder; that is not a failed save.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes | str, mode: int = FILE_MODE) -> None:
    """Temporary file in the same folder, write, flush, fsync, os.replace, fsync the folder.

    Afterwards the file holds the old content or the new one, never a mix, and no temporary
    file is left behind (unless the process is killed). A symlink is written through; a device
    or pipe (like /dev/null) is written into directly, as there is nothing to replace.
    Raises StoreError (one line) when the file cannot be written.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info: os.stat_result | None = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    except OSError as exc:
        raise _write_error(target, exc) from exc
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        try:
            with open(target, "wb") as file:
                file.write(data)
        except OSError as exc:
            raise _write_error(target, exc) from exc
        return

    folder = target.parent
    try:
        fd, temp = _create_temp(folder, target.name)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    try:
        try:
            # Set explicitly: the mode given to open() is filtered by the umask.
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:
                os.chmod(temp, mode)
            _write_all(fd, data)  # os.write is unbuffered: nothing is left to flush
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _write_error(target, exc) from exc
        raise
    try:
        _fsync_dir(folder)
    except OSError as exc:
        raise StoreError(
            f"{_show(target)}: was written, but the folder could not be synced to disk "
            f"({exc.strerror or exc})"
        ) from exc


def _sweep_temp_files(folder: Path) -> None:
    """Remove temporary files that a killed save left behind. They are never the only copy of
    anything, and an hour is far longer than any live save keeps one."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        items = list(os.scandir(folder))
    except OSError:
        return
    for item in items:
        if _TEMP_NAME.fullmatch(item.name):
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(item.path)


def _temp_files_of(path: Path) -> list[Path]:
    """The temporary files a killed atomic_write of `path` may have left (see _create_temp)."""
    prefix = f".{path.name[:40]}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.parent / n for n in names if n.startswith(prefix) and _TEMP_NAME.fullmatch(n)]


def _make_dir(path: Path, *, parents: bool = False) -> None:
    """Create a private folder (0700) when missing; an existing folder is left as it is."""
    try:
        if parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise StoreError(f"{_show(path)} is not a folder") from None
        return
    except OSError as exc:
        raise StoreError(
            f"{_show(path)}: the folder could not be created ({exc.strerror or exc})"
        ) from exc
    os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    with contextlib.suppress(OSError):
        _fsync_dir(path.parent)


def _plain(value: Any) -> Any:
    """Data tomli-w can write: None dropped at every depth (TOML has no null)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value if item is not None]
    if isinstance(value, Enum) and not isinstance(value, str):
        return value.value
    return value


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP_FORMAT)


def _parse_stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, _STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


# --- the index's records ---------------------------------------------------------------------

# A record is a JSON list: size, mtime_ns, ctime_ns, inode, then either the one reason the file
# is broken, or the map's id, title, cycle_name, couple, updated (ISO 8601) and each partner's
# name and position. Everything in it was produced by validating the file with the model.
_POSITIONS = {position.value: position for position in Position}


def _record_of(entry: LibraryEntry) -> list[Any]:
    if entry.map is None:
        return [entry.error]
    m = entry.map
    a, b = m.partners
    return [
        m.id,
        m.title,
        m.cycle_name,
        m.couple,
        m.updated.isoformat(),
        a.name,
        a.position.value,
        b.name,
        b.position.value,
    ]


def _utf8(name: str) -> bool:
    """Whether a file name can be written in the (UTF-8) index: not one with bytes that
    were not UTF-8 (os gives those as lone surrogates)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _entry_from_record(
    folder: Path, name: str, record: list[Any], mtime: float
) -> SummaryEntry | None:
    """The entry a record describes; None when the record is not one this version wrote."""
    map_id = name[:-5]  # without ".toml"
    if len(record) == 5:
        reason = record[4]
        return (
            SummaryEntry(map_id, None, reason, folder, name, mtime) if type(reason) is str else None
        )
    if len(record) != 13:
        return None
    fields = record[4:]
    found_id, title, cycle_name, couple, updated, name_a, position_a, name_b, position_b = fields
    if not (
        found_id == map_id
        and type(title) is str
        and (cycle_name is None or type(cycle_name) is str)
        and (couple is None or type(couple) is str)
        and type(updated) is str
        and type(name_a) is str
        and type(name_b) is str
        and type(position_a) is str
        and type(position_b) is str
        and position_a in _POSITIONS
        and position_b in _POSITIONS
    ):
        return None
    try:
        when = datetime.fromisoformat(updated)
    except ValueError:
        return None
    if when.tzinfo is not UTC:
        return None
    partners = (
        PartnerSummary(name_a, _POSITIONS[position_a]),
        PartnerSummary(name_b, _POSITIONS[position_b]),
    )
    summary = MapSummary(map_id, title, cycle_name, couple, when, partners)
    return SummaryEntry(map_id, summary, None, folder, name, mtime)


# --- the library -----------------------------------------------------------------------------


class Library:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def history_root(self) -> Path:
        return self.root / HISTORY_DIR

    @property
    def drafts_root(self) -> Path:
        return self.root / DRAFTS_DIR

    def ensure(self) -> Path:
        """Create the folder (0700) when missing; return it."""
        _make_dir(self.root, parents=True)
        return self.root

    def _check_inside(self, path: Path, what: str) -> None:
        """Refuse a path that a symlink leads out of the library."""
        if not (path.exists() or path.is_symlink()):
            return
        try:
            inside = path.resolve().is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            inside = False
        if not inside:
            raise MapFileError(
                path, f"is a link out of the library, so '{what}' is not a valid map id here"
            )

    def path_for(self, map_id: str) -> Path:
        """The file of an id inside the library; raises StoreError for an id that is not valid."""
        if not _valid_id(map_id):
            raise _invalid_id(map_id)
        path = self.root / f"{map_id}.toml"
        self._check_inside(path, map_id)
        return path

    def _resolve(self, ref: str) -> tuple[Path, str | None]:
        """The file, and the library id when ref was one (None for a path)."""
        ref = os.fspath(ref)
        separators = [sep for sep in (os.sep, os.altsep, "/") if sep]
        if ref.endswith(".toml") or any(sep in ref for sep in separators) or os.path.isfile(ref):
            path = Path(ref).expanduser()
            if not (path.exists() or path.is_symlink()):
                raise MapNotFound(f"{_show(path)}: no such file")
            return path, None
        if _valid_id(ref):
            path = self.path_for(ref)
            if path.exists():
                return path, ref
        raise MapNotFound(f"no map called '{_one_line(ref)}' in the library ({_show(self.root)})")

    def resolve(self, ref: str) -> Path:
        """An id in the library or a path to a .toml file."""
        return self._resolve(ref)[0]

    def _load_library_file(self, path: Path, map_id: str) -> CycleMap:
        cycle_map = load_file(path)
        if cycle_map.id != map_id:
            raise MapFileError(
                path,
                f"its id is '{cycle_map.id}' but the file is named '{map_id}.toml' "
                "(they must be the same)",
            )
        return cycle_map

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
        version); otherwise the file is validated with the model, as load() does, and the
        cache is refreshed. A file outside the library is always validated, never cached.
        The errors are load()'s.
        """
        from cyclemap.view import MapView

        path, map_id = self._resolve(ref)
        if map_id is None:
            return MapView.of(load_file(path))
        started = time.time_ns()  # before the stat: see _RACY_NS
        try:
            info = os.stat(path)
            link = os.path.islink(path)
        except (FileNotFoundError, NotADirectoryError):
            raise MapNotFound(
                f"no map called '{map_id}' in the library ({_show(self.root)})"
            ) from None
        except OSError:
            info, link = None, True  # load() says what is wrong
        key = (
            None
            if info is None
            else [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        )
        if key is not None and not link:
            cached = self._read_view(map_id, key)
            if cached is not None:
                return cached
        cycle_map = self._load_library_file(path, map_id)
        data = cycle_map.model_dump(mode="json")
        view = MapView(data)
        if key is not None and not link and max(key[1], key[2]) <= started - _RACY_NS:
            self._write_view(map_id, key, data)
        return view

    def _view_path(self, map_id: str) -> Path:
        return self.root / VIEWS_DIR / f"{map_id}.json"

    def _read_view(self, map_id: str, key: list[int]) -> MapView | None:
        from cyclemap.view import MapView

        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self._view_path(map_id), flags)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as file:
                info = os.fstat(file.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size > 4 * MAX_FILE_SIZE:
                    return None
                data = json.loads(file.read(4 * MAX_FILE_SIZE + 1))
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
        return view if view.id == map_id else None

    def _write_view(self, map_id: str, key: list[int], data: dict[str, Any]) -> None:
        record = {
            "cache_version": VIEW_CACHE_VERSION,
            "cyclemap": __version__,
            "schema_version": terms.SCHEMA_VERSION,
            "key": key,
            "map": data,
        }
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        path = self._view_path(map_id)
        # Only a cache, as the index: a folder we may not write to costs time, nothing else.
        with contextlib.suppress(StoreError, OSError):
            _make_dir(path.parent)
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                mode = stat.S_IFREG
            if stat.S_ISREG(mode):
                atomic_write(path, text.encode("utf-8"), FILE_MODE)

    def _forget_view(self, map_id: str) -> None:
        """A saved or deleted map leaves no copy of its words in the cache."""
        with contextlib.suppress(OSError):
            os.unlink(self._view_path(map_id))

    def exists(self, map_id: str) -> bool:
        if not _valid_id(map_id):
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
                f"{_show(self.root)}: the library cannot be read ({exc.strerror or exc})"
            ) from exc

    def _read_entry(
        self, path: Path, name: str, modified: datetime, link: bool
    ) -> LibraryEntry | None:
        """The file read and validated: a map, a broken file, or None when it has just gone."""
        map_id = name.removesuffix(".toml")
        try:
            if not _valid_id(map_id):
                raise MapFileError(
                    path,
                    "its name is not a valid map id (lowercase letters, digits and single "
                    "'-' between them)",
                )
            if link:  # a file of the folder itself is inside it; only a link can lead out
                self._check_inside(path, map_id)
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
                if not item.is_file():  # follows symlinks; folders, pipes and devices are skipped
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

    def summaries(self) -> list[SummaryEntry]:
        """What entries() lists — the same files, order, ids and reasons — with a MapSummary
        in place of each whole map, read from the library's index.

        The index (INDEX_FILE, private like every file here) keeps, for each file, its size,
        mtime, ctime and inode with the summary of the validated map or the reason it is
        broken. Only files whose stat differs from that are read and validated again (new
        files too); files that are gone are dropped. Links are always read again. An index
        that is missing, unreadable, corrupt or from another version is rebuilt. When the
        folder cannot be written the listing is still complete, only not remembered.
        """
        # Thousands of new objects and no cycles among them: the collector would only walk
        # them again and again while they are made (a quarter of the time for 10,000 maps).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._summaries()
        finally:
            if collecting:
                gc.enable()

    def _summaries(self) -> list[SummaryEntry]:
        items = self._scan()
        if not items:
            return []
        started = time.time_ns()
        known = self._read_index()
        kept: dict[str, list[Any]] = {}
        maps: list[SummaryEntry] = []
        broken: list[SummaryEntry] = []
        root = self.root
        for item in items:
            name = item.name
            if name[0] == "." or not name.endswith(".toml"):
                continue
            try:
                if not item.is_file():
                    continue
                info = item.stat()
                link = item.is_symlink()
            except OSError:
                continue
            key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            record = known.get(name)
            entry = None
            if not link and isinstance(record, list) and record[:4] == key:
                entry = _entry_from_record(root, name, record, info.st_mtime)
            if entry is None:
                modified = datetime.fromtimestamp(info.st_mtime, UTC)
                found = self._read_entry(Path(item.path), name, modified, link)
                if found is None:
                    continue
                record = [*key, *_record_of(found)]
                entry = _entry_from_record(root, name, record, info.st_mtime)
                if entry is None:  # pragma: no cover - a record just made always reads back
                    raise AssertionError("an index record could not be read back")
            if (
                not link
                and max(info.st_mtime_ns, info.st_ctime_ns) <= started - _RACY_NS
                and _utf8(name)  # an undecodable name (always broken) is read every time
            ):
                kept[name] = record  # type: ignore[assignment]
            (broken if entry.map is None else maps).append(entry)
        if kept != known:
            self._write_index(kept)
        maps.sort(key=lambda entry: (entry.map.title.casefold(), entry.id))  # type: ignore[union-attr]
        broken.sort(key=lambda entry: entry.name)
        return maps + broken

    def _read_index(self) -> dict[str, Any]:
        """The index's records by file name; {} for anything but a whole index of this version."""
        # Not through a link; O_NONBLOCK so that a pipe at its name cannot hang the listing.
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.root / INDEX_FILE, flags)
        except OSError:
            return {}
        try:
            with os.fdopen(fd, "rb") as file:
                info = os.fstat(file.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size > _INDEX_MAX_SIZE:
                    return {}
                data = json.loads(file.read(_INDEX_MAX_SIZE + 1))
        except (OSError, ValueError, RecursionError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("index_version") != INDEX_VERSION
            or data.get("cyclemap") != __version__
            or data.get("schema_version") != terms.SCHEMA_VERSION
            or not isinstance(data.get("files"), dict)
        ):
            return {}
        return data["files"]

    def _write_index(self, records: dict[str, list[Any]]) -> None:
        data = {
            "index_version": INDEX_VERSION,
            "cyclemap": __version__,
            "schema_version": terms.SCHEMA_VERSION,
            "files": records,
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        path = self.root / INDEX_FILE
        # Only a cache: a folder we may not write to (or a full disk) costs the next listing
        # time, never the listing itself. Whatever else is at its name (a link, a pipe, a
        # folder) is left alone: atomic_write would write through a link or into a pipe.
        with contextlib.suppress(StoreError, OSError):
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                mode = stat.S_IFREG
            if stat.S_ISREG(mode):
                atomic_write(path, text.encode("utf-8"), FILE_MODE)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One save or delete at a time across processes (the kernel drops it if we die)."""
        if fcntl is None:
            yield
            return
        try:
            fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as exc:
            raise StoreError(
                f"{_show(self.root)}: the library cannot be written ({exc.strerror or exc})"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _history_folder(self, map_id: str, *, create: bool) -> Path:
        folder = self.history_root / map_id
        if create:
            self.ensure()
            _make_dir(self.history_root)
            _make_dir(folder)
        if folder.exists() and not folder.resolve().is_relative_to(self.root.resolve()):
            raise StoreError(f"{_show(folder)}: the history folder leads outside the library")
        return folder

    def _next_stamp(self, folder: Path) -> str:
        """Now, or just after the newest version, so names are unique and in save order even
        within one microsecond or when the clock steps back."""
        moment = datetime.now(UTC)
        newest = max((version.saved for version in self._versions(folder)), default=None)
        if newest is not None and moment <= newest:
            moment = newest + timedelta(microseconds=1)
        return _stamp(moment)

    def _keep_version(self, map_id: str, content: bytes) -> None:
        folder = self._history_folder(map_id, create=True)
        atomic_write(folder / f"{self._next_stamp(folder)}.toml", content, FILE_MODE)

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
                        f"{_show(path)}: the map was deleted or moved since it was opened"
                    )
            else:
                if new:
                    raise MapExists(
                        f"a map called '{cycle_map.id}' is already in the library ({_show(path)})"
                    )
                try:
                    old = path.read_bytes()
                except OSError as exc:
                    raise StoreError(
                        f"{_show(path)}: cannot be read to keep it in the history "
                        f"({exc.strerror or exc})"
                    ) from exc
                if old == data:
                    return current
                if expected is not None and not expected.matches(current):
                    raise ConflictError(
                        f"{_show(path)}: the map changed on disk since it was opened; "
                        "saving now would overwrite those changes"
                    )
                # The old words are safe in the history before the file is replaced.
                self._keep_version(cycle_map.id, old)
            atomic_write(path, data, FILE_MODE)
            self._forget_view(cycle_map.id)
            saved = fingerprint(path)
            _sweep_temp_files(self.root)
            _sweep_temp_files(self.history_root / cycle_map.id)
        if saved is None:  # pragma: no cover - only if someone removes it at once
            raise StoreError(f"{_show(path)}: disappeared right after it was saved")
        return saved

    def unique_id(self, title: str) -> str:
        """A free id for a new map with this title: the slug, then slug-2, slug-3…

        An id whose map was deleted (its history is still there) is not free either.
        """
        base = terms.slugify(title)
        number = 1
        while True:
            if number == 1:
                candidate = base
            else:
                suffix = f"-{number}"
                candidate = base[: terms.ID_MAX - len(suffix)].rstrip("-") + suffix
            taken = self.exists(candidate) or os.path.lexists(self.history_root / candidate)
            if not taken:
                return candidate
            number += 1

    def delete(self, map_id: str) -> None:
        """Move the map into its history (it can be restored); never unlinks user text."""
        path = self.path_for(map_id)
        missing = MapNotFound(f"no map called '{map_id}' in the library ({_show(self.root)})")
        if not (path.exists() or path.is_symlink()):
            raise missing
        with self._locked():
            if not (path.exists() or path.is_symlink()):
                raise missing
            folder = self._history_folder(map_id, create=True)
            target = folder / f"{self._next_stamp(folder)}.deleted.toml"
            try:
                os.replace(path, target)
                self._forget_view(map_id)
                if not target.is_symlink():
                    os.chmod(target, FILE_MODE)
                _fsync_dir(folder)
                _fsync_dir(self.root)
            except OSError as exc:
                raise StoreError(
                    f"{_show(path)}: could not be moved into the history ({exc.strerror or exc})"
                ) from exc

    def purge(self, map_id: str) -> list[Path]:
        """Remove a map for good: its file, every version kept in history/<id>/, its check-in
        log (logs/<id>.toml), temporary files a killed save left of them, and its line in the
        listing index. Nothing of it can be restored afterwards. Links are removed, never
        followed. Returns what was removed; MapNotFound when there is nothing of that id.
        """
        if not _valid_id(map_id):
            raise _invalid_id(map_id)
        name = f"{map_id}.toml"
        removed: list[Path] = []

        def remove(path: Path) -> None:
            try:  # the folder it is in must not be a link out of the library
                inside = path.parent.resolve().is_relative_to(self.root.resolve())
            except (OSError, RuntimeError):
                inside = False
            if not inside:
                raise StoreError(f"{_show(path)}: leads outside the library; nothing there removed")
            try:
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    os.unlink(path)
            except FileNotFoundError:
                return
            except OSError as exc:
                raise StoreError(
                    f"{_show(path)}: could not be removed ({exc.strerror or exc}); "
                    "run purge again to finish"
                ) from exc
            removed.append(path)

        def leftovers(folder: Path) -> list[Path]:
            # Temporary files are named after their target, cut to 40 characters (_create_temp).
            prefix = f".{name[:40]}."
            try:
                names = os.listdir(folder)
            except OSError:
                return []
            return [folder / n for n in names if n.startswith(prefix) and _TEMP_NAME.fullmatch(n)]

        if not self.root.is_dir():
            raise MapNotFound(f"no map called '{map_id}' in the library ({_show(self.root)})")
        with self._locked():
            logs = self.root / "logs"
            for path in [
                self.root / name,
                *leftovers(self.root),
                self.history_root / map_id,
                logs / name,
                *leftovers(logs),
                self._view_path(map_id),  # the cache of the validated map (load_view)
                *_temp_files_of(self._view_path(map_id)),
            ]:
                if os.path.lexists(path):
                    remove(path)
            if not removed:
                raise MapNotFound(
                    f"no map called '{map_id}' in the library ({_show(self.root)}), "
                    "nor in its history"
                )
            known = self._read_index()
            if name in known:
                del known[name]
                self._write_index(known)
            for folder in (self.root, self.history_root, logs):
                with contextlib.suppress(OSError):
                    _fsync_dir(folder)
        return removed

    def _versions(self, folder: Path) -> list[HistoryVersion]:
        try:
            names = os.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        found: list[tuple[datetime, str, bool]] = []
        for name in names:
            match = _VERSION_NAME.fullmatch(name)
            saved = _parse_stamp(match[1]) if match else None
            if match and saved is not None:
                found.append((saved, name, match[2] is not None))
        found.sort()
        return [
            HistoryVersion(number, folder / name, saved, deleted)
            for number, (saved, name, deleted) in enumerate(found, start=1)
        ]

    def history(self, map_id: str) -> list[HistoryVersion]:
        """The versions that saves replaced (and deletions kept), oldest first, numbered from 1.

        The map's current file is not among them. Read a version with load_file(version.path).
        """
        if not _valid_id(map_id):
            raise _invalid_id(map_id)
        return self._versions(self._history_folder(map_id, create=False))

    # Drafts: a walkthrough in progress, saved after every answer as plain (not yet valid) data.
    def _draft_path(self, name: str) -> Path:
        if not _valid_id(name):
            raise _invalid_id(name, "draft name")
        return self.drafts_root / f"{name}.toml"

    def save_draft(self, data: dict, name: str = "walkthrough") -> None:
        """Atomic, 0600, under drafts/; None values are dropped (TOML has no null)."""
        import tomli_w

        path = self._draft_path(name)
        if not isinstance(data, dict):
            raise StoreError("a draft must be a table of fields")
        try:
            text = tomli_w.dumps(_plain(data))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"the draft could not be saved ({exc})") from exc
        # A lone surrogate (undecodable input) cannot be UTF-8: keep the rest of the draft.
        text = re.sub("[\ud800-\udfff]", "\ufffd", text)
        self.ensure()
        _make_dir(self.drafts_root)
        atomic_write(path, text.encode("utf-8"), FILE_MODE)
        _sweep_temp_files(self.drafts_root)

    def load_draft(self, name: str = "walkthrough") -> dict | None:
        """The draft's data, or None when there is none (or it cannot be read)."""
        try:
            raw = _read_limited(self._draft_path(name))
            import tomllib  # only once there is a draft: most starts have none

            return tomllib.loads(raw.removeprefix(_UTF8_BOM).decode("utf-8"))
        except (StoreError, OSError, ValueError, RecursionError):
            return None

    def claim_draft(self, name: str = "walkthrough") -> DraftClaim | None:
        """Hold the draft for this process while its walkthrough is open, or None when another
        cyclemap (a second window on the same library) holds it: two walkthroughs saving one
        draft would each overwrite the other's answers. The kernel drops the claim if we die."""
        path = self._draft_path(name).with_suffix(".claim")
        if fcntl is None:
            return DraftClaim(None)
        self.ensure()
        _make_dir(self.drafts_root)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        except OSError as exc:
            raise StoreError(
                f"{_show(path)}: the draft cannot be opened ({exc.strerror or exc})"
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return DraftClaim(fd)

    def discard_draft(self, name: str = "walkthrough") -> None:
        path = self._draft_path(name)
        try:
            # What a killed draft save left behind holds the same words: it goes too.
            for item in os.scandir(self.drafts_root) if self.drafts_root.is_dir() else []:
                if item.name.startswith(f".{path.name[:40]}.") and _TEMP_NAME.fullmatch(item.name):
                    os.unlink(item.path)
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{_show(path)}: the draft could not be removed ({exc.strerror or exc})"
            ) from exc


class DraftClaim:
    """A walkthrough's hold on its draft (Library.claim_draft); release() when it closes."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing the file drops the flock
            self._fd = None


def __getattr__(name: str) -> Any:
    """What this module imported at the top before the models became lazy, for old callers."""
    if name in {"model", "CycleMap"}:
        from cyclemap import model

        return model if name == "model" else model.CycleMap
    if name == "ValidationError":
        from pydantic import ValidationError

        return ValidationError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
