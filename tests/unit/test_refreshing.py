"""Reference data re-read after its TTL; a failed re-read keeps the copy held."""

from __future__ import annotations

import asyncio

import pytest

from connectors.errors import UpstreamUnavailable
from connectors.refreshing import Refreshing


class Source:
    def __init__(self) -> None:
        self.reads = 0
        self.failing = False

    async def __call__(self) -> int:
        await asyncio.sleep(0.001)
        if self.failing:
            raise UpstreamUnavailable("x", "down")
        self.reads += 1
        return self.reads


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_read_once_then_again_after_the_ttl() -> None:
    source, clock = Source(), Clock()
    held = Refreshing(source, 60, what="data", connector="x", clock=clock)
    assert await asyncio.gather(*(held.get() for _ in range(10))) == [1] * 10
    clock.now = 59
    assert await held.get() == 1
    clock.now = 60
    assert await held.get() == 2


async def test_a_failed_re_read_keeps_the_copy_and_tries_again_later() -> None:
    source, clock = Source(), Clock()
    held = Refreshing(source, 60, what="data", connector="x", clock=clock, retry_stale_s=30)
    await held.get()
    source.failing, clock.now = True, 60
    assert await held.get() == 1
    source.failing = False
    clock.now = 89
    assert await held.get() == 1, "no re-read before the pause is over"
    clock.now = 90
    assert await held.get() == 2


async def test_a_failed_first_read_is_the_callers() -> None:
    source = Source()
    source.failing = True
    held = Refreshing(source, 60, what="data", connector="x")
    with pytest.raises(UpstreamUnavailable):
        await held.get()
    source.failing = False
    assert await held.get() == 1


async def test_invalidate_reads_again() -> None:
    source = Source()
    held = Refreshing(source, 60, what="data", connector="x", clock=Clock())
    await held.get()
    held.invalidate()
    assert await held.get() == 2
