"""The argparse parser of the command line, with what argparse lacks: 'did you mean' for a
mistyped command or choice, and each command's own usage for its own mistakes.

`SlimParser` is the quick path of main (cli/__init__): the parser built with only the command
that was typed. It never prints or exits; anything it would say (help, an error, the version)
raises NotSlim instead, and the whole parser says it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, NoReturn

from cyclemap.cli.common import printable, terminal_columns

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class Formatter(argparse.HelpFormatter):
    """argparse's own, its width found as shutil.get_terminal_size finds it (see
    common.terminal_columns) without importing shutil, which argparse does for every option."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = terminal_columns() - 2  # as argparse takes it
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """argparse.ArgumentParser that suggests the nearest command or choice (difflib); the
    subcommands' parsers are of this class too, so `--format mdd` is answered as `shwo` is."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is None or value in action.choices:
            return
        from cyclemap.suggest import did_you_mean

        hint = did_you_mean(str(value), action.choices)
        value = printable(str(value))
        if isinstance(action, argparse._SubParsersAction):
            hint = hint or "; see 'cyclemap --help'"
            raise argparse.ArgumentError(None, f"no command '{value}'{hint}")
        choices = ", ".join(str(choice) for choice in action.choices)
        raise argparse.ArgumentError(action, f"'{value}' is not one of {choices}{hint}")


class NotSlim(Exception):
    """The slim parser would have said something: the whole parser must answer."""


class SlimParser(Parser):
    """A Parser that raises NotSlim wherever argparse would print or exit."""

    def error(self, message: str) -> NoReturn:
        raise NotSlim(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise NotSlim(message)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        raise NotSlim(message)
