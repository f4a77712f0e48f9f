"""The commands that open the app. Only these import Textual (inside `run_app`), so that
`list`, `show`, `export` and friends start fast."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cyclemap.cli.common import EXIT_OK, Command, UsageError, UserError, map_argument, open_library


def run_app(args: argparse.Namespace, **options: Any) -> int:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError("the app needs a terminal; for a text version try 'cyclemap show ID'")
    from cyclemap.tui.app import CycleMapApp

    CycleMapApp(open_library(args).root, **options).run()
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    return run_app(args)


def cmd_new(args: argparse.Namespace) -> int:
    return run_app(args, start="new", couple=args.couple)


def cmd_open(args: argparse.Namespace) -> int:
    open_library(args).resolve(args.map)  # a missing map is a one-line error before the app starts
    return run_app(args, start="open", map_ref=args.map)


def cmd_present(args: argparse.Namespace) -> int:
    if args.demo == bool(args.map):
        raise UsageError("give a map's id or --demo (one of the two)")
    if args.map:
        open_library(args).resolve(args.map)
    return run_app(args, start="present", map_ref=args.map, demo=args.demo)


def register(command: Command) -> None:
    new = command("new", cmd_new, "open the app straight into the guided walkthrough")
    new.add_argument("--couple", metavar="NAMES", help='pre-fill the names, like "Alex & Sam"')
    map_argument(command("open", cmd_open, "open the app on one map"))
    present = command("present", cmd_present, "show a cycle step by step on a shared screen")
    present.add_argument(
        "map",
        metavar="ID",
        nargs="?",
        help="a map's id, or a path to a map file (with a '/' or ending in .toml)",
    )
    present.add_argument(
        "--demo", action="store_true", help="a made-up example couple, for teaching"
    )
