#!/usr/bin/env python3
"""`make robustness`: the long fuzz profile, the full crash test, the broken-file corpus and a
hostile library (scripts/hostile_library.py), with the figures printed at the end. Exit status 0
only when every part held.

    scripts/robustness.py [--profile long|ci] [--kills N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pytest(paths: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *paths],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    summary = next(
        (
            line
            for line in reversed(result.stdout.splitlines())
            if " in " in line and ("passed" in line or "failed" in line or "error" in line)
        ),
        "(no summary)",
    )
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-6000:])
        sys.stderr.write(result.stderr[-2000:])
    return result.returncode, summary.strip("= ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", default="long", choices=["long", "ci"])
    parser.add_argument("--kills", type=int, default=500)
    args = parser.parse_args(argv)
    started = time.monotonic()
    figures: dict[str, object] = {}
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        fuzz_report = Path(folder) / "fuzz.json"
        corpus_report = Path(folder) / "corpus.json"

        print(f"1/4 fuzzing ({args.profile} profile)…", flush=True)
        code, summary = _pytest(
            ["tests/fuzz"],
            {"CYCLEMAP_FUZZ_PROFILE": args.profile, "CYCLEMAP_FUZZ_REPORT": str(fuzz_report)},
        )
        fuzz = json.loads(fuzz_report.read_text()) if fuzz_report.exists() else {"total": 0}
        figures["fuzz"] = (code, summary, fuzz)
        ok &= code == 0

        print(f"2/4 crash test ({args.kills} kills)…", flush=True)
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "crash_test.py"),
                "--kills",
                str(args.kills),
                "--json",
            ],
            capture_output=True,
            text=True,
        )
        try:
            crash = json.loads(result.stdout)
        except ValueError:
            crash = {"kills": 0, "survived": 0, "failures": [result.stderr[-500:]], "ok": False}
        figures["crash"] = crash
        ok &= result.returncode == 0 and crash["ok"]

        print("3/4 broken files…", flush=True)
        code, summary = _pytest(
            ["tests/test_broken_corpus.py"], {"CYCLEMAP_CORPUS_REPORT": str(corpus_report)}
        )
        corpus = (
            json.loads(corpus_report.read_text())
            if corpus_report.exists()
            else {"kinds": 0, "handled": 0, "files_changed": -1}
        )
        figures["corpus"] = (code, summary, corpus)
        ok &= code == 0 and corpus["handled"] == corpus["kinds"] and corpus["files_changed"] == 0

        print("4/4 a hostile library…", flush=True)
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "hostile_library.py"), "--json"],
            capture_output=True,
            text=True,
        )
        try:
            hostile = json.loads(result.stdout)
        except ValueError:
            hostile = {"ok": False, "failures": [result.stderr[-500:]]}
        figures["hostile"] = hostile
        ok &= result.returncode == 0 and hostile["ok"]

    code, summary, fuzz = figures["fuzz"]  # type: ignore[misc]
    crash = figures["crash"]  # type: ignore[assignment]
    corpus_code, corpus_summary, corpus = figures["corpus"]  # type: ignore[misc]
    minutes = (time.monotonic() - started) / 60
    print()
    print("robustness figures")
    print(
        f"  fuzz examples run:     {fuzz['total']:,} ({fuzz.get('profile', '?')} profile; "
        f"{summary}; crashes: {'0' if code == 0 else 'SEE ABOVE'})"
    )
    print(
        f"  kills survived:        {crash['survived']}/{crash['kills']} "
        f"({crash.get('saves', 0):,} saves completed, "
        f"{crash.get('history_versions', 0):,} history versions verified, "
        f"{len(crash['failures'])} torn or lost)"
    )
    print(f"  broken kinds handled:  {corpus['handled']}/{corpus['kinds']} ({corpus_summary})")
    print(f"  files changed:         {corpus['files_changed']}")
    hostile = figures["hostile"]  # type: ignore[assignment]
    if "links" in hostile:
        print(
            f"  hostile library:       {hostile['links']} links and {hostile['pipes']} pipes "
            f"planted, {hostile['commands']} commands run; {hostile['written_outside']} "
            f"written outside, {hostile['hangs']} hangs"
        )
        print(
            f"  writers raced:         {hostile['writers']} ({hostile['check_ins']} check-ins, "
            f"{hostile['lost']} lost); pathological files refused: {hostile['refused']} "
            f"(slowest command {hostile['slowest_s']:.1f} s); forged caches read "
            f"{hostile['forged_reads']} times, {hostile['leaks']} leaks"
        )
    print(f"  result:                {'OK' if ok else 'FAILED'} in {minutes:.1f} min")
    for failure in crash["failures"][:10]:
        print(f"  crash test: {failure}")
    for failure in hostile.get("failures", [])[:10]:
        print(f"  hostile library: {failure}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
