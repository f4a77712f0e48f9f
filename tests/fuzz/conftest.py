"""Hypothesis profiles for the fuzz tests, chosen by CYCLEMAP_FUZZ_PROFILE.

- "ci" (the default, used by `make test`): derandomized, so a run is repeatable; about 2,500
  examples across the fuzz tests in well under a minute.
- "long" (`make fuzz`, `make robustness`): ten times as many per test, still derandomized
  unless CYCLEMAP_FUZZ_SEED is set (then each run explores new inputs).

Each test takes a share of the profile's budget (`budget(...)`), because an app run costs a
thousand times more than a render. Every example run is counted (tests/fuzz/counting.py); the
total is printed at the end of the session and written to $CYCLEMAP_FUZZ_REPORT (JSON) when that
is set.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz.counting import PROFILE, count

__all__ = ["budget", "count"]

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
settings.load_profile(PROFILE)


def budget(weight: float, *, at_least: int = 10, ci: int | None = None) -> settings:
    """Settings for a test that runs `weight` × the profile's scale examples (or `ci` examples
    in the ci profile, for the few tests that cost a second an example)."""
    if ci is not None and PROFILE == "ci":
        return settings(max_examples=ci)
    return settings(max_examples=max(at_least, int(settings.default.max_examples * weight)))


@pytest.fixture(autouse=True)
def _no_real_home(tmp_path, monkeypatch) -> None:
    """Exports and anything else aimed at the home folder land in the test's folder."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
