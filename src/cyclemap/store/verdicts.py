"""Verdicts: which map files outside the library the model has found valid, by the SHA-256 of
their bytes, so that exporting, showing or checking the same file again needs no pydantic.

VERDICTS_FILE holds digests only, never a word of the files (they are not the library's), with
the versions that judged them; the newest KEEP are kept. A verdict is a cache: the file is still
read, parsed and cleaned by the model's own cleaning each time (view.view_of_valid), and held to
the shape of a valid map; anything else there is ignored, and the model judges the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from cyclemap import __version__, terms
from cyclemap.store import guard
from cyclemap.store.layout import VERDICTS_FILE

VERDICTS_VERSION = 1
KEEP = 64
_MAX_SIZE = 64 * KEEP + 1024  # 64 hex digits a verdict


def digest(raw: bytes) -> str:
    import hashlib  # here: it loads OpenSSL, and only a file outside the library needs it

    return hashlib.sha256(raw).hexdigest()


class Verdicts:
    """The verdicts kept in the library folder root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / VERDICTS_FILE

    def _read(self) -> list[str]:
        try:
            raw = guard.read_regular(self.path, _MAX_SIZE)
            data = json.loads(raw) if raw is not None else None
        except (OSError, ValueError, RecursionError):
            return []
        if (
            type(data) is not dict
            or data.get("verdicts_version") != VERDICTS_VERSION
            or data.get("cyclemap") != __version__
            or data.get("schema_version") != terms.SCHEMA_VERSION
            or type(data.get("valid")) is not list
        ):
            return []
        return [item for item in data["valid"] if type(item) is str]

    def valid(self, file_digest: str) -> bool:
        """Whether the model found a file with these bytes valid (this program's version)."""
        return file_digest in self._read()

    def remember(self, file_digest: str) -> None:
        """The model found the file valid. Only a cache: kept when the library folder is there
        and can be written, forgotten otherwise (an export makes no library folder)."""
        if not self.root.is_dir():
            return
        kept = [item for item in self._read() if item != file_digest][-(KEEP - 1) :]
        record = {
            "verdicts_version": VERDICTS_VERSION,
            "cyclemap": __version__,
            "schema_version": terms.SCHEMA_VERSION,
            "valid": [*kept, file_digest],
        }
        text = json.dumps(record, separators=(",", ":"))
        guard.write_cache(self.root, self.path, text.encode("ascii"))
