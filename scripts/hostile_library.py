#!/usr/bin/env python3
"""A hostile library: plant links, pipes, forged caches and pathological TOML in a library,
race writers against each other, and prove cyclemap neither writes outside, hangs, leaks raw
text nor loses a check-in. Every command runs as a person would run it, in its own process.

- links: a link out of the library at each side folder and file (logs/, trash/, .views/,
  drafts/, the draft, history/, a map's history folder, a map file, the index, the view file)
  and a dangling one at the lock and the welcome mark; then every writing command. The folder
  the links lead to must end as it began.
- pipes: a FIFO at a map's, a log's, a draft's, the index's, a view's and the lock's name; every
  command must end within its time limit.
- writers: four processes adding 25 check-ins each beside two importing the map again and again;
  every check-in must be in the log.
- pathological files: TOML of 200,000 dotted parts as a map, a log and a draft; listings must
  end at once, twice.
- forged caches: escape sequences written into .index.json and .views/; nothing raw printed.

    scripts/hostile_library.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "sunday-nights.toml"
MAP_ID = "sunday-nights"
TIMEOUT = 30
DOTTED = "[" + ".".join(["a"] * 200_000) + "]\n"
FORGED = "\x1b]0;pwned\x07\x1b[2J\u202e"


def cyclemap(root: Path, *argv: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cyclemap", "--data-dir", str(root), *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


WRITING = [
    ["import", str(EXAMPLE), "--replace"],
    ["log", MAP_ID, "--add", "--what", "the dishes", "--caught", "yes"],
    ["log", MAP_ID],
    ["show", MAP_ID],
    ["export", MAP_ID, "--format", "json"],
    ["list"],
    ["restore", MAP_ID, "1"],
    ["delete", MAP_ID],
    ["trash"],
    ["restore", MAP_ID],
]
# The draft, its claim and the welcome mark, as the app uses them; refusals are expected.
SIDE_FILES = """
import sys
from cyclemap.store import Library
from cyclemap.tui.screens.welcome import mark_welcome_seen
lib = Library(sys.argv[1])
for step in (lambda: lib.save_draft({"names": ["A", "B"]}), lib.load_draft, lib.claim_draft,
             lib.discard_draft, lambda: mark_welcome_seen(lib)):
    try:
        step()
    except Exception as error:
        print(type(error).__name__)
"""


def side_files(root: Path) -> None:
    subprocess.run(
        [sys.executable, "-c", SIDE_FILES, str(root)],
        capture_output=True,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def fresh(folder: Path) -> tuple[Path, Path]:
    if folder.exists():
        shutil.rmtree(folder)
    root, outside = folder / "library", folder / "outside"
    outside.mkdir(parents=True)
    assert cyclemap(root, "import", str(EXAMPLE)).returncode == 0
    assert cyclemap(root, "import", str(EXAMPLE), "--replace").returncode == 0
    return root, outside


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def links(work: Path, figures: dict) -> list[str]:
    failures = []
    planted = {
        "logs": True,
        "trash": True,
        ".views": True,
        "drafts": True,
        "history": True,
        f"history/{MAP_ID}": True,
        "drafts/walkthrough.toml": False,
        ".index.json": False,
        f".views/{MAP_ID}.json": False,
        "other.toml": False,
        ".lock": None,  # dangling
        ".welcome-seen": None,
    }
    for name, folder in planted.items():
        root, outside = fresh(work / "links")
        link = root / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(link):
            shutil.rmtree(link) if link.is_dir() and not link.is_symlink() else link.unlink()
        if folder is None:
            link.symlink_to(outside / "made-by-cyclemap")
        elif folder:
            link.symlink_to(outside, target_is_directory=True)
        else:
            (outside / "planted").write_text("theirs")
            link.symlink_to(outside / "planted")
        before = snapshot(outside)
        for argv in WRITING:
            figures["commands"] += 1
            result = cyclemap(root, *argv)
            if "Traceback" in result.stderr or result.stderr.count("\n") > 2:
                failures.append(f"link at {name}: {' '.join(argv[:2])}: {result.stderr[-200:]}")
        side_files(root)
        cyclemap(root, "purge", MAP_ID, "--yes")
        figures["links"] += 1
        if snapshot(outside) != before:
            figures["written_outside"] += 1
            failures.append(f"link at {name}: something outside changed")
    return failures


def pipes(work: Path, figures: dict) -> list[str]:
    failures = []
    for name in [
        "x.toml",
        f"logs/{MAP_ID}.toml",
        "drafts/walkthrough.toml",
        ".index.json",
        f".views/{MAP_ID}.json",
        ".lock",
    ]:
        root, _ = fresh(work / "pipes")
        fifo = root / name
        fifo.parent.mkdir(parents=True, exist_ok=True)
        fifo.unlink(missing_ok=True)
        os.mkfifo(fifo)
        figures["pipes"] += 1
        for argv in [*WRITING, ["show", "x"]]:
            figures["commands"] += 1
            try:
                cyclemap(root, *argv)
            except subprocess.TimeoutExpired:
                figures["hangs"] += 1
                failures.append(f"pipe at {name}: {' '.join(argv[:2])} hung")
        try:
            side_files(root)
        except subprocess.TimeoutExpired:
            figures["hangs"] += 1
            failures.append(f"pipe at {name}: the draft or the welcome mark hung")
    return failures


WRITER = """
import sys
from cyclemap.cli import main
for n in range(25):
    assert main(["--data-dir", sys.argv[1], "log", "sunday-nights", "--add", "--what",
                 f"writer {sys.argv[2]} check-in {n}", "--caught", "yes"]) == 0
