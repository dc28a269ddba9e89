"""Stale-if-error, tag purges and the shared tier, on the SharedCache alone: a fake clock,
a fake upstream, and an in-memory tier standing for Redis (tests/e2e/test_shared_cache.py
runs the real one)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from connectors import models as m
from connectors.cache_group import CacheGroup
from connectors.cache_tier import TierItem
from connectors.caching import SharedCache
from connectors.context import CommerceContext
from connectors.errors import CircuitOpen, UpstreamAuthError, UpstreamTimeout, UpstreamUnavailable
from connectors.stale import FreshnessLog, freshness_scope

CTX = CommerceContext()
WALL_START = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return WALL_START + self.now


class Upstream:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.error: Exception | None = None
        self.gate: asyncio.Event | None = None
        self.version = 1

    async def fetch(self, keys: Sequence[str], ctx: CommerceContext) -> list[m.StockLevel]:
        self.calls.append(list(keys))
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        return [m.StockLevel(k, self.version) for k in keys]


def stock_cache(clock: Clock, **kwargs: object) -> SharedCache:
    return SharedCache(
        {"inventory": 10.0},
        timer=clock,
        wall=clock.wall,
        source="wms",
        grace={"inventory": 30.0},
        **kwargs,  # type: ignore[arg-type]
    )


async def read(
    cache: SharedCache, upstream: Upstream, *skus: str
) -> tuple[list[int], FreshnessLog]:
    with freshness_scope(FreshnessLog()) as log:
        levels = await cache.batch("inventory", "stock", list(skus), CTX, upstream.fetch)
    return [level.online_quantity for level in levels], log


@pytest.mark.parametrize(
    "sickness", [UpstreamUnavailable("wms"), UpstreamTimeout("wms"), CircuitOpen("wms")]
)
async def test_a_sick_upstream_is_answered_from_the_expired_entry_and_says_so(
    sickness: Exception,
) -> None:
    clock, upstream = Clock(), Upstream()
    cache = stock_cache(clock)
    quantities, log = await read(cache, upstream, "A")
    fresh = log.of("stock", "A")
    assert quantities == [1]
    assert fresh is not None
    assert not fresh.stale
    assert fresh.as_of == datetime.fromtimestamp(WALL_START, UTC)
    assert fresh.source == "wms"
    clock.now, upstream.error = 12.0, sickness
    quantities, log = await read(cache, upstream, "A")
    served = log.of("stock", "A")
    assert quantities == [1]
    assert served is not None
    assert served.stale
    assert served.as_of == fresh.as_of, "asOf is when the value was fetched, not now"
    assert [r.key for r in log.stale_reads] == ["A"]
    assert len(upstream.calls) == 2, "the upstream was asked first"
    upstream.error, upstream.version = None, 2
    quantities, log = await read(cache, upstream, "A")
    recovered = log.of("stock", "A")
    assert quantities == [2]
    assert recovered is not None
    assert not recovered.stale
    assert recovered.as_of == datetime.fromtimestamp(WALL_START + 12, UTC)


async def test_past_the_grace_window_or_for_an_answer_that_is_not_sickness_it_fails() -> None:
    clock, upstream = Clock(), Upstream()
    cache = stock_cache(clock)
    await read(cache, upstream, "A")
    clock.now, upstream.error = 12.0, UpstreamAuthError("wms", "bad key")
    with pytest.raises(UpstreamAuthError):
        await read(cache, upstream, "A")
    clock.now, upstream.error = 41.0, UpstreamUnavailable("wms")
    with pytest.raises(UpstreamUnavailable):
        await read(cache, upstream, "A")


async def test_a_batch_with_a_key_never_cached_fails_whole_and_waiters_see_the_stale_value() -> (
    None
):
    clock, upstream = Clock(), Upstream()
    cache = stock_cache(clock)
    await read(cache, upstream, "A")
    clock.now, upstream.error = 12.0, UpstreamUnavailable("wms")
    with pytest.raises(UpstreamUnavailable):
        await read(cache, upstream, "A", "B")
    upstream.gate = asyncio.Event()
    first = asyncio.create_task(read(cache, upstream, "A"))
    await asyncio.sleep(0)
    second = asyncio.create_task(read(cache, upstream, "A"))
    await asyncio.sleep(0)
    upstream.gate.set()
    for task in (first, second):
        quantities, log = await task
        served = log.of("stock", "A")
        assert quantities == [1]
        assert served is not None
        assert served.stale
    assert len(upstream.calls) == 3, "the waiter shared the failed call"


async def test_a_purge_drops_entries_by_tag_whatever_key_they_were_read_by() -> None:
    group = CacheGroup()
    catalog = SharedCache({"catalog": 60}, source="pim", group=group)
    pricing = SharedCache({"pricing": 60}, source="erp", group=group)
    product = m.Product("p1", "veste", "Veste", (m.Variant("SKU-1", "S"), m.Variant("SKU-2", "M")))
    other = m.Product("p2", "pull", "Pull", (m.Variant("SKU-9", "S"),))
    calls: list[str] = []

    async def by_handle(keys: Sequence[str], ctx: CommerceContext) -> list[m.Product]:
        calls.append("handle")
        return [product if k == "veste" else other for k in keys]

    async def prices(keys: Sequence[str], ctx: CommerceContext) -> list[m.Price]:
        calls.append("prices")
        return [m.Price(k, m.Money(Decimal("1"), "EUR")) for k in keys]

    async def warm() -> None:
        await catalog.batch("catalog", "products_by_handle", ["veste", "pull"], CTX, by_handle)
        await pricing.batch("pricing", "prices", ["SKU-2", "SKU-9"], CTX, prices)

    await warm()
    await warm()
    assert calls == ["handle", "prices"]
    await catalog.purge(["sku:SKU-2"])  # one SKU of p1: its product entry and its price
    await warm()
    assert calls == ["handle", "prices", "handle", "prices"]
    assert catalog.purge_local(["product:p2"]) == 1
    assert pricing.purge_local(["domain:pricing"]) == 2
    assert catalog.purge_local(["product:p2", "page:nothing"]) == 0


async def test_a_purge_while_a_fetch_is_under_way_keeps_that_answer_out_of_the_cache() -> None:
    clock, upstream = Clock(), Upstream()
    cache = stock_cache(clock)
    upstream.gate = asyncio.Event()
    reading = asyncio.create_task(read(cache, upstream, "A"))
    await asyncio.sleep(0)
    await cache.purge(["sku:A"])  # a hold was placed while the read was on its way
    upstream.gate.set()
    assert (await reading)[0] == [1]
    upstream.gate = None
    await read(cache, upstream, "A")
    assert len(upstream.calls) == 2, "the answer that predates the purge was not kept"


class MemoryTier:
    """A tier two replicas share, and the bus between their groups."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[bytes, frozenset[str]]] = {}
        self.groups: list[CacheGroup] = []

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return [self.entries[k][0] if k in self.entries else None for k in keys]

    async def put_many(self, items: Sequence[TierItem]) -> None:
        self.entries.update({i.key: (i.data, i.tags) for i in items})

    def join(self, group: CacheGroup) -> None:
        self.groups.append(group)

        async def remote(tags: frozenset[str]) -> None:
            self.entries = {k: e for k, e in self.entries.items() if not e[1] & tags}
            for other in self.groups:
                if other is not group:
                    other.purge_local(tags)

        group.connect(remote)


