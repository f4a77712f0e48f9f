"""The command line. No arguments opens the app; the other commands print and exit.

Only the commands that open the app import Textual (inside `_run_app`), so that `list`, `show`,
`export` and friends start fast. Heavy core modules are imported inside each command for the
same reason.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cyclemap import __version__

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2

TEXT_FORMATS = ("text", "md")


class UserError(Exception):
    """Something the person can fix; printed as one line, exit 1."""


class _UsageError(Exception):
    """The words of the command are off: exit 2, like argparse's own errors."""


def _library(args: argparse.Namespace):
    from cyclemap.store import Library, library_path

    return Library(library_path(args.data_dir))


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _printable(text: str) -> str:
    """Text from outside (a file name) on one line, with no control characters."""
    import re

    from cyclemap.terms import clean_text

    return re.sub("[\n\t\x85\u2028\u2029]", " ", clean_text(text))


def _warn(message: str) -> None:
    sys.stderr.write(f"cyclemap: warning: {message}\n")


# ---- commands that open the app -------------------------------------------------------------


def _run_app(args: argparse.Namespace, **options) -> int:
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        raise UserError("the app needs a terminal; for a text version try 'cyclemap show ID'")
    from cyclemap.tui.app import CycleMapApp

    library = _library(args)
    CycleMapApp(library.root, **options).run()
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    return _run_app(args)


def cmd_new(args: argparse.Namespace) -> int:
    return _run_app(args, start="new", couple=args.couple)


def cmd_open(args: argparse.Namespace) -> int:
    _library(args).resolve(args.map)  # a missing map is a one-line error before the app starts
    return _run_app(args, start="open", map_ref=args.map)


def cmd_present(args: argparse.Namespace) -> int:
    if args.demo == bool(args.map):
        raise _UsageError("give a map's id or --demo (one of the two)")
    if args.map:
        _library(args).resolve(args.map)
    return _run_app(args, start="present", map_ref=args.map, demo=args.demo)


# ---- commands that print --------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    library = _library(args)
    entries = library.summaries() if library.root.is_dir() else []
    for entry in entries:
        if entry.broken:
            # A file in the library may be called anything (a sync, a download): its name must
            # neither act on the terminal nor break the line.
            _warn(f"skipped {_printable(str(entry.path))}: {entry.error}")
    maps = [entry for entry in entries if not entry.broken]
    if args.json:
        import json

        rows = [
            {
                "id": e.map.id,
                "title": e.map.title,
                "cycle_name": e.map.cycle_name,
                "couple": e.map.couple,
                "pattern": e.map.pattern.value,
                "partners": [p.name for p in e.map.partners],
                "updated": e.map.updated.isoformat().replace("+00:00", "Z"),
                "path": str(e.path),
            }
            for e in maps
        ]
        _print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not maps:
        if not entries:
            _print(f"No maps yet in {_printable(str(library.root))}. Start one with: cyclemap new")
        return EXIT_OK
    _print(_list_table(maps))
    return EXIT_OK


