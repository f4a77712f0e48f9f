"""`make bench`: the targets of issue 7, measured on this machine, as a table.

Every figure is the median of whole processes (BENCH_RUNS, at least 7; 9 by default),
interleaved with its baseline. The libraries are made from examples/ in a temporary folder
outside the repo and removed afterwards. Nothing here is part of `make test`.

    BENCH_RUNS=15 .venv/bin/python benchmarks/run.py
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BIN,
    MIN_RUNS,
    PYTHON,
    ROOT,
    RUNS,
    Row,
    interleave,
    interleaved_medians,
    print_table,
    run_process,
    time_process,
)
from benchmarks.library import make_history, make_library  # noqa: E402

BIG = 10_000
QUERY = "nights 99"  # typed into the filter key by key; "n" alone still matches most maps
CHILD = str(ROOT / "benchmarks" / "tui_child.py")
LOOP = str(ROOT / "benchmarks" / "tomllib_loop.py")
CYCLEMAP = str(BIN / "cyclemap")
IMPORT_BASELINE = "import rich.console, pydantic, tomllib"
EXPORT_ID = "map-3"  # examples/sunday-nights.toml in the 3-map library: every field filled in
COLD_RUNS = 3
OUTSIDE_EXAMPLE = "sunday-nights.toml"  # every field filled in
OUTSIDE_SHOWN = f"examples/{OUTSIDE_EXAMPLE}"
VERSIONS = 3_000
HISTORY_CACHE = f".views/{EXPORT_ID}.history.json"  # cyclemap.store.views.HistoryCache
RACY_SECONDS = 2.0  # cyclemap.store.layout.RACY_NS: a file written since is read again


# Children run the code of this tree (the one holding this file), whatever is installed.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def precompile() -> None:
    """Byte-compile src/ as pip does for an installed package: this environment sets
    PYTHONDONTWRITEBYTECODE, so an editable install would otherwise compile every module of
    cyclemap at every start. Python checks each .pyc against its source before using it."""
    if not compileall.compile_dir(ROOT / "src", quiet=1):
        raise SystemExit("src/ does not compile")


def settle(*libraries: Path) -> None:
    """Every file older than the racy window, and each library's index built: what a person
    has, whose maps were not all written the moment before (the index does not trust a file
    written in that window, and every listing would read it again)."""
    newest = max(path.stat().st_mtime for library in libraries for path in library.rglob("*.toml"))
    time.sleep(max(0.0, newest + RACY_SECONDS + 0.2 - time.time()))
    for library in libraries:
        run_process([CYCLEMAP, "--data-dir", str(library), "list"])


def tui_rows(small: Path, big: Path) -> list[Row]:
    """First paint (3 maps vs the bare app; 10,000 maps vs 3), memory, and the filter."""
    note(f"the app: bare / 3 maps / {BIG:,} maps, {RUNS} runs each…")
    bare, app3, app_big = interleave(
        [
            lambda: run_process([PYTHON, CHILD, "bare"], marker="painted"),
            lambda: run_process([PYTHON, CHILD, "app", str(small)], marker="painted"),
            lambda: run_process(
                [PYTHON, CHILD, "app", str(big), "--type", QUERY], marker="painted"
            ),
        ]
    )

    def paint_ms(samples) -> float:
        return statistics.median(s.seconds for s in samples) * 1000

    def memory_mib(samples) -> float:
        return statistics.median(int(s.lines[-1]) for s in samples) / 1024

    def keys_ms(sample) -> list[float]:
        return [float(line.split()[1]) * 1000 for line in sample.lines if line.startswith("key ")]

    paint_bare, paint_small, paint_big = paint_ms(bare), paint_ms(app3), paint_ms(app_big)
    worst_key = statistics.median(max(keys_ms(s)) for s in app_big)
    typical_key = statistics.median(k for s in app_big for k in keys_ms(s))
    memory_app, memory_bare = memory_mib(app3), memory_mib(bare)
    return [
        Row(
            "the app's first paint, 3 maps",
            "bare Textual app (Header, 3-item OptionList, Footer)",
            paint_small,
            paint_bare,
            "ms",
            "≤ 1.10×",
            paint_small <= 1.10 * paint_bare,
        ),
        Row(
            f"library screen, {BIG:,} maps, first paint",
            "the same app with 3 maps",
            paint_big,
            paint_small,
            "ms",
            "≤ 1.5×",
            paint_big <= 1.5 * paint_small,
        ),
        Row(
            f"filter {BIG:,} maps, slowest keystroke of '{QUERY}'",
            f"— (median keystroke {typical_key:.1f} ms)",
            worst_key,
            None,
            "ms CPU",
            "< 50 ms",
            worst_key < 50,
        ),
        Row(
            "the app's peak memory, 3 maps",
            "bare Textual app",
            memory_app,
            memory_bare,
            "MiB",
            "≤ 1.2×",
            memory_app <= 1.2 * memory_bare,
        ),
    ]


def export_row(small: Path) -> Row:
    note(f"export --format text, {RUNS} runs…")
    command = [CYCLEMAP, "--data-dir", str(small), "export", EXPORT_ID, "--format", "text"]
    subject, baseline = interleaved_medians(
        [*command, "-o", os.devnull], [PYTHON, "-c", IMPORT_BASELINE]
    )
    return Row(
        f"cyclemap export {EXPORT_ID} --format text -o /dev/null",
        f'python -c "{IMPORT_BASELINE}"',
        subject * 1000,
        baseline * 1000,
        "ms",
        "≤ 1.10×",
        subject <= 1.10 * baseline,
    )


def outside_rows(small: Path, folder: Path) -> list[Row]:
    """export, show and check of a file outside the library (the README's first command). Nothing
    of such a file is kept anywhere, so every run is a first time: read, parsed and validated by
    the models' own schema (map_validator)."""
    outside = folder / "elsewhere" / OUTSIDE_EXAMPLE
    outside.parent.mkdir()
    shutil.copyfile(ROOT / "examples" / OUTSIDE_EXAMPLE, outside)
    data = ["--data-dir", str(small)]
    floor = [PYTHON, "-c", IMPORT_BASELINE]

    note(f"export, show and check of a file outside the library, {RUNS} runs…")
    exports, shows, checks, floors = interleave(
        [
            lambda: time_process(
                [CYCLEMAP, *data, "export", str(outside), "--format", "text", "-o", os.devnull]
            ),
            lambda: time_process([CYCLEMAP, *data, "show", str(outside), "--width", "80"]),
            lambda: time_process([CYCLEMAP, *data, "check", str(outside)]),
            lambda: time_process(floor),
        ]
    )
    baseline = statistics.median(floors)
    rows = []
    for what, times in (
        (f"cyclemap export {OUTSIDE_SHOWN} --format text -o /dev/null", exports),
        (f"cyclemap show {OUTSIDE_SHOWN}", shows),
        (f"cyclemap check {OUTSIDE_SHOWN}", checks),
    ):
        subject = statistics.median(times)
        rows.append(
            Row(
                what,
                f'python -c "{IMPORT_BASELINE}"',
                subject * 1000,
                baseline * 1000,
                "ms",
                "≤ 1.25×",
                subject <= 1.25 * baseline,
            )
        )
    return rows


def history_rows(small: Path) -> list[Row]:
    """history of a map with VERSIONS saved versions: the first time (every version parsed,
    as after an upgrade) and later (the versions known from the history cache)."""
    command = [CYCLEMAP, "--data-dir", str(small), "history", EXPORT_ID]
    cache = small / HISTORY_CACHE

    def first() -> float:
        cache.unlink(missing_ok=True)
        return time_process(command)

    note(f"history of {VERSIONS:,} versions, first time and later, {RUNS} runs…")
    firsts, laters = interleave([first, lambda: time_process(command)])
    return [
        Row(
            f"cyclemap history, {VERSIONS:,} versions, {what}",
            "",
            statistics.median(times) * 1000,
            None,
            "ms",
            target,
            passed,
        )
        for what, times, target, passed in (
            ("first time", firsts, "info", None),
            ("later", laters, "< 1000 ms", statistics.median(laters) < 1.0),
        )
    ]


def list_rows(big: Path) -> list[Row]:
    command = [CYCLEMAP, "--data-dir", str(big), "list"]
    loop = [PYTHON, LOOP, str(big)]
    note(f"list, {BIG:,} maps, first listing (the index is built), {COLD_RUNS} runs…")
    index = big / ".index.json"

    def cold() -> float:
        index.unlink(missing_ok=True)
        return time_process(command)

    cold_times, cold_loops = interleave([cold, lambda: time_process(loop)], COLD_RUNS, 0)
    note(f"list, {BIG:,} maps, {RUNS} runs…")
    subject, baseline = interleaved_medians(command, loop, warmups=2)
    cold_median, cold_loop = statistics.median(cold_times), statistics.median(cold_loops)
    return [
        Row(
            f"cyclemap list, {BIG:,} maps",
            "a python loop: tomllib.load of each file",
            subject * 1000,
            baseline * 1000,
            "ms",
            "≤ 1.0×",
            subject <= 1.0 * baseline,
        ),
        Row(
            f"cyclemap list, {BIG:,} maps, index built from nothing",
            "the same loop",
            cold_median * 1000,
            cold_loop * 1000,
            "ms",
            "≤ 1.3×",
            cold_median <= 1.3 * cold_loop,
        ),
    ]


def main() -> None:
    if RUNS < MIN_RUNS:
        note(f"BENCH_RUNS={RUNS}: a quick look only; the figures need at least {MIN_RUNS} runs")
    precompile()
    folder = Path(tempfile.mkdtemp(prefix="cyclemap-bench-"))
    try:
        small = make_library(folder / "three", 3)
        make_history(small, EXPORT_ID, VERSIONS)
        note(f"making a library of {BIG:,} maps in {folder}…")
        big = make_library(folder / "big", BIG)
        settle(small, big)
        rows = [
            *tui_rows(small, big),
            export_row(small),
            *list_rows(big),
            *outside_rows(small, folder),
            *history_rows(small),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    order = [0, 4, 5, 1, 2, 3, 6, 7, 8, 9, 10, 11]  # the issues' order
    assert sorted(order) == list(range(len(rows))), "every row once"
    print_table([rows[i] for i in order])
    print()
    print(
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"{RUNS} runs each (first listing: {COLD_RUNS})"
    )


if __name__ == "__main__":
    main()
