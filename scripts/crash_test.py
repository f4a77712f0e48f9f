#!/usr/bin/env python3
"""Kill cyclemap while it saves, N times, and prove nothing is ever torn or lost.

Each round forks a child that saves, as fast as it can and in turn: three maps (each a new
version, with answers big enough that a torn write could not pass for a whole one), the
walkthrough draft and a check-in log. After each completed save the child reports it on a pipe.
At a random moment of the child's own work (a random share of CPU time it has had, so that a
machine busy with other work does not let the child sleep through it) the parent kills the
child with SIGKILL, then checks that

- every map loads, and as exactly the last version reported or the one being saved then
  (never a mix, never an older one, and only one map may be a step ahead);
- the draft still loads (an interrupted walkthrough resumes), as the last or the next one;
- the check-in log still loads, with the last or the next number of entries;
- the library lists no broken file, and what a kill left behind is only hidden temporary files.

At the end every version kept in history is read back, and a normal save still works (no lock
is left held). Prints the figures; exit status 0 only when every kill was survived.

    scripts/crash_test.py [--kills N] [--seed S] [--dir PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cyclemap import checkin, model, store  # noqa: E402
from cyclemap.store import Library  # noqa: E402

MAP_IDS = ("sunday-nights", "the-dishes", "money-talk")
FILLER = "I want you to know what I feel underneath, and I am scared to say it. "
TEMP = re.compile(r"\..+\.[0-9a-f]{12}\.tmp")
VERSION = re.compile(r"^version (\d+)\n")


def version_of(map_id: str, number: int) -> model.CycleMap:
    """Version `number` of a map: its number first in the notes, and a size that changes with
    every version (so a file cut short or mixed from two versions can't pass for either)."""
    notes = f"version {number}\n" + FILLER * (40 + (number * 37) % 90)
    return model.validate_map(
        {
            "id": map_id,
            "title": f"{map_id} v{number}",
            "created": datetime(2026, 11, 20, 19, 4, tzinfo=UTC),
            "updated": datetime(2026, 11, 20, 19, 4, tzinfo=UTC),
            "notes": notes[: model.NOTES_MAX],
            "partners": [
                {
                    "name": "Alex",
                    "position": "pursue",
                    "trigger": f"trigger {number} " * 20,
                    "protective_move": "I push harder",
                    "underlying_feeling": FILLER * 5,
                },
                {
                    "name": "Sam",
                    "position": "withdraw",
                    "trigger": "Alex raises her voice",
                    "protective_move": "I leave the room",
                    "underlying_feeling": f"v{number}",
                },
            ],
        }
    )


def draft_of(number: int) -> dict:
    return {
        "step": "0:trigger",
        "number": number,
        "partners": [{"name": "Alex", "trigger": FILLER * (5 + number % 30)}, {"name": ""}],
    }


@dataclass
class Report:
    kills: int = 0
    survived: int = 0
    saves: int = 0  # saves the children reported complete
    checks: int = 0  # maps, drafts and logs read back after a kill
    ahead: int = 0  # kills that caught a save after its rename, before its report
    history_versions: int = 0
    leftovers: int = 0  # hidden temporary files a kill left behind
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and self.survived == self.kills


def _child(root: Path, current: dict[str, int], draft: int, log: int, report_fd: int) -> None:
    """Save forever; report each completed save as one line. Never returns."""
    try:
        library = Library(root)
        os.write(report_fd, b"ready\n")
        step = 0
        while True:
            map_id = MAP_IDS[step % len(MAP_IDS)]
            current[map_id] += 1
            library.save(version_of(map_id, current[map_id]))
            os.write(report_fd, f"map {map_id} {current[map_id]}\n".encode())
            if step % 3 == 0:
                draft += 1
                library.save_draft(draft_of(draft))
                os.write(report_fd, f"draft {draft}\n".encode())
            if step % 5 == 0:
                log += 1
                entry = checkin.make_entry(
                    when=date(2026, 1, 1), what_set_it_off=f"n{log}", caught=bool(log % 2)
                )
                checkin.add_entry(library, MAP_IDS[0], entry)
                os.write(report_fd, f"log {log}\n".encode())
            step += 1
    finally:
        os._exit(0)


def _read_all(fd: int) -> list[str]:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    text = b"".join(chunks).decode()
    return text.splitlines() if text.endswith("\n") else text.splitlines()[:-1]


def _check_round(
    library: Library, current: dict[str, int], draft: int, log: int, report: Report
) -> tuple[dict[str, int], int, int]:
    """After a kill: what is on disk is the last reported version or the next; returns the
    state to continue from."""
    found = {}
    ahead = []
    for map_id in MAP_IDS:
        try:
            loaded = library.load(map_id)
        except store.MapNotFound:
            if current[map_id] == 0:
                found[map_id] = 0
                continue
            report.failures.append(f"{map_id}: gone after a kill (version {current[map_id]})")
            found[map_id] = current[map_id]
            continue
        except store.StoreError as error:
            report.failures.append(f"{map_id}: {error}")
            found[map_id] = current[map_id]
            continue
        match = VERSION.match(loaded.notes)
        number = int(match[1]) if match else -1
        if number not in (current[map_id], current[map_id] + 1):
            report.failures.append(
                f"{map_id}: version {number} on disk, expected {current[map_id]} or the next"
            )
        elif loaded != version_of(map_id, number):
            report.failures.append(f"{map_id}: version {number} is not what was saved")
        if number == current[map_id] + 1:
            ahead.append(map_id)
        found[map_id] = max(number, current[map_id])
        report.checks += 1
    if len(ahead) > 1:
        report.failures.append(f"more than one save in progress at once: {ahead}")
    report.ahead += bool(ahead)

    loaded_draft = library.load_draft()
    if draft:
        if loaded_draft is None:
            report.failures.append("the draft no longer loads")
        elif loaded_draft.get("number") not in (draft, draft + 1):
            report.failures.append(f"draft {loaded_draft.get('number')}, expected {draft}")
        elif loaded_draft != draft_of(loaded_draft["number"]):
            report.failures.append("the draft is not what was saved")
        else:
            draft = loaded_draft["number"]
            report.checks += 1
    try:
        entries = len(checkin.load_log(library, MAP_IDS[0]).entries)
    except store.StoreError as error:
        report.failures.append(f"the check-in log: {error}")
    else:
        if entries not in (log, log + 1):
            report.failures.append(f"the check-in log has {entries} entries, expected {log}")
        log = entries
        report.checks += 1

    broken = [entry.path.name for entry in library.entries() if entry.broken]
    if broken:
        report.failures.append(f"broken files listed: {broken}")
    return found, draft, log


def _check_history(library: Library, report: Report) -> None:
    for map_id in MAP_IDS:
        for version in library.history(map_id):
            try:
                loaded = store.load_file(version.path)
            except store.StoreError as error:
                report.failures.append(f"history {version.path.name}: {error}")
                continue
            match = VERSION.match(loaded.notes)
            if not match or loaded != version_of(map_id, int(match[1])):
                report.failures.append(f"history {version.path.name} is not a saved version")
            report.history_versions += 1
    for path in library.root.rglob("*"):
        if TEMP.fullmatch(path.name):
            report.leftovers += 1
        elif path.is_file() and not (
            path.name in {".lock", store.INDEX_FILE if hasattr(store, "INDEX_FILE") else ""}
            or path.suffix == ".toml"
        ):
            report.failures.append(f"an unexpected file was left: {path}")


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has had, from Linux's /proc/PID/schedstat (in nanoseconds, unlike the
    clock ticks of /proc/PID/stat); None where there is no such file."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as file:
            return int(file.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _let_run(pid: int, seconds: float) -> None:
    """Return once the child has run `seconds` on a CPU from now (or has ended); where the CPU
    time cannot be read (macOS), once that much wall time has passed. On a loaded machine a
    child may get no CPU for a while: a plain sleep would kill it before its first save.
    (tests/processes.py holds the same for the tests; this script runs without them.)"""
    start = _cpu_seconds(pid)
    if start is None:
        time.sleep(seconds)
        return
    deadline = time.monotonic() + 10 + seconds
    while time.monotonic() < deadline:
        ran = _cpu_seconds(pid)
        if ran is None or ran - start >= seconds:
            return
        time.sleep(0.0005)


def run(
    kills: int = 500,
    *,
    seed: int = 20261120,
    folder: Path | None = None,
    max_delay: float = 0.025,
    progress: bool = False,
) -> Report:
    if not hasattr(os, "fork"):
        raise SystemExit("crash_test needs fork() and SIGKILL (Linux, macOS)")
    rng = random.Random(seed)
    report = Report()
    started = time.monotonic()
    own = folder is None
    base = Path(tempfile.mkdtemp(prefix="cyclemap-crash-")) if own else folder
    root = base / "library"
    library = Library(root)
    library.ensure()
    current = dict.fromkeys(MAP_IDS, 0)
    draft = log = 0
    try:
        for number in range(kills):
            reader, writer = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(reader)
                _child(root, dict(current), draft, log, writer)
            os.close(writer)
            try:
                ready, _, _ = select.select([reader], [], [], 30)
                if not ready:
                    report.failures.append("a child never started")
                # A random moment in the first few saves, so that every step is hit: writing
                # the temporary file, fsync, the rename, the history copy, the folder sync.
                _let_run(pid, rng.uniform(0, max_delay))
            finally:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            report.kills += 1
            lines = _read_all(reader)
            os.close(reader)
            for line in lines:
                kind, *rest = line.split()
                if kind == "map":
                    current[rest[0]] = int(rest[1])
                    report.saves += 1
                elif kind == "draft":
                    draft = int(rest[0])
                    report.saves += 1
                elif kind == "log":
                    log = int(rest[0])
                    report.saves += 1
            failures = len(report.failures)
            current, draft, log = _check_round(library, current, draft, log, report)
            if len(report.failures) == failures:
                report.survived += 1
            if progress and (number + 1) % 50 == 0:
                print(f"  {number + 1} kills, {report.saves} saves", file=sys.stderr)
        _check_history(library, report)
        # Afterwards cyclemap works as before: no lock is left held, a save goes through.
        after = version_of(MAP_IDS[0], current[MAP_IDS[0]] + 1)
        library.save(after)
        if library.load(MAP_IDS[0]) != after:
            report.failures.append("a save after the kills did not read back")
    finally:
        if own:
            shutil.rmtree(base, ignore_errors=True)
    report.seconds = round(time.monotonic() - started, 1)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=500, help="how many kills (default 500)")
    parser.add_argument("--seed", type=int, default=20261120, help="for the random moments")
    parser.add_argument("--dir", type=Path, help="work here (kept) instead of a temp folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    report = run(args.kills, seed=args.seed, folder=args.dir, progress=not args.json)
    if args.json:
        print(json.dumps({**asdict(report), "ok": report.ok}))
    else:
        print(
            f"crash test: {report.survived}/{report.kills} kills survived, "
            f"{report.saves:,} saves completed, {report.checks:,} read-backs, "
            f"{report.ahead} kills between a rename and its report, "
            f"{report.history_versions:,} history versions verified, "
            f"{report.leftovers} hidden temporary files left, {report.seconds}s"
        )
        for failure in report.failures[:20]:
            print(f"  FAILED: {failure}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
