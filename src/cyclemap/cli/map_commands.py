"""The commands that read or write one map or the whole library, and print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cyclemap.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Command,
    UserError,
    file_argument,
    map_argument,
    open_library,
    out,
    output_arguments,
    printable,
    terminal_shows_unicode,
    terminal_width,
    warn,
    width_type,
    write_output_file,
)

if TYPE_CHECKING:
    from cyclemap.model import CycleMap
    from cyclemap.store import Library
    from cyclemap.store.entries import MapSummary

WORKSHEET_FORMATS = ("text", "md", "html")  # worksheet.FORMATS, without importing it
WORKSHEET_SUFFIXES = {"text": "txt"}


def cmd_list(args: argparse.Namespace) -> int:
    from cyclemap.cli.progress import progress_bar

    library = open_library(args)
    with progress_bar("Reading your maps") as progress:
        entries = library.summaries(progress) if library.root.is_dir() else []
    for entry in entries:
        if entry.broken:
            # A file in the library may be called anything (a sync, a download): its name must
            # neither act on the terminal nor break the line.
            warn(f"skipped {printable(str(entry.path))}: {entry.error}")
    maps = [(entry, entry.map) for entry in entries if entry.map is not None]
    if args.json:
        import json

        rows = [
            {
                "id": m.id,
                "title": m.title,
                "cycle_name": m.cycle_name,
                "couple": m.couple,
                "pattern": m.pattern.value,
                "partners": [p.name for p in m.partners],
                "updated": m.updated.isoformat().replace("+00:00", "Z"),
                "path": str(e.path),
            }
            for e, m in maps
        ]
        out(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not maps:
        if not entries:
            out(f"No maps yet in {printable(str(library.root))}. Start one with: cyclemap new")
        return EXIT_OK
    out(_list_table([m for _, m in maps]))
    return EXIT_OK


def _list_table(summaries: list[MapSummary]) -> str:
    rows = []
    for m in summaries:
        names = " & ".join(p.name for p in m.partners)
        name = f'"{m.cycle_name}"' if m.cycle_name else ""
        rows.append((m.id, m.title, name, m.pattern.label, names, m.updated.strftime("%Y-%m-%d")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    cycle_map = open_library(args).load_view(args.map)
    width = terminal_width(args.width)
    # A terminal that can't show UTF-8 gets the ASCII drawing rather than '?' for every line.
    ascii = args.ascii or (sys.stdout.isatty() and not terminal_shows_unicode())
    if sys.stdout.isatty() and not ascii:
        # The same document as the text export, with colour for a terminal.
        from rich.console import Console

        from cyclemap.export import document

        console = Console(width=width, highlight=False, soft_wrap=False)
        for line in document(cycle_map, width=width):
            console.print(line)
        return EXIT_OK
    from cyclemap.export import render

    out(render(cycle_map, "text", ascii=ascii, width=width))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from cyclemap import export

    cycle_map = open_library(args).load_view(args.map)
    width = args.width or 80
    if args.output in (None, "-"):
        sys.stdout.write(export.render(cycle_map, args.format, ascii=args.ascii, width=width))
        return EXIT_OK
    text = export.render(cycle_map, args.format, ascii=args.ascii, width=width)
    name = export.suggested_filename(cycle_map, args.format)
    write_output_file(args.output, text.encode("utf-8"), name, force=args.force)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Each file checked and added, a line each; one that cannot be added is said and the
    others are added all the same (exit 1 when any could not be)."""
    from cyclemap.store import StoreError

    library = open_library(args)
    refused = 0
    for name in args.files:
        try:
            imported = _import_one(library, Path(name).expanduser(), replace=args.replace)
        except (UserError, StoreError) as error:
            if len(args.files) == 1:
                raise
            sys.stderr.write(f"cyclemap: {printable(str(error))}\n")
            refused += 1
            continue
        out(f"Imported '{imported.title}' as {imported.id} into {printable(str(library.root))}")
    if refused:
        sys.stderr.write(f"cyclemap: {refused} of {len(args.files)} files not imported\n")
        return EXIT_USER_ERROR
    return EXIT_OK


