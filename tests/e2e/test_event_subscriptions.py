"""Subscriptions pushed by back-office events, across replicas: two gateway processes'
worth of apps (two servers, one sample database, one Redis database of their own); a
webhook posted to A reaches subscribers on B over WebSocket and SSE, a badly signed one
reaches nobody, and `omnicanal sample order-status` (another process) makes
`orderStatusChanged` fire: the click-and-collect story ends with "your order is ready"."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from connectors.events import StockChanged
from connectors.sample import DEMO_CUSTOMER_ID, SCENARIO_OUT_OF_STOCK_ONLINE, SampleSettings
from connectors.sample.webhooks import signed_delivery, webhook_secret
from connectors.webhook_auth import SIGNATURE_HEADER
from gateway.config import GatewayConfig, embedded_default
from gateway.examples import PICKUP_OPTIONS
from schema.ids import from_global_id, to_global_id
from tests.support.server import GraphQLClient, running_gateway
from tests.support.services import redis_database
from tests.support.shopping import bearer, token_of_demo
from tests.support.sse_client import sse

WAIT_S = 10.0
QUIET_S = 0.5
STOCK = """subscription($skus: [String!]!, $store: ID) {
  stockChanged(skus: $skus, storeId: $store) { sku quantityAvailable store { code } } }"""
ORDER = "subscription($id: ID!) { orderStatusChanged(orderId: $id) { number status } }"


@pytest.fixture
def redis_url() -> Iterator[str]:
    with redis_database() as url:
        yield url


def replica_config(data_dir: Path, redis_url: str) -> GatewayConfig:
    config = embedded_default(data_dir)
    return dataclasses.replace(
        config, access=dataclasses.replace(config.access, redis_url=redis_url)
    )


@pytest.fixture
async def replicas(
    own_sample_dir: Path, redis_url: str
) -> AsyncIterator[tuple[GraphQLClient, GraphQLClient]]:
    config = replica_config(own_sample_dir, redis_url)
    async with running_gateway(config) as a, running_gateway(config) as b:
        yield a, b


async def ws_subscribe(
    client: GraphQLClient, query: str, variables: dict[str, Any], token: str | None = None
) -> aiohttp.ClientWebSocketResponse:
    url = client.base_url.replace("http", "ws") + "/graphql"
    headers = bearer(token) if token else None
    ws = await client.session.ws_connect(url, protocols=["graphql-transport-ws"], headers=headers)
    await ws.send_json({"type": "connection_init"})
    assert (await asyncio.wait_for(ws.receive_json(), WAIT_S))["type"] == "connection_ack"
    payload = {"query": query, "variables": variables}
    await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
    return ws


async def a_store_with(client: GraphQLClient, sku: str) -> dict[str, str]:
    options = await client.data(PICKUP_OPTIONS, variables={"lines": [{"sku": sku, "quantity": 1}]})
    code = options["pickupOptions"][0]["store"]["code"]
    found = await client.data(
        "query($c: String!) { store(code: $c) { id code } }", variables={"c": code}
    )
    store: dict[str, str] = found["store"]
    return store


def set_shelf(data_dir: Path, store_gid: str, sku: str, quantity: int) -> None:
    """The back office's own change, made behind the gateway's back (as its staff would)."""
    decoded = from_global_id(store_gid)
    assert decoded is not None
    store_id = decoded[1]
    with sqlite3.connect(data_dir / "sample.db") as db:
        db.execute(
            "UPDATE stock SET quantity = ? WHERE location_id = ? AND sku = ?",
            [quantity, store_id, sku],
        )


async def post_event(client: GraphQLClient, body: bytes, signature: str) -> int:
    headers = {"content-type": "application/json", SIGNATURE_HEADER: signature}
    url = client.base_url + "/webhooks/sample"
    async with client.session.post(url, data=io.BytesIO(body), headers=headers) as response:
        return response.status


async def test_a_webhook_to_a_reaches_subscribers_on_b(
    replicas: tuple[GraphQLClient, GraphQLClient], own_sample_dir: Path
) -> None:
    a, b = replicas
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    store = await a_store_with(a, sku)
    variables = {"skus": [sku], "store": store["id"]}
    ws = await ws_subscribe(b, STOCK, variables)
    try:
        async with sse(b.session, b.base_url, STOCK, variables) as stream:
            await asyncio.sleep(0.3)  # both subscribed and read their starting value
            secret = webhook_secret(SampleSettings(), own_sample_dir)
            # A forged delivery after a change: were it taken, B would push 37 at once.
            set_shelf(own_sample_dir, store["id"], sku, 37)
            event_then = [StockChanged("erp", sku, store["id"])]
            _, forged = signed_delivery("not-the-secret", event_then, int(time.time()))
            body, _ = signed_delivery(secret, event_then, int(time.time()))
            assert await post_event(a, body, forged) == 401
            await asyncio.sleep(QUIET_S)
            set_shelf(own_sample_dir, store["id"], sku, 38)
            body, good = signed_delivery(secret, event_then, int(time.time()))
            began = time.monotonic()
            assert await post_event(a, body, good) == 200
            message = await asyncio.wait_for(ws.receive_json(), WAIT_S)
            ws_latency = time.monotonic() - began
            event = await stream.next_event()
        assert message["type"] == "next", message
        pushed = message["payload"]["data"]["stockChanged"]
        # 38, not 37: the first push is the signed delivery's; the forged one did nothing.
        assert pushed == {"sku": sku, "quantityAvailable": 38, "store": {"code": store["code"]}}
        assert event.data["data"]["stockChanged"] == pushed
        assert ws_latency < 1.0
    finally:
        await ws.close()


async def test_a_hold_on_a_is_pushed_to_a_subscriber_on_b(
    replicas: tuple[GraphQLClient, GraphQLClient],
) -> None:
    a, b = replicas
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    store = await a_store_with(a, sku)
    ws = await ws_subscribe(b, STOCK, {"skus": [sku], "store": store["id"]})
    try:
        await asyncio.sleep(0.3)
        token = await token_of_demo(a)
        hold = """mutation($s: ID!, $l: [CartLineInput!]!) {
          pickupReserve(storeId: $s, lines: $l, idempotencyKey: "replica-hold") {
            userErrors { code } } }"""
        lines = [{"sku": sku, "quantity": 1}]
        held = await a.data(hold, variables={"s": store["id"], "l": lines}, headers=bearer(token))
        assert held["pickupReserve"]["userErrors"] == []
        message = await asyncio.wait_for(ws.receive_json(), WAIT_S)
        assert message["type"] == "next", message
        assert message["payload"]["data"]["stockChanged"]["sku"] == sku
    finally:
        await ws.close()


def confirmed_pickup_order(data_dir: Path) -> tuple[str, str]:
    """One of the demo customer's click-and-collect orders, put back to CONFIRMED: the
    moment after checkout, before the store has picked it."""
    with sqlite3.connect(data_dir / "sample.db") as db:
        order_id, number = db.execute(
            "SELECT id, number FROM orders WHERE customer_id = ? AND pickup_store_id IS NOT NULL"
            " ORDER BY created_at DESC LIMIT 1",
            [DEMO_CUSTOMER_ID],
        ).fetchone()
        db.execute("UPDATE orders SET status = 'CONFIRMED' WHERE id = ?", [order_id])
    return order_id, number


async def run_cli(*args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway.cli", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        output, _ = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return process.returncode or 0, output.decode()


async def test_the_order_status_cli_makes_order_status_changed_fire(
    own_sample_dir: Path, shop_config_file: Path
) -> None:
    order_id, number = confirmed_pickup_order(own_sample_dir)
    async with running_gateway(embedded_default(own_sample_dir)) as shop:
        token = await token_of_demo(shop)
        ws = await ws_subscribe(shop, ORDER, {"id": to_global_id("Order", order_id)}, token)
        try:
            await asyncio.sleep(0.3)
            code, output = await run_cli(
                "sample", "order-status", number, "ready_for_pickup",
                "--data-dir", str(own_sample_dir), "--config", str(shop_config_file),
                "--gateway", shop.base_url,
            )  # fmt: skip
            assert code == 0, output
            assert f"order {number} is now READY_FOR_PICKUP" in output
            message = await asyncio.wait_for(ws.receive_json(), WAIT_S)
        finally:
            await ws.close()
    assert message["type"] == "next", message
    ready = message["payload"]["data"]["orderStatusChanged"]
    assert ready == {"number": number, "status": "READY_FOR_PICKUP"}  # your order is ready


async def test_the_cli_refuses_moves_an_oms_would_not_make(
    own_sample_dir: Path, shop_config_file: Path
) -> None:
    _, number = confirmed_pickup_order(own_sample_dir)
    common = ("--data-dir", str(own_sample_dir), "--config", str(shop_config_file))
    code, output = await run_cli("sample", "order-status", "OC-0000-999999", "SHIPPED", *common)
    assert (code, "no order numbered OC-0000-999999" in output) == (2, True)
    code, output = await run_cli("sample", "order-status", number, "PENDING", *common)
    assert code == 2
    assert "is CONFIRMED: it can become CANCELLED, READY_FOR_PICKUP, SHIPPED" in output
    # Moved, but nobody listens at that address: said, and exit status 1.
    code, output = await run_cli(
        "sample", "order-status", number, "SHIPPED", *common, "--gateway", "http://127.0.0.1:9"
    )
    assert code == 1
    assert f"order {number} is now SHIPPED" in output
    assert "was not told" in output


@pytest.fixture
def shop_config_file(own_sample_dir: Path) -> Path:
    """The embedded default as a file, so that the CLI finds the same sample."""
    path = own_sample_dir / "omnicanal.toml"
    domains = "\n".join(
        f'{d} = "sample"'
        for d in ("catalog", "pricing", "inventory", "content", "orders", "loyalty")
    )
    path.write_text(
        f'[gateway]\ndata_dir = "{own_sample_dir}"\n\n[connectors.sample]\nkind = "sample"\n\n'
        f"[domains]\n{domains}\n"
    )
    return path
