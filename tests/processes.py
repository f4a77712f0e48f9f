"""Waiting on a child process by the CPU time it has had, not by the clock.

A test that kills a child "a few milliseconds into its work" must not sleep those milliseconds:
on a machine busy with other work (the suite's own other workers, other people's) the child may
get no CPU at all meanwhile, and is killed before it did anything. scripts/crash_test.py does
the same for itself (it runs without the tests).
"""

from __future__ import annotations

import time


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has had, from Linux's /proc/PID/schedstat (in nanoseconds, unlike the
    clock ticks of /proc/PID/stat); None where there is no such file."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="ascii") as file:
            return int(file.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def let_run(pid: int, seconds: float, *, timeout: float = 10) -> None:
    """Return once the process has run `seconds` on a CPU from now (or has ended, or `timeout`
    has passed); where the CPU time cannot be read (macOS), once that much wall time has."""
    start = cpu_seconds(pid)
    if start is None:
        time.sleep(seconds)
        return
    deadline = time.monotonic() + timeout + seconds
    while time.monotonic() < deadline:
        ran = cpu_seconds(pid)
        if ran is None or ran - start >= seconds:
            return
        time.sleep(0.0005)
