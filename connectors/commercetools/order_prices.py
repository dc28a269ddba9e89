"""The prices an order records: the checkout's, written on the commercetools cart.

commercetools prices a cart's lines itself (`Platform` price mode): the Price its price
selection picks from the cart's currency, country, customer group and each line's
distribution channel, less the Cart Discounts it applies. omnicanal prices the cart
elsewhere (the pricing connector, which may not even be commercetools, plus loyalty
rewards that commercetools knows nothing of), and the customer was shown that price. So
before the order is created every line is put in the `ExternalTotal` price mode with the
checkout's unit price and line total (Set LineItem TotalPrice): commercetools then takes
both as given, the order copies them, and the order costs what the customer saw.

Loyalty rewards come off the whole cart; commercetools spreads a cart-wide discount over
the line items' totals too, and so is it here: in proportion to each line's total, to the
cent, the odd cents to the largest remainders (ties: first line first).

Pure: `checkout` sends these actions in the cart update that records the points.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from connectors.commercetools.normalise import ISO_DIGITS, money
from connectors.errors import PriceChanged
from connectors.models import Money, OrderLine, OrderRequest

Raw = dict[str, Any]


def ct_money(value: Money) -> Raw:
    """commercetools' Money: the amount in the currency's smallest unit (ISO 4217 digits)."""
    digits = ISO_DIGITS.get(value.currency, 2)
    cents = value.amount.scaleb(digits).to_integral_value()
    return {"currencyCode": value.currency, "centAmount": int(cents)}


def line_totals(lines: Sequence[OrderLine], total: Money) -> list[Decimal]:
    """Each line's total with the difference to the order's total (rewards) spread over
    them in proportion; a total above the lines' sum is not spread (nothing adds to a line)."""
    digits = ISO_DIGITS.get(total.currency, 2)
    unit = Decimal(1).scaleb(-digits)
    amounts = [line.total.amount for line in lines]
    gross = sum(amounts, Decimal(0))
    cut = gross - total.amount
    if cut <= 0 or gross <= 0:
        return amounts
    exact = [a * cut / gross for a in amounts]
    shares = [e.quantize(unit, rounding=ROUND_FLOOR) for e in exact]
    left = int(((cut - sum(shares, Decimal(0))) / unit).to_integral_value())
    by_remainder = sorted(range(len(lines)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += unit
    return [a - s for a, s in zip(amounts, shares, strict=True)]


def price_actions(cart: Raw, request: OrderRequest) -> list[Raw]:
    """Set LineItem TotalPrice for every line not already at the checkout's price. Raises
    PriceChanged when the cart's lines are not the checkout's (changed in between)."""
    items = _paired(cart.get("lineItems") or (), request)
    actions = []
    for line, item, total in zip(
        request.lines, items, line_totals(request.lines, request.total), strict=True
    ):
        price = line.unit_price or Money(line.total.amount / line.quantity, line.total.currency)
        external = {
            "price": ct_money(price),
            "totalPrice": ct_money(Money(total, request.total.currency)),
        }
        if _already(item, external):
            continue
        actions.append(
            {
                "action": "setLineItemTotalPrice",
                "lineItemId": str(item["id"]),
                "externalTotalPrice": external,
            }
        )
    return actions


def _paired(items: Sequence[Raw], request: OrderRequest) -> list[Raw]:
    """The cart's line item for each line of the request, in its order: the same SKUs and
    quantities, each line item used once; else the cart changed since it was priced."""
    left = list(items)
    paired = []
    for line in request.lines:
        item = next(
            (i for i in left if i["variant"]["sku"] == line.sku and i["quantity"] == line.quantity),
            None,
        )
        if item is None:
            break
        left.remove(item)
        paired.append(item)
    if left or len(paired) != len(request.lines):
        raise PriceChanged(f"cart {request.cart_id} no longer holds the lines checked out")
    return paired


def _already(item: Raw, external: Raw) -> bool:
    if item.get("priceMode") != "ExternalTotal":
        return False
    price = (item.get("price") or {}).get("value") or {}
    total = item.get("totalPrice") or {}
    return bool(_same(price, external["price"]) and _same(total, external["totalPrice"]))


def _same(raw: Raw, wanted: Raw) -> bool:
    try:
        return money(raw) == money(wanted)
    except (KeyError, TypeError):
        return False


def check_recorded(cart: Raw, request: OrderRequest) -> None:
    """The cart (or order) costs what the checkout priced, line by line; else PriceChanged
    with what commercetools says it costs (its own discounts may still apply on top)."""
    total = money(cart["totalPrice"])
    if total != request.total.rounded():
        raise PriceChanged(
            f"commercetools prices cart {request.cart_id} at {total.amount} {total.currency},"
            f" the checkout at {request.total.amount} {request.total.currency}",
            total,
        )
