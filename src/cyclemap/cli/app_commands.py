"""The commands that open the app. Only these import Textual (inside `run_app`), so that
`list`, `show`, `export` and friends start fast."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import Any

from cyclemap.cli import completers
from cyclemap.cli.common import (
    EXIT_OK,
    Command,
    UsageError,
    UserError,
    map_argument,
    open_library,
    out,
    printable,
)
from cyclemap.store import StoreError


def run_app(args: argparse.Namespace, **options: Any) -> str | None:
    """The app on the library; what a pause or a conversation ended in (see CycleMapApp)."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError("the app needs a terminal; for a text version try 'cyclemap show ID'")
    from cyclemap.tui.app import CycleMapApp

    app = CycleMapApp(open_library(args).root, **options)
    gc.enable()  # off while a command starts (cyclemap.entry); the app runs for hours
    app.run()
    return app.result


def cmd_app(args: argparse.Namespace) -> int:
    run_app(args)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    run_app(args, start="new", couple=args.couple)
    return EXIT_OK


def cmd_open(args: argparse.Namespace) -> int:
    open_library(args).resolve(args.map)  # a missing map is a one-line error before the app starts
    run_app(args, start="open", map_ref=args.map)
    return EXIT_OK


def cmd_present(args: argparse.Namespace) -> int:
    if args.demo == bool(args.map):
        raise UsageError("give a map's id or --demo (one of the two)")
    if args.map:
        open_library(args).resolve(args.map)
    run_app(args, start="present", map_ref=args.map, demo=args.demo)
    return EXIT_OK


def _moment(args: argparse.Namespace, what: str, **options: Any) -> int:
    """`pause` and `talk`: a map of the library (checked before the app starts), and a line
    after it closes saying where the pause or the conversation went (never a word of it)."""
    from cyclemap.conversation_words import goodbye_line

    library = open_library(args)
    path = library.resolve(args.map)
    if path.resolve().parent != library.root.resolve():
        raise UserError(
            "the pause and the conversation are noted in a map's check-in log, which only maps "
            "in your library have; import the file first: cyclemap import FILE"
        )
    map_id = path.stem
    result = run_app(args, start=what, map_ref=map_id, **options)
    try:
        title = library.load(map_id).title
    except (OSError, StoreError):
        title = map_id
    import shlex

    option = f" --data-dir {shlex.quote(args.data_dir)}" if args.data_dir else ""
    line = goodbye_line(result, map_id, printable(title), option)
    if line:
        out(line)
    return EXIT_OK


def cmd_pause(args: argparse.Namespace) -> int:
    return _moment(args, "pause", motion=not args.no_motion)


def cmd_talk(args: argparse.Namespace) -> int:
    return _moment(args, "talk")


def register(command: Command) -> None:
    command("new", cmd_new, "open the app straight into the guided walkthrough", _new_arguments)
    command("open", cmd_open, "open the app on one map", map_argument)
    command(
        "present",
        cmd_present,
        "show a cycle step by step on a shared screen",
        _present_arguments,
    )
    command(
        "pause",
        cmd_pause,
        "for when the cycle starts: your pause phrase, a breathing pacer, a time to come back",
        _pause_arguments,
    )
    command(
        "talk",
        cmd_talk,
        "for after a rocky moment: talk it through, one of you at a time, with your map",
        _library_map_argument,
    )


def _new_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("--couple", metavar="NAMES", help='pre-fill the names, like "Alex & Sam"')


def _present_arguments(present: argparse.ArgumentParser) -> None:
    map_argument(
        present,
        nargs="?",
        help="a map's id, or a path to a map file (with a '/' or ending in .toml)",
    )
    present.add_argument(
        "--demo", action="store_true", help="a made-up example couple, for teaching"
    )


def _pause_arguments(pause: argparse.ArgumentParser) -> None:
    _library_map_argument(pause)
    pause.add_argument(
        "--no-motion", action="store_true", help="a still breathing guide instead of a moving one"
    )


def _library_map_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("map", metavar="ID", help="a map's id in the library").complete = completers.ID  # type: ignore[attr-defined]
