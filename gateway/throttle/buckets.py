"""A bucket holds up to `capacity` points and refills at `restore_per_s`; a draw takes
points if there are enough, else nothing. Shopify's calculated-cost throttle works so."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cachetools import TTLCache

MAX_BUCKETS = 100_000


@dataclass(frozen=True, slots=True)
class Draw:
    allowed: bool
    available: float  # points left after this draw (or, refused, before it)
    capacity: float
    restore_per_s: float
    needed: float

    @property
    def retry_after_s(self) -> int:
        """Whole seconds until the refused draw would fit (at least 1)."""
        if self.allowed:
            return 0
        missing = max(0.0, self.needed - self.available)
        return max(1, math.ceil(missing / self.restore_per_s))


class Buckets(Protocol):
    async def draw(self, name: str, points: float, capacity: float, restore_per_s: float) -> Draw:
        """Take `points` from the bucket `name` if it holds them; atomic per bucket."""

    async def give_back(self, name: str, points: float, capacity: float) -> None:
        """Return points drawn in advance and not spent (never above capacity)."""

    async def hit(self, name: str, window_s: float) -> None:
        """Count an event in a fixed window that starts with the window's first event."""

    async def hits(self, name: str) -> tuple[int, float]:
        """The events counted in the window `name`, and the seconds until it ends."""

    async def aclose(self) -> None: ...


class MemoryBuckets:
    """One replica's buckets. A bucket untouched long enough to be full again is dropped."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._levels: TTLCache[str, tuple[float, float]] = TTLCache(
            MAX_BUCKETS, ttl=24 * 3600, timer=clock
        )
        self._windows: TTLCache[str, tuple[int, float]] = TTLCache(
            MAX_BUCKETS, ttl=24 * 3600, timer=clock
        )

    async def draw(self, name: str, points: float, capacity: float, restore_per_s: float) -> Draw:
        now = self._clock()
        level, at = self._levels.get(name, (capacity, now))
        level = min(capacity, level + (now - at) * restore_per_s)
        allowed = points <= level
        if allowed:
            level -= points
        self._levels[name] = (level, now)
        return Draw(allowed, level, capacity, restore_per_s, points)

    async def give_back(self, name: str, points: float, capacity: float) -> None:
        if name in self._levels and points > 0:
            level, at = self._levels[name]
            self._levels[name] = (min(capacity, level + points), at)

    async def hit(self, name: str, window_s: float) -> None:
        count, ends = self._windows.get(name, (0, 0.0))
        now = self._clock()
        if ends <= now:
            count, ends = 0, now + window_s
        self._windows[name] = (count + 1, ends)

    async def hits(self, name: str) -> tuple[int, float]:
        count, ends = self._windows.get(name, (0, 0.0))
        left = ends - self._clock()
        return (count, left) if left > 0 else (0, 0.0)

    async def aclose(self) -> None:
        return None
