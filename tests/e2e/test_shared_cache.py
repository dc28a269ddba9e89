"""Two gateway replicas over one back office and the machine's Redis (a database of this
test run's own): an entry one replica fetched serves the other without an upstream call,
and a hold placed on A shows on B's availability and pickupOptions within 100 ms."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE
from gateway.config_access import AccessSettings
from gateway.examples import PICKUP_OPTIONS
from tests.conftest import instrumented_config
from tests.support.instrumented import Recorder
from tests.support.server import GraphQLClient, running_gateway
from tests.support.services import redis_database
from tests.support.shopping import mutate, store_quantity, token_of_demo

PURGE_WITHIN_S = 0.100
POLL_LIMIT = 200
RESERVE = "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!"


@pytest.fixture
def redis_url() -> Iterator[str]:
    with redis_database() as url:
        yield url


@pytest.fixture
async def replicas(
    own_sample_dir: Path, redis_url: str
) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient]]:
    config = replace(
        instrumented_config(own_sample_dir, cache=True),
        access=AccessSettings(redis_url=redis_url),
    )
    async with running_gateway(config) as a, running_gateway(config) as b:
        yield a, b


async def _pickup_codes(client: GraphQLClient, sku: str, quantity: int) -> set[str]:
    lines = [{"sku": sku, "quantity": quantity}]
    options = (await client.data(PICKUP_OPTIONS, variables={"lines": lines}))["pickupOptions"]
    return {o["store"]["code"] for o in options}


async def _store_id(client: GraphQLClient, code: str) -> str:
    data = await client.data("query($c: String!) { store(code: $c) { id } }", variables={"c": code})
    store_id: str = data["store"]["id"]
    return store_id


async def test_an_entry_fetched_by_one_replica_serves_the_other(
    replicas: tuple[GraphQLClient, GraphQLClient], recorder: Recorder
) -> None:
    a, b = replicas
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    code = sorted(await _pickup_codes(a, sku, 1))[0]
    calls = recorder.calls["stock"]
    on_a = await store_quantity(a, sku, code)
    assert on_a > 0
    assert recorder.calls["stock"] == calls, "A answered from its own cache"
    assert await store_quantity(b, sku, code) == on_a
    assert recorder.calls["stock"] == calls, "B read A's entry from Redis, not the back end"


async def test_a_hold_on_a_reaches_b_within_100_ms(
    replicas: tuple[GraphQLClient, GraphQLClient], recorder: Recorder
) -> None:
    a, b = replicas
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    code = sorted(await _pickup_codes(b, sku, 1))[0]
    calls = recorder.calls["stock"]
    on_shelf = await store_quantity(b, sku, code)
    assert on_shelf > 0
    assert recorder.calls["stock"] == calls, "B's cache holds this stock (TTL 10 s)"
    assert code in await _pickup_codes(b, sku, on_shelf)
    token = await token_of_demo(a)
    variables: dict[str, Any] = {
        "storeId": await _store_id(a, code),
        "lines": [{"sku": sku, "quantity": on_shelf}],
        "idempotencyKey": "replicas-hold",
    }
    held = await mutate(a, "pickupReserve", RESERVE, variables, "reservation { id }", token)
    assert held["userErrors"] == []
    done, polls = time.monotonic(), 0
    while polls < POLL_LIMIT:
        polls += 1
        if await store_quantity(b, sku, code) == 0:
            break
        await asyncio.sleep(0.002)
    seen = time.monotonic() - done
    assert await store_quantity(b, sku, code) == 0
    assert code not in await _pickup_codes(b, sku, 1), "B no longer offers the held units"
    print(f"hold on A visible on B after {seen * 1000:.1f} ms ({polls} read(s) of B)")
    assert seen < PURGE_WITHIN_S
