"""Checkout records the cart the customer last saw, and refuses with PRICE_CHANGED (the new
cost in the payload, nothing taken) when the back end's price moved in between."""

from __future__ import annotations

import contextlib
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from connectors import models
from connectors.errors import PriceChanged
from connectors.sample.checkout import SampleCheckout
from tests.support.server import GraphQLClient
from tests.support.shopping import (
    CART_FIELDS,
    bearer,
    create_cart,
    mutate,
    online_quantity,
    points_balance,
    token_of_demo,
)

APP = "@inContext(channel: APP)"
HISTORY = "{ customer { orders(first: 100) { nodes { id } } } }"
ORDER = """order { id channel total { amount currencyCode } lines { sku quantity total { amount } } }
  cost { subtotal { amount } discounts { amount } total { amount currencyCode } }"""


async def checkout_expecting(
    client: GraphQLClient, cart_id: str, key: str, token: str, total: Any
) -> dict[str, Any]:
    return await mutate(
        client, "checkoutComplete", "cartId: ID!, idempotencyKey: String!, expectedTotal: MoneyInput",
        {"cartId": cart_id, "idempotencyKey": key, "expectedTotal": total}, ORDER, token,
    )  # fmt: skip


async def _spring_and_other(client: GraphQLClient) -> tuple[str, str]:
    query = """{ products(first: 100, sortKey: BEST_SELLING) { nodes { sku promotions { code }
      availability { quantityAvailable } } } }"""
    nodes = (await client.data(query, headers=None))["products"]["nodes"]
    stocked = [n for n in nodes if (n["availability"]["quantityAvailable"] or 0) >= 5]
    spring = next(
        n["sku"] for n in stocked if any(p["code"] == "SPRING10" for p in n["promotions"])
    )
    other = next(n["sku"] for n in stocked if n["sku"] != spring)
    return spring, other


async def _app_cart(
    client: GraphQLClient, token: str, lines: list[dict[str, Any]]
) -> dict[str, Any]:
    cart = await create_cart(client, lines, token=token, context=APP)
    payload = await mutate(
        client, "cartPromotionCodesUpdate", "cartId: ID!, codes: [String!]!",
        {"cartId": cart["id"], "codes": ["SPRING10"]}, f"cart {{ {CART_FIELDS} }}", token,
    )  # fmt: skip
    assert payload["userErrors"] == []
    shown: dict[str, Any] = payload["cart"]
    assert shown["promotionCodes"] == ["SPRING10"]
    return shown


def _shown_total(cart: dict[str, Any]) -> dict[str, Any]:
    return {"amount": cart["cost"]["total"]["amount"], "currencyCode": "EUR"}


def _raise_price(data_dir: Path, sku: str, cents: int) -> None:
    with contextlib.closing(sqlite3.connect(data_dir / "sample.db", timeout=5)) as db, db:
        db.execute("UPDATE prices SET amount_cents = amount_cents + ? WHERE sku = ?", [cents, sku])


async def test_an_app_cart_with_a_code_is_ordered_at_the_total_shown(
    shop: GraphQLClient, shop_any_channel: dict[str, str]
) -> None:
    shop = shop.with_headers(shop_any_channel)
    token = await token_of_demo(shop)
    spring, other = await _spring_and_other(shop)
    cart = await _app_cart(
        shop, token, [{"sku": spring, "quantity": 2}, {"sku": other, "quantity": 1}]
    )
    assert float(cart["cost"]["discounts"]["amount"]) > 0, "the code discounts the cart"
    payload = await checkout_expecting(shop, cart["id"], "totals-1", token, _shown_total(cart))
    assert payload["userErrors"] == []
    order = payload["order"]
    assert order["channel"] == "APP"
    assert order["total"] == _shown_total(cart)
    assert payload["cost"]["total"] == _shown_total(cart)
    assert payload["cost"]["discounts"] == cart["cost"]["discounts"]
    shown_lines = [
        (line["merchandise"]["sku"], line["quantity"], line["cost"]["total"]["amount"])
        for line in cart["lines"]
    ]
    assert [(x["sku"], x["quantity"], x["total"]["amount"]) for x in order["lines"]] == shown_lines


async def _what_checkout_takes(
    shop: GraphQLClient, token: str, skus: list[str]
) -> tuple[dict[str, int], int, Any]:
    """Online stock of `skus`, the customer's points and order history."""
    stock = {sku: await online_quantity(shop, sku) for sku in skus}
    history = await shop.data(HISTORY, headers=bearer(token))
    return stock, await points_balance(shop, token), history


