"""The browser suite's fixtures: one headless Chromium for the whole session, and every
example exported as HTML and SVG into a folder it opens them from.

Without Chromium the suite is skipped, saying so; with CYCLEMAP_BROWSER_TESTS=required (CI
sets it, see .ci/run) a missing browser fails it instead. Screenshots for people to look at are
written to build/screenshots/ (or $CYCLEMAP_SCREENSHOTS): PNGs at 1280 and 390 px, light and
dark, and each printed page; they are never compared, the goldens in tests/golden/export are.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cyclemap.export import render
from cyclemap.store import load_file
from tests.browser.cdp import Browser, find_browser
from tests.conftest import EXAMPLES, ROOT
from tests.test_diagram import LONG, WIDE
from tests.test_drawing import HOSTILE_MAP

# Maps made to be hard, besides the examples: answers as long as allowed with a 300-letter
# word, user text full of markup and quotes, wide scripts, emoji and right-to-left text.
EXTRA = {"long": LONG, "hostile": HOSTILE_MAP, "wide": WIDE}
REQUIRED = os.environ.get("CYCLEMAP_BROWSER_TESTS") == "required"
SCREENSHOTS = Path(os.environ.get("CYCLEMAP_SCREENSHOTS") or ROOT / "build" / "screenshots")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = find_browser()
    if executable is None:
        reason = (
            "no Chromium found (apt-get install chromium, or set CYCLEMAP_CHROMIUM to one): "
            "the browser suite did not run"
        )
        if REQUIRED:
            pytest.fail(reason + ", and CYCLEMAP_BROWSER_TESTS=required")
        pytest.skip(reason)
    started = Browser(executable)
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """{example id: {"html": path, "svg": path}}, written once for the session."""
    folder = tmp_path_factory.mktemp("exports")
    out: dict[str, dict[str, Path]] = {}
    maps = {example.stem: load_file(example) for example in EXAMPLES} | EXTRA
    for name, cycle_map in maps.items():
        out[name] = {}
        for fmt in ("html", "svg"):
            path = folder / f"{name}.{fmt}"
            path.write_text(render(cycle_map, fmt), encoding="utf-8")
            out[name][fmt] = path
    return out


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
