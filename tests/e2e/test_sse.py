"""GraphQL over Server-Sent Events (graphql-sse, distinct connections mode) on a real
gateway: results as `next` events then `complete`, errors inside the stream, the browser
rules and the bounds before it opens, heartbeats, and subscriptions pushed by events."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE
from gateway.config import embedded_default
from gateway.examples import PICKUP_OPTIONS
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import mutate, token_of_demo
from tests.support.sse_client import sse

STOCK = """subscription($skus: [String!]!, $store: ID) {
  stockChanged(skus: $skus, storeId: $store) { sku quantityAvailable store { code } } }"""


async def status_and_code(client: GraphQLClient, method: str, **kwargs: object) -> tuple[int, str]:
    async with client.session.request(method, client.base_url + "/graphql/stream", **kwargs) as r:  # type: ignore[arg-type]
        payload = await r.json()
        return r.status, payload["errors"][0]["extensions"]["code"]


async def test_a_query_is_one_next_then_complete(shop: GraphQLClient) -> None:
    async with sse(shop.session, shop.base_url, 'query { page(handle: "home") { title } }') as s:
        first = await s.next_event()
        assert first.event == "next"
        assert first.data["data"]["page"]["title"]
        assert (await s.next_event()).event == "complete"


async def test_errors_travel_inside_the_stream(shop: GraphQLClient) -> None:
    async with sse(shop.session, shop.base_url, "query { nope }") as s:
        first = await s.next_event()
        assert first.event == "next"
        assert first.data["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert (await s.next_event()).event == "complete"
    async with sse(
        shop.session, shop.base_url, "subscription { stockChanged(skus: []) { sku } }"
    ) as s:
        first = await s.next_event()
        assert first.data["errors"][0]["extensions"]["code"] == "INVALID_SKUS"
        assert (await s.next_event()).event == "complete"


async def test_refusals_before_the_stream_opens(shop: GraphQLClient) -> None:
    body = {"query": "{ __typename }"}
    stream = {"accept": "text/event-stream"}
    assert await status_and_code(shop, "POST", json=body) == (406, "NOT_ACCEPTABLE")
    # A page could send this without a preflight: refused like on /graphql.
    simple = {"content-type": "text/plain", **stream}
    text = '{"query": "{ __typename }"}'
    assert await status_and_code(shop, "POST", data=text, headers=simple) == (
        400,
        "CSRF_PREVENTED",
    )
    get = {"params": {"query": "{ __typename }"}, "headers": stream}
    assert await status_and_code(shop, "GET", **get) == (400, "CSRF_PREVENTED")
    bad = {"data": "{", "headers": {"content-type": "application/json", **stream}}
    assert await status_and_code(shop, "POST", **bad) == (400, "BAD_REQUEST")


async def test_a_get_streams_queries_but_never_runs_a_mutation(shop: GraphQLClient) -> None:
    headers = {"accept": "text/event-stream", "apollo-require-preflight": "1"}
    url = shop.base_url + "/graphql/stream"
    async with shop.session.get(url, params={"query": "{ __typename }"}, headers=headers) as r:
        text = await r.text()
    assert r.status == 200
    assert (
        text == 'event: next\ndata: {"data":{"__typename":"Query"}}\n\nevent: complete\ndata:\n\n'
    )
    mutation = "mutation { cartCreate(input: {lines: []}) { cart { id } } }"
    get = {"params": {"query": mutation}, "headers": headers}
    assert await status_and_code(shop, "GET", **get) == (405, "METHOD_NOT_ALLOWED")


@pytest.fixture
async def brisk(own_sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    """Heartbeats every 0.2 s, and room for one subscription only."""
    config = embedded_default(own_sample_dir)
    edge = dataclasses.replace(config.edge, sse_heartbeat_s=0.2, max_subscriptions=1)
    async with running_gateway(dataclasses.replace(config, edge=edge)) as client:
        yield client


async def test_heartbeats_and_the_process_bound(brisk: GraphQLClient) -> None:
    variables = {"skus": [SCENARIO_OUT_OF_STOCK_ONLINE[0]]}
    async with sse(brisk.session, brisk.base_url, STOCK, variables) as s:
        beat = await s.next_event(wait_s=2.0, comments=True)
        assert beat.event is None  # a comment: the stream is alive and idle
        headers = {"accept": "text/event-stream", "content-type": "application/json"}
        refused = await status_and_code(
            brisk, "POST", json={"query": STOCK, "variables": variables}, headers=headers
        )
        assert refused == (503, "TOO_MANY_SUBSCRIPTIONS")
    # The first stream closed: its place is free again once the server has seen it go.
    for _ in range(50):
        async with brisk.session.post(
            brisk.base_url + "/graphql/stream",
            json={"query": STOCK, "variables": variables},
            headers=headers,
        ) as response:
            if response.status == 200:
                break
        await asyncio.sleep(0.05)
    assert response.status == 200


async def test_a_hold_is_pushed_to_an_sse_subscriber(shop: GraphQLClient) -> None:
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    store = await _a_store_holding(shop, sku)
    token = await token_of_demo(shop)
    variables = {"skus": [sku], "store": store["id"]}
    async with sse(shop.session, shop.base_url, STOCK, variables) as s:
        held = await mutate(
            shop, "pickupReserve", "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!",
            {"storeId": store["id"], "lines": [{"sku": sku, "quantity": 1}], "idempotencyKey": "sse-1"},
            "reservation { id }", token,
        )  # fmt: skip
        assert held["userErrors"] == []
        event = await s.next_event()
        assert event.event == "next", event
        change = event.data["data"]["stockChanged"]
        assert change["sku"] == sku
        assert change["store"]["code"] == store["code"]
        assert change["quantityAvailable"] >= 0


async def _a_store_holding(client: GraphQLClient, sku: str) -> dict[str, str]:
    lines = [{"sku": sku, "quantity": 1}]
    options = await client.data(PICKUP_OPTIONS, variables={"lines": lines})
    code = options["pickupOptions"][0]["store"]["code"]
    query = "query($c: String!) { store(code: $c) { id code } }"
    store: dict[str, str] = (await client.data(query, variables={"c": code}))["store"]
    return store
