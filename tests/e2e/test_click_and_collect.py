"""Click and collect: holds that nobody else can take, that expire or cancel, that a
pickup checkout converts; and the chat agent's whole scenario."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from connectors.context import Channel
from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE
from gateway.examples import PICKUP_OPTIONS
from tests.support.keys import KEY_HEADER, issue_key
from tests.support.server import GraphQLClient
from tests.support.shopping import (
    bearer,
    checkout,
    create_cart,
    mutate,
    points_balance,
    store_quantity,
    token_of_demo,
)

RESERVE = "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!"
RESERVATION = "reservation { id status expiresAt store { id code } lines { sku quantity } }"
PARIS = {"latitude": 48.8566, "longitude": 2.3522}


async def _reserve(
    client: GraphQLClient, token: str, store_id: str, lines: list[dict[str, Any]], key: str
) -> dict[str, Any]:
    variables = {"storeId": store_id, "lines": lines, "idempotencyKey": key}
    return await mutate(client, "pickupReserve", RESERVE, variables, RESERVATION, token)


async def _store(client: GraphQLClient, sku: str) -> dict[str, Any]:
    """The nearest store to central Paris holding `sku`."""
    lines = [{"sku": sku, "quantity": 1}]
    options = (await client.data(PICKUP_OPTIONS, variables={"lines": lines}))["pickupOptions"]
    data = await client.data(
        "query($c: String!) { store(code: $c) { id code } }",
        variables={"c": options[0]["store"]["code"]},
    )
    store: dict[str, Any] = data["store"]
    return store


async def test_twenty_concurrent_holds_for_the_last_three_units(shop: GraphQLClient) -> None:
    token = await token_of_demo(shop)
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    store = await _store(shop, sku)
    on_shelf = await store_quantity(shop, sku, store["code"])
    if on_shelf > 3:
        first = await _reserve(
            shop, token, store["id"], [{"sku": sku, "quantity": on_shelf - 3}], "setup"
        )
        assert first["userErrors"] == []
    assert await store_quantity(shop, sku, store["code"]) == 3
    attempts = await asyncio.gather(
        *(
            _reserve(shop, token, store["id"], [{"sku": sku, "quantity": 1}], f"race-{i}")
            for i in range(20)
        )
    )
    held = [a for a in attempts if a["reservation"]]
    refused = [a for a in attempts if not a["reservation"]]
    assert len(held) == 3
    assert len(refused) == 17
    assert {e["code"] for a in refused for e in a["userErrors"]} == {"INSUFFICIENT_STOCK"}
    assert await store_quantity(shop, sku, store["code"]) == 0, "held units are nobody else's"
    lines = [{"sku": sku, "quantity": 1}]
    options = (await shop.data(PICKUP_OPTIONS, variables={"lines": lines}))["pickupOptions"]
    assert store["code"] not in {o["store"]["code"] for o in options}


async def test_cancel_releases_at_once_and_only_the_owner_may(shop: GraphQLClient) -> None:
    token = await token_of_demo(shop)
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    store = await _store(shop, sku)
    before = await store_quantity(shop, sku, store["code"])
    held = await _reserve(shop, token, store["id"], [{"sku": sku, "quantity": 1}], "to-cancel")
    reservation = held["reservation"]
    assert reservation["status"] == "HELD"
    assert await store_quantity(shop, sku, store["code"]) == before - 1
    same = await _reserve(shop, token, store["id"], [{"sku": sku, "quantity": 1}], "to-cancel")
    assert same["reservation"]["id"] == reservation["id"], "the same key holds once"
    assert await store_quantity(shop, sku, store["code"]) == before - 1
    anonymous = await mutate(
        shop, "pickupReservationCancel", "id: ID!", {"id": reservation["id"]}, RESERVATION
    )
    assert [e["code"] for e in anonymous["userErrors"]] == ["CUSTOMER_REQUIRED"]
    cancelled = await mutate(
        shop, "pickupReservationCancel", "id: ID!", {"id": reservation["id"]}, RESERVATION, token
    )
    assert cancelled["reservation"]["status"] == "CANCELLED"
    assert await store_quantity(shop, sku, store["code"]) == before
    mine = await shop.data("{ customer { reservations { id status } } }", headers=bearer(token))
    assert {"id": reservation["id"], "status": "CANCELLED"} in mine["customer"]["reservations"]


async def test_holds_refuse_bad_input(shop: GraphQLClient) -> None:
    token = await token_of_demo(shop)
    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    store = await _store(shop, sku)
    cases = [
        (store["id"], [{"sku": sku, "quantity": 0}], "INVALID_QUANTITY"),
        (store["id"], [{"sku": "NOPE", "quantity": 1}], "UNKNOWN_SKU"),
        ("UzpTOTk5", [{"sku": sku, "quantity": 1}], "STORE_NOT_FOUND"),
        (store["id"], [{"sku": sku, "quantity": 999}], "INSUFFICIENT_STOCK"),
    ]
    for store_id, lines, code in cases:
        payload = await _reserve(shop, token, store_id, lines, f"bad-{code}")
        assert [e["code"] for e in payload["userErrors"]] == [code]
    anonymous = await mutate(
        shop, "pickupReserve", RESERVE,
        {"storeId": store["id"], "lines": [{"sku": sku, "quantity": 1}], "idempotencyKey": "a"}, RESERVATION,
    )  # fmt: skip
    assert [e["code"] for e in anonymous["userErrors"]] == ["CUSTOMER_REQUIRED"]


async def test_the_chat_agent_scenario(shop: GraphQLClient, own_sample_dir: Path) -> None:
    """Three SKUs out of stock online; stores within 16 km of a point in Paris that have
    all three; hold them; check out as pickup; see the order next to a store order; see
    the points."""
    # The call centre's own key: its requests are CALL_CENTER, whatever they claim.
    key = await issue_key(own_sample_dir, Channel.CALL_CENTER)
    shop = shop.with_headers({KEY_HEADER: key})
    token = await token_of_demo(shop)
    skus = list(SCENARIO_OUT_OF_STOCK_ONLINE)
    assert len(skus) == 3
    for sku in skus:
        data = await shop.data(
            "query($s: String!) { product(sku: $s) { variants { sku availability { availableForSale } } } }",
            variables={"s": sku},
        )
        variant = next(v for v in data["product"]["variants"] if v["sku"] == sku)
        assert variant["availability"]["availableForSale"] is False, f"{sku} is out of stock online"
    lines = [{"sku": sku, "quantity": 1} for sku in skus]
    options = (await shop.data(PICKUP_OPTIONS, variables={"lines": lines}))["pickupOptions"]
    assert options, "some store within 16 km has all three"
    assert all(o["distanceKm"] <= 16 for o in options)
    store = (await shop.data("query($c: String!) { store(code: $c) { id code } }",
                             variables={"c": options[0]["store"]["code"]}))["store"]  # fmt: skip
    shelf = {sku: await store_quantity(shop, sku, store["code"]) for sku in skus}

    held = await _reserve(shop, token, store["id"], lines, "chat-1")
    assert held["reservation"]["status"] == "HELD"
    assert {sku: await store_quantity(shop, sku, store["code"]) for sku in skus} == {
        sku: shelf[sku] - 1 for sku in skus
    }
    balance = await points_balance(shop, token)
    cart = await create_cart(shop, lines, token=token, context="")
    set_store = await mutate(
        shop, "cartPickupStoreSet", "cartId: ID!, storeId: ID", {"cartId": cart["id"], "storeId": store["id"]},
        "cart { pickupStore { code } }", token,
    )  # fmt: skip
    assert set_store["cart"]["pickupStore"] == {"code": store["code"]}
    payload = await checkout(shop, cart["id"], "chat-checkout", token)
    assert payload["userErrors"] == []
    order = payload["order"]
    assert order["pickupStore"] == {"code": store["code"]}
    assert order["channel"] == "CALL_CENTER"
    assert {sku: await store_quantity(shop, sku, store["code"]) for sku in skus} == {
        sku: shelf[sku] - 1 for sku in skus
    }, "the hold became the order: the units left once, not twice"
    me = await shop.data(
        "{ customer { reservations { id status } orders(first: 100) { nodes { id channel } } } }",
        headers=bearer(token),
    )
    reservation = next(
        r for r in me["customer"]["reservations"] if r["id"] == held["reservation"]["id"]
    )
    assert reservation["status"] == "COLLECTED"
    orders = me["customer"]["orders"]["nodes"]
    assert orders[0] == {"id": order["id"], "channel": "CALL_CENTER"}
    assert "STORE" in {o["channel"] for o in orders}, "next to an order placed in a store"
    assert await points_balance(shop, token) == balance + order["loyaltyPointsEarned"]
    assert order["loyaltyPointsEarned"] > 0
