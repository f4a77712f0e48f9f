"""The man page: generated from the parser (scripts/manpage.py), checked in, current, and in
the wheel where pip, pipx and uv install it for `man` to find."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "manpage.py"
PAGE = ROOT / "share" / "man" / "man1" / "cyclemap.1"


def test_the_checked_in_man_page_is_the_parsers() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_man_page_names_every_command() -> None:
    from cyclemap.cli import build_parser

    parser = build_parser()
    names = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    page = PAGE.read_text(encoding="utf-8")
    for name in names:
        assert f".SS \\fBcyclemap {name}\\fR" in page
    assert "__complete" not in page
    for section in ("EXIT STATUS", "ENVIRONMENT", "FILES"):
        assert f".SH {section}" in page


@pytest.mark.xdist_group("wheel")
def test_the_wheel_installs_the_man_page(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("cyclemap-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (inside,) = [n for n in names if n.endswith("/share/man/man1/cyclemap.1")]
        assert inside.startswith("cyclemap-") and ".data/data/share/man/man1/" in inside
        assert archive.read(inside) == PAGE.read_bytes()
