"""Time in the sample back office: an injectable clock, and one text form for moments.

Holds expire and coupons lapse by comparing moments in SQL, so every stored moment has the
same fixed-width UTC form, which sorts as text the way the moments sort in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """`2026-05-01T09:30:00.000000+00:00`; a naive moment is taken to be UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
