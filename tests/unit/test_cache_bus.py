"""The Redis tier and purge bus on the machine's Redis (a database of this run's own):
entries shared, purged by tag and by domain in Redis and in the other replica's process,
junk on the channel ignored, and a Redis that is gone reads as misses."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence

import pytest
import redis.asyncio as redis

from connectors.cache_group import CacheGroup
from connectors.caching import SharedCache
from connectors.context import CommerceContext
from gateway.cache_bus import CHANNEL, PREFIX, RedisCacheTier
from tests.support.services import redis_database

CTX = CommerceContext()


@pytest.fixture
def redis_url() -> Iterator[str]:
    with redis_database() as url:
        yield url


class Replica:
    def __init__(self, url: str) -> None:
        self.group = CacheGroup()
        self.tier = RedisCacheTier(url, self.group)
        self.cache = SharedCache(
            {"catalog": 60, "pricing": 60}, source="pim", tier=self.tier, group=self.group
        )
        self.calls: list[str] = []

    async def fetch(self, keys: Sequence[str], ctx: CommerceContext) -> list[str]:
        self.calls.extend(keys)
        return [f"title of {k}" for k in keys]

    async def read(self, domain: str, method: str, *keys: str) -> list[str]:
        return await self.cache.batch(domain, method, list(keys), CTX, self.fetch)


@pytest.fixture
async def replicas(redis_url: str) -> AsyncIterator[tuple[Replica, Replica]]:
    a, b = Replica(redis_url), Replica(redis_url)
    await a.tier.start()
    await b.tier.start()
    yield a, b
    await a.tier.aclose()
    await b.tier.aclose()


async def _eventually(check: Callable[[], bool], within_s: float = 1.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < within_s:
        if check():
            return time.monotonic() - start
        await asyncio.sleep(0.001)
    raise AssertionError("not within the time allowed")


async def test_a_tag_purge_empties_redis_and_the_other_replica(
    replicas: tuple[Replica, Replica], redis_url: str
) -> None:
    a, b = replicas
    await a.read("catalog", "products", "p1", "p2")
    assert await b.read("catalog", "products", "p1", "p2") == ["title of p1", "title of p2"]
    assert b.calls == [], "B was served from Redis"
    await a.cache.purge(["product:p1"])
    await _eventually(lambda: b.cache.entries("catalog") == 1)
    store = redis.Redis.from_url(redis_url)
    try:
        names = [n async for n in store.scan_iter(match=PREFIX + "e:*")]
        assert len(names) == 1, "p1's entry is gone from Redis, p2's is not"
    finally:
        await store.aclose()
    await b.read("catalog", "products", "p1")
    assert b.calls == ["p1"]


async def test_the_other_replica_drops_its_own_entries_within_milliseconds(
    replicas: tuple[Replica, Replica],
) -> None:
    a, b = replicas
    await b.read("pricing", "prices", "SKU-1")
    assert b.calls == ["SKU-1"]
    await a.cache.purge(["sku:SKU-1"])
    took = await _eventually(lambda: not _holds(b, "pricing"))
    assert took < 0.5  # the target is 100 ms, printed below; room for a loaded CI machine
    print(f"purge reached the other replica in {took * 1000:.1f} ms")


async def test_a_domain_purge_scans_that_domain_only(replicas: tuple[Replica, Replica]) -> None:
    a, b = replicas
    await a.read("catalog", "products", "p1")
    await a.read("pricing", "prices", "SKU-1")
    await a.cache.purge(["domain:pricing"])
    await b.read("catalog", "products", "p1")
    await b.read("pricing", "prices", "SKU-1")
    assert b.calls == ["SKU-1"]


async def test_junk_on_the_channel_is_ignored(
    replicas: tuple[Replica, Replica], redis_url: str
) -> None:
    a, _ = replicas
    await a.read("catalog", "products", "p1")
    store = redis.Redis.from_url(redis_url)
    try:
        for junk in (b"\xff", b"[]", b'{"tags": "product:p1"}', b"null"):
            await store.publish(CHANNEL, junk)
        await store.publish(CHANNEL, b'{"origin": "elsewhere", "tags": ["product:p1"]}')
    finally:
        await store.aclose()
    await _eventually(lambda: not _holds(a, "catalog"))


async def test_a_redis_that_is_gone_reads_as_misses_and_the_cache_goes_on() -> None:
    gone = Replica("redis://127.0.0.1:1/0")
    await gone.tier.start()
    try:
        assert await gone.read("catalog", "products", "p1") == ["title of p1"]
        assert await gone.read("catalog", "products", "p1") == ["title of p1"]
        assert gone.calls == ["p1"], "still cached in-process"
        await gone.cache.purge(["product:p1"])
        await gone.read("catalog", "products", "p1")
        assert gone.calls == ["p1", "p1"]
    finally:
        await gone.tier.aclose()


def _holds(replica: Replica, domain: str) -> bool:
    return replica.cache.entries(domain) > 0
