"""The errors of the store. Every one a person may see is a StoreError whose str() is one line."""

from __future__ import annotations

from pathlib import Path

from cyclemap.store.text import REASON_MAX, one_line, show


class StoreError(Exception):
    """A problem a person can act on; str(error) is one line, shown as it is."""


class MapFileError(StoreError):
    """A map file that cannot be read or is not a valid map. Never changed or deleted."""

    def __init__(self, path: Path, reason: str) -> None:
        reason = one_line(reason)
        if len(reason) > REASON_MAX:
            reason = reason[: REASON_MAX - 1] + "…"
        super().__init__(f"{show(path)}: {reason}")
        self.path = path
        self.reason = reason


class MapNotFound(StoreError):
    pass


class MapExists(StoreError):
    pass


class ConflictError(StoreError):
    """The file changed on disk since it was read: saving would overwrite someone's words."""
