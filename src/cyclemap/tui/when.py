"""When a map last changed, in words: 'today 14:05', '3 days ago', '12 Nov 2026'.

No Textual here: a pure function of two datetimes, so tests can freeze "now".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_now() -> datetime:
    """Now, aware, in the machine's time zone (the default clock)."""
    return datetime.now(UTC).astimezone()


def human_when(moment: datetime, now: datetime) -> str:
    """`moment` in the time zone of `now` (which must be aware), the way a person says it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(now.tzinfo)
    days = (now.date() - moment.date()).days
    if days == 0:
        return f"today {moment:%H:%M}"
    if days == 1:
        return f"yesterday {moment:%H:%M}"
    if 1 < days < 7:
        return f"{days} days ago"
    # Older, or in the future (a clock set wrong): the plain date is never misleading.
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
