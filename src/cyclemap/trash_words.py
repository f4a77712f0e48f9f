"""What the command line and the app say about the trash: the command that undoes a delete,
and the counts of what a deleted map took with it. No Textual, no printing."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from cyclemap.store import Library, TrashEntry, library_path


def plural(count: int, word: str) -> str:
    """'1 saved version', '2 saved versions', 'no saved versions'."""
    if count == 0:
        return f"no {word}s"
    return f"{count} {word}{'' if count == 1 else 's'}"


def data_dir_option(library: Library, *, home: Path | None = None) -> str:
    """' --data-dir FOLDER' when the library is not the default one (a command without it would
    look in another folder), else ''. The folder starts with '~' under the home folder."""
    try:
        default = library.root.resolve() == library_path().resolve()
    except (OSError, RuntimeError):
        default = False
    if default:
        return ""
    folder = library.root.absolute()
    home = Path.home() if home is None else home
    try:
        text = str(Path("~") / folder.relative_to(home))
    except ValueError:
        text = str(folder)
    if not re.fullmatch(r"[\w@%+=:,./~-]+", text):
        text = shlex.quote(text)  # the command expands a quoted '~' itself
    return f" --data-dir {text}"


def restore_command(library: Library, map_id: str) -> str:
    """The command that brings a deleted map back from the trash."""
    return f"cyclemap restore {map_id}{data_dir_option(library)}"


def what_it_took(entry: TrashEntry) -> str:
    """' with its 2 saved versions and its check-in log' — what went into the trash with the
    map ('' when it had neither)."""
    parts = []
    if entry.versions():
        parts.append(f"its {plural(entry.versions(), 'saved version')}")
    if entry.has_log():
        parts.append("its check-in log")
    return f" with {' and '.join(parts)}" if parts else ""
