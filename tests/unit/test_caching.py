"""The shared cache: per key, per context, coalescing concurrent misses, never caching
failures, expiring on time."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

import pytest

from connectors.caching import SharedCache
from connectors.context import CommerceContext
from connectors.errors import UpstreamUnavailable


class Upstream:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def fetch(self, keys: Sequence[str], ctx: CommerceContext) -> list[str]:
        self.calls.append(list(keys))
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise UpstreamUnavailable("erp", "down")
        return [f"{k}@{ctx.currency}" for k in keys]


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


CTX = CommerceContext()


async def test_only_missing_keys_reach_the_upstream() -> None:
    cache, upstream = SharedCache({"pricing": 60}), Upstream()
    assert await cache.batch("pricing", "prices", ["a", "b"], CTX, upstream.fetch) == [
        "a@EUR",
        "b@EUR",
    ]
    got = await cache.batch("pricing", "prices", ["b", "c", "a", "c"], CTX, upstream.fetch)
    assert got == ["b@EUR", "c@EUR", "a@EUR", "c@EUR"]
    assert upstream.calls == [["a", "b"], ["c"]]


async def test_contexts_never_share_entries_but_customers_of_a_group_do() -> None:
    cache, upstream = SharedCache({"pricing": 60, "loyalty": 60}), Upstream()
    gbp = replace(CTX, currency="GBP")
    assert await cache.batch("pricing", "prices", ["a"], gbp, upstream.fetch) == ["a@GBP"]
    assert await cache.batch("pricing", "prices", ["a"], CTX, upstream.fetch) == ["a@EUR"]
    pro = replace(CTX, customer_group="pro")
    await cache.batch("pricing", "prices", ["a"], pro, upstream.fetch)
    assert len(upstream.calls) == 3
    alice = CTX.with_customer("alice", "default")
    await cache.batch("pricing", "prices", ["a"], alice, upstream.fetch)
    assert len(upstream.calls) == 3, "a group price is shared by the group's customers"
    await cache.batch("loyalty", "points_for", ["a"], alice, upstream.fetch)
    await cache.batch(
        "loyalty", "points_for", ["a"], CTX.with_customer("bob", "default"), upstream.fetch
    )
    assert len(upstream.calls) == 5, "personal data is cached per customer"


async def test_concurrent_misses_share_one_upstream_call() -> None:
    cache, upstream = SharedCache({"catalog": 60}), Upstream()
    upstream.gate = asyncio.Event()
    first = asyncio.create_task(cache.batch("catalog", "products", ["a", "b"], CTX, upstream.fetch))
    await asyncio.sleep(0)
    second = asyncio.create_task(
        cache.batch("catalog", "products", ["b", "a"], CTX, upstream.fetch)
    )
    await asyncio.sleep(0)
    upstream.gate.set()
    assert await first == ["a@EUR", "b@EUR"]
    assert await second == ["b@EUR", "a@EUR"]
    assert upstream.calls == [["a", "b"]]


async def test_failures_reach_every_waiter_and_are_not_cached() -> None:
    cache, upstream = SharedCache({"catalog": 60}), Upstream()
    upstream.gate, upstream.fail = asyncio.Event(), True
    first = asyncio.create_task(cache.batch("catalog", "products", ["a"], CTX, upstream.fetch))
    await asyncio.sleep(0)
    second = asyncio.create_task(cache.batch("catalog", "products", ["a"], CTX, upstream.fetch))
    await asyncio.sleep(0)
    upstream.gate.set()
    for task in (first, second):
        with pytest.raises(UpstreamUnavailable):
            await task
    upstream.fail, upstream.gate = False, None
    assert await cache.batch("catalog", "products", ["a"], CTX, upstream.fetch) == ["a@EUR"]
    assert len(upstream.calls) == 2


async def test_the_least_recent_context_is_dropped_and_its_number_never_reused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("connectors.caching.MAX_CONTEXTS", 2)
    cache, upstream = SharedCache({"pricing": 60}), Upstream()
    chf, gbp, usd = (CommerceContext(currency=c) for c in ("CHF", "GBP", "USD"))
    for ctx in (chf, gbp, chf, usd):  # CHF used again: GBP is the one dropped for USD
        await cache.batch("pricing", "prices", ["a"], ctx, upstream.fetch)
    assert [scope.context for scope in cache._contexts.values()] == [chf, usd]
    assert len(upstream.calls) == 3
    assert await cache.batch("pricing", "prices", ["a"], chf, upstream.fetch) == ["a@CHF"]
    assert len(upstream.calls) == 3
    # GBP comes back with a new number: its old entry answers nobody, USD's is untouched.
    assert await cache.batch("pricing", "prices", ["a"], gbp, upstream.fetch) == ["a@GBP"]
    assert len(upstream.calls) == 4
    numbers = [int(scope) for _, scope, _ in cache._caches["pricing"]]
    assert len(set(numbers)) == 4  # CHF, the old GBP, USD, the new GBP
    assert await cache.batch("pricing", "prices", ["a"], chf, upstream.fetch) == ["a@CHF"]


async def test_entries_expire_after_their_ttl_and_zero_disables() -> None:
    clock, upstream = Clock(), Upstream()
    cache = SharedCache({"inventory": 10, "orders": 0}, timer=clock)
    await cache.batch("inventory", "stock", ["a"], CTX, upstream.fetch)
    clock.now = 9.0
    await cache.batch("inventory", "stock", ["a"], CTX, upstream.fetch)
    assert len(upstream.calls) == 1
    clock.now = 10.5
    await cache.batch("inventory", "stock", ["a"], CTX, upstream.fetch)
    assert len(upstream.calls) == 2
    await cache.batch("orders", "orders", ["a"], CTX, upstream.fetch)
    await cache.batch("orders", "orders", ["a"], CTX, upstream.fetch)
    assert len(upstream.calls) == 4


async def test_equal_contexts_share_one_key_object_and_the_table_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache, upstream = SharedCache({"pricing": 60}), Upstream()
    first, second = CommerceContext(currency="CHF"), CommerceContext(currency="CHF")
    assert first == second
    assert first is not second
    await cache.batch("pricing", "prices", ["a"], first, upstream.fetch)
    assert await cache.batch("pricing", "prices", ["a"], second, upstream.fetch) == ["a@CHF"]
    assert upstream.calls == [["a"]]
    scopes = [scope for _, scope, _ in cache._caches["pricing"]]
    assert [scope.context for scope in scopes] == [first]
    assert scopes[0].context is first
    monkeypatch.setattr("connectors.caching.MAX_CONTEXTS", 3)
    for n in range(10):
        await cache.batch(
            "pricing", "prices", ["a"], CommerceContext(country=f"C{n}"), upstream.fetch
        )
    assert len(cache._contexts) <= 3
