"""What every command shares: the errors a person sees, the library, and printing safely."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from cyclemap.store import Library

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_USAGE = 2


class UserError(Exception):
    """Something the person can fix; printed as one line, exit 1."""


class UsageError(Exception):
    """The words of the command are off: exit 2, like argparse's own errors."""


Handler = Callable[[argparse.Namespace], int]
Arguments = Callable[[argparse.ArgumentParser], None]


class Command(Protocol):
    """What each group of commands registers its subcommands with (cli/__init__.build_parser):
    command(name, handler, help, arguments) adds a subcommand; `arguments` adds its arguments
    to its parser, and is called only when the parser being built holds that command."""

    def __call__(
        self, name: str, handler: Handler, help_text: str, arguments: Arguments | None = None, /
    ) -> None: ...


def open_library(args: argparse.Namespace) -> Library:
    """The library of --data-dir, $CYCLEMAP_HOME or the default, its folder checked: made
    private when others could enter it (one line on stderr says so), refused when it is
    another user's (StoreError)."""
    from cyclemap.store import Library, library_path

    library = Library(library_path(args.data_dir))
    notice = library.check_folder()
    if notice:
        sys.stderr.write(f"cyclemap: {printable(notice)}\n")
    return library


def _is_utf8(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    return encoding in {"utf-8", "utf8"}


# What a terminal without UTF-8 is shown instead of the punctuation cyclemap uses most.
_PLAIN = {"–": "-", "—": "-", "·": "-", "→": "->", "←": "<-", "…": "...", "“": '"', "”": '"'}
_PLAIN |= {"‘": "'", "’": "'", "•": "*", "×": "x", "\u00a0": " "}


def _plainer(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_PLAIN.get(char, "?") for char in text), error.end


def prepare_streams() -> None:
    """UTF-8 out whatever the locale: a file or a pipe (a Windows redirect, LANG=C,
    PYTHONIOENCODING=cp1252) gets UTF-8, as every file cyclemap writes; a terminal that cannot
    show UTF-8 gets what it can: plain punctuation for ours, '?' for the rest (and `show` draws in ASCII for it)."""
    for stream in (sys.stdout, sys.stderr):
        if _is_utf8(stream) or not hasattr(stream, "reconfigure"):
            continue
        try:
            if stream.isatty():
                import codecs

                codecs.register_error("cyclemap-plain", _plainer)
                stream.reconfigure(errors="cyclemap-plain")
            else:
                stream.reconfigure(encoding="utf-8", errors="strict")
        except (OSError, ValueError):  # closed, or not a text stream after all
            continue


def terminal_shows_unicode() -> bool:
    return _is_utf8(sys.stdout)


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def printable(text: str) -> str:
    """Text from outside (a file name) on one line, with no control characters."""
    from cyclemap.terms import clean_text

    return re.sub("[\n\t\x85\u2028\u2029]", " ", clean_text(text))


def warn(message: str) -> None:
    sys.stderr.write(f"cyclemap: warning: {message}\n")


def terminal_width(requested: int | None) -> int:
    if requested is not None:
        return requested
    return max(20, min(terminal_columns(), 200))


def terminal_columns() -> int:
    """The columns shutil.get_terminal_size((80, 24)) says ($COLUMNS, else the terminal of
    stdout, else 80), found without importing shutil: it imports bz2, lzma and zlib, a few
    milliseconds of every command's start."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    if stdout is None:
        return 80
    try:
        return os.get_terminal_size(stdout.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def width_type(value: str) -> int:
    try:
        width = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 20 <= width <= 1000:
        raise argparse.ArgumentTypeError("the width must be between 20 and 1000 columns")
    return width


def map_argument(sub: argparse.ArgumentParser, **options: Any) -> None:
    from cyclemap.cli.completers import MAP

    options.setdefault(
        "help",
        "a map's id in the library, or a path to a map file (anything with a '/' or ending in .toml)",
    )
    sub.add_argument("map", metavar="ID", **options).complete = MAP  # type: ignore[attr-defined]


def file_argument(sub: argparse.ArgumentParser) -> None:
    from cyclemap.cli.completers import TOML_FILE

    sub.add_argument("file", metavar="FILE", help="a map file (.toml)").complete = TOML_FILE  # type: ignore[attr-defined]


def output_arguments(sub: argparse.ArgumentParser) -> None:
    from cyclemap.cli.completers import FILE

    sub.add_argument(
        "-o", "--output", metavar="PATH", help="a file, a folder (ending in /), or - (stdout)"
    ).complete = FILE  # type: ignore[attr-defined]
    sub.add_argument("--force", action="store_true", help="replace a file that is there")


def write_output_file(destination: str, data: bytes, default_name: str, *, force: bool) -> Path:
    """`-o destination` for any command: the rules of store.outfile, with the question a person
    at a terminal is asked before a file is replaced (without one, --force is the yes)."""
    from cyclemap.store.outfile import OutputExists, output_path, write_output

    path = output_path(destination, default_name)
    try:
        write_output(path, data, replace=force)
    except OutputExists:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise UserError(
                f"{printable(str(path))} already exists; add --force to replace it"
            ) from None
        if not ask_yes(f"{printable(str(path))} already exists. Replace it? [y/N] "):
            raise UserError(f"nothing was written ({printable(str(path))} is as it was)") from None
        write_output(path, data, replace=True)
    if path != Path(os.devnull):
        sys.stderr.write(f"Wrote {printable(str(path))}\n")
    return path


def ask_yes(question: str) -> bool:
    """A yes or no at the terminal; anything but y or yes (enter, ctrl+d) is no."""
    sys.stderr.write(question)
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        raise
    if not answer.endswith("\n"):
        sys.stderr.write("\n")
    return answer.strip().casefold() in {"y", "yes"}
