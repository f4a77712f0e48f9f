"""Relative dates as a person says them, and paths as a person reads them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cyclemap.tui.paths import shown
from cyclemap.tui.when import human_when

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (datetime(2026, 11, 20, 9, 5, tzinfo=UTC), "today 09:05"),
        (datetime(2026, 11, 19, 23, 59, tzinfo=UTC), "yesterday 23:59"),
        (datetime(2026, 11, 17, 8, 0, tzinfo=UTC), "3 days ago"),
        (datetime(2026, 11, 14, 8, 0, tzinfo=UTC), "6 days ago"),
        (datetime(2026, 11, 13, 8, 0, tzinfo=UTC), "13 Nov 2026"),
        (datetime(2025, 1, 2, 8, 0, tzinfo=UTC), "2 Jan 2025"),
        (datetime(2026, 12, 24, 8, 0, tzinfo=UTC), "24 Dec 2026"),  # a clock set wrong
        (datetime(2026, 11, 20, 9, 5), "today 09:05"),  # naive is UTC
    ],
)
def test_human_when(moment: datetime, words: str) -> None:
    assert human_when(moment, NOW) == words


def test_human_when_uses_the_clocks_time_zone() -> None:
    tokyo = timezone(timedelta(hours=9))
    # 20:00 UTC on the 19th is 05:00 on the 20th in Tokyo.
    assert human_when(datetime(2026, 11, 19, 20, 0, tzinfo=UTC), NOW.astimezone(tokyo)) == (
        "today 05:00"
    )


def test_paths_under_home_read_with_a_tilde(home: Path) -> None:
    assert shown(home / "maps" / "a.txt") == "~/maps/a.txt"
    assert shown(Path("/elsewhere/a.txt")) == "/elsewhere/a.txt"
