"""The commands of a map's saved versions: history, diff, restore, and purge."""

from __future__ import annotations

import argparse
import os
import sys

from cyclemap.cli.common import (
    EXIT_OK,
    Command,
    UserError,
    map_argument,
    open_library,
    out,
    printable,
    terminal_width,
)


def cmd_purge(args: argparse.Namespace) -> int:
    """Remove a map and everything kept of it, for good, once the person typed its id."""
    from cyclemap.store import MapNotFound, StoreError, load_file

    library = open_library(args)
    map_id = args.id
    library.path_for(map_id)  # a one-line error for anything that is not an id
    path = library.root / f"{map_id}.toml"
    versions = library.history(map_id) if library.root.is_dir() else []
    log = library.root / "logs" / f"{map_id}.toml"
    if not (os.path.lexists(path) or versions or os.path.lexists(log)):
        raise MapNotFound(
            f"no map called '{map_id}' in the library ({printable(str(library.root))}), "
            "nor in its history"
        )
    kept = f"{len(versions)} saved version{'s' if len(versions) != 1 else ''}"
    extra = " and its check-in log" if os.path.lexists(log) else ""
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(
                "purge removes a map for good: add --yes to confirm (no terminal to ask in)"
            )
        try:
            title = f"'{load_file(path).title}'" if path.exists() else map_id
        except StoreError:
            title = map_id
        sys.stderr.write(
            f"This removes {title} with its {kept}{extra} for good: it cannot be restored.\n"
        )
        try:
            answer = input(f"Type {map_id} to purge it, or press enter to keep it: ")
        except EOFError:
            answer = ""
        if answer.strip() != map_id:
            raise UserError(f"nothing was purged ('{map_id}' is as it was)")
    library.purge(map_id)
    out(f"Purged {map_id} with its {kept}{extra}; nothing of it is left in the library.")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from cyclemap.history import history_report, library_id, versions

    library = open_library(args)
    map_id = library_id(library, args.map)
    out(history_report(map_id, versions(library, map_id), width=terminal_width(None)))
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from cyclemap.history import diff_report, library_id, pick_for_diff, versions

    library = open_library(args)
    map_id = library_id(library, args.map)
    found = versions(library, map_id)
    old, new = pick_for_diff(map_id, found, args.first, args.second)
    out(diff_report(map_id, old, new))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from cyclemap.history import library_id, restore

    library = open_library(args)
    map_id = library_id(library, args.map)
    out(restore(library, map_id, args.version).message())
    return EXIT_OK


def _version_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a version number, like 2") from None


def register(command: Command) -> None:
    purge = command("purge", cmd_purge, "remove a map and all its history for good (asks first)")
    purge.add_argument("id", metavar="ID", help="the map's id in the library")
    purge.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    history = command("history", cmd_history, "the saved versions of a map, newest first")
    map_argument(history)
    diff = command(
        "diff",
        cmd_diff,
        "what changed between two versions, in words (default: the newest and the one before)",
    )
    map_argument(diff)
    diff.add_argument(
        "first", metavar="V1", nargs="?", type=_version_number, help="a version number"
    )
    diff.add_argument(
        "second",
        metavar="V2",
        nargs="?",
        type=_version_number,
        help="another version number (default: the newest)",
    )
    restore = command(
        "restore", cmd_restore, "bring a version back as the current map (this can be undone)"
    )
    map_argument(restore)
    restore.add_argument("version", metavar="V", type=_version_number, help="a version number")
