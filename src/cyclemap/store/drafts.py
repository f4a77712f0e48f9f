"""Drafts: a walkthrough in progress, saved after every answer as plain (not yet valid) data in
drafts/<name>.toml, and the claim a walkthrough holds on its draft while it is open."""

from __future__ import annotations

import contextlib
import os
import re
from enum import Enum
from pathlib import Path
from typing import Any

from cyclemap.store import guard
from cyclemap.store.atomic import sweep_temp_files, temp_files_of
from cyclemap.store.errors import StoreError
from cyclemap.store.fileformat import UTF8_BOM
from cyclemap.store.layout import DRAFTS_DIR, MAX_FILE_SIZE, invalid_id, valid_id
from cyclemap.store.text import show
from cyclemap.store.toml_check import key_problem

try:
    import fcntl
except ImportError:  # Windows: a second window on the same draft is not noticed there
    fcntl = None  # type: ignore[assignment]


def plain(value: Any) -> Any:
    """Data tomli-w can write: None dropped at every depth (TOML has no null)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value if item is not None]
    if isinstance(value, Enum) and not isinstance(value, str):
        return value.value
    return value


class DraftClaim:
    """A walkthrough's hold on its draft (Library.claim_draft); release() when it closes."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing the file drops the flock
            self._fd = None


class Drafts:
    """The drafts of the library folder root (Library.save_draft and the rest)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def folder(self) -> Path:
        return self.root / DRAFTS_DIR

    def path(self, name: str) -> Path:
        if not valid_id(name):
            raise invalid_id(name, "draft name")
        return self.folder / f"{name}.toml"

    def save(self, data: dict[str, Any], name: str) -> None:
        import tomli_w

        path = self.path(name)
        if not isinstance(data, dict):
            raise StoreError("a draft must be a table of fields")
        try:
            text = tomli_w.dumps(plain(data))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"the draft could not be saved ({exc})") from exc
        # A lone surrogate (undecodable input) cannot be UTF-8: keep the rest of the draft.
        text = re.sub("[\ud800-\udfff]", "\ufffd", text)
        guard.write(self.root, path, text.encode("utf-8"))
        sweep_temp_files(self.folder)

    def load(self, name: str) -> dict[str, Any] | None:
        """The draft's data; None when there is none or it cannot be used (too large, not
        TOML, a link out of the library, a pipe)."""
        try:
            raw, size = guard.read(self.root, self.path(name), MAX_FILE_SIZE)
            if size > MAX_FILE_SIZE or len(raw) > MAX_FILE_SIZE:
                return None
            text = raw.removeprefix(UTF8_BOM).decode("utf-8")
            if key_problem(text) is not None:  # what tomllib would take minutes on
                return None
            import tomllib  # only once there is a draft: most starts have none

            return tomllib.loads(text)
        except (StoreError, OSError, ValueError, RecursionError):
            return None

    def claim(self, name: str) -> DraftClaim | None:
        path = self.path(name).with_suffix(".claim")
        if fcntl is None:
            return DraftClaim(None)
        guard.folder(self.root, DRAFTS_DIR)
        fd = guard.open_private(self.root, path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return DraftClaim(fd)

    def discard(self, name: str) -> None:
        path = self.path(name)
        try:
            # What a killed draft save left behind holds the same words: it goes too.
            for leftover in [*temp_files_of(path), path]:
                if os.path.lexists(leftover) and not guard.remove(self.root, leftover):
                    return  # drafts/ leads out of the library: nothing of ours is there
        except OSError as exc:
            raise StoreError(
                f"{show(path)}: the draft could not be removed ({exc.strerror or exc})"
            ) from exc
