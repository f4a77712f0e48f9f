"""main's quick path: the parser built with only the command typed (cli._parse). Whatever it
accepts it reads as the whole parser does; whatever it would say (help, a mistake, the version)
the whole parser says, word for word."""

from __future__ import annotations

import argparse
import shutil

import pytest

import cyclemap.cli
from cyclemap.cli import build_parser, main
from cyclemap.cli.common import terminal_columns
from cyclemap.cli.parser import Formatter, NotSlim

# Every command, with argv that use each of its arguments.
SAMPLES: dict[str, list[list[str]]] = {
    "new": [["new"], ["new", "--couple", "Alex & Sam"]],
    "open": [["open", "sunday-nights"]],
    "present": [["present", "--demo"], ["present", "x.toml"]],
    "pause": [["pause", "x"], ["pause", "x", "--no-motion"]],
    "talk": [["talk", "x"]],
    "list": [
        ["list"],
        ["list", "--json"],
        ["--data-dir", "/a", "list"],
        ["--data-dir=/a", "list", "--data-dir", "/b"],
        ["list", "--js"],  # an abbreviation, as argparse allows
    ],
    "show": [["show", "x", "--ascii", "--width", "40"], ["show", "./x.toml"]],
    "export": [
        ["export", "x"],
        ["export", "x", "--format", "md", "-o", "-", "--force", "--width", "90", "--ascii"],
        ["export", "x", "--form=svg", "--output", "out/"],
        ["export", "--", "-odd-name.toml"],
    ],
    "import": [
        ["import", "f.toml"],
        ["import", "f.toml", "--replace"],
        ["import", "a.toml", "b.toml"],
    ],
    "check": [["check", "f.toml"]],
    "worksheet": [["worksheet"], ["worksheet", "--format", "html", "-o", "sheet.html"]],
    "where": [["where"], ["where", "--data-dir", "/a"]],
    "purge": [["purge", "x"], ["purge", "x", "--yes"], ["purge", "x", "--force"]],
    "history": [["history", "x"]],
    "diff": [["diff", "x"], ["diff", "x", "1"], ["diff", "x", "1", "3"]],
    "restore": [["restore", "x"], ["restore", "x", "2"]],
    "delete": [["delete", "x"]],
    "trash": [["trash"], ["trash", "--json"]],
    "log": [
        ["log", "x"],
        ["log", "x", "--summary", "--ascii"],
        ["log", "x", "--format", "md", "--last"],
        ["log", "x", "--json"],
        ["log", "x", "--add", "--date", "2024-03-01", "--what", "the dishes", "--caught", "yes"],
        ["log", "x", "--add", "--pause-phrase", "no", "--repair", "a walk"],
    ],
    "completion": [["completion", "bash"]],
}
CASES = [(name, argv) for name, samples in SAMPLES.items() for argv in samples]

# Mistakes, help and the version: the slim parser says none of them.
SAID = [
    [],
    ["--help"],
    ["-h"],
    ["--version"],
    ["shwo", "x"],
    ["zzzz"],
    ["export"],
    ["export", "-h"],
    ["export", "x", "--help"],
    ["export", "x", "--format", "mdd"],
    ["export", "x", "--bogus"],
    ["export", "x", "extra"],
    ["show", "x", "--width", "5"],
    ["show", "x", "--width", "wide"],
    ["diff", "x", "one"],
    ["log", "x", "--caught", "maybe"],
    ["log", "x", "--date", "yesterday-ish"],
    ["log", "x", "--add", "--summary"],
    ["completion", "tcsh"],
    ["--data-dir"],
    ["--data-dir", "/a", "--data-dir"],
]


def _namespace(args: argparse.Namespace) -> dict[str, object]:
    """The namespace without the parsers in it (objects of each build)."""
    values = dict(vars(args))
    parser = values.pop("command_parser")
    values.pop("root_parser", None)
    values["command"] = parser.prog
    return values


def test_every_command_has_samples() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(SAMPLES) == set(commands)


@pytest.mark.parametrize(("name", "argv"), CASES, ids=lambda value: " ".join(value))
def test_the_slim_parser_reads_argv_as_the_whole_parser(name: str, argv: list[str]) -> None:
    assert cyclemap.cli._command_named(argv) == name
    slim = build_parser(only=name).parse_args(argv)
    whole = build_parser().parse_args(argv)
    assert _namespace(slim) == _namespace(whole)
    assert slim.handler is whole.handler
    assert "root_parser" in vars(whole) and "root_parser" not in vars(slim)


@pytest.fixture
def built(monkeypatch) -> list[str | None]:
    """The `only` of every parser main builds."""
    calls: list[str | None] = []

    def counting(only: str | None = None) -> argparse.ArgumentParser:
        calls.append(only)
        return build_parser(only)

    monkeypatch.setattr(cyclemap.cli, "build_parser", counting)
    return calls


def test_a_command_is_parsed_without_building_the_whole_parser(built: list[str | None]) -> None:
    for name, argv in CASES:
        built.clear()
        cyclemap.cli._parse(argv)
        assert built == ([None] if name == "completion" else [name]), argv


def test_an_abbreviation_before_the_command_is_read_by_the_whole_parser(
    built: list[str | None],
) -> None:
    args = cyclemap.cli._parse(["--data", "/a", "list"])
    assert built == [None]
    assert args.data_dir == "/a" and args.handler is cyclemap.cli.map_commands.cmd_list


@pytest.mark.parametrize("argv", SAID, ids=lambda argv: " ".join(argv) or "nothing")
def test_what_a_parser_says_is_said_by_the_whole_parser(argv: list[str], capsys) -> None:
    name = cyclemap.cli._command_named(argv)
    if name is not None:
        with pytest.raises(NotSlim):
            build_parser(only=name).parse_args(argv)
        assert capsys.readouterr() == ("", "")
    if argv == []:  # no command: the app, which the whole parser names
        assert build_parser().parse_args(argv).handler is cyclemap.cli.app_commands.cmd_app
        return
    with pytest.raises(SystemExit) as whole_exit:
        build_parser().parse_args(argv)
    whole = capsys.readouterr()
    with pytest.raises(SystemExit) as main_exit:
        main(argv)
    assert capsys.readouterr() == whole
    assert main_exit.value.code == whole_exit.value.code
    assert whole.out or whole.err


def test_a_usage_error_from_a_slim_parse_has_the_commands_usage(capsys) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["present"])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: cyclemap present [-h]")
    assert err.endswith("cyclemap present: error: give a map's id or --demo (one of the two)\n")


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-3", "33", "100", "250"])
def test_the_width_is_shutils(columns: str | None, monkeypatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size((80, 24)).columns
    ours, argparses = Formatter("cyclemap"), argparse.HelpFormatter("cyclemap")
    assert (ours._width, ours._max_help_position) == (
        argparses._width,
        argparses._max_help_position,
    )
