"""Two gateways on one PostgreSQL key store and one Redis (the machine's own services, in
a database of this run's own): one budget, one revocation list, one usage meter and one
sign-in throttle for both."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from connectors.context import Channel
from connectors.sample import DEMO_EMAIL, DEMO_PASSWORD
from gateway.config_access import AccessSettings
from gateway.keys.model import Budget
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService
from gateway.keys.store import KeyStore
from tests.conftest import instrumented_config
from tests.support.keys import KEY_HEADER, issue_key
from tests.support.server import GraphQLClient, running_gateway
from tests.support.services import postgres_database, redis_database

LISTING = "{ products(first: 10) { nodes { title } } }"  # costs 11
SIGN_IN = """mutation($e: String!, $p: String!) { customerAccessTokenCreate(email: $e, password: $p) {
  accessToken userErrors { code } } }"""
WINDOW_S = 2.0


@pytest.fixture(scope="module")
def services() -> Iterator[tuple[str, str]]:
    with postgres_database() as database, redis_database() as redis:
        yield database, redis


@pytest.fixture
async def replicas(
    services: tuple[str, str], own_sample_dir: Path
) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient, KeyStore]]:
    database, redis = services
    access = AccessSettings(state_database=database, redis_url=redis, sign_in_window_s=WINDOW_S)
    config = replace(instrumented_config(own_sample_dir), access=access)
    state = open_store(database, own_sample_dir)
    await state.start()
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(running_gateway(config))
        b = await stack.enter_async_context(running_gateway(config))
        yield a, b, state
    await state.aclose()


async def _status(client: GraphQLClient, query: str, key: str) -> tuple[int, dict[str, Any]]:
    async with client.session.post(
        client.base_url + "/graphql", json={"query": query}, headers={KEY_HEADER: key}
    ) as response:
        return response.status, await response.json()


async def test_one_budget_for_both_replicas(
    replicas: tuple[GraphQLClient, GraphQLClient, KeyStore], services: tuple[str, str]
) -> None:
    a, b, _ = replicas
    key = await issue_key(Path("."), Channel.PARTNER, scopes=frozenset({"catalog:read"}),
                          budget=Budget(30, 0.01), database=services[0])  # fmt: skip
    assert (await _status(a, LISTING, key))[0] == 200
    assert (await _status(b, LISTING, key))[0] == 200
    status, payload = await _status(a, LISTING, key)  # 30 - 11 - 11 = 8 left, on both
    assert status == 429
    assert payload["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert (await _status(b, LISTING, key))[0] == 429


async def test_a_key_revoked_on_one_is_refused_by_the_other_within_a_second(
    replicas: tuple[GraphQLClient, GraphQLClient, KeyStore], services: tuple[str, str]
) -> None:
    a, b, state = replicas
    key = await issue_key(Path("."), Channel.WEB, database=services[0])
    assert (await _status(b, LISTING, key))[0] == 200
    await KeyService(state).revoke(key.split("_")[1])  # as `omnicanal keys revoke` on A
    revoked = time.monotonic()
    while (await _status(b, LISTING, key))[0] != 401:
        assert time.monotonic() - revoked < 1.0, "B still accepts the key a second later"
        await asyncio.sleep(0.05)
    assert (await _status(a, LISTING, key))[0] == 401


async def test_usage_sums_both_replicas(services: tuple[str, str], own_sample_dir: Path) -> None:
    database, redis = services
    access = AccessSettings(state_database=database, redis_url=redis)
    config = replace(instrumented_config(own_sample_dir), access=access)
    key = await issue_key(Path("."), Channel.WEB, database=database)
    async with running_gateway(config) as a, running_gateway(config) as b:
        for client in (a, b, b):
            assert (await _status(client, LISTING, key))[0] == 200
        assert (await _status(a, "{ products(first: 1000) { nodes { id } } }", key))[0] == 200
    # Each replica's meter is flushed at shutdown.
    state = open_store(database, own_sample_dir)
    await state.start()
    try:
        rows = await state.usage(key.split("_")[1], 0)
    finally:
        await state.aclose()
    assert sum(r.requests for r in rows) == 4
    assert sum(r.cost for r in rows) == 3 * 11


async def test_sign_in_throttle_is_shared_and_ends_with_its_window(
    replicas: tuple[GraphQLClient, GraphQLClient, KeyStore],
) -> None:
    a, b, _ = replicas

    async def attempt(client: GraphQLClient, password: str) -> dict[str, Any]:
        data = await client.data(SIGN_IN, variables={"e": DEMO_EMAIL, "p": password})
        payload: dict[str, Any] = data["customerAccessTokenCreate"]
        return payload

    codes = []
    for i in range(6):
        payload = await attempt(a if i % 2 else b, f"wrong-{i}")
        codes.append(payload["userErrors"][0]["code"])
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["THROTTLED"]
    assert (await attempt(a, DEMO_PASSWORD))["userErrors"] == [{"code": "THROTTLED"}]
    assert (await attempt(b, DEMO_PASSWORD))["userErrors"] == [{"code": "THROTTLED"}]
    started = time.monotonic()
    while (payload := await attempt(b, DEMO_PASSWORD))["userErrors"]:
        assert time.monotonic() - started < WINDOW_S + 1, "still locked after the window"
        await asyncio.sleep(0.1)
    assert payload["accessToken"]
