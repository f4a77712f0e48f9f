"""Libraries to measure: the examples copied over and over with unique ids and titles.

Every file is an example with only its `id` and `title` lines changed, so each one is a real,
valid map of the size people write. The folders live in a temporary place outside the repo.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from benchmarks.common import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
WELCOME_MARKER = ".welcome-seen"  # cyclemap.tui.screens.welcome.MARKER, not imported: no Textual

_ID_LINE = re.compile(r'^id = "[^"]*"$', re.MULTILINE)
_TITLE_LINE = re.compile(r'^title = "([^"]*)"$', re.MULTILINE)


def make_library(folder: Path, count: int) -> Path:
    """`count` maps in `folder` (created 0700, files 0600), the welcome already seen."""
    folder.mkdir(mode=0o700, parents=True)
    sources = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    width = len(str(count))
    for number in range(1, count + 1):
        text = sources[(number - 1) % len(sources)]
        map_id = f"map-{number:0{width}d}"
        text = _ID_LINE.sub(f'id = "{map_id}"', text, count=1)
        text = _TITLE_LINE.sub(lambda found, n=number: f'title = "{found[1]} {n}"', text, count=1)
        path = folder / f"{map_id}.toml"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
    (folder / WELCOME_MARKER).touch(mode=0o600)
    return folder


def make_history(folder: Path, map_id: str, count: int) -> None:
    """`count` saved versions of the library's map `map_id`, each a real edit of the one before
    (its title and one answer changed, as a person's saves change a few words), a minute
    apart, named as the library names them (history/<id>/<UTC stamp>.toml)."""
    from datetime import UTC, datetime, timedelta

    text = (folder / f"{map_id}.toml").read_text(encoding="utf-8")
    title = _TITLE_LINE.search(text)
    assert title is not None
    history = folder / "history" / map_id
    history.mkdir(mode=0o700, parents=True)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for number in range(1, count + 1):
        version = _TITLE_LINE.sub(f'title = "{title[1]}, draft {number}"', text, count=1)
        version = version.replace('trigger = "', f'trigger = "(take {number % 97}) ', 1)
        stamp = (start + timedelta(minutes=number)).strftime("%Y%m%dT%H%M%S.%fZ")
        fd = os.open(history / f"{stamp}.toml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(version)
