"""The listing index (Library.summaries): what listings need of each map, kept in INDEX_FILE so
that a listing reads only the files that changed.

A change to what it holds, or to how a file is judged valid, needs a new INDEX_VERSION (or a new
program version): an index written by any other version is thrown away and rebuilt.
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cyclemap import __version__, terms
from cyclemap.store import guard, layout
from cyclemap.store.entries import LibraryEntry, MapSummary, PartnerSummary, SummaryEntry
from cyclemap.store.layout import INDEX_FILE
from cyclemap.store.text import REASON_MAX, all_stored_lines, as_stored
from cyclemap.terms import Position

INDEX_VERSION = 1
_INDEX_MAX_SIZE = 64 * 1024 * 1024

# Reads and validates one file of the library: (path, name, modified, is a link) -> the entry,
# or None when the file has just gone (Library._read_entry).
ReadEntry = Callable[[Path, str, datetime, bool], LibraryEntry | None]

# A record is a JSON list: size, mtime_ns, ctime_ns, inode, then either the one reason the file
# is broken, or the map's id, title, cycle_name, couple, updated (ISO 8601) and each partner's
# name and position. Everything in it was produced by validating the file with the model.
POSITIONS = {position.value: position for position in Position}


def record_of(entry: LibraryEntry) -> list[Any]:
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


def utf8(name: str) -> bool:
    """Whether a file name can be written in the (UTF-8) index: not one with bytes that
    were not UTF-8 (os gives those as lone surrogates)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def entry_from_record(
    folder: Path, name: str, record: list[Any], mtime: float
) -> SummaryEntry | None:
    """The entry a record describes; None when the record is not one this version wrote."""
    map_id = name[:-5]  # without ".toml"
    if len(record) == 5:
        reason = record[4]
        return (
            SummaryEntry(map_id, None, reason, folder, name, mtime)
            if as_stored(reason, REASON_MAX, line=True)
            else None
        )
    if len(record) != 13:
        return None
    fields = record[4:]
    found_id, title, cycle_name, couple, updated, name_a, position_a, name_b, position_b = fields
    # Text as the model holds it, or the record was not written by us (see text.as_stored).
    if not (
        found_id == map_id
        and as_stored(title, terms.TITLE_MAX, line=True)
        and (cycle_name is None or as_stored(cycle_name, terms.CYCLE_NAME_MAX, line=True))
        and (couple is None or as_stored(couple, terms.COUPLE_MAX, line=True))
        and type(updated) is str
        and as_stored(name_a, terms.NAME_MAX, line=True)
        and as_stored(name_b, terms.NAME_MAX, line=True)
        and type(position_a) is str
        and type(position_b) is str
        and position_a in POSITIONS
        and position_b in POSITIONS
    ):
        return None
    try:
        when = datetime.fromisoformat(updated)
    except ValueError:
        return None
    if when.tzinfo is not UTC:
        return None
    partners = (
        PartnerSummary(name_a, POSITIONS[position_a]),
        PartnerSummary(name_b, POSITIONS[position_b]),
    )
    summary = MapSummary(map_id, title, cycle_name, couple, when, partners)
    return SummaryEntry(map_id, summary, None, folder, name, mtime)


def entries_from_records(
    folder: Path, names: list[str], records: list[list[Any]], mtimes: list[float]
) -> list[SummaryEntry | None]:
    """entry_from_record of each (name, record, mtime), in order. The records of maps are
    checked all at once, a column at a time (a library of thousands of maps is read so at
    every start); when any one of them is not as cyclemap writes it, each is judged alone,
    as the reasons of broken files always are."""
    entries: list[SummaryEntry | None] = [None] * len(records)
    of_maps = [at for at, record in enumerate(records) if len(record) == 13]
    checked = _map_entries_at_once(
        folder,
        [names[at] for at in of_maps],
        [records[at] for at in of_maps],
        [mtimes[at] for at in of_maps],
    )
    if checked is not None:
        for at, entry in zip(of_maps, checked, strict=True):
            entries[at] = entry
    for at, entry in enumerate(entries):
        if entry is None:
            entries[at] = entry_from_record(folder, names[at], records[at], mtimes[at])
    return entries


