"""The order lines (quantity, unit price, total after the pricing system's discounts) and
the points a checkout records, from the cart's priced lines."""

from __future__ import annotations

from decimal import Decimal

from connectors import models
from schema.context import Info
from schema.orders.cart_cost import CartTotals, cart_context
from schema.orders.types import variant_title


async def order_lines(
    info: Info, cart: models.Cart, totals: CartTotals
) -> tuple[models.OrderLine, ...]:
    c = info.context
    skus = [line.sku for line in cart.lines]
    products = await c.loaders.product_by_sku.load_many(c.commerce, skus)
    lines = []
    for line, product in zip(cart.lines, products, strict=True):
        priced = totals.line(line.sku)
        total = priced.total if priced else models.Money(Decimal(0), cart.currency)
        title = variant_title(product, line.sku)
        unit = priced.unit_price if priced else None
        lines.append(models.OrderLine(line.sku, title, line.quantity, total, unit))
    return tuple(lines)


async def earned_points(info: Info, cart: models.Cart, totals: CartTotals) -> int | None:
    """What the customer earns: each line's units at its unit price, as the loyalty rules
    of the cart's channel and the customer's tier say. Anonymous carts earn nothing."""
    if cart.customer_id is None:
        return None
    c = info.context
    if await c.loaders.loyalty_account_by_customer.load(c.commerce, cart.customer_id) is None:
        return None  # not a loyalty member: nothing to earn into
    queries = [
        models.EarnQuery(line.sku, line.unit_price)
        for line in totals.pricing.lines
        if line.unit_price is not None
    ]
    points = await c.loaders.points_by_query.load_many(cart_context(info, cart), queries)
    quantities = {line.sku: line.quantity for line in totals.pricing.lines}
    return sum((p or 0) * quantities[q.sku] for q, p in zip(queries, points, strict=True))
