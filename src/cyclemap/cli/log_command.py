"""`cyclemap log`: the check-in log of a map, listed, added to, summed up by month, or written
out whole (text, Markdown, JSON)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from cyclemap.cli.common import EXIT_OK, Command, UserError, map_argument, open_library, out

if TYPE_CHECKING:
    from cyclemap.store import Library

T = TypeVar("T")

_LOG_ENTRY_OPTIONS = ("date", "what", "caught", "pause_phrase", "repair")


def cmd_log(args: argparse.Namespace) -> int:
    from cyclemap import checkin
    from cyclemap.history import library_id

    library = open_library(args)
    map_id = library_id(library, args.map)
    given = [name for name in _LOG_ENTRY_OPTIONS if getattr(args, name) is not None]
    if given and not args.add:
        raise UserError(
            "--date, --what, --caught, --pause-phrase and --repair describe a new check-in; "
            "add --add"
        )
    fmt = "json" if args.json else args.format
    if (fmt or args.last) and (args.add or args.summary):
        raise UserError("--format, --json and --last show the log; not with --add or --summary")
    if args.add:
        return _log_add(args, library, map_id)
    log = checkin.load_log(library, map_id)
    title = _log_title(library, map_id, has_log=checkin.log_path(library, map_id).exists())
    if args.summary:
        out(checkin.summary_chart(log, title, ascii=args.ascii))
    elif (fmt is None and not args.last) or (fmt != "json" and not log.entries):
        out(checkin.format_entries(log, title, map_id))
    else:
        from cyclemap.checkin_export import render

        out(render(log, fmt or "text", map_id=map_id, title=title, last=args.last))
    return EXIT_OK


def _log_title(library: Library, map_id: str, *, has_log: bool) -> str:
    from cyclemap.history import latest_map, versions
    from cyclemap.store import MapNotFound

    try:
        latest = latest_map(versions(library, map_id))
    except MapNotFound:
        if not has_log:
            raise
        return map_id
    return latest.title if latest else map_id


def _ask(prompt: str, parse: Callable[[str], T]) -> T:
    """Ask until the answer can be used; EOF stops without adding anything."""
    while True:
        try:
            text = input(prompt)
        except EOFError:
            sys.stdout.write("\n")  # the prompt's line ends before anything else is said
            raise UserError("stopped before the check-in was complete; nothing was added") from None
        except KeyboardInterrupt:  # ctrl+c: the same, and exit 130 as for any ctrl+c
            sys.stdout.write("\n")
            sys.stdout.flush()
            sys.stderr.write("cyclemap: stopped; nothing was added\n")
            raise
        try:
            return parse(text)
        except ValueError as error:
            sys.stderr.write(f"  {error}\n")


def _log_add(args: argparse.Namespace, library: Library, map_id: str) -> int:
    from cyclemap import checkin
    from cyclemap.checkin_entries import make_entry
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
    entry = make_entry(
        when=when or today,
        what_set_it_off=what,
        caught=caught,
        pause_phrase_used=pause,
        repair=repair,
    )
    log = checkin.add_entry(library, map_id, entry)  # read again: someone may have added one
    count = len(log.entries)
    out(
        f"Added a check-in of {checkin.format_day(entry.date)} to the log of "
        f"'{cycle_map.title}' ({count} in all)."
    )
    return EXIT_OK


def _yes_no(value: str) -> bool:
    from cyclemap.checkin import parse_yes_no

    answer = parse_yes_no(value)
    if answer is None:
        raise argparse.ArgumentTypeError(f"'{value}' is not yes or no")
    return answer


def _log_date(value: str) -> date:
    from cyclemap.checkin import parse_date

    try:
        return parse_date(value, date.today())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(command: Command) -> None:
    command(
        "log", cmd_log, "the check-in log of a map: list, add, or a summary by month", _arguments
    )


def _arguments(log: argparse.ArgumentParser) -> None:
    map_argument(log)
    action = log.add_mutually_exclusive_group()
    action.add_argument(
        "--add", action="store_true", help="add a check-in (asks for what's missing)"
    )
    action.add_argument(
        "--summary", action="store_true", help="how often the cycle was caught, month by month"
    )
    log.add_argument("--ascii", action="store_true", help="plain ASCII chart (with --summary)")
    whole = log.add_argument_group("the log written out whole")
    whole.add_argument(
        "--format",
        choices=("text", "md", "json"),
        help="every word of every entry, conversations in full: text, Markdown or JSON",
    )
    whole.add_argument("--json", action="store_true", help="the same as --format json")
    whole.add_argument("--last", action="store_true", help="only the newest entry")
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
