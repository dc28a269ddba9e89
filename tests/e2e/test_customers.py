"""Signing in, and seeing only one's own data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from connectors.sample import DEMO_CUSTOMER_ID, DEMO_EMAIL
from schema.ids import to_global_id
from tests.support.server import GraphQLClient
from tests.support.shopping import bearer, sign_in, token_of_demo

ME = """{ customer { id email firstName lastName loyalty { cardNumber tier pointsBalance rewards { id title pointsCost } }
  orders(first: 50) { nodes { id number channel createdAt status total { amount } } } } }"""


async def test_sign_in_and_see_one_customer_across_channels(shop: GraphQLClient) -> None:
    token = await token_of_demo(shop)
    me = (await shop.data(ME, headers=bearer(token)))["customer"]
    assert me["email"] == DEMO_EMAIL
    assert me["loyalty"]["tier"] == "GOLD"
    orders = me["orders"]["nodes"]
    assert {"WEB", "APP", "STORE"} <= {o["channel"] for o in orders}
    dates = [o["createdAt"] for o in orders]
    assert dates == sorted(dates, reverse=True), "newest first"


async def test_wrong_password_and_unknown_email_are_the_same_refusal(shop: GraphQLClient) -> None:
    wrong = await sign_in(shop, DEMO_EMAIL, "not-the-password")
    unknown = await sign_in(shop, "nobody@example.com", "omnicanal-demo")
    assert wrong == unknown
    assert wrong["accessToken"] is None
    assert [e["code"] for e in wrong["userErrors"]] == ["INVALID_CREDENTIALS"]


async def test_email_is_case_insensitive(shop: GraphQLClient) -> None:
    from connectors.sample import DEMO_PASSWORD

    payload = await sign_in(shop, DEMO_EMAIL.upper(), DEMO_PASSWORD)
    assert payload["userErrors"] == []


async def test_no_or_forged_token_means_no_customer(shop: GraphQLClient) -> None:
    assert (await shop.data("{ customer { id } }"))["customer"] is None
    forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDVTAwMDEifQ.c2lnbmF0dXJl"
    data = await shop.data("{ customer { id } }", headers=bearer(forged))
    assert data["customer"] is None


async def test_another_customers_order_does_not_exist_for_me(
    shop: GraphQLClient, own_sample_dir: Path
) -> None:
    with sqlite3.connect(own_sample_dir / "sample.db") as db:
        mine = db.execute(
            "SELECT id FROM orders WHERE customer_id = ?", (DEMO_CUSTOMER_ID,)
        ).fetchone()[0]
        theirs = db.execute(
            "SELECT id FROM orders WHERE customer_id <> ? LIMIT 1", (DEMO_CUSTOMER_ID,)
        ).fetchone()[0]
    token = await token_of_demo(shop)
    query = "query($id: ID!) { order(id: $id) { id } node(id: $id) { id } }"
    for order_id, visible in ((mine, True), (theirs, False)):
        gid = to_global_id("Order", order_id)
        data = await shop.data(query, variables={"id": gid}, headers=bearer(token))
        assert (data["order"] is not None) is visible
        assert (data["node"] is not None) is visible
    anonymous = await shop.data(query, variables={"id": to_global_id("Order", mine)})
    assert anonymous == {"order": None, "node": None}


async def test_loyalty_points_per_unit_follow_tier_and_channel(
    shop: GraphQLClient, shop_any_channel: dict[str, str]
) -> None:
    shop = shop.with_headers(shop_any_channel)
    token = await token_of_demo(shop)
    query = """query %s { product(handle: "garden-shears-1") { price { amount } loyaltyPoints } }"""
    anonymous = (await shop.data(query % ""))["product"]
    gold = (await shop.data(query % "", headers=bearer(token)))["product"]
    in_store = (await shop.data(query % "@inContext(channel: STORE)", headers=bearer(token)))[
        "product"
    ]
    whole_euros = int(float(anonymous["price"]["amount"]))
    assert anonymous["loyaltyPoints"] == whole_euros
    assert gold["loyaltyPoints"] == int(whole_euros * 1.5), "GOLD earns half as much again"
    assert in_store["loyaltyPoints"] == int(whole_euros * 1.5 * 2), "double points in store"
