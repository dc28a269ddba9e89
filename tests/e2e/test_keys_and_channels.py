"""API keys on the request path: the channel comes from the key, scopes are checked on
every field before anything runs, a key's budget throttles, and without a key the
anonymous policy applies."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from connectors.context import Channel
from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE
from gateway.config_access import AccessSettings, Anonymous
from gateway.config_sections import Mode
from gateway.keys.model import Budget, KeyKind
from gateway.keys.open_store import open_store
from gateway.keys.service import KeyService
from tests.conftest import instrumented_config
from tests.support.instrumented import Recorder
from tests.support.keys import KEY_HEADER, issue_key
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import create_cart, mutate

SECRET = "s" * 40
PRICE = '{ product(handle: "garden-shears-1") { title price { amount } } }'
TITLE = '{ product(handle: "garden-shears-1") { title } }'
CODES = "cartId: ID!, codes: [String!]!"
PARTNER_SCOPES = frozenset({"catalog:read", "inventory:read"})


async def _raw(client: GraphQLClient, query: str, headers: dict[str, str]) -> tuple[int, Any, Any]:
    async with client.session.post(
        client.base_url + "/graphql", json={"query": query}, headers=headers
    ) as response:
        return response.status, response.headers, await response.json()


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in payload.get("errors", [])]


async def _discount_with_code(shop: GraphQLClient, sku: str, headers: dict[str, str]) -> float:
    keyed = shop.with_headers(headers)
    cart = await create_cart(keyed, [{"sku": sku, "quantity": 2}])
    payload = await mutate(keyed, "cartPromotionCodesUpdate", CODES,
                           {"cartId": cart["id"], "codes": ["APPONLY5"]},
                           "cart { channel cost { discounts { amount } } }")  # fmt: skip
    return float(payload["cart"]["cost"]["discounts"]["amount"])


async def test_a_web_shopper_cannot_claim_the_app_channel(
    shop: GraphQLClient, own_sample_dir: Path
) -> None:
    for spoof in ({"X-Omnicanal-Channel": "APP"}, {}):
        query = "mutation { cartCreate(lines: []) { cart { id } } }"
        if not spoof:
            query = query.replace("mutation", "mutation @inContext(channel: APP)")
        payload = await shop.post(query, headers=spoof)
        assert _codes(payload) == ["CHANNEL_NOT_ALLOWED"]
        assert "data" not in payload
    (sku,) = [
        n["sku"]
        for n in (await shop.data("{ products(first: 1) { nodes { sku } } }"))["products"]["nodes"]
    ]
    assert await _discount_with_code(shop, sku, {}) == 0, "APPONLY5 gives nothing on the web"
    app_key = await issue_key(own_sample_dir, Channel.APP, kind=KeyKind.PUBLISHABLE)
    assert await _discount_with_code(shop, sku, {KEY_HEADER: app_key}) > 0


async def test_a_kiosk_key_sees_its_stores_shelf_without_any_header(
    gateway: GraphQLClient, sample_dir: Path
) -> None:
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    where = """query($sku: String!) { product(sku: $sku) { availability {
      quantityAvailable availableForSale stores(first: 1) { quantityAvailable store { id } } } } }"""
    online = (await gateway.data(where, variables={"sku": sku}))["product"]["availability"]
    assert online["availableForSale"] is False
    shelf = online["stores"][0]
    kiosk = await issue_key(
        sample_dir, Channel.KIOSK, kind=KeyKind.PUBLISHABLE, store=shelf["store"]["id"]
    )
    headers = {KEY_HEADER: kiosk}
    in_store = (await gateway.data(where, variables={"sku": sku}, headers=headers))["product"]
    assert in_store["availability"]["quantityAvailable"] == shelf["quantityAvailable"] > 0
    assert in_store["availability"]["availableForSale"] is True
    other_store = await gateway.post(TITLE, headers={**headers, "X-Omnicanal-Store": "S999"})
    assert _codes(other_store) == ["STORE_NOT_ALLOWED"]


async def test_a_partner_without_pricing_read_is_refused_price_before_any_call(
    gateway: GraphQLClient, sample_dir: Path, recorder: Recorder
) -> None:
    partner = {KEY_HEADER: await issue_key(sample_dir, Channel.PARTNER, scopes=PARTNER_SCOPES)}
    recorder.reset()
    payload = await gateway.post(PRICE, headers=partner)
    error = payload["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["scope"] == "pricing:read"
    assert error["extensions"]["fields"] == ["price"]
    assert "price" in error["message"]
    assert sum(recorder.calls.values()) == 0, "refused before any connector call"
    via_fragment = 'query { ...F } fragment F on Query { product(handle: "x") { ... on Product { compareAtPrice { amount } } } }'
    assert _codes(await gateway.post(via_fragment, headers=partner)) == ["FORBIDDEN"]
    allowed = await gateway.data(TITLE + " ", headers=partner)
    assert allowed["product"]["title"]
    write = await gateway.post(
        "mutation { cartCreate(lines: []) { cart { id } } }", headers=partner
    )
    assert _codes(write) == ["FORBIDDEN"]


async def test_bad_keys_are_401_and_origins_are_enforced(
    gateway: GraphQLClient, sample_dir: Path
) -> None:
    key = await issue_key(sample_dir, Channel.WEB, kind=KeyKind.PUBLISHABLE,
                          origins=("https://shop.example",))  # fmt: skip
    for bad in ("nope", key[:-2] + "xx", key.replace("ocpk", "ocsk"), "ocpk_" + "0" * 60):
        status, _, payload = await _raw(gateway, TITLE, {KEY_HEADER: bad})
        assert (status, _codes(payload)) == (401, ["INVALID_KEY"])
        assert bad not in str(payload)
    status, _, payload = await _raw(
        gateway, TITLE, {KEY_HEADER: key, "Origin": "https://evil.example"}
    )
    assert (status, _codes(payload)) == (403, ["ORIGIN_NOT_ALLOWED"])
    status, _, payload = await _raw(
        gateway, TITLE, {KEY_HEADER: key, "Origin": "https://shop.example"}
    )
    assert status == 200
    assert payload["data"]["product"]["title"]


async def test_production_requires_a_key(sample_dir: Path) -> None:
    config = replace(instrumented_config(sample_dir), mode=Mode.PRODUCTION, token_secret=SECRET)
    async with running_gateway(config) as client:
        status, _, payload = await _raw(client, TITLE, {})
        assert (status, _codes(payload)) == (401, ["KEY_REQUIRED"])
        key = await issue_key(sample_dir, Channel.WEB)
        status, _, payload = await _raw(client, TITLE, {KEY_HEADER: key})
        assert status == 200
        assert payload["data"]["product"]["title"]
    public = replace(config, access=AccessSettings(anonymous=Anonymous.PUBLIC))
    async with running_gateway(public) as client:
        assert (await client.data(TITLE))["product"]["title"]


async def test_a_budget_throttles_with_429_and_nothing_runs(
    gateway: GraphQLClient, sample_dir: Path, recorder: Recorder
) -> None:
    listing = "{ products(first: 10) { nodes { title } } }"  # costs 11
    key = await issue_key(sample_dir, Channel.PARTNER, scopes=PARTNER_SCOPES,
                          budget=Budget(capacity=30, restore_per_s=0.01))  # fmt: skip
    headers = {KEY_HEADER: key}
    first = await gateway.post(listing, headers=headers)
    cost = first["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 11
    assert cost["actualQueryCost"] == 11  # the connection and its 10 products
    status = cost["throttleStatus"]
    assert (status["maximumAvailable"], status["restoreRate"]) == (30, 0.01)
    assert status["currentlyAvailable"] == pytest.approx(19, abs=0.2)
    await gateway.post(listing, headers=headers)  # 8 left
    recorder.reset()
    code, response_headers, payload = await _raw(gateway, listing, headers)
    assert code == 429
    assert _codes(payload) == ["THROTTLED"]
    assert int(response_headers["Retry-After"]) >= 1
    assert payload["errors"][0]["extensions"]["throttleStatus"]["currentlyAvailable"] < 11
    assert sum(recorder.calls.values()) == 0, "nothing executed"


async def test_a_keys_max_cost_and_persisted_only(gateway: GraphQLClient, sample_dir: Path) -> None:
    capped = {KEY_HEADER: await issue_key(sample_dir, Channel.WEB, max_cost=5)}
    payload = await gateway.post("{ products(first: 10) { nodes { title } } }", headers=capped)
    assert _codes(payload) == ["QUERY_TOO_COMPLEX"]
    assert payload["errors"][0]["extensions"]["limit"] == 5
    persisted = {KEY_HEADER: await issue_key(sample_dir, Channel.WEB, persisted_only=True)}
    status, _, payload = await _raw(gateway, TITLE, persisted)
    assert (status, _codes(payload)) == (400, ["PERSISTED_QUERY_REQUIRED"])


async def test_a_revoked_key_stops_within_a_second(
    gateway: GraphQLClient, sample_dir: Path
) -> None:
    key = await issue_key(sample_dir, Channel.WEB)
    assert (await _raw(gateway, TITLE, {KEY_HEADER: key}))[0] == 200
    state = open_store(None, sample_dir)
    await state.start()
    try:
        await KeyService(state).revoke(key.split("_")[1])
    finally:
        await state.aclose()
    revoked_at = time.monotonic()
    while (await _raw(gateway, TITLE, {KEY_HEADER: key}))[0] != 401:
        assert time.monotonic() - revoked_at < 1.0, "still accepted a second after revocation"
        await asyncio.sleep(0.05)


async def test_sign_in_is_throttled_after_five_failures(shop: GraphQLClient) -> None:
    from connectors.sample import DEMO_EMAIL, DEMO_PASSWORD

    query = """mutation($e: String!, $p: String!) { customerAccessTokenCreate(email: $e, password: $p) {
      accessToken userErrors { code } } }"""

    async def attempt(password: str) -> dict[str, Any]:
        data = await shop.data(query, variables={"e": DEMO_EMAIL, "p": password})
        payload: dict[str, Any] = data["customerAccessTokenCreate"]
        return payload

    codes = [(await attempt(f"wrong-{i}"))["userErrors"][0]["code"] for i in range(6)]
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["THROTTLED"]
    right = await attempt(DEMO_PASSWORD)
    assert right["userErrors"] == [{"code": "THROTTLED"}], "locked out, even with the password"
    assert right["accessToken"] is None
