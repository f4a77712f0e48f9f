"""How many fuzz examples ran: counted by each test (`count`), added up across pytest-xdist
workers, printed at the end of the session and written to $CYCLEMAP_FUZZ_REPORT (JSON) when
that is set.

A pytest plugin, loaded by tests/conftest.py: the xdist controller runs no test and loads no
conftest below tests/, yet it is the process that prints the summary.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest

PROFILE_ENV = "CYCLEMAP_FUZZ_PROFILE"
REPORT_ENV = "CYCLEMAP_FUZZ_REPORT"
PROFILE = os.environ.get(PROFILE_ENV, "ci")

EXAMPLES: Counter[str] = Counter()


def count(test: str) -> None:
    EXAMPLES[test] += 1


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workeroutput")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _is_worker(session.config):
        session.config.workeroutput["fuzz_examples"] = dict(EXAMPLES)  # type: ignore[attr-defined]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """In the xdist controller: a worker is done; add its counts."""
    EXAMPLES.update(getattr(node, "workeroutput", {}).get("fuzz_examples", {}))


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if _is_worker(config) or not EXAMPLES:
        return
    total = sum(EXAMPLES.values())
    terminalreporter.write_line(
        f"fuzz ({PROFILE} profile): {total:,} examples run "
        + "("
        + ", ".join(f"{name} {n:,}" for name, n in sorted(EXAMPLES.items()))
        + ")"
    )
    report = os.environ.get(REPORT_ENV)
    if report:
        with open(report, "w", encoding="utf-8") as file:
            json.dump({"profile": PROFILE, "total": total, "tests": dict(EXAMPLES)}, file)