"""
IMPORTER = """
import sys
from cyclemap.cli import main
for _ in range(10):
    assert main(["--data-dir", sys.argv[1], "import", sys.argv[2], "--replace"]) == 0
"""


def writers(work: Path, figures: dict) -> list[str]:
    root, _ = fresh(work / "writers")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(w)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for w in range(4)
    ] + [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(root), str(EXAMPLE)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    codes = [p.wait(timeout=600) for p in procs]
    result = cyclemap(root, "log", MAP_ID, "--json")
    found = {e.get("what_set_it_off") for e in json.loads(result.stdout or "{}").get("entries", [])}
    expected = {f"writer {w} check-in {n}" for w in range(4) for n in range(25)}
    figures["writers"] = len(procs)
    figures["check_ins"] = len(expected)
    figures["lost"] = len(expected - found)
    failures = [f"{figures['lost']} check-ins lost"] if figures["lost"] else []
    if any(codes):
        failures.append(f"a writer failed: exit codes {codes}")
    return failures


def pathological(work: Path, figures: dict) -> list[str]:
    root, _ = fresh(work / "pathological")
    (root / "dotted.toml").write_text(DOTTED)
    (root / "logs").mkdir(exist_ok=True)
    (root / "logs" / f"{MAP_ID}.toml").write_text("schema_version = 1\n" + DOTTED)
    (root / "drafts").mkdir(exist_ok=True)
    (root / "drafts" / "walkthrough.toml").write_text(DOTTED)
    failures = []
    for argv in (["list"], ["list"], ["log", MAP_ID], ["show", MAP_ID]):
        started = time.monotonic()
        try:
            result = cyclemap(root, *argv)
        except subprocess.TimeoutExpired:
            failures.append(f"pathological TOML: {' '.join(argv)} hung")
            continue
        figures["slowest_s"] = max(figures["slowest_s"], time.monotonic() - started)
        figures["refused"] += "dotted parts" in result.stderr
    return failures


def forged(work: Path, figures: dict) -> list[str]:
    root, _ = fresh(work / "forged")
    time.sleep(2.1)  # out of the racy window: caches are written and trusted from now on
    cyclemap(root, "list")
    cyclemap(root, "show", MAP_ID)
    index = json.loads((root / ".index.json").read_text())
    index["files"][f"{MAP_ID}.toml"][5] = FORGED
    (root / ".index.json").write_text(json.dumps(index))
    view_path = root / ".views" / f"{MAP_ID}.json"
    view = json.loads(view_path.read_text())
    view["map"]["title"] = FORGED
    view_path.write_text(json.dumps(view))
    failures = []
    for argv in (
        ["list"],
        ["list", "--json"],
        ["show", MAP_ID],
        ["export", MAP_ID, "--format", "html"],
    ):
        figures["forged_reads"] += 1
        if any(char in cyclemap(root, *argv).stdout for char in ("\x1b", "\u202e", "pwned")):
            figures["leaks"] += 1
            failures.append(f"forged cache reached the output of {' '.join(argv)}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = dict(
        links=0,
        pipes=0,
        commands=0,
        written_outside=0,
        hangs=0,
        writers=0,
        check_ins=0,
        lost=0,
        refused=0,
        slowest_s=0.0,
        forged_reads=0,
        leaks=0,
    )
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for part in (links, pipes, writers, pathological, forged):
            failures += part(work, figures)
    figures["failures"] = failures
    figures["ok"] = not failures
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