def _list_table(entries) -> str:
    rows = []
    for e in entries:
        m = e.map
        names = " & ".join(p.name for p in m.partners)
        name = f'"{m.cycle_name}"' if m.cycle_name else ""
        rows.append((m.id, m.title, name, m.pattern.label, names, m.updated.strftime("%Y-%m-%d")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _terminal_width(requested: int | None) -> int:
    if requested is not None:
        return requested
    import shutil

    return max(20, min(shutil.get_terminal_size((80, 24)).columns, 200))


def cmd_show(args: argparse.Namespace) -> int:
    cycle_map = _library(args).load_view(args.map)
    width = _terminal_width(args.width)
    if sys.stdout.isatty() and not args.ascii:
        # The same document as the text export, with colour for a terminal.
        from rich.console import Console

        from cyclemap.export import document

        console = Console(width=width, highlight=False, soft_wrap=False)
        for line in document(cycle_map, width=width):
            console.print(line)
        return EXIT_OK
    from cyclemap.export import render

    _print(render(cycle_map, "text", ascii=args.ascii, width=width))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from cyclemap import export

    cycle_map = _library(args).load_view(args.map)
    width = args.width or 80
    if args.output in (None, "-"):
        sys.stdout.write(export.render(cycle_map, args.format, ascii=args.ascii, width=width))
        return EXIT_OK
    destination = Path(args.output).expanduser()
    if destination.is_dir():
        destination = destination / export.suggested_filename(cycle_map, args.format)
    export.write(cycle_map, args.format, destination, ascii=args.ascii, width=width)
    if destination != Path(os.devnull):
        sys.stderr.write(f"Wrote {_printable(str(destination))}\n")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from cyclemap.store import load_file

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise UserError(f"{source}: no such file")
    cycle_map = load_file(source)
    library = _library(args)
    if library.exists(cycle_map.id) and not args.replace:
        raise UserError(
            f"a map called '{cycle_map.id}' is already in the library; "
            "add --replace to replace it (the current version is kept in its history)"
        )
    library.save(cycle_map)
    _print(f"Imported '{cycle_map.title}' as {cycle_map.id} into {_printable(str(library.root))}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from cyclemap.store import load_file

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    cycle_map = load_file(path)
    names = " & ".join(p.name for p in cycle_map.partners)
    _print(f"ok: {_printable(str(path))} — '{cycle_map.title}', {names}, {cycle_map.pattern.label}")
    return EXIT_OK


def cmd_worksheet(args: argparse.Namespace) -> int:
    from cyclemap.worksheet import render_worksheet

    text = render_worksheet(args.format)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    from cyclemap.store import atomic_write

    destination = Path(args.output).expanduser()
    atomic_write(destination, text.encode("utf-8"))
    sys.stderr.write(f"Wrote {_printable(str(destination))}\n")
    return EXIT_OK


def cmd_where(args: argparse.Namespace) -> int:
    _print(str(_library(args).root))
    return EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    """Remove a map and everything kept of it, for good, once the person typed its id."""
    from cyclemap.store import MapNotFound, StoreError, load_file

    library = _library(args)
    map_id = args.id
    library.path_for(map_id)  # a one-line error for anything that is not an id
    path = library.root / f"{map_id}.toml"
    versions = library.history(map_id) if library.root.is_dir() else []
    log = library.root / "logs" / f"{map_id}.toml"
    if not (os.path.lexists(path) or versions or os.path.lexists(log)):
        raise MapNotFound(
            f"no map called '{map_id}' in the library ({_printable(str(library.root))}), "
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
    _print(f"Purged {map_id} with its {kept}{extra}; nothing of it is left in the library.")
    return EXIT_OK


# ---- history and check-ins (issue 5) ----------------------------------------------------------


def cmd_history(args: argparse.Namespace) -> int:
    from cyclemap.history import history_report, library_id, versions

    library = _library(args)
    map_id = library_id(library, args.map)
    _print(history_report(map_id, versions(library, map_id), width=_terminal_width(None)))
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from cyclemap.history import diff_report, library_id, pick_for_diff, versions

    library = _library(args)
    map_id = library_id(library, args.map)
    found = versions(library, map_id)
    old, new = pick_for_diff(map_id, found, args.first, args.second)
    _print(diff_report(map_id, old, new))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from cyclemap.history import library_id, restore

    library = _library(args)
    map_id = library_id(library, args.map)
    _print(restore(library, map_id, args.version).message())
    return EXIT_OK


_LOG_ENTRY_OPTIONS = ("date", "what", "caught", "pause_phrase", "repair")


def cmd_log(args: argparse.Namespace) -> int:
    from cyclemap import checkin
    from cyclemap.history import library_id

    library = _library(args)
    map_id = library_id(library, args.map)
    given = [name for name in _LOG_ENTRY_OPTIONS if getattr(args, name) is not None]
    if given and not args.add:
        raise UserError(
            "--date, --what, --caught, --pause-phrase and --repair describe a new check-in; "
            "add --add"
        )
    if args.add:
        return _log_add(args, library, map_id)
    log = checkin.load_log(library, map_id)
    title = _log_title(library, map_id, has_log=checkin.log_path(library, map_id).exists())
    if args.summary:
        _print(checkin.summary_chart(log, title, ascii=args.ascii))
    else:
        _print(checkin.format_entries(log, title, map_id))
    return EXIT_OK


def _log_title(library, map_id: str, *, has_log: bool) -> str:
    from cyclemap.history import latest_map, versions
    from cyclemap.store import MapNotFound

    try:
        latest = latest_map(versions(library, map_id))
    except MapNotFound:
        if not has_log:
            raise
        return map_id
    return latest.title if latest else map_id


def _ask(prompt: str, parse: Callable[[str], object]):
    """Ask until the answer can be used; EOF stops without adding anything."""
    while True:
        try:
            text = input(prompt)
        except EOFError:
            sys.stdout.write("\n")
            raise UserError("stopped before the check-in was complete; nothing was added") from None
        try:
            return parse(text)
        except ValueError as error:
            sys.stderr.write(f"  {error}\n")


def _log_add(args: argparse.Namespace, library, map_id: str) -> int:
    from datetime import date

    from cyclemap import checkin
    from cyclemap.terms import ANSWER_MAX, clean_text

    cycle_map = library.load(map_id)  # a check-in belongs to a map that is there
    log = checkin.load_log(library, map_id)  # a broken log stops us before any question
    interactive = sys.stdin.isatty()
    missing = [name for name in ("what", "caught") if getattr(args, name) is None]
    if missing and not interactive:
        options = " and ".join(f"--{name}" for name in missing)
        raise UserError(
            f"no terminal to ask in: give {options} (for example --what 'the dishes' --caught yes)"
        )
    today = date.today()

    def text(required: bool) -> Callable[[str], str | None]:
        def parse(value: str) -> str | None:
            value = clean_text(value).strip()
            if not value and required:
                raise ValueError("A few words are enough.")
            if len(value) > ANSWER_MAX:
                raise ValueError(f"That is {len(value):,} characters; at most {ANSWER_MAX:,}.")
            return value or None

        return parse

    def yes_no(optional: bool) -> Callable[[str], bool | None]:
        def parse(value: str) -> bool | None:
            if optional and not value.strip():
                return None
            answer = checkin.parse_yes_no(value)
            if answer is None:
                raise ValueError(
                    "Please answer y or n" + (", or press enter to skip." if optional else ".")
                )
            return answer

        return parse

    when = args.date
    what = args.what
    caught = args.caught
    pause = args.pause_phrase
    repair = args.repair
    if interactive:
        print(f"A check-in for '{cycle_map.title}'. Press ctrl+d to stop without saving.")
        if when is None:
            when = _ask(
                f"When was it? (YYYY-MM-DD, enter for today, {today.isoformat()}): ",
                lambda value: checkin.parse_date(value, today) if value.strip() else today,
            )
        if what is None:
            what = _ask("What set it off? ", text(required=True))
        if caught is None:
            caught = _ask("Did you catch the cycle while it was happening? (y/n): ", yes_no(False))
        if pause is None and caught:
            phrase = f' ("{cycle_map.pause_phrase}")' if cycle_map.pause_phrase else ""
            pause = _ask(
                f"Did one of you say your pause phrase{phrase}? (y/n, enter to skip): ",
                yes_no(True),
            )
        if repair is None:
            repair = _ask("How did you repair, if you did? (enter to skip): ", text(required=False))
    entry = checkin.make_entry(
        when=when or today,
        what_set_it_off=what,
        caught=caught,
        pause_phrase_used=pause,
        repair=repair,
    )
    log = log.added(entry)
    checkin.save_log(library, map_id, log)
    count = len(log.entries)
    _print(
        f"Added a check-in of {checkin.format_day(entry.date)} to the log of "
        f"'{cycle_map.title}' ({count} in all)."
    )
    return EXIT_OK


def _version_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a version number, like 2") from None


def _yes_no(value: str) -> bool:
    from cyclemap.checkin import parse_yes_no

    answer = parse_yes_no(value)
    if answer is None:
        raise argparse.ArgumentTypeError(f"'{value}' is not yes or no")
    return answer


def _log_date(value: str):
    from datetime import date

    from cyclemap.checkin import parse_date

    try:
        return parse_date(value, date.today())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_history_commands(command, map_argument) -> None:
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
    log = command("log", cmd_log, "the check-in log of a map: list, add, or a summary by month")
    map_argument(log)
    action = log.add_mutually_exclusive_group()
    action.add_argument(
        "--add", action="store_true", help="add a check-in (asks for what's missing)"
    )
    action.add_argument(
        "--summary", action="store_true", help="how often the cycle was caught, month by month"
    )
    log.add_argument("--ascii", action="store_true", help="plain ASCII chart (with --summary)")
    entry = log.add_argument_group("a new check-in (with --add)")
    entry.add_argument("--date", type=_log_date, metavar="YYYY-MM-DD", help="default: today")
    entry.add_argument("--what", metavar="TEXT", help="what set it off")
    entry.add_argument("--caught", type=_yes_no, metavar="yes|no", help="did you catch it?")
    entry.add_argument(
        "--pause-phrase",
        type=_yes_no,
        metavar="yes|no",
        help="did one of you say the pause phrase?",
    )
    entry.add_argument("--repair", metavar="TEXT", help="how you repaired (optional)")


# ---- end of history and check-ins (issue 5) ---------------------------------------------------


# ---- the parser -----------------------------------------------------------------------------


def _width(value: str) -> int:
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 20 <= width <= 1000:
        raise argparse.ArgumentTypeError("the width must be between 20 and 1000 columns")
    return width


def build_parser() -> argparse.ArgumentParser:
    from cyclemap.export import FORMATS

    parser = argparse.ArgumentParser(
        prog="cyclemap",
        description="Map the negative cycle of Emotionally Focused Therapy, together. "
        "With no command, opens the app on your library.",
    )
    parser.add_argument("--version", action="version", version=f"cyclemap {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="the library folder (default: $CYCLEMAP_HOME, or your user data folder)",
    )
    parser.set_defaults(handler=cmd_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # --data-dir is accepted after the command too; SUPPRESS keeps the main parser's value when
    # it is not repeated there.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="PATH", default=argparse.SUPPRESS, help="the library folder"
    )

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str):
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    def map_argument(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "map", metavar="ID", help="a map's id in the library, or a path to a .toml"
        )

    new = command("new", cmd_new, "open the app straight into the guided walkthrough")
    new.add_argument("--couple", metavar="NAMES", help='pre-fill the names, like "Alex & Sam"')
    map_argument(command("open", cmd_open, "open the app on one map"))
    present = command("present", cmd_present, "show a cycle step by step on a shared screen")
    present.add_argument("map", metavar="ID", nargs="?", help="a map's id, or a path to a .toml")
    present.add_argument(
        "--demo", action="store_true", help="a made-up example couple, for teaching"
    )
    listing = command("list", cmd_list, "the library, a line a map")
    listing.add_argument("--json", action="store_true", help="as JSON")
    show = command("show", cmd_show, "draw a map's cycle in the terminal")
    map_argument(show)
    show.add_argument("--ascii", action="store_true", help="plain ASCII, no box-drawing characters")
    show.add_argument("--width", type=_width, metavar="N", help="columns (default: the terminal's)")
    export = command("export", cmd_export, "write a map as text, Markdown, a picture or data")
    map_argument(export)
    export.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    export.add_argument("--ascii", action="store_true", help="ASCII diagram (text and md)")
    export.add_argument("--width", type=_width, metavar="N", help="columns (default: 80)")
    export.add_argument("-o", "--output", metavar="PATH", help="a file, a folder, or - (stdout)")
    importing = command("import", cmd_import, "check a map file and add it to the library")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--replace", action="store_true", help="replace a map with the same id")
    command("check", cmd_check, "check a map file; exit 1 with the reason").add_argument(
        "file", metavar="FILE"
    )
    worksheet = command("worksheet", cmd_worksheet, "a blank printable worksheet")
    worksheet.add_argument("--format", choices=TEXT_FORMATS, default="text", help="default: text")
    worksheet.add_argument("-o", "--output", metavar="PATH", help="a file, or - (stdout)")
    command("where", cmd_where, "where the library is")
    purge = command("purge", cmd_purge, "remove a map and all its history for good (asks first)")
    purge.add_argument("id", metavar="ID", help="the map's id in the library")
    purge.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    _add_history_commands(command, map_argument)  # history and check-ins (issue 5)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from cyclemap.store import StoreError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except _UsageError as error:
        parser.error(str(error))  # exits 2 with the usage line
    except (UserError, StoreError) as error:
        # A path or an id as typed can hold anything (an escape sequence in a file name).
        sys.stderr.write(f"cyclemap: {_printable(str(error))}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); point stdout at nothing so Python's exit flush
        # doesn't complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"cyclemap: {_printable(f'{where}{error.strerror or error}')}\n")
        return EXIT_USER_ERROR
    except Exception as error:  # never a traceback for a person; CYCLEMAP_DEBUG=1 shows it
        if os.environ.get("CYCLEMAP_DEBUG"):
            raise
        sys.stderr.write(
            f"cyclemap: an unexpected error stopped this command ({type(error).__name__}); "
            "run it again with CYCLEMAP_DEBUG=1 to see the details\n"
        )
        return EXIT_USER_ERROR
