"""How a map changed over time: its versions, what changed between two of them, and restoring one.

The versions of a map are the files the store keeps under `history/<id>/` (every save keeps the
version it replaces, a deleted map goes there too) plus the current file, which is the newest.
Versions are numbered from 1, the oldest, as people see them (`cyclemap history ID`).

What changed between two versions is said in words by cyclemap.changes.

No Textual here: this is core, used by the command line and the app alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cyclemap.changes import MAP_LABELS, PARTNER_ANSWERS, diff_maps, shorten, summarize
from cyclemap.model import CycleMap
from cyclemap.store import (
    Fingerprint,
    Library,
    MapFileError,
    StoreError,
    fingerprint,
    load_file,
)
from cyclemap.store.layout import looks_like_path

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class HistoryError(StoreError):
    """A version that doesn't exist or can't be read; one line, shown as it is."""


# ---- versions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One version of a map, as shown to people."""

    number: int  # 1 = oldest
    path: Path
    current: bool  # the map file itself (the newest version)
    deleted: bool  # the map was deleted after this version (it went to history)
    replaced: datetime | None  # when a newer version (or a deletion) replaced it
    map: CycleMap | None  # None when the file can't be read
    error: str | None = None

    @property
    def saved(self) -> datetime:
        """When this version was saved: the map's own `updated`, or the file's time if the
        file can't be read."""
        if self.map is not None:
            return self.map.updated
        if self.replaced is not None:
            return self.replaced
        try:
            return datetime.fromtimestamp(self.path.stat().st_mtime, UTC)
        except OSError:
            return datetime.fromtimestamp(0, UTC)

    @property
    def status(self) -> str:
        """'current', 'deleted' or ''."""
        if self.current:
            return "current"
        return "deleted" if self.deleted else ""

    def describe(self) -> str:
        """'version 3 (current), saved 22 Nov 2026 09:12'."""
        status = f" ({self.status})" if self.status else ""
        return f"version {self.number}{status}, saved {format_when(self.saved)}"

    def require_map(self, map_id: str) -> CycleMap:
        if self.map is None:
            raise HistoryError(f"version {self.number} of '{map_id}' can't be read: {self.error}")
        return self.map


