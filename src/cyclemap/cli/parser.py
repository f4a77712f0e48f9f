"""The argparse parser of the command line, with what argparse lacks: 'did you mean' for a
mistyped command or choice, and each command's own usage for its own mistakes."""

from __future__ import annotations

import argparse
from typing import Any

from cyclemap.cli.common import printable
from cyclemap.suggest import did_you_mean


class Parser(argparse.ArgumentParser):
    """argparse.ArgumentParser that suggests the nearest command or choice (difflib); the
    subcommands' parsers are of this class too, so `--format mdd` is answered as `shwo` is."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is None or value in action.choices:
            return
        hint = did_you_mean(str(value), action.choices)
        value = printable(str(value))
        if isinstance(action, argparse._SubParsersAction):
            hint = hint or "; see 'cyclemap --help'"
            raise argparse.ArgumentError(None, f"no command '{value}'{hint}")
        choices = ", ".join(str(choice) for choice in action.choices)
        raise argparse.ArgumentError(action, f"'{value}' is not one of {choices}{hint}")
