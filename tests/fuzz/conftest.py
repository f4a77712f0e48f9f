"""Hypothesis profiles for the fuzz tests, chosen by CYCLEMAP_FUZZ_PROFILE.

- "ci" (the default, used by `make test`): derandomized, so a run is repeatable; about 2,500
  examples across the fuzz tests in well under a minute.
- "long" (`make fuzz`, `make robustness`): ten times as many per test, still derandomized
  unless CYCLEMAP_FUZZ_SEED is set (then each run explores new inputs).

Each test takes a share of the profile's budget (`budget(...)`), because an app run costs a
thousand times more than a render. Every example run is counted; the total is printed at the
end of the session and written to $CYCLEMAP_FUZZ_REPORT (JSON) when that is set.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

PROFILE_ENV = "CYCLEMAP_FUZZ_PROFILE"
REPORT_ENV = "CYCLEMAP_FUZZ_REPORT"
SEED_ENV = "CYCLEMAP_FUZZ_SEED"

_COMMON = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
}
# The scale is max_examples for a test of weight 1.0 (see budget()).
settings.register_profile("ci", max_examples=1_000, derandomize=True, **_COMMON)
settings.register_profile(
    "long",
    max_examples=10_000,
    derandomize=not os.environ.get(SEED_ENV),
    **_COMMON,
)
PROFILE = os.environ.get(PROFILE_ENV, "ci")
settings.load_profile(PROFILE)

EXAMPLES: Counter[str] = Counter()


def budget(weight: float, *, at_least: int = 10, ci: int | None = None) -> settings:
    """Settings for a test that runs `weight` × the profile's scale examples (or `ci` examples
    in the ci profile, for the few tests that cost a second an example)."""
    if ci is not None and PROFILE == "ci":
        return settings(max_examples=ci)
    return settings(max_examples=max(at_least, int(settings.default.max_examples * weight)))


def count(test: str) -> None:
    EXAMPLES[test] += 1


def pytest_terminal_summary(terminalreporter) -> None:
    if not EXAMPLES:
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


@pytest.fixture(autouse=True)
def _no_real_home(tmp_path, monkeypatch) -> None:
    """Exports and anything else aimed at the home folder land in the test's folder."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
