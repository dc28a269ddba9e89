"""Leaky buckets, in-process and in the machine's Redis (a database of this run's own):
the same draws give the same answers, and two clients of one Redis share one bucket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from gateway.throttle.buckets import Buckets, MemoryBuckets
from gateway.throttle.redis_buckets import RedisBuckets
from tests.support.services import redis_database


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_database() as url:
        yield url


@pytest.fixture(params=["memory", "redis"])
async def buckets(request: pytest.FixtureRequest, redis_url: str) -> AsyncIterator[Buckets]:
    made: Buckets = (
        MemoryBuckets() if request.param == "memory" else RedisBuckets(Redis.from_url(redis_url))
    )
    yield made
    await made.aclose()


async def test_draws_until_empty_then_refuses_with_retry_after(buckets: Buckets) -> None:
    name = f"empty-{id(buckets)}"
    first = await buckets.draw(name, 600, capacity=1000, restore_per_s=50)
    assert first.allowed
    assert first.available == pytest.approx(400, abs=1)
    refused = await buckets.draw(name, 600, capacity=1000, restore_per_s=50)
    assert not refused.allowed
    assert refused.available == pytest.approx(400, abs=1)  # a refusal takes nothing
    assert refused.retry_after_s == 4  # 200 missing points at 50 per second


async def test_refills_at_the_restore_rate(buckets: Buckets) -> None:
    name = f"refill-{id(buckets)}"
    assert (await buckets.draw(name, 10, capacity=10, restore_per_s=100)).allowed
    assert not (await buckets.draw(name, 10, capacity=10, restore_per_s=100)).allowed
    await asyncio.sleep(0.15)  # 15 points' worth, capped at the capacity of 10
    again = await buckets.draw(name, 10, capacity=10, restore_per_s=100)
    assert again.allowed
    assert again.available == pytest.approx(0, abs=1)


async def test_give_back_returns_unspent_points_up_to_capacity(buckets: Buckets) -> None:
    name = f"refund-{id(buckets)}"
    await buckets.draw(name, 80, capacity=100, restore_per_s=0.001)
    await buckets.give_back(name, 50, capacity=100)
    draw = await buckets.draw(name, 0, capacity=100, restore_per_s=0.001)
    assert draw.available == pytest.approx(70, abs=0.5)
    await buckets.give_back(name, 500, capacity=100)
    assert (await buckets.draw(name, 0, capacity=100, restore_per_s=0.001)).available <= 100


async def test_two_redis_clients_draw_on_one_budget(redis_url: str) -> None:
    replica_a = RedisBuckets(Redis.from_url(redis_url))
    replica_b = RedisBuckets(Redis.from_url(redis_url))
    try:
        draws = await asyncio.gather(
            *(
                (replica_a if i % 2 else replica_b).draw("shared", 100, 1000, 0.001)
                for i in range(30)
            )
        )
        assert sum(d.allowed for d in draws) == 10  # exactly the capacity, never more
    finally:
        await replica_a.aclose()
        await replica_b.aclose()
