"""Subscriptions over WebSocket (graphql-transport-ws): a stock change reaches a listener."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE
from gateway.examples import PICKUP_OPTIONS
from tests.support.server import GraphQLClient
from tests.support.shopping import mutate, token_of_demo

WAIT_S = 15.0


async def _next_message(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    message: dict[str, Any] = await asyncio.wait_for(ws.receive_json(), WAIT_S)
    return message


async def test_a_hold_in_a_store_is_pushed_to_stock_listeners(shop: GraphQLClient) -> None:
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    options = await shop.data(PICKUP_OPTIONS, variables={"lines": [{"sku": sku, "quantity": 1}]})
    code = options["pickupOptions"][0]["store"]["code"]
    store = (
        await shop.data("query($c: String!) { store(code: $c) { id } }", variables={"c": code})
    )["store"]
    token = await token_of_demo(shop)
    url = shop.base_url.replace("http", "ws") + "/graphql"
    async with shop.session.ws_connect(url, protocols=["graphql-transport-ws"]) as ws:
        await ws.send_json({"type": "connection_init"})
        assert (await _next_message(ws))["type"] == "connection_ack"
        query = """subscription($skus: [String!]!, $store: ID) {
          stockChanged(skus: $skus, storeId: $store) { sku quantityAvailable store { code } at } }"""
        await ws.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": query, "variables": {"skus": [sku], "store": store["id"]}},
            }
        )
        await asyncio.sleep(0.5)  # let the first poll record the current quantity
        held = await mutate(
            shop, "pickupReserve", "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!",
            {"storeId": store["id"], "lines": [{"sku": sku, "quantity": 1}], "idempotencyKey": "sub-1"},
            "reservation { id }", token,
        )  # fmt: skip
        assert held["userErrors"] == []
        event = await _next_message(ws)
        assert event["type"] == "next", event
        change = event["payload"]["data"]["stockChanged"]
        assert change["sku"] == sku
        assert change["store"] == {"code": code}
        await ws.send_json({"id": "1", "type": "complete"})


async def test_a_bad_subscription_is_a_coded_error(shop: GraphQLClient) -> None:
    url = shop.base_url.replace("http", "ws") + "/graphql"
    async with shop.session.ws_connect(url, protocols=["graphql-transport-ws"]) as ws:
        await ws.send_json({"type": "connection_init"})
        assert (await _next_message(ws))["type"] == "connection_ack"
        query = "subscription { stockChanged(skus: []) { sku } }"
        await ws.send_json({"id": "9", "type": "subscribe", "payload": {"query": query}})
        message = await _next_message(ws)
        assert message["type"] in ("error", "next")
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "INVALID_SKUS"
