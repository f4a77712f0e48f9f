"""The errors of the store. Every one a person may see is a StoreError whose str() is one line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cyclemap.store.text import REASON_MAX, one_line, show


class StoreError(Exception):
    """A problem a person can act on; str(error) is one line, shown as it is."""


class MapFileError(StoreError):
    """A map file that cannot be read or is not a valid map. Never changed or deleted.

    `reason` is one line; `problems` every problem found, a line each (`cyclemap check`
    shows them all), or just the reason when there is one."""

    def __init__(self, path: Path, reason: str, *, problems: Sequence[str] = ()) -> None:
        reason = _shortened(one_line(reason))
        super().__init__(f"{show(path)}: {reason}")
        self.path = path
        self.reason = reason
        self.problems = tuple(_shortened(one_line(p)) for p in problems) or (reason,)


def _shortened(reason: str) -> str:
    return reason if len(reason) <= REASON_MAX else reason[: REASON_MAX - 1] + "…"


class MapNotFound(StoreError):
    pass


class MapExists(StoreError):
    pass


class ConflictError(StoreError):
    """The file changed on disk since it was read: saving would overwrite someone's words."""