async def test_replicas_share_entries_through_the_tier_and_purges_reach_them_all() -> None:
    clock, tier, upstream = Clock(), MemoryTier(), Upstream()
    groups = [CacheGroup(), CacheGroup()]
    for group in groups:
        tier.join(group)
    a, b = (stock_cache(clock, tier=tier, group=g) for g in groups)
    assert (await read(a, upstream, "A"))[0] == [1]
    clock.now = 4.0
    quantities, log = await read(b, upstream, "A")
    shared = log.of("stock", "A")
    assert quantities == [1]
    assert len(upstream.calls) == 1, "B read A's entry from the tier"
    assert shared is not None
    assert shared.as_of == datetime.fromtimestamp(WALL_START, UTC)
    clock.now = 8.0
    await read(b, upstream, "A")
    assert len(upstream.calls) == 1, "B keeps it in-process for the rest of its TTL"
    upstream.version = 2
    await a.purge(["sku:A"])
    assert tier.entries == {}
    assert (await read(b, upstream, "A"))[0] == [2], "B dropped its in-process entry"
    assert len(upstream.calls) == 2


async def test_a_replica_starting_during_an_outage_serves_the_tiers_stale_entry() -> None:
    clock, tier, upstream = Clock(), MemoryTier(), Upstream()
    a = stock_cache(clock, tier=tier)
    await read(a, upstream, "A")
    clock.now, upstream.error = 15.0, UpstreamUnavailable("wms")
    late = stock_cache(clock, tier=tier)
    quantities, log = await read(late, upstream, "A")
    served = log.of("stock", "A")
    assert quantities == [1]
    assert served is not None
    assert served.stale


def test_reads_the_cache_did_not_see_share_one_fresh_stamp_per_source() -> None:
    from datetime import UTC, datetime

    from connectors.stale import FreshnessLog

    log, before = FreshnessLog(), datetime.now(UTC)
    first = log.fetched_now("wms")
    assert log.fetched_now("wms") is first, "one per source for the whole operation"
    other = log.fetched_now("erp")
    assert other is not first
    assert (other.source, other.stale) == ("erp", False)
    assert before <= first.as_of <= datetime.now(UTC)
    assert FreshnessLog().fetched_now("wms") is not first, "never shared between operations"
