"""Carts: lines, codes, rewards, pickup store; refusals that change nothing; persistence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from gateway.config import embedded_default
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import CART_FIELDS, bearer, create_cart, mutate, token_of_demo

SELECT = f"cart {{ {CART_FIELDS} }}"


async def _skus(client: GraphQLClient, count: int) -> list[str]:
    data = await client.data(
        f"{{ products(first: {count}, sortKey: TITLE) {{ nodes {{ sku }} }} }}"
    )
    return [n["sku"] for n in data["products"]["nodes"]]


def _amount(money: dict[str, Any]) -> Decimal:
    return Decimal(money["amount"])


async def test_lines_are_added_merged_updated_and_removed(shop: GraphQLClient) -> None:
    a, b = await _skus(shop, 2)
    cart = await create_cart(shop, [{"sku": a, "quantity": 1}])
    added = await mutate(
        shop, "cartLinesAdd", "cartId: ID!, lines: [CartLineInput!]!",
        {"cartId": cart["id"], "lines": [{"sku": a, "quantity": 2}, {"sku": b, "quantity": 1}]}, SELECT,
    )  # fmt: skip
    lines = {line["merchandise"]["sku"]: line for line in added["cart"]["lines"]}
    assert {sku: line["quantity"] for sku, line in lines.items()} == {a: 3, b: 1}
    cost = added["cart"]["cost"]
    assert _amount(cost["subtotal"]) == sum(
        _amount(line["cost"]["subtotal"]) for line in lines.values()
    )
    assert cost["subtotal"]["currencyCode"] == "EUR"
    updated = await mutate(
        shop, "cartLinesUpdate", "cartId: ID!, lines: [CartLineUpdateInput!]!",
        {"cartId": cart["id"], "lines": [{"id": lines[a]["id"], "quantity": 5}]}, SELECT,
    )  # fmt: skip
    quantities = {line["merchandise"]["sku"]: line["quantity"] for line in updated["cart"]["lines"]}
    assert quantities == {a: 5, b: 1}
    removed = await mutate(
        shop, "cartLinesRemove", "cartId: ID!, lineIds: [ID!]!",
        {"cartId": cart["id"], "lineIds": [lines[b]["id"]]}, SELECT,
    )  # fmt: skip
    assert [line["merchandise"]["sku"] for line in removed["cart"]["lines"]] == [a]


async def test_bad_input_is_refused_with_codes_and_changes_nothing(shop: GraphQLClient) -> None:
    (sku,) = await _skus(shop, 1)
    cart = await create_cart(shop, [{"sku": sku, "quantity": 2}])
    add = "cartId: ID!, lines: [CartLineInput!]!"
    cases = [
        ("cartLinesAdd", add, {"lines": [{"sku": "NOPE-404", "quantity": 1}]}, "UNKNOWN_SKU"),
        ("cartLinesAdd", add, {"lines": [{"sku": sku, "quantity": 0}]}, "INVALID_QUANTITY"),
        ("cartLinesAdd", add, {"lines": [{"sku": sku, "quantity": 998}]}, "INVALID_QUANTITY"),
        ("cartLinesUpdate", "cartId: ID!, lines: [CartLineUpdateInput!]!",
         {"lines": [{"id": "Q2FydExpbmU6bm9wZQ", "quantity": 1}]}, "LINE_NOT_FOUND"),
        ("cartPickupStoreSet", "cartId: ID!, storeId: ID", {"storeId": "S999"}, "STORE_NOT_FOUND"),
        ("cartPromotionCodesUpdate", "cartId: ID!, codes: [String!]!", {"codes": ["NOSUCHCODE"]},
         "PROMOTION_CODE_UNKNOWN"),
        ("cartPromotionCodesUpdate", "cartId: ID!, codes: [String!]!", {"codes": ["WINTER2025"]},
         "PROMOTION_CODE_EXPIRED"),
        ("cartLoyaltyRewardApply", "cartId: ID!, rewardId: ID!", {"rewardId": "x"}, "CUSTOMER_REQUIRED"),
    ]  # fmt: skip
    for field, arguments, variables, code in cases:
        payload = await mutate(shop, field, arguments, {"cartId": cart["id"], **variables}, SELECT)
        assert payload["cart"] is None
        assert [e["code"] for e in payload["userErrors"]] == [code], (field, payload)
    unknown_cart = await mutate(
        shop, "cartLinesAdd", add, {"cartId": "Q2FydDpub3BlCg", "lines": [{"sku": sku, "quantity": 1}]},
        SELECT,
    )  # fmt: skip
    assert [e["code"] for e in unknown_cart["userErrors"]] == ["CART_NOT_FOUND"]
    after = await shop.data(
        f"query($id: ID!) {{ cart(id: $id) {{ {CART_FIELDS} }} }}", variables={"id": cart["id"]}
    )
    assert after["cart"] == cart, "nothing was lost or changed by the refusals"


async def test_a_promotion_code_discounts_the_same_on_web_and_app(
    shop: GraphQLClient, shop_any_channel: dict[str, str]
) -> None:
    shop = shop.with_headers(shop_any_channel)
    codes = "cartId: ID!, codes: [String!]!"
    query = """query @inContext(language: "en") { products(first: 100) {
      nodes { sku promotions { code } } } }"""
    nodes = (await shop.data(query))["products"]["nodes"]
    eligible = next(
        n["sku"] for n in nodes if any(p["code"] == "SPRING10" for p in n["promotions"])
    )
    discounts = {}
    for channel in ("WEB", "APP"):
        cart = await create_cart(
            shop, [{"sku": eligible, "quantity": 1}], context=f"@inContext(channel: {channel})"
        )
        payload = await mutate(
            shop,
            "cartPromotionCodesUpdate",
            codes,
            {"cartId": cart["id"], "codes": ["spring10"]},
            SELECT,
        )
        assert payload["cart"]["promotionCodes"] == ["SPRING10"]
        assert payload["cart"]["channel"] == channel
        cost = payload["cart"]["cost"]
        assert _amount(cost["discounts"]) > 0
        assert _amount(cost["total"]) == _amount(cost["subtotal"]) - _amount(cost["discounts"])
        discounts[channel] = _amount(cost["discounts"]) / _amount(cost["subtotal"])
    assert discounts["WEB"] == discounts["APP"], "the same code gives the same discount everywhere"


async def test_an_app_only_code_is_kept_but_applies_only_in_the_app(
    shop: GraphQLClient, shop_any_channel: dict[str, str]
) -> None:
    shop = shop.with_headers(shop_any_channel)
    codes = "cartId: ID!, codes: [String!]!"
    (sku,) = await _skus(shop, 1)
    totals = {}
    for channel in ("WEB", "APP"):
        cart = await create_cart(
            shop, [{"sku": sku, "quantity": 2}], context=f"@inContext(channel: {channel})"
        )
        payload = await mutate(
            shop,
            "cartPromotionCodesUpdate",
            codes,
            {"cartId": cart["id"], "codes": ["APPONLY5"]},
            SELECT,
        )
        assert payload["userErrors"] == []
        totals[channel] = _amount(payload["cart"]["cost"]["discounts"])
    assert totals["WEB"] == 0
    assert totals["APP"] > 0


async def test_rewards_discount_the_cart_and_are_not_spent_before_checkout(
    shop: GraphQLClient,
) -> None:
    token = await token_of_demo(shop)
    me = await shop.data(
        "{ customer { loyalty { pointsBalance rewards { id title pointsCost } } } }",
        headers=bearer(token),
    )
    loyalty = me["customer"]["loyalty"]
    voucher = next(r for r in loyalty["rewards"] if r["pointsCost"] == 500)
    (sku,) = await _skus(shop, 1)
    cart = await create_cart(shop, [{"sku": sku, "quantity": 3}], token=token)
    assert cart["buyer"] is not None
    applied = await mutate(
        shop, "cartLoyaltyRewardApply", "cartId: ID!, rewardId: ID!",
        {"cartId": cart["id"], "rewardId": voucher["id"]}, SELECT, token,
    )  # fmt: skip
    assert applied["userErrors"] == []
    cost = applied["cart"]["cost"]
    assert _amount(cost["discounts"]) - _amount(cart["cost"]["discounts"]) == Decimal("5.00")
    after = await shop.data("{ customer { loyalty { pointsBalance } } }", headers=bearer(token))
    assert after["customer"]["loyalty"]["pointsBalance"] == loyalty["pointsBalance"]
    expensive = sorted(loyalty["rewards"], key=lambda r: -r["pointsCost"])
    refusals = []
    for reward in expensive:
        payload = await mutate(
            shop, "cartLoyaltyRewardApply", "cartId: ID!, rewardId: ID!",
            {"cartId": cart["id"], "rewardId": reward["id"]}, SELECT, token,
        )  # fmt: skip
        refusals += [e["code"] for e in payload["userErrors"]]
    assert "REWARD_NOT_AFFORDABLE" in refusals, "rewards cannot add up beyond the balance"


async def test_a_customers_cart_is_theirs_alone(shop: GraphQLClient) -> None:
    token = await token_of_demo(shop)
    (sku,) = await _skus(shop, 1)
    cart = await create_cart(shop, [{"sku": sku, "quantity": 1}], token=token)
    query = "query($id: ID!) { cart(id: $id) { id } }"
    assert (await shop.data(query, variables={"id": cart["id"]}))["cart"] is None
    mine = await shop.data(query, variables={"id": cart["id"]}, headers=bearer(token))
    assert mine["cart"] == {"id": cart["id"]}


async def test_carts_survive_a_restart(own_sample_dir: Path) -> None:
    async with running_gateway(embedded_default(own_sample_dir)) as first:
        (sku,) = await _skus(first, 1)
        cart = await create_cart(first, [{"sku": sku, "quantity": 4}])
    async with running_gateway(embedded_default(own_sample_dir)) as second:
        again = await second.data(
            f"query($id: ID!) {{ cart(id: $id) {{ {CART_FIELDS} }} }}", variables={"id": cart["id"]}
        )
    assert again["cart"] == cart