def format_when(moment: datetime) -> str:
    """A moment in local time, the way a person reads it: '22 Nov 2026 09:12'."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


def library_id(library: Library, ref: str) -> str:
    """The id of a map in the library, from its id or the path of its file there.

    History and check-ins are kept only for maps in the library: a file elsewhere (like the
    examples) has none, which is said in one line.
    """
    if not looks_like_path(ref):
        library.path_for(ref)  # raises StoreError for an id that is not valid
        return ref
    path = Path(ref).expanduser()
    try:
        inside = path.resolve().parent == library.root.resolve()
    except OSError:
        inside = False
    if not inside or path.suffix != ".toml":
        raise HistoryError(
            f"{ref}: history and check-ins are kept for maps in the library; "
            "add this file with 'cyclemap import' first"
        )
    library.path_for(path.stem)
    return path.stem


def _read(path: Path) -> tuple[CycleMap | None, str | None]:
    try:
        return load_file(path), None
    except MapFileError as error:
        return None, error.reason
    except (StoreError, OSError) as error:
        return None, getattr(error, "strerror", None) or str(error)


def versions(library: Library, map_id: str) -> list[Version]:
    """Every version of a map, oldest first (number 1). MapNotFound when there is none."""
    current_path = library.path_for(map_id)
    kept = library.history(map_id)
    cached = library.history_cache.read(map_id) if kept else {}
    dumps: dict[str, list[Any]] = {}
    found: list[Version] = []
    for index, old in enumerate(kept):
        cycle_map, error = library.history_cache.version(old.path, cached, dumps, _read)
        found.append(
            Version(
                number=index + 1,
                path=old.path,
                current=False,
                deleted=old.deleted,
                replaced=old.saved,
                map=cycle_map,
                error=error,
            )
        )
    if current_path.is_file():
        cycle_map, error = _read(current_path)
        found.append(
            Version(
                number=len(found) + 1,
                path=current_path,
                current=True,
                deleted=False,
                replaced=None,
                map=cycle_map,
                error=error,
            )
        )
    if not found:
        raise library.missing(map_id)
    if kept and (len(dumps) != len(cached) or any(dumps[n] is not cached.get(n) for n in dumps)):
        library.history_cache.write(map_id, dumps)
    return found


def version_range(map_id: str, found: Sequence[Version]) -> str:
    """'map 'x' has versions 1 to 3' (or 'only version 1')."""
    if len(found) == 1:
        return f"map '{map_id}' has only version 1"
    return f"map '{map_id}' has versions 1 to {len(found)}"


def get_version(found: Sequence[Version], number: int, map_id: str) -> Version:
    if not 1 <= number <= len(found):
        raise HistoryError(f"there is no version {number}: {version_range(map_id, found)}")
    return found[number - 1]


def latest_map(found: Sequence[Version]) -> CycleMap | None:
    """The newest version that can be read (for titles and headings)."""
    for version in reversed(found):
        if version.map is not None:
            return version.map
    return None


def content_key(cycle_map: CycleMap) -> tuple[object, ...]:
    """What diff_maps compares, as one hashable value: two maps have no changes between them
    exactly when their keys are equal (the pattern follows from the positions)."""
    partners = tuple(
        (p.name, p.position, *(p.answer(key) or None for key in PARTNER_ANSWERS))
        for p in cycle_map.partners
    )
    fields = tuple(getattr(cycle_map, key) or None for key in MAP_LABELS)
    return (*fields, partners, cycle_map.notes or None)


def restored_from(found: Sequence[Version]) -> list[int | None]:
    """For each version, the number of the newest version before the one just before it with
    the same words (a restore, or an undone edit, brings one back), or None. One pass with a
    dictionary, so a history of thousands of versions costs no more than reading it."""
    newest_with: dict[tuple[object, ...], int] = {}
    numbers: list[int | None] = []
    for index, version in enumerate(found):
        key = content_key(version.map) if version.map is not None else None
        numbers.append(newest_with.get(key) if key is not None else None)
        before = found[index - 1] if index >= 1 else None
        if before is not None and before.map is not None:
            # Only now does the version just before this one count as earlier, for the next.
            newest_with[content_key(before.map)] = before.number
    return numbers


def version_summary(
    found: Sequence[Version],
    index: int,
    width: int = 60,
    restored: Sequence[int | None] | None = None,
) -> str:
    """What changed in found[index] compared with the version before it, in one line.

    `restored`: restored_from(found), made once by a caller that sums up many versions."""
    version = found[index]
    if version.map is None:
        return shorten(f"can't be read: {version.error}", width)
    if index == 0:
        return "first version"
    before = found[index - 1]
    if before.map is None:
        return "the version before can't be read"
    changes = diff_maps(before.map, version.map)
    if changes:
        # A restore (or an undone edit) brings back an earlier version: say which.
        if restored is None:
            restored = restored_from(found[: index + 1])
        if restored[index] is not None:
            lead = f"back to version {restored[index]}: "
            return lead + summarize(changes, max(width - len(lead), 20))
    return summarize(changes, width)


# ---- what the commands print ------------------------------------------------------------------


def history_report(map_id: str, found: Sequence[Version], width: int = 80) -> str:
    """`cyclemap history ID`: the versions, newest first, each with its number, its date and a
    line on what changed since the version before it."""
    cycle_map = latest_map(found)
    title = cycle_map.title if cycle_map else map_id
    count = f"{len(found)} version{'s' if len(found) != 1 else ''}"
    lines = [f"{title} ({map_id}) — {count}, newest first", ""]
    number_width = len(str(len(found)))
    indent = " " * (number_width + 4)
    restored = restored_from(found)
    for index in range(len(found) - 1, -1, -1):
        version = found[index]
        head = f"  {version.number:>{number_width}}  {format_when(version.saved)}"
        if version.status:
            head += f"  ({version.status})"
        lines.append(head)
        summary = version_summary(found, index, max(width - len(indent), 30), restored)
        lines.append(indent + summary)
    return "\n".join(lines) + "\n"


def diff_report(map_id: str, old: Version, new: Version) -> str:
    """`cyclemap diff`: a heading naming both versions, then every change with both values."""
    before = old.require_map(map_id)
    after = new.require_map(map_id)
    changes = diff_maps(before, after)
    lines = [
        f"{after.title} ({map_id})",
        f"from {old.describe()}",
        f"  to {new.describe()}",
        "",
    ]
    if not changes:
        lines.append("No differences.")
    else:
        lines.extend(change.full() for change in changes)
        lines += ["", f"{len(changes)} change{'s' if len(changes) != 1 else ''}."]
    return "\n".join(lines) + "\n"


def pick_for_diff(
    map_id: str, found: Sequence[Version], first: int | None, second: int | None
) -> tuple[Version, Version]:
    """`diff ID` → the one before the newest vs the newest; `diff ID V1` → V1 vs the newest;
    `diff ID V1 V2` → V1 vs V2."""
    if first is None:
        if len(found) < 2:
            raise HistoryError(
                f"map '{map_id}' has only one version so far; there is nothing to compare yet"
            )
        return found[-2], found[-1]
    old = get_version(found, first, map_id)
    new = found[-1] if second is None else get_version(found, second, map_id)
    return old, new


# ---- restore ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    map_id: str
    title: str
    number: int  # the version brought back
    new_number: int | None  # its number as the current map now (None: nothing was done)
    kept_number: int | None  # the number the replaced current map keeps in history (undo)

    @property
    def changed(self) -> bool:
        return self.new_number is not None

    def message(self) -> str:
        if not self.changed:
            return (
                f"Version {self.number} of '{self.title}' is the same as the current map; "
                "nothing was changed."
            )
        text = (
            f"Restored version {self.number} of '{self.title}' as the current map "
            f"(now version {self.new_number})."
        )
        if self.kept_number is not None:
            text += (
                f" The map it replaced is kept as version {self.kept_number}; to undo: "
                f"cyclemap restore {self.map_id} {self.kept_number}"
            )
        return text


def restore(
    library: Library, map_id: str, number: int, *, expected: Fingerprint | None = None
) -> Restored:
    """Bring version `number` back as the current map. The current one goes into history (the
    store keeps every replaced version), so a restore can itself be undone. A deleted map (no
    current file) can be restored too.

    expected: the current file's fingerprint when the versions were shown (the app); the store
    raises ConflictError if the map changed on disk since.
    """
    found = versions(library, map_id)
    version = get_version(found, number, map_id)
    old_map = version.require_map(map_id)
    newest = found[-1]
    current = newest if newest.current else None
    if current is not None and current.map is not None and _same(current.map, old_map):
        return Restored(map_id, old_map.title, number, None, None)
    if expected is None and current is not None:
        expected = fingerprint(current.path)
    restored = old_map.touched(id=map_id)
    library.save(restored, expected=expected)
    return Restored(
        map_id,
        restored.title,
        number,
        new_number=len(found) + 1,
        kept_number=current.number if current is not None else None,
    )


def _same(a: CycleMap, b: CycleMap) -> bool:
    return not diff_maps(a, b)
