"""The commands of a map's saved versions: history, diff, restore (a version, or a deleted map
from the trash), and purge."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from cyclemap.cli import completers
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

if TYPE_CHECKING:
    from cyclemap.store import Library


def cmd_purge(args: argparse.Namespace) -> int:
    """Remove a map and everything kept of it (in the library and in the trash), for good, once
    the person typed its id (or --yes)."""
    from cyclemap.store import MapNotFound, StoreError, load_file
    from cyclemap.store.trash import parse_key
    from cyclemap.trash_words import plural

    library = open_library(args)
    ref = args.id
    one_entry = parse_key(ref)  # a key from `cyclemap trash --json`: that deleted map only
    map_id = one_entry[1] if one_entry else ref
    library.path_for(map_id)  # a one-line error for anything that is not an id
    path = library.root / f"{map_id}.toml"
    exists = library.root.is_dir()
    versions = library.history(map_id) if exists and not one_entry else []
    log = library.root / "logs" / f"{map_id}.toml"
    trashed = [e for e in (library.trash() if exists else []) if e.map_id == map_id]
    if one_entry:
        trashed = [e for e in trashed if e.key == ref]
        live = False
    else:
        live = os.path.lexists(path) or bool(versions) or os.path.lexists(log)
    if not (live or trashed):
        raise MapNotFound(
            f"no map called '{printable(ref)}' in the library ({printable(str(library.root))}), "
            "nor in its history or the trash"
        )
    count = len(versions) + sum(entry.versions() for entry in trashed)
    kept = f"its {plural(count, 'saved version')}" if count else "no saved versions"
    has_log = (live and os.path.lexists(log)) or any(entry.has_log() for entry in trashed)
    extra = " and its check-in log" if has_log else ""
    where = ""
    if trashed:
        deleted = "deleted copy" if len(trashed) == 1 else "deleted copies"
        where = f" (with {len(trashed)} {deleted} in the trash)" if live else " (in the trash)"
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError(
                "purge removes a map for good: add --yes to confirm (no terminal to ask in)"
            )
        source = path if path.exists() else trashed[0].map_path if trashed else None
        try:
            title = f"'{load_file(source).title}'" if source else map_id
        except StoreError:
            title = map_id
        sys.stderr.write(
            f"This removes {printable(title)}{where} with {kept}{extra} for good: "
            "it cannot be restored.\n"
        )
        try:
            answer = input(f"Type {map_id} to purge it, or press enter to keep it: ")
        except EOFError:
            answer = ""
        except KeyboardInterrupt:
            sys.stderr.write("\n")  # the prompt's line ends before the shell's comes back
            raise
        if answer.strip() != map_id:
            raise UserError(f"nothing was purged ('{map_id}' is as it was)")
    if one_entry:
        library.purge_trashed(ref)
    else:
        library.purge(map_id)
    out(f"Purged {map_id}{where} with {kept}{extra}; nothing of it is left in the library.")
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
    """`restore ID V`: a saved version back as the current map. `restore ID`: a deleted map
    back from the trash (its latest delete; a key from `trash --json` names one)."""
    from cyclemap.history import library_id, restore

    library = open_library(args)
    if args.version is None:
        return _restore_from_trash(library, args.map)
    map_id = library_id(library, args.map)
    out(restore(library, map_id, args.version).message())
    return EXIT_OK


def _restore_from_trash(library: Library, ref: str) -> int:
    from cyclemap.store import MapNotFound
    from cyclemap.store.trash import parse_key
    from cyclemap.trash_words import what_it_took

    if parse_key(ref) is None:
        from cyclemap.history import library_id

        ref = library_id(library, ref)  # an id, or the path of a map in the library
    try:
        entry = library.trashed(ref) if library.root.is_dir() else None
    except MapNotFound:
        entry = None
    if entry is None:
        if library.exists(ref):
            raise UserError(
                f"'{ref}' is not in the trash; to bring back a saved version, give its number: "
                f"cyclemap restore {ref} V (cyclemap history {ref} lists them)"
            )
        raise MapNotFound(
            f"no map called '{printable(ref)}' in the trash ({printable(str(library.root))})"
        )
    took = what_it_took(entry)  # counted while it is still in the trash
    library.restore_trashed(entry.key)
    restored = library.root / f"{entry.map_id}.toml"
    from cyclemap.store import StoreError, load_file

    try:
        title = f"'{printable(load_file(restored).title)}' ({entry.map_id})"
    except StoreError:
        title = entry.map_id
    out(f"Restored {title} from the trash{took}.")
    return EXIT_OK


def _version_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a version number, like 2") from None


def register(command: Command) -> None:
    command(
        "purge",
        cmd_purge,
        "remove a map, its history and its log for good, in the library or the trash (asks first)",
        _purge_arguments,
    )
    command("history", cmd_history, "the saved versions of a map, newest first", map_argument)
    command(
        "diff",
        cmd_diff,
        "what changed between two versions, in words (default: the newest and the one before)",
        _diff_arguments,
    )
    command(
        "restore",
        cmd_restore,
        "ID V: bring version V back as the current map (this can be undone); "
        "ID alone: bring a deleted map back from the trash",
        _restore_arguments,
    )


def _purge_arguments(purge: argparse.ArgumentParser) -> None:
    purge.add_argument(
        "id", metavar="ID", help="the map's id (in the library or the trash)"
    ).complete = completers.ID  # type: ignore[attr-defined]
    purge.add_argument(
        "--yes", "--force", dest="yes", action="store_true", help="do not ask (for scripts)"
    )


def _diff_arguments(diff: argparse.ArgumentParser) -> None:
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


def _restore_arguments(restore: argparse.ArgumentParser) -> None:
    map_argument(restore)
    restore.add_argument(
        "version",
        metavar="V",
        nargs="?",
        type=_version_number,
        help="a version number (from cyclemap history); without it, from the trash",
    )
