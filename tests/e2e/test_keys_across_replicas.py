"""Two gateway processes (`omnicanal serve`) on one PostgreSQL key store and one Redis (the
machine's own services, in databases of this run's own): one budget, one revocation list,
one usage meter and one sign-in throttle for both."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from connectors.context import Channel
from connectors.sample import DEMO_EMAIL, DEMO_PASSWORD
from gateway.keys.model import Budget
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService
from gateway.keys.store import KeyStore
from tests.support.keys import KEY_HEADER, issue_key
from tests.support.server import GraphQLClient
from tests.support.services import postgres_database, redis_database
from tests.support.spawned import SpawnedGateway, config_text, spawned_gateway, stop

LISTING = "{ products(first: 10) { nodes { title } } }"  # costs 11
SIGN_IN = """mutation($e: String!, $p: String!) { customerAccessTokenCreate(email: $e, password: $p) {
  accessToken userErrors { code } } }"""
WINDOW_S = 2.0


@pytest.fixture(scope="module")
def services() -> Iterator[tuple[str, str]]:
    with postgres_database() as database, redis_database() as redis:
        yield database, redis


@contextlib.asynccontextmanager
async def _two_replicas(
    services: tuple[str, str], sample: Path, scratch: Path
) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient, SpawnedGateway, SpawnedGateway]]:
    database, redis = services
    extra = f"""
[gateway.state]
database = "{database}"
[gateway.redis]
url = "{redis}"
[gateway.access]
sign_in_window_s = {WINDOW_S}
"""
    text = config_text(scratch, "", settings=f'database = "{sample / "sample.db"}"', extra=extra)
    (scratch / "a").mkdir()
    (scratch / "b").mkdir()
    async with (
        spawned_gateway(text, scratch / "a") as one,
        spawned_gateway(text, scratch / "b") as two,
        aiohttp.ClientSession() as session,
    ):
        yield GraphQLClient(one.base_url, session), GraphQLClient(two.base_url, session), one, two


@pytest.fixture
async def replicas(
    services: tuple[str, str], own_sample_dir: Path, tmp_path: Path
) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient, KeyStore]]:
    state = open_store(services[0], own_sample_dir)
    await state.start()
    async with _two_replicas(services, own_sample_dir, tmp_path) as (a, b, _, _):
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


async def test_usage_sums_both_replicas(
    services: tuple[str, str], own_sample_dir: Path, tmp_path: Path
) -> None:
    key = await issue_key(Path("."), Channel.WEB, database=services[0])
    async with _two_replicas(services, own_sample_dir, tmp_path) as (a, b, one, two):
        for client in (a, b, b):
            assert (await _status(client, LISTING, key))[0] == 200
        assert (await _status(a, "{ products(first: 1000) { nodes { id } } }", key))[0] == 200
        await stop(one)  # each replica's meter is flushed at shutdown
        await stop(two)
    state = open_store(services[0], own_sample_dir)
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