async def test_a_price_raised_before_checkout_refuses_and_takes_nothing(
    shop: GraphQLClient, shop_any_channel: dict[str, str], own_sample_dir: Path
) -> None:
    shop = shop.with_headers(shop_any_channel)
    token = await token_of_demo(shop)
    spring, other = await _spring_and_other(shop)
    cart = await _app_cart(
        shop, token, [{"sku": spring, "quantity": 2}, {"sku": other, "quantity": 1}]
    )
    before = await _what_checkout_takes(shop, token, [spring, other])

    _raise_price(own_sample_dir, other, 100)
    refused = await checkout_expecting(shop, cart["id"], "totals-2", token, _shown_total(cart))
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("PRICE_CHANGED", ["expectedTotal"])
    ]
    assert refused["order"] is None
    new_total = refused["cost"]["total"]
    assert float(new_total["amount"]) > float(cart["cost"]["total"]["amount"])
    assert new_total["amount"] in refused["userErrors"][0]["message"]
    after = await _what_checkout_takes(shop, token, [spring, other])
    assert after == before, "no stock, points or order taken"

    # Shown the new total, the customer checks out at it.
    accepted = await checkout_expecting(shop, cart["id"], "totals-2", token, new_total)
    assert accepted["userErrors"] == []
    assert accepted["order"]["total"] == new_total


async def test_expected_total_is_checked_to_the_cent(
    shop: GraphQLClient, shop_any_channel: dict[str, str]
) -> None:
    shop = shop.with_headers(shop_any_channel)
    token = await token_of_demo(shop)
    spring, _ = await _spring_and_other(shop)
    cart = await _app_cart(shop, token, [{"sku": spring, "quantity": 1}])
    shown = _shown_total(cart)
    for wrong in (
        {**shown, "currencyCode": "GBP"},
        {**shown, "amount": str(Decimal(shown["amount"]) + Decimal("0.01"))},
        {**shown, "amount": f"{shown['amount']}4"},  # a fraction of a cent off
    ):
        refused = await checkout_expecting(shop, cart["id"], "totals-3", token, wrong)
        assert [e["code"] for e in refused["userErrors"]] == ["PRICE_CHANGED"]
    for hostile in ("NaN", "Infinity", "1e999999"):
        bad = await checkout_expecting(
            shop, cart["id"], "totals-3", token, {**shown, "amount": hostile}
        )
        assert [e["code"] for e in bad["userErrors"]] == ["INVALID_EXPECTED_TOTAL"], hostile
    # Trailing zeros are the same amount.
    same = {**shown, "amount": f"{shown['amount']}00"}
    done = await checkout_expecting(shop, cart["id"], "totals-3", token, same)
    assert done["userErrors"] == []
    assert done["order"]["total"] == shown


async def test_an_orders_system_that_would_charge_otherwise_refuses_and_puts_stock_back(
    shop: GraphQLClient, shop_any_channel: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: the orders system says it would record another total (as the
    commercetools connector does when commercetools prices the cart otherwise)."""

    asked: list[models.Money] = []

    async def priced_otherwise(
        self: object, request: models.OrderRequest, ctx: object
    ) -> models.Order:
        asked.append(request.total)
        more = models.Money(request.total.amount + Decimal("1.00"), request.total.currency)
        raise PriceChanged("another total", more)

    shop = shop.with_headers(shop_any_channel)
    token = await token_of_demo(shop)
    spring, other = await _spring_and_other(shop)
    cart = await _app_cart(
        shop, token, [{"sku": spring, "quantity": 1}, {"sku": other, "quantity": 1}]
    )
    before = await _what_checkout_takes(shop, token, [spring, other])
    monkeypatch.setattr(SampleCheckout, "place_order", priced_otherwise)

    refused = await checkout_expecting(shop, cart["id"], "totals-4", token, _shown_total(cart))
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("PRICE_CHANGED", ["cartId"])
    ]
    assert refused["cost"]["total"] == _shown_total(cart), "what checkout priced"
    charged = Decimal(cart["cost"]["total"]["amount"]) + Decimal("1.00")
    assert f"would charge {charged} EUR" in refused["userErrors"][0]["message"]
    assert len(asked) == 1, "the stock was taken and the order asked for"
    after = await _what_checkout_takes(shop, token, [spring, other])
    assert after == before, "stock put back; no points, no order"
