"""The map file format: bytes decoded, TOML parsed with a clear line for every error, older
versions migrated, the model validated; and a map written back as TOML.

tomllib, tomli_w and the model (pydantic) are imported inside the functions that need them: a
listing from the index and an export from the view cache never parse or validate, and a map
read only to be shown (parse_view) is validated without building the models (map_validator).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cyclemap import terms
from cyclemap.store.errors import MapFileError, MapNotFound
from cyclemap.store.guard import NotRegular, read_file
from cyclemap.store.layout import MAX_FILE_SIZE
from cyclemap.store.text import lower_first, show, too_large
from cyclemap.store.toml_check import key_problem

if TYPE_CHECKING:
    import tomllib

    from cyclemap.model import CycleMap
    from cyclemap.view import AnyMap, MapView

_TOML_WHERE = re.compile(
    r"(?P<what>.*?) \((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)",
    re.DOTALL,
)
UTF8_BOM = b"\xef\xbb\xbf"

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


def decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise MapFileError(path, "is saved as UTF-16 text; cyclemap reads UTF-8 (save it as UTF-8)")
    try:
        return raw.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:8192]:
            raise MapFileError(path, "is not a text file (it holds binary data)") from None
        offset = exc.start + (len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0)
        line = raw[:offset].count(b"\n") + 1
        raise MapFileError(
            path, f"is not UTF-8 text (byte 0x{raw[offset]:02x} on line {line} cannot be read)"
        ) from None


def _describe_toml_error(exc: tomllib.TOMLDecodeError) -> str:
    # tomllib puts the place in the message, "… (at line 3, column 5)", in every Python version.
    message = str(exc)
    found = _TOML_WHERE.fullmatch(message)
    if found is None:
        return f"is not valid TOML: {lower_first(message)}"
    what = lower_first(found["what"])
    if found["line"]:
        return f"is not valid TOML: line {found['line']}, column {found['column']}: {what}"
    return f"is not valid TOML: at the end of the file: {what} (is the file cut short?)"


def parse_map(text: str | bytes, source: Path | str) -> CycleMap:
    """Parse TOML text and validate it (migrating older versions in memory).

    Raises MapFileError with one clear line: not UTF-8, not TOML (line/column), empty, newer
    schema_version ('made by a newer cyclemap'), or the first validation problem by name.
    """
    path = Path(source)
    data = map_data(text, path)
    return _validated(data, path)


def parse_view(text: str | bytes, source: Path | str) -> MapView:
    """parse_map, read-only: the same checks and errors, the models' rules run from their
    schema (map_validator) so that no model is built unless the map is refused."""
    from cyclemap import map_validator
    from cyclemap.view import MapView

    path = Path(source)
    data = map_data(text, path)
    valid = map_validator.validate(data)
    if valid is None:  # the model says what is wrong (or validates, without a validator)
        return MapView.of(_validated(data, path))
    return MapView.of_dump(valid)


def map_data(text: str | bytes, path: Path) -> dict[str, Any]:
    """What parse_map validates: the text decoded, checked, parsed and migrated (MapFileError
    for anything parse_map refuses before the model)."""
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if len(raw) > MAX_FILE_SIZE:
            raise MapFileError(path, too_large(len(raw)))
        text = decode(raw, path)
    elif len(text) > MAX_FILE_SIZE:
        raise MapFileError(path, too_large(None))
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise MapFileError(path, "the file is empty")
    if "\x00" in text:
        raise MapFileError(path, "is not a text file (it holds binary data)")
    problem = key_problem(text)
    if problem is not None:
        raise MapFileError(path, f"is not a map cyclemap can read: {problem}")
    import tomllib  # here: a listing from the index and an export from the cache parse no TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MapFileError(path, _describe_toml_error(exc)) from None
    except RecursionError:
        raise MapFileError(path, "is not valid TOML: it is nested too deeply") from None
    return _migrated(data, path)


def map_from_data(data: Any, source: Path | str) -> CycleMap:
    """Plain data (as read from TOML) checked for its version, migrated and validated."""
    path = Path(source)
    return _validated(_migrated(data, path), path)


def _migrated(data: Any, path: Path) -> dict[str, Any]:
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
        return migrate(data)
    except (ValueError, TypeError, KeyError) as exc:
        raise MapFileError(
            path, f"could not be brought up from schema_version {version}: {exc}"
        ) from None


def _validated(data: dict[str, Any], path: Path) -> CycleMap:
    # The models are built on first use: listing from the index, exporting from the cache and
    # the library screen never need them (nor pydantic).
    from pydantic import ValidationError

    from cyclemap import model

    try:
        return model.validate_map(data)
    except ValidationError as exc:
        line = model.describe_validation_error(exc, data, more="; cyclemap check lists them all")
        problems = model.validation_problems(exc, data)
        raise MapFileError(path, line, problems=problems) from None


def read_limited(path: Path) -> bytes:
    """The bytes of a map file, anywhere: a regular file only, opened without blocking on a
    pipe (guard.read_file); MapFileError for anything else, or past MAX_FILE_SIZE."""
    try:
        raw, size = read_file(path, MAX_FILE_SIZE)
        if size > MAX_FILE_SIZE:
            raise MapFileError(path, too_large(size))
    except FileNotFoundError:
        raise MapNotFound(f"{show(path)}: no such file") from None
    except NotRegular as exc:
        if exc.folder:
            raise MapFileError(path, "is a folder, not a map file") from None
        raise MapFileError(
            path, "is not a regular file (a pipe or a device), not a map file"
        ) from None
    except PermissionError:
        raise MapFileError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise MapFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_SIZE:
        raise MapFileError(path, too_large(None))
    return raw


def load_file(path: Path) -> CycleMap:
    """A map file anywhere (the id is not compared with the file name here).

    MapNotFound when there is no such file; MapFileError for anything else.
    """
    path = Path(path)
    return parse_map(read_limited(path), path)


# tomli-w writes `2026-11-20 19:04:00+00:00`; the format's own examples use the RFC 3339 form
# people see elsewhere. Both are the same TOML datetime; only top-level created/updated are dates.
_UTC_DATETIME_LINE = re.compile(
    r"^(created|updated) = (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)\+00:00$", re.MULTILINE
)


def map_to_toml(cycle_map: AnyMap) -> str:
    import tomli_w

    return _UTC_DATETIME_LINE.sub(r"\1 = \2T\3Z", tomli_w.dumps(cycle_map.to_toml_dict()))
