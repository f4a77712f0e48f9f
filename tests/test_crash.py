"""The fast version of scripts/crash_test.py (50 SIGKILLs while saving) in every test run; the
full 500 run in `make robustness`. Plus a check that the checker itself catches a torn file."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "crash_test.py"
posix_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() and SIGKILL")


def load_script():
    spec = importlib.util.spec_from_file_location("crash_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@posix_only
def test_fifty_kills_while_saving_leave_every_map_whole() -> None:
    # A process of its own: fork() from a test process with threads could deadlock the child.
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--kills", "50", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["failures"] == [] and report["ok"], report
    assert report["kills"] == report["survived"] == 50
    assert report["saves"] >= 20  # the children really were saving when they were killed
    assert result.returncode == 0


def test_the_checker_catches_a_torn_or_an_old_map(tmp_path: Path) -> None:
    crash = load_script()
    from cyclemap.store import Library

    library = Library(tmp_path / "library")
    for map_id in crash.MAP_IDS:
        library.save(crash.version_of(map_id, 3))
    library.save_draft(crash.draft_of(4))
    current = dict.fromkeys(crash.MAP_IDS, 3)

    report = crash.Report()
    crash._check_round(library, current, 4, 0, report)
    assert report.failures == []

    path = library.root / f"{crash.MAP_IDS[0]}.toml"
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # torn
    crash._check_round(library, current, 4, 0, report)
    assert any("is not valid TOML" in failure for failure in report.failures)

    report = crash.Report()
    path.write_bytes(whole)
    crash._check_round(library, dict(current, **{crash.MAP_IDS[0]: 5}), 4, 0, report)
    assert any("version 3 on disk, expected 5" in failure for failure in report.failures)

    report = crash.Report()
    library.save_draft(crash.draft_of(1))
    crash._check_round(library, current, 4, 0, report)
    assert report.failures == ["draft 1, expected 4"]