def _map_entries_at_once(
    folder: Path, names: list[str], records: list[list[Any]], mtimes: list[float]
) -> list[SummaryEntry | None] | None:
    """What entry_from_record makes of every record (each of them a map's), when every one
    of them passes its checks; None otherwise."""
    if not records:
        return None
    columns = list(zip(*records, strict=True))  # see record_of
    ids, titles, cycles, couples, updated = columns[4:9]
    names_a, positions_a, names_b, positions_b = columns[9:13]
    try:
        whens = [datetime.fromisoformat(when) for when in updated]
        if not (
            list(ids) == [name[:-5] for name in names]
            and all_stored_lines(
                (titles, terms.TITLE_MAX),
                ([c for c in cycles if c is not None], terms.CYCLE_NAME_MAX),
                ([c for c in couples if c is not None], terms.COUPLE_MAX),
                (names_a, terms.NAME_MAX),
                (names_b, terms.NAME_MAX),
            )
            and set(map(type, positions_a + positions_b)) == {str}
            and POSITIONS.keys() >= set(positions_a + positions_b)
            and all(when.tzinfo is UTC for when in whens)
        ):
            return None
    except (TypeError, ValueError):  # a date that is not text, or not a date
        return None
    # The named tuples made as tuples (what their constructors do, without a call of Python
    # for each of forty thousand).
    make = tuple.__new__
    position = POSITIONS.__getitem__
    # A couple's many maps share their partners (the same two tuples).
    pairs: dict[tuple[str, str, str, str], tuple[PartnerSummary, PartnerSummary]] = {}
    entries: list[SummaryEntry | None] = []
    for record, name, mtime, when in zip(records, names, mtimes, whens, strict=True):
        _, _, _, _, map_id, title, cycle_name, couple, _, name_a, pos_a, name_b, pos_b = record
        partners = pairs.get((name_a, pos_a, name_b, pos_b))
        if partners is None:
            partners = pairs[name_a, pos_a, name_b, pos_b] = (
                make(PartnerSummary, (name_a, position(pos_a))),
                make(PartnerSummary, (name_b, position(pos_b))),
            )
        summary = make(MapSummary, (map_id, title, cycle_name, couple, when, partners))
        entries.append(make(SummaryEntry, (map_id, summary, None, folder, name, mtime)))
    return entries


# A file to read: its path, name, st_mtime, whether it is a link, and its key (the record's start).
_ToRead = tuple[str, str, float, bool, list[int]]

# Reading is most of a first listing, and parsing TOML most of reading: from this many files
# to read, they are read by worker processes, one a core (the listing is the same either way).
WORKERS_FROM = 1_000
PART = 250


def _read_record(read_entry: ReadEntry, item: _ToRead) -> list[Any] | None:
    """The index record of one file, as read and validated now; None when it has just gone."""
    path, name, mtime, link, key = item
    found = read_entry(Path(path), name, datetime.fromtimestamp(mtime, UTC), link)
    return None if found is None else [*key, *record_of(found)]


def _read_part(read_entry: ReadEntry, part: list[_ToRead]) -> list[list[Any] | None]:
    return [_read_record(read_entry, item) for item in part]


Progress = Callable[[int, int], None]  # (files read so far, files to read)


