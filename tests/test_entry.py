"""The program's entry point runs a command with the cyclic garbage collector off (its start
allocates thousands of objects that live until exit); the app turns it back on."""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
from pathlib import Path

import pytest

from cyclemap.cli import app_commands

PROBE = """
import gc, sys
import cyclemap.cli.map_commands as commands

def where(args):
    print("collector on:", gc.isenabled())
    return 0

commands.cmd_where = where
from cyclemap.entry import main

sys.argv = ["cyclemap", "where"]
code = main()
print("code:", code)
"""


def test_a_command_runs_with_the_collector_off() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert done.stdout.splitlines() == ["collector on: False", "code: 0"], done.stderr


def test_importing_the_entry_point_leaves_the_collector_on() -> None:
    code = "import gc, cyclemap.entry; print(gc.isenabled())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_python_m_cyclemap_and_the_installed_command_use_it(tmp_path: Path) -> None:
    for argv in (
        [sys.executable, "-m", "cyclemap", "where"],
        [str(Path(sys.executable).parent / "cyclemap"), "where"],
    ):
        env = {"CYCLEMAP_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
        done = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
        assert done.stdout.strip() == str(tmp_path)
    script = (Path(sys.executable).parent / "cyclemap").read_text(encoding="utf-8")
    assert "from cyclemap.entry import main" in script, "reinstall: pip install -e ."


def test_the_app_runs_with_the_collector_on(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import cyclemap.tui.app

    seen: list[bool] = []

    class App:
        result = None

        def __init__(self, root: Path, **options: object) -> None:
            pass

        def run(self) -> None:
            seen.append(gc.isenabled())

    monkeypatch.setattr(cyclemap.tui.app, "CycleMapApp", App)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    gc.disable()
    try:
        app_commands.run_app(argparse.Namespace(data_dir=str(tmp_path / "library")))
    finally:
        gc.enable()
    assert seen == [True]
