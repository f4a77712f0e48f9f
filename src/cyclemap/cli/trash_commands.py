"""The commands of the trash: delete (into it), trash (what is in it). `restore ID` without a
version and `purge` (version_commands) take maps out of it again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cyclemap.cli import completers
from cyclemap.cli.common import EXIT_OK, Command, open_library, out, printable

if TYPE_CHECKING:
    from cyclemap.store import TrashEntry


def _title(entry: TrashEntry) -> str:
    from cyclemap.store import StoreError, load_file

    try:
        title: str = load_file(entry.map_path).title
        return title
    except (OSError, StoreError):
        return entry.map_id  # a broken file goes to the trash (and back) as it is


def cmd_delete(args: argparse.Namespace) -> int:
    from cyclemap.trash_words import restore_command

    library = open_library(args)
    entry = library.delete(args.id)
    out(
        f"Moved '{printable(_title(entry))}' ({entry.map_id}) to the trash. "
        f"To bring it back: {restore_command(library, entry.map_id)}"
    )
    return EXIT_OK


def cmd_trash(args: argparse.Namespace) -> int:
    from cyclemap.trash_words import plural

    library = open_library(args)
    entries = library.trash() if library.root.is_dir() else []
    if args.json:
        import json

        records = [
            {
                "id": entry.map_id,
                "key": entry.key,
                "title": _title(entry),
                "deleted": entry.deleted.isoformat().replace("+00:00", "Z"),
                "versions": entry.versions(),
                "log": entry.has_log(),
                "path": str(entry.folder),
            }
            for entry in entries
        ]
        out(json.dumps(records, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not entries:
        out("The trash is empty.")
        return EXIT_OK
    rows: list[tuple[str, str, str, str]] = []
    for entry in entries:
        kept = plural(entry.versions(), "version") + (", a check-in log" if entry.has_log() else "")
        deleted = entry.deleted.astimezone().strftime("%Y-%m-%d %H:%M")
        rows.append((entry.map_id, printable(_title(entry)), f"deleted {deleted}", kept))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out("  ".join([*cells, row[3]]))
    if len({entry.map_id for entry in entries}) < len(entries):
        out("An id deleted more than once: restore and purge take the latest; --json has each key.")
    return EXIT_OK


def register(command: Command) -> None:
    command(
        "delete",
        cmd_delete,
        "move a map to the trash (cyclemap restore ID brings it back)",
        _delete_arguments,
    )
    command("trash", cmd_trash, "the deleted maps, newest first", _trash_arguments)


def _delete_arguments(delete: argparse.ArgumentParser) -> None:
    delete.add_argument(
        "id", metavar="ID", help="the map's id in the library"
    ).complete = completers.ID  # type: ignore[attr-defined]


def _trash_arguments(trash: argparse.ArgumentParser) -> None:
    trash.add_argument("--json", action="store_true", help="as JSON")
