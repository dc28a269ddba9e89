"""Orders at the checkout's prices against the mock: every line in the ExternalTotal price
mode at the checkout's unit price and total (a reward spread over the lines), written in
the same cart update as the points, and PriceChanged, no order, when the cart moved."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from aiohttp import web

from connectors.commercetools import CommercetoolsConnector
from connectors.context import Channel, CommerceContext
from connectors.errors import PriceChanged
from connectors.models import (
    CartDraft,
    CartPricing,
    CartPricingRequest,
    LineRequest,
    Money,
    OrderLine,
    OrderRequest,
    SetPromotionCodes,
)
from tests.integration.commercetools.conftest import API, DirectApi, ScriptedProxy
from tests.upstreams.commercetools import dataset as d

pytestmark = pytest.mark.integration

APP = replace(CommerceContext(), channel=Channel.APP)
CARTS = f"{API}carts/"
LINES = (LineRequest("CT-0003", 2), LineRequest("CT-0001", 1))


def _request(cart_id: str, pricing: CartPricing, reward: Decimal, points: int) -> OrderRequest:
    lines = tuple(
        OrderLine(line.sku, line.sku, line.quantity, line.total, line.unit_price)
        for line in pricing.lines
    )
    total = Money(pricing.total.amount - reward, "EUR")
    discounts = Money(pricing.discounts.amount + reward, "EUR")
    return OrderRequest(
        uuid.uuid4().hex, cart_id, Channel.APP, None, lines, total, discounts, None, points
    )


async def _priced_app_cart(connector: CommercetoolsConnector) -> tuple[str, CartPricing]:
    cart = await connector.create_cart(CartDraft(Channel.APP, "EUR", None, LINES), APP)
    await connector.update_cart(cart.id, [SetPromotionCodes((d.LIVE_CODE,))], APP)
    pricing = await connector.price_cart(CartPricingRequest(LINES, (d.LIVE_CODE,)), APP)
    assert pricing.discounts.amount > 0, "SPRING10 applies"
    return cart.id, pricing


async def test_the_order_records_the_checkouts_lines_prices_and_total(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, direct: DirectApi
) -> None:
    cart_id, pricing = await _priced_app_cart(connector)
    request = _request(cart_id, pricing, Decimal("1.00"), points=42)  # a 1.00 reward on top
    updates = proxy.api_calls("POST", CARTS + cart_id)
    order = await connector.place_order(request, APP)
    assert proxy.api_calls("POST", CARTS + cart_id) - updates == 1, "prices and points at once"

    assert order.total == request.total
    assert [line.unit_price for line in order.lines] == [line.unit_price for line in pricing.lines]
    assert sum(line.total.amount for line in order.lines) == request.total.amount
    # The reward comes off both lines, in proportion (to the cent).
    assert all(
        o.total.amount < p.total.amount for o, p in zip(order.lines, pricing.lines, strict=True)
    )
    assert order.loyalty_points_earned == 42
    raw = await direct.call("GET", f"/orders/{order.id}")
    assert {li["priceMode"] for li in raw["lineItems"]} == {"ExternalTotal"}
    assert raw["totalPrice"]["centAmount"] == int(request.total.amount * 100)
    assert len(raw["discountCodes"]) == 1, "the code stays on the order, for the record"
    again = await connector.place_order(request, APP)
    assert again == order, "once per key"


async def test_a_cart_changed_under_the_checkout_is_not_ordered(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, direct: DirectApi
) -> None:
    cart_id, pricing = await _priced_app_cart(connector)
    request = _request(cart_id, pricing, Decimal(0), points=0)

    async def someone_adds_a_line(_: web.Request) -> None:
        cart = await direct.call("GET", f"/carts/{cart_id}")
        action = {"action": "addLineItem", "sku": "CT-0002-M", "quantity": 1}
        await direct.call(
            "POST", f"/carts/{cart_id}", {"version": cart["version"], "actions": [action]}
        )

    proxy.on("POST", CARTS + cart_id, someone_adds_a_line)
    with pytest.raises(PriceChanged):
        await connector.place_order(request, APP)
    assert (await connector.orders_by_idempotency_key([request.idempotency_key], APP)) == [None]
    (cart,) = await connector.carts([cart_id], APP)
    assert cart is not None
    assert cart.order_id is None, "no order"
    assert sorted(line.sku for line in cart.lines) == ["CT-0001", "CT-0002-M", "CT-0003"]