def _import_one(library: Library, source: Path, *, replace: bool) -> CycleMap:
    from cyclemap.store import load_file

    cycle_map = load_file(source)  # a folder or a missing file is said as `show` says it
    if library.exists(cycle_map.id) and not replace:
        raise UserError(
            f"a map called '{cycle_map.id}' is already in the library; "
            "add --replace to replace it (the current version is kept in its history)"
        )
    library.save(cycle_map)
    return cycle_map


def cmd_check(args: argparse.Namespace) -> int:
    """The file's every problem, a line each (a listing shows only the first)."""
    from cyclemap.store import MapFileError
    from cyclemap.store.layout import invalid_id, valid_id

    path = Path(args.file).expanduser()
    try:
        # A folder or a missing file is said as `show` says it.
        cycle_map = open_library(args).load_file_view(path)
    except MapFileError as error:
        if len(error.problems) < 2:
            raise
        sys.stderr.write(f"cyclemap: {printable(str(path))}: {len(error.problems)} problems\n")
        for problem in error.problems:
            sys.stderr.write(f"  {printable(problem)}\n")
        return EXIT_USER_ERROR
    if not valid_id(cycle_map.id):  # a valid map, but not a file name import can save it as
        raise UserError(f"{path}: {invalid_id(cycle_map.id)}")
    names = " & ".join(p.name for p in cycle_map.partners)
    out(f"ok: {printable(str(path))} — '{cycle_map.title}', {names}, {cycle_map.pattern.label}")
    return EXIT_OK


def cmd_worksheet(args: argparse.Namespace) -> int:
    from cyclemap.worksheet import render_worksheet

    text = render_worksheet(args.format)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    name = f"cyclemap-worksheet.{WORKSHEET_SUFFIXES.get(args.format, args.format)}"
    write_output_file(args.output, text.encode("utf-8"), name, force=args.force)
    return EXIT_OK


def cmd_where(args: argparse.Namespace) -> int:
    out(str(open_library(args).root))
    return EXIT_OK


def register(command: Command) -> None:
    command("list", cmd_list, "the library, a line a map", _list_arguments)
    command("show", cmd_show, "draw a map's cycle in the terminal", _show_arguments)
    command(
        "export",
        cmd_export,
        "write a map as text, Markdown, a picture or data",
        _export_arguments,
    )
    command("import", cmd_import, "check map files and add them to the library", _import_arguments)
    command("check", cmd_check, "check a map file; exit 1 with the reason", file_argument)
    command("worksheet", cmd_worksheet, "a blank printable worksheet", _worksheet_arguments)
    command("where", cmd_where, "where the library is")


def _list_arguments(listing: argparse.ArgumentParser) -> None:
    listing.add_argument("--json", action="store_true", help="as JSON")


def _show_arguments(show: argparse.ArgumentParser) -> None:
    map_argument(show)
    show.add_argument("--ascii", action="store_true", help="plain ASCII, no box-drawing characters")
    show.add_argument(
        "--width", type=width_type, metavar="N", help="columns (default: the terminal's)"
    )


def _export_arguments(export: argparse.ArgumentParser) -> None:
    from cyclemap.export import FORMATS

    map_argument(export)
    export.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    export.add_argument("--ascii", action="store_true", help="plain ASCII (text, md and card)")
    export.add_argument(
        "--width", type=width_type, metavar="N", help="columns, text and md only (default: 80)"
    )
    output_arguments(export)


def _import_arguments(importing: argparse.ArgumentParser) -> None:
    from cyclemap.cli.completers import TOML_FILE

    importing.add_argument(
        "files", metavar="FILE", nargs="+", help="map files (.toml)"
    ).complete = TOML_FILE  # type: ignore[attr-defined]
    importing.add_argument("--replace", action="store_true", help="replace a map with the same id")


def _worksheet_arguments(worksheet: argparse.ArgumentParser) -> None:
    worksheet.add_argument(
        "--format", choices=WORKSHEET_FORMATS, default="text", help="default: text"
    )
    output_arguments(worksheet)
