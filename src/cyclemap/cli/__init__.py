"""The command line. No arguments opens the app; the other commands print and exit.

One module a group of commands, each with a `register(command)` that adds its subcommands to
the parser: `app_commands` (the ones that open the app, the only ones that import Textual),
`map_commands`, `version_commands`, `trash_commands` and `log_command`. Heavy core modules are
imported inside each command, so that a command starts with only what it needs.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Sequence

from cyclemap import __version__
from cyclemap.cli import (
    app_commands,
    completers,
    log_command,
    map_commands,
    shell_commands,
    trash_commands,
    version_commands,
)
from cyclemap.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    EXIT_USER_ERROR,
    Arguments,
    Handler,
    UsageError,
    UserError,
    prepare_streams,
    printable,
)
from cyclemap.cli.parser import NotSlim, Parser, SlimParser

__all__ = ["EXIT_OK", "EXIT_USAGE", "EXIT_USER_ERROR", "UserError", "build_parser", "main"]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, the same parser holding that one command, a
    SlimParser (see _parse)."""
    parser = (Parser if only is None else SlimParser)(
        prog="cyclemap",
        description="Map the negative cycle of Emotionally Focused Therapy, together. "
        "With no command, opens the app on your library.",
    )
    parser.add_argument("--version", action="version", version=f"cyclemap {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="the library folder (default: $CYCLEMAP_HOME, or your user data folder)",
    ).complete = completers.DIRECTORY  # type: ignore[attr-defined]
    parser.set_defaults(handler=app_commands.cmd_app, command_parser=parser)
    if only is None:  # `completion` writes its script from the whole parser
        parser.set_defaults(root_parser=parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # --data-dir is accepted after the command too; SUPPRESS keeps the main parser's value when
    # it is not repeated there.
    common = Parser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="PATH", default=argparse.SUPPRESS, help="the library folder"
    ).complete = completers.DIRECTORY  # type: ignore[attr-defined]

    def command(
        name: str, handler: Handler, help_text: str, arguments: Arguments | None = None, /
    ) -> None:
        if only is not None and name != only:
            return
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[common])
        # A command's own mistakes are answered with its own usage (see main).
        sub.set_defaults(handler=handler, command_parser=sub)
        if arguments is not None:
            arguments(sub)

    app_commands.register(command)
    map_commands.register(command)
    version_commands.register(command)
    trash_commands.register(command)
    log_command.register(command)
    shell_commands.register(command)
    return parser


def _parse(argv: list[str]) -> argparse.Namespace:
    """argv parsed. Building the whole parser costs more than most commands take to run, so
    the command named is tried first with a parser holding only it; whatever that parser
    would print (help, a mistake) the whole parser says instead, and so does anything before
    the command but --data-dir PATH. What the slim parser accepts, the whole parser reads the
    same way (tests/test_cli_parser.py)."""
    name = _command_named(argv)
    if name is not None and name not in _WHOLE_PARSER:
        try:
            return build_parser(only=name).parse_args(argv)
        except NotSlim:
            pass
    return build_parser().parse_args(argv)


_WHOLE_PARSER = {"completion"}  # it writes its script from the whole parser (root_parser)


def _command_named(argv: Sequence[str]) -> str | None:
    """The first word of argv that may be a command, after --data-dir and its value; None
    when something else comes first."""
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("--data-dir="):
            return None if word.startswith("-") else word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from cyclemap.store import StoreError

    prepare_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    if shell_commands.COMPLETE_IDS in argv[:3]:  # for the completion scripts; not in --help
        return shell_commands.complete_ids(argv)
    args = _parse(argv)
    handler: Handler = args.handler
    try:
        code = handler(args)
        sys.stdout.flush()  # a full disk behind stdout is found here, not at exit
        return code
    except UsageError as error:
        # Exits 2 with the command's usage line, said by the whole parser.
        command_parser: argparse.ArgumentParser = build_parser().parse_args(argv).command_parser
        command_parser.error(str(error))
    except (UserError, StoreError) as error:
        # A path or an id as typed can hold anything (an escape sequence in a file name).
        sys.stderr.write(f"cyclemap: {printable(str(error))}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`).
        _drop_stdout()
        return EXIT_OK
    except OSError as error:
        if error.filename:
            where = f"{error.filename}: "
        elif error.errno in _WRITE_ERRORS:
            # Every file cyclemap writes says its own name (store.outfile); this is stdout.
            where = f"could not write to {_stdout_name()}: "
        else:
            where = ""
        sys.stderr.write(f"cyclemap: {printable(f'{where}{error.strerror or error}')}\n")
        _drop_stdout()
        return EXIT_USER_ERROR
    except Exception as error:  # never a traceback for a person; CYCLEMAP_DEBUG=1 shows it
        if os.environ.get("CYCLEMAP_DEBUG"):
            raise
        sys.stderr.write(
            f"cyclemap: an unexpected error stopped this command ({type(error).__name__}); "
            "run it again with CYCLEMAP_DEBUG=1 to see the details\n"
        )
        return EXIT_USER_ERROR


_WRITE_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EROFS}


def _stdout_name() -> str:
    """'standard output (/dev/full)': where stdout leads, when the system says."""
    try:
        target = os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}")
    except (OSError, ValueError, AttributeError):
        return "standard output"
    return f"standard output ({target})" if target.startswith("/") else "standard output"


def _drop_stdout() -> None:
    """Point stdout at nothing, so that Python's flush at exit has nothing to complain of."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
