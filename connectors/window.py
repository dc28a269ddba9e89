"""Counts over a sliding time window, in one-second buckets: memory stays bounded by the
window's length whatever the request rate (the retry budget and the breaker use it)."""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable


class SlidingCounts:
    def __init__(self, window_s: float, clock: Callable[[], float]) -> None:
        self._buckets = max(1, math.ceil(window_s))
        self._clock = clock
        self._window: deque[tuple[int, Counter[str]]] = deque()

    def add(self, kind: str, n: int = 1) -> None:
        second = self._expire()
        if not self._window or self._window[-1][0] != second:
            self._window.append((second, Counter()))
        self._window[-1][1][kind] += n

    def total(self, kind: str) -> int:
        self._expire()
        return sum(counts[kind] for _, counts in self._window)

    def clear(self) -> None:
        self._window.clear()

    def _expire(self) -> int:
        second = math.floor(self._clock())
        while self._window and self._window[0][0] <= second - self._buckets:
            self._window.popleft()
        return second
