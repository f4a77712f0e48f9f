"""Timing helpers shared by the benchmarks.

These machines are noisy, so every figure is a ratio against a baseline measured in the same
run, each sample a whole process, baseline and subject interleaved so that a slow moment of the
machine hits both alike; the figure is the median of the samples.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
MIN_RUNS = 7
RUNS = int(os.environ.get("BENCH_RUNS", "9"))

T = TypeVar("T")


@dataclass
class Row:
    """One line of the table. reference None: an absolute figure (no baseline)."""

    what: str
    baseline: str
    subject: float
    reference: float | None
    unit: str
    target: str
    passed: bool | None  # None: for information, no target

    @property
    def ratio(self) -> float | None:
        return None if self.reference is None else self.subject / self.reference

    @property
    def figure(self) -> str:
        if self.reference is None:
            return f"{self.subject:.1f} {self.unit}"
        return f"{self.subject:.1f} / {self.reference:.1f} {self.unit} = {self.ratio:.2f}×"

    @property
    def result(self) -> str:
        if self.passed is None:
            return "info"
        return "pass" if self.passed else "FAIL"


@dataclass
class Sample:
    seconds: float  # from the start of the process to its marker line (or to its exit)
    lines: list[str]  # everything it printed


def run_process(
    argv: Sequence[str], *, marker: str | None = None, env: dict[str, str] | None = None
) -> Sample:
    """One whole process, timed from just before it starts to the line `marker` (when given)
    or to its exit. It must succeed; its output is kept, its errors shown when it fails."""
    with tempfile.TemporaryFile("w+") as errors:  # a file: a chatty child never blocks on it
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
        assert child.stdout is not None
        lines: list[str] = []
        seconds = None
        for line in child.stdout:
            lines.append(line.rstrip("\n"))
            if seconds is None and lines[-1] == marker:
                seconds = time.perf_counter() - started
        child.wait()
        if seconds is None and marker is None:
            seconds = time.perf_counter() - started
        if child.returncode != 0 or seconds is None:
            errors.seek(0)
            problem = f"exit {child.returncode}" if child.returncode else f"no line {marker!r}"
            raise RuntimeError(f"{' '.join(map(str, argv))}: {problem}\n{errors.read()[-4000:]}")
    return Sample(seconds, lines)


def time_process(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds of one whole process (output thrown away; must succeed)."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, env=env)
    return time.perf_counter() - start


def interleave(
    makers: Sequence[Callable[[], T]], runs: int = RUNS, warmups: int = 1
) -> list[list[T]]:
    """Each maker called `runs` times, in turn (a, b, c, a, b, c…), after `warmups` calls of
    each that are not kept. One list of results per maker."""
    for _ in range(warmups):
        for make in makers:
            make()
    results: list[list[T]] = [[] for _ in makers]
    for _ in range(runs):
        for kept, make in zip(results, makers, strict=True):
            kept.append(make())
    return results


def interleaved_medians(
    subject: Sequence[str],
    baseline: Sequence[str],
    runs: int = RUNS,
    env: dict[str, str] | None = None,
    warmups: int = 1,
) -> tuple[float, float]:
    """Median seconds of subject and baseline, run alternately, after warm-ups of each."""
    subject_times, baseline_times = interleave(
        [lambda: time_process(subject, env), lambda: time_process(baseline, env)], runs, warmups
    )
    return statistics.median(subject_times), statistics.median(baseline_times)


def measured_by_child(
    argv: Sequence[str], runs: int = RUNS, env: dict[str, str] | None = None
) -> float:
    """Median of a number a child process prints as its last line (its own measurement)."""
    values = [float(run_process(argv, env=env).lines[-1]) for _ in range(runs)]
    return statistics.median(values)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def print_table(rows: list[Row]) -> None:
    headers = ("what", "baseline, same run", "measured (median)", "target", "result")
    table = [(r.what, r.baseline, r.figure, r.target, r.result) for r in rows]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print(line(row))
