"""Browser rules: CORS preflights, the same origin list for WebSocket upgrades, and CSRF
prevention (a request a page could send without a preflight never runs)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.config import embedded_default
from gateway.config_sections import CorsSettings, Mode
from tests.support.instrumented import Recorder
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import CART_FIELDS, create_cart

STOREFRONT = "http://localhost:3000"
ELSEWHERE = "https://attacker.example"
SHOP = "https://shop.example"
WAIT_S = 10.0
STOREFRONT_HEADERS = "content-type, authorization, x-omnicanal-country, apollo-require-preflight"


async def _preflight(client: GraphQLClient, origin: str) -> tuple[int, Any]:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": STOREFRONT_HEADERS,
    }
    async with client.session.options(client.base_url + "/graphql", headers=headers) as r:
        return r.status, r.headers


async def test_a_preflight_from_a_dev_server_origin_is_allowed(gateway: GraphQLClient) -> None:
    status, headers = await _preflight(gateway, STOREFRONT)
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == STOREFRONT
    assert {"GET", "POST"} <= set(headers["Access-Control-Allow-Methods"].split(", "))
    allowed = set(headers["Access-Control-Allow-Headers"].split(", "))
    assert {"content-type", "authorization", "x-omnicanal-country", "x-omnicanal-key"} <= allowed
    assert {"apollo-require-preflight", "x-apollo-operation-name", "accept-language"} <= allowed
    assert headers["Access-Control-Max-Age"] == "600"
    assert "Access-Control-Allow-Credentials" not in headers


async def test_a_preflight_from_another_origin_is_refused(gateway: GraphQLClient) -> None:
    status, headers = await _preflight(gateway, ELSEWHERE)
    assert status == 400
    assert "Access-Control-Allow-Origin" not in headers


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://127.0.0.1:5173", True),
        ("http://[::1]:8080", True),
        ("http://localhost", True),
        ("http://localhost.attacker.example", False),
        ("http://127.0.0.1.attacker.example:80", False),
        ("null", False),
    ],
)
async def test_dev_origins_are_localhost_on_any_port(
    gateway: GraphQLClient, origin: str, allowed: bool
) -> None:
    status, headers = await _preflight(gateway, origin)
    assert (status, headers.get("Access-Control-Allow-Origin")) == (
        (200, origin) if allowed else (400, None)
    )


async def test_a_response_names_only_an_allowed_origin(gateway: GraphQLClient) -> None:
    body = {"query": "{ __typename }"}
    url = gateway.base_url + "/graphql"
    async with gateway.session.post(url, json=body, headers={"Origin": STOREFRONT}) as r:
        assert r.headers["Access-Control-Allow-Origin"] == STOREFRONT
        assert "Origin" in r.headers["Vary"]
    async with gateway.session.post(url, json=body, headers={"Origin": ELSEWHERE}) as r:
        assert "Access-Control-Allow-Origin" not in r.headers


@pytest.fixture
async def listed(own_sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    """Production with one configured storefront origin."""
    config = replace(
        embedded_default(own_sample_dir),
        mode=Mode.PRODUCTION,
        token_secret="s" * 32,
        cors=CorsSettings(allow_origins=(SHOP,), max_age_s=120),
    )
    async with running_gateway(config) as client:
        yield client


async def test_a_configured_list_replaces_the_dev_defaults(listed: GraphQLClient) -> None:
    status, headers = await _preflight(listed, SHOP)
    assert (status, headers["Access-Control-Allow-Origin"]) == (200, SHOP)
    assert headers["Access-Control-Max-Age"] == "120"
    status, headers = await _preflight(listed, STOREFRONT)
    assert status == 400
    assert "Access-Control-Allow-Origin" not in headers


# WebSocket upgrades


async def _subscribe_handshake(client: GraphQLClient, headers: dict[str, str]) -> str:
    url = client.base_url.replace("http", "ws") + "/graphql"
    async with client.session.ws_connect(
        url, protocols=["graphql-transport-ws"], headers=headers
    ) as ws:
        await ws.send_json({"type": "connection_init"})
        message = await asyncio.wait_for(ws.receive_json(), WAIT_S)
        kind: str = message["type"]
        return kind


@pytest.mark.parametrize("headers", [{"Origin": STOREFRONT}, {}], ids=["dev-origin", "no-origin"])
async def test_a_websocket_from_an_allowed_origin_or_none_is_accepted(
    gateway: GraphQLClient, headers: dict[str, str]
) -> None:
    assert await _subscribe_handshake(gateway, headers) == "connection_ack"


async def test_a_websocket_from_another_origin_is_refused_with_403(gateway: GraphQLClient) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await _subscribe_handshake(gateway, {"Origin": ELSEWHERE})
    assert refused.value.status == 403


async def test_the_websocket_refusal_is_a_coded_json_body(gateway: GraphQLClient) -> None:
    host, port = gateway.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(
            (
                "GET /graphql HTTP/1.1\r\n"
                f"Host: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                f"Sec-WebSocket-Protocol: graphql-transport-ws\r\nOrigin: {ELSEWHERE}\r\n\r\n"
            ).encode()
        )
        response = await asyncio.wait_for(reader.read(4096), WAIT_S)
    finally:
        writer.close()
        await writer.wait_closed()
    head, _, body = response.decode().partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 403")
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "FORBIDDEN_ORIGIN"


async def test_the_gateways_own_origin_may_open_a_websocket(listed: GraphQLClient) -> None:
    """GraphiQL served by the gateway subscribes from the gateway's own origin."""
    assert await _subscribe_handshake(listed, {"Origin": listed.base_url}) == "connection_ack"
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await _subscribe_handshake(listed, {"Origin": STOREFRONT})
    assert refused.value.status == 403


