"""PRICE_CHANGED: the cart no longer costs what the customer was shown.

The client says what it showed (`expectedTotal`, optional: without it the check is the
back end's alone); checkout prices the cart afresh and compares, to the cent, in the
cart's currency. The refusal carries the new cost, so the client can show it and ask
again; nothing has been taken at that point."""

from __future__ import annotations

from decimal import Decimal

from connectors import models
from schema.common import UserError
from schema.orders.cart import CartCost
from schema.orders.cart_cost import CartTotals
from schema.payloads import CheckoutCompletePayload, MoneyInput, Refused

# Far above any cart, far below what Decimal arithmetic chokes on.
_LARGEST = Decimal(10) ** 15


def check_expected(
    totals: CartTotals, expected: MoneyInput | None
) -> CheckoutCompletePayload | None:
    """The PRICE_CHANGED answer when the cart's total is not `expected`, else None."""
    if expected is None:
        return None
    amount = expected.amount
    if not amount.is_finite() or abs(amount) >= _LARGEST:
        raise Refused("INVALID_EXPECTED_TOTAL", "not an amount of money", ["expectedTotal"])
    # Exactly, to the cent (trailing zeros aside): 16.124 is not 16.12.
    shown = models.Money(amount, str(expected.currency_code))
    if shown == totals.total.rounded():
        return None
    return price_changed(totals, None, field="expectedTotal")


def price_changed(
    totals: CartTotals, backend_total: models.Money | None, field: str = "cartId"
) -> CheckoutCompletePayload:
    now = totals.total.rounded()
    message = f"the cart now costs {now.amount} {now.currency}"
    if backend_total is not None:
        theirs = backend_total.rounded()
        message += f"; the orders system would charge {theirs.amount} {theirs.currency}"
    error = UserError(code="PRICE_CHANGED", field=[field], message=message)
    return CheckoutCompletePayload(user_errors=[error], cost=CartCost.of(totals))