def read_records(
    to_read: list[_ToRead], read_entry: ReadEntry, progress: Progress | None = None
) -> list[list[Any] | None]:
    """The records of the files to read, in order: by worker processes for many files on a
    machine of more than one core, else (or when workers cannot be had) here. `progress`
    hears how far the reading has got (a part at a time from the workers)."""
    if len(to_read) >= WORKERS_FROM:
        by_workers = _read_by_workers(to_read, read_entry, progress)
        if by_workers is not None:
            return by_workers
    if progress is None:
        return _read_part(read_entry, to_read)
    records: list[list[Any] | None] = []
    for item in to_read:
        records.append(_read_record(read_entry, item))
        progress(len(records), len(to_read))
    return records


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _read_by_workers(
    to_read: list[_ToRead], read_entry: ReadEntry, progress: Progress | None = None
) -> list[list[Any] | None] | None:
    """None when it is not worth it or cannot be done: one core, or threads running (a forked
    copy of a process with threads, like the app, could hang on a lock they held)."""
    import threading

    workers = min(_cores(), 4)
    if workers < 2 or threading.active_count() > 1:
        return None
    import functools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from cyclemap import model  # noqa: F401 - built once here, not once a worker

    # Parts of at most PART files, so that progress moves while the workers read.
    size = min(-(-len(to_read) // workers), PART)
    parts = [to_read[start : start + size] for start in range(0, len(to_read), size)]
    read = functools.partial(_read_part, read_entry)
    records: list[list[Any] | None] = []
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for part in pool.map(read, parts):
                records.extend(part)
                if progress is not None:
                    progress(len(records), len(to_read))
    except Exception:  # no workers to be had (a limit, a sandbox): the caller reads here
        return None
    return records


class ListingIndex:
    """The index file of the library folder root, and listings made with it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def summaries(
        self,
        items: list[os.DirEntry[str]],
        read_entry: ReadEntry,
        progress: Progress | None = None,
    ) -> list[SummaryEntry]:
        """The valid maps among items (the library folder's entries), by title, then the broken
        files by name; a file whose stat matches its record is not read again."""
        # Thousands of new objects and no cycles among them: the collector would only walk
        # them again and again while they are made (a quarter of the time for 10,000 maps).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._summaries(items, read_entry, progress)
        finally:
            if collecting:
                gc.enable()

    def _summaries(
        self,
        items: list[os.DirEntry[str]],
        read_entry: ReadEntry,
        progress: Progress | None = None,
    ) -> list[SummaryEntry]:
        if not items:
            return []
        started = time.time_ns()
        known = self.read()
        root = self.root
        # Each file of the folder, and the record of those whose stat matches theirs.
        listed: list[tuple[os.DirEntry[str], os.stat_result, bool]] = []
        matching: list[int] = []  # where in listed
        record_of_name = known.get
        for item in items:
            name = item.name
            if name[0] == "." or not name.endswith(".toml"):
                continue
            try:
                if item.is_dir():  # a pipe or a device is read (without blocking): broken
                    continue
                info = item.stat()
                link = item.is_symlink()
            except OSError:
                continue
            record = record_of_name(name)
            # The key (see record_of) compared field by field: ten thousand times at a start.
            if (
                type(record) is list
                and not link
                and len(record) > 4
                and record[1] == info.st_mtime_ns
                and record[0] == info.st_size
                and record[2] == info.st_ctime_ns
                and record[3] == info.st_ino
            ):
                matching.append(len(listed))
            listed.append((item, info, link))
        entries: list[SummaryEntry | None] = [None] * len(listed)
        found = entries_from_records(
            root,
            [listed[at][0].name for at in matching],
            [known[listed[at][0].name] for at in matching],
            [listed[at][1].st_mtime for at in matching],
        )
        for at, entry in zip(matching, found, strict=True):
            entries[at] = entry
        # The others are read and validated now.
        to_read: list[_ToRead] = []
        for (item, info, link), entry in zip(listed, entries, strict=True):
            if entry is None:
                key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
                to_read.append((item.path, item.name, info.st_mtime, link, key))
        records = iter(read_records(to_read, read_entry, progress))
        kept: dict[str, list[Any]] = {}
        maps: list[SummaryEntry] = []
        broken: list[SummaryEntry] = []
        racy_from = started - layout.RACY_NS
        for (item, info, link), entry in zip(listed, entries, strict=True):
            name = item.name
            if entry is None:
                record = next(records)
                if record is None:  # gone while we were listing
                    continue
                entry = entry_from_record(root, name, record, info.st_mtime)
                if entry is None:  # pragma: no cover - a record just made always reads back
                    raise AssertionError("an index record could not be read back")
            else:
                record = known[name]
            if (
                not link
                and info.st_mtime_ns <= racy_from
                and info.st_ctime_ns <= racy_from
                and (name.isascii() or utf8(name))  # an undecodable name is read every time
            ):
                kept[name] = record
            (broken if entry.map is None else maps).append(entry)
        if kept != known:
            self.write(kept)
        # By title, then id: one text to compare ("\0" is never in a title, and sorts first).
        maps.sort(key=lambda entry: f"{entry.map.title.casefold()}\0{entry.id}")  # type: ignore[union-attr]
        broken.sort(key=lambda entry: entry.name)
        return maps + broken

    def read(self) -> dict[str, Any]:
        """The index's records by file name; {} for anything but a whole index of this version."""
        try:
            raw = guard.read_regular(self.root / INDEX_FILE, _INDEX_MAX_SIZE)
            if raw is None:
                return {}
            data = json.loads(raw)
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
        files: dict[str, Any] = data["files"]
        return files

    def write(self, records: dict[str, list[Any]]) -> None:
        data = {
            "index_version": INDEX_VERSION,
            "cyclemap": __version__,
            "schema_version": terms.SCHEMA_VERSION,
            "files": records,
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        # Only a cache: a folder we may not write to (or a full disk) costs the next listing
        # time, never the listing itself. Whatever else is at its name (a link, a pipe, a
        # folder) is left alone.
        guard.write_cache(self.root, self.root / INDEX_FILE, text.encode("utf-8"))

    def forget(self, name: str) -> None:
        """Drop the record of the file called name (a purged map)."""
        known = self.read()
        if name in known:
            del known[name]
            self.write(known)