# CSRF prevention


async def _raw_post(
    client: GraphQLClient, body: dict[str, Any], headers: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    """A POST exactly as given: aiohttp adds no Content-Type of its own."""
    async with client.session.post(
        client.base_url + "/graphql",
        data=json.dumps(body).encode(),
        headers=headers,
        skip_auto_headers=["Content-Type"],
    ) as r:
        return r.status, json.loads(await r.text())


def _add_line(cart_id: str, sku: str) -> dict[str, Any]:
    return {
        "query": "mutation($c: ID!, $l: [CartLineInput!]!) { cartLinesAdd(cartId: $c, lines: $l)"
        " { cart { id } userErrors { code } } }",
        "variables": {"c": cart_id, "l": [{"sku": sku, "quantity": 1}]},
    }


async def _quantity(client: GraphQLClient, cart_id: str) -> int:
    data = await client.data(
        f"query($c: ID!) {{ cart(id: $c) {{ {CART_FIELDS} }} }}", variables={"c": cart_id}
    )
    return sum(line["quantity"] for line in data["cart"]["lines"])


SIMPLE_REQUESTS = [
    {},
    {"Content-Type": "text/plain"},
    {"Content-Type": "text/plain; charset=utf-8"},
    {"Content-Type": "application/x-www-form-urlencoded"},
    {"Content-Type": "multipart/form-data; boundary=x"},
    {"Content-Type": "not a media type"},
]


async def test_a_mutation_a_page_could_send_without_preflight_changes_nothing(
    shop: GraphQLClient,
) -> None:
    sku = (await shop.data("{ products(first: 1) { nodes { sku } } }"))["products"]["nodes"][0]
    cart = await create_cart(shop, [{"sku": sku["sku"], "quantity": 1}])
    for headers in SIMPLE_REQUESTS:
        status, payload = await _raw_post(shop, _add_line(cart["id"], sku["sku"]), headers)
        assert status == 400, headers
        assert [e["extensions"]["code"] for e in payload["errors"]] == ["CSRF_PREVENTED"]
        assert "apollo-require-preflight" in payload["errors"][0]["message"]
        assert "data" not in payload
    assert await _quantity(shop, cart["id"]) == 1, "no refused request added a line"
    # The same request with a header only a preflighted page could add runs.
    status, payload = await _raw_post(
        shop, _add_line(cart["id"], sku["sku"]), {"apollo-require-preflight": "true"}
    )
    assert (status, payload["data"]["cartLinesAdd"]["userErrors"]) == (200, [])
    assert await _quantity(shop, cart["id"]) == 2


async def test_a_refused_request_reaches_no_connector(
    gateway: GraphQLClient, recorder: Recorder
) -> None:
    body = {"query": 'mutation { customerAccessTokenCreate(email: "a@b.c", password: "x") '
            "{ accessToken } }"}  # fmt: skip
    status, payload = await _raw_post(gateway, body, {"Content-Type": "text/plain"})
    assert (status, payload["errors"][0]["extensions"]["code"]) == (400, "CSRF_PREVENTED")
    assert sum(recorder.calls.values()) == 0


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 400),
        ({"Content-Type": "text/plain"}, 400),
        ({"Content-Type": "application/json"}, 200),
        ({"apollo-require-preflight": "true"}, 200),
        ({"x-apollo-operation-name": "Q"}, 200),
    ],
)
async def test_get_needs_what_forces_a_preflight_too(
    gateway: GraphQLClient, headers: dict[str, str], status: int
) -> None:
    params = {"query": "query Q { __typename }"}
    got, _, text = await gateway.raw("GET", "/graphql", params=params, headers=headers)
    assert got == status
    payload = json.loads(text)
    if status == 200:
        assert payload["data"] == {"__typename": "Query"}
    else:
        assert [e["extensions"]["code"] for e in payload["errors"]] == ["CSRF_PREVENTED"]


async def test_json_posts_need_no_extra_header(gateway: GraphQLClient) -> None:
    for media in ("application/json", "application/json; charset=utf-8"):
        status, payload = await _raw_post(
            gateway, {"query": "{ __typename }"}, {"Content-Type": media}
        )
        assert (status, payload["data"]) == (200, {"__typename": "Query"})


async def test_a_storefront_script_may_read_the_request_id_and_retry_after(
    gateway: GraphQLClient,
) -> None:
    headers = {"Origin": STOREFRONT, "Content-Type": "application/json"}
    async with gateway.session.post(
        gateway.base_url + "/graphql", json={"query": "{ __typename }"}, headers=headers
    ) as response:
        assert response.headers["Access-Control-Allow-Origin"] == STOREFRONT
        exposed = set(response.headers["Access-Control-Expose-Headers"].lower().split(", "))
        assert {"x-request-id", "retry-after"} <= exposed
        assert response.headers["X-Request-Id"]
