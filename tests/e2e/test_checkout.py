"""Checkout: an order, stock taken, points posted; idempotent; all or nothing."""

from __future__ import annotations

from tests.support.server import GraphQLClient
from tests.support.shopping import (
    bearer,
    checkout,
    create_cart,
    online_quantity,
    points_balance,
    token_of_demo,
)

HISTORY = "{ customer { orders(first: 100) { nodes { id channel } } } }"


async def _in_stock_online(client: GraphQLClient, count: int) -> list[str]:
    query = """{ products(first: 60, sortKey: BEST_SELLING) { nodes { sku
      availability { quantityAvailable } } } }"""
    nodes = (await client.data(query))["products"]["nodes"]
    return [n["sku"] for n in nodes if (n["availability"]["quantityAvailable"] or 0) >= 5][:count]


async def test_checkout_places_the_order_takes_stock_and_posts_points(
    shop: GraphQLClient, shop_any_channel: dict[str, str]
) -> None:
    shop = shop.with_headers(shop_any_channel)
    token = await token_of_demo(shop)
    sku_a, sku_b = await _in_stock_online(shop, 2)
    before = {s: await online_quantity(shop, s) for s in (sku_a, sku_b)}
    balance = await points_balance(shop, token)
    cart = await create_cart(
        shop, [{"sku": sku_a, "quantity": 2}, {"sku": sku_b, "quantity": 1}], token=token,
        context="@inContext(channel: APP)",
    )  # fmt: skip
    payload = await checkout(shop, cart["id"], "order-1", token)
    assert payload["userErrors"] == []
    order = payload["order"]
    assert order["status"] == "CONFIRMED"
    assert order["channel"] == "APP"
    assert order["total"] == {"amount": cart["cost"]["total"]["amount"], "currencyCode": "EUR"}
    assert {(line["sku"], line["quantity"]) for line in order["lines"]} == {(sku_a, 2), (sku_b, 1)}
    assert await online_quantity(shop, sku_a) == before[sku_a] - 2
    assert await online_quantity(shop, sku_b) == before[sku_b] - 1
    assert order["loyaltyPointsEarned"] > 0
    assert await points_balance(shop, token) == balance + order["loyaltyPointsEarned"]
    history = (await shop.data(HISTORY, headers=bearer(token)))["customer"]["orders"]["nodes"]
    assert history[0] == {"id": order["id"], "channel": "APP"}, "newest first, with its channel"

    again = await checkout(shop, cart["id"], "order-1", token)
    assert again["order"] == order, "the same key returns the same order"
    assert await online_quantity(shop, sku_a) == before[sku_a] - 2, "and changes nothing"
    assert await points_balance(shop, token) == balance + order["loyaltyPointsEarned"]
    other_key = await checkout(shop, cart["id"], "order-2", token)
    assert [e["code"] for e in other_key["userErrors"]] == ["CART_COMPLETED"]


async def test_stock_gone_in_between_refuses_every_part(shop: GraphQLClient) -> None:
    token = await token_of_demo(shop)
    (sku,) = await _in_stock_online(shop, 1)
    available = await online_quantity(shop, sku)
    balance = await points_balance(shop, token)
    history = (await shop.data(HISTORY, headers=bearer(token)))["customer"]["orders"]["nodes"]
    mine = await create_cart(shop, [{"sku": sku, "quantity": 2}], token=token)
    theirs = await create_cart(shop, [{"sku": sku, "quantity": available - 1}])
    assert (await checkout(shop, theirs["id"], "k", None))["userErrors"] == []
    payload = await checkout(shop, mine["id"], "k", token)
    assert payload["order"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["OUT_OF_STOCK"]
    assert sku in payload["userErrors"][0]["message"]
    assert payload["userErrors"][0]["field"][0] == "lines"
    assert await online_quantity(shop, sku) == 1, "no stock moved"
    assert await points_balance(shop, token) == balance, "no points"
    after = (await shop.data(HISTORY, headers=bearer(token)))["customer"]["orders"]["nodes"]
    assert after == history, "no order"


async def test_an_empty_or_unknown_cart_is_refused(shop: GraphQLClient) -> None:
    unknown = await checkout(shop, "Q2FydDpub3Bl", "k", None)
    assert [e["code"] for e in unknown["userErrors"]] == ["CART_NOT_FOUND"]
    blank = await checkout(shop, "Q2FydDpub3Bl", "  ", None)
    assert [e["code"] for e in blank["userErrors"]] == ["INVALID_IDEMPOTENCY_KEY"]


async def test_spent_rewards_leave_the_balance_at_checkout(shop: GraphQLClient) -> None:
    token = await token_of_demo(shop)
    me = await shop.data(
        "{ customer { loyalty { pointsBalance rewards { id pointsCost } } } }",
        headers=bearer(token),
    )
    voucher = next(r for r in me["customer"]["loyalty"]["rewards"] if r["pointsCost"] == 500)
    (sku,) = await _in_stock_online(shop, 1)
    cart = await create_cart(shop, [{"sku": sku, "quantity": 2}], token=token)
    from tests.support.shopping import mutate

    applied = await mutate(
        shop, "cartLoyaltyRewardApply", "cartId: ID!, rewardId: ID!",
        {"cartId": cart["id"], "rewardId": voucher["id"]}, "cart { id }", token,
    )  # fmt: skip
    assert applied["userErrors"] == []
    before = await points_balance(shop, token)
    order = (await checkout(shop, cart["id"], "with-reward", token))["order"]
    assert await points_balance(shop, token) == before - 500 + order["loyaltyPointsEarned"]
