"""Leaky buckets, in-process and in the machine's Redis (a database of this run's own):
the same draws give the same answers, and two clients of one Redis share one bucket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis

from gateway.keys.model import Budget
from gateway.throttle.admission import BudgetAdmission
from gateway.throttle.buckets import Buckets, MemoryBuckets
from gateway.throttle.redis_buckets import RedisBuckets
from schema.errors import Throttled
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


async def test_a_fixed_window_counts_then_ends(buckets: Buckets) -> None:
    name = f"window-{id(buckets)}"
    assert await buckets.hits(name) == (0, 0.0)
    for _ in range(3):
        await buckets.hit(name, window_s=0.3)
    count, left = await buckets.hits(name)
    assert count == 3
    assert 0 < left <= 0.3
    await asyncio.sleep(0.35)
    assert await buckets.hits(name) == (0, 0.0)


async def test_an_operation_gets_back_what_it_did_not_spend() -> None:
    buckets = MemoryBuckets()
    admission = BudgetAdmission(buckets, "k1", Budget(capacity=100, restore_per_s=0.001))
    status = await admission.admit(60)
    assert status["currentlyAvailable"] == pytest.approx(40, abs=0.1)
    await admission.settle(actual=15)  # 45 points unspent
    after = await admission.admit(0)
    assert after["currentlyAvailable"] == pytest.approx(85, abs=0.1)
    with pytest.raises(Throttled) as refused:
        await admission.admit(90)
    assert refused.value.retry_after_s >= 1
    assert refused.value.extensions["throttleStatus"]["maximumAvailable"] == 100
