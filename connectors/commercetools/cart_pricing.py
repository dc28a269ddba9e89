"""CartPricer: a cart's lines at the prices `prices()` selects, less its discount codes.

commercetools prices carts itself, but only carts it holds, and omnicanal prices a set of
lines and codes before (and without) writing a cart. So unit prices are exactly what
`prices()` answers in the context, and codes are read from `/discount-codes` (their cart
discounts expanded) and evaluated here (see `discounts` for what is and is not). Two
requests at most, at once. Codes are matched as written, trimmed: commercetools codes are
case-sensitive. Money is rounded to the cent, half to even (commercetools' default).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from connectors.codes import requested_codes
from connectors.commercetools.core import Core
from connectors.commercetools.discounts import CodeRule, LineRule, code_rule
from connectors.commercetools.pricing import Pricing
from connectors.commercetools.query import field_in
from connectors.context import CommerceContext
from connectors.models import (
    CENT,
    CartPricing,
    CartPricingRequest,
    CodeResult,
    CodeStatus,
    LinePricing,
    LineRequest,
    Money,
    Price,
)

DISCOUNT_CODES = "/discount-codes"
CODE_IN = field_in("code")
Raw = dict[str, Any]


class CartPricer(Pricing, Core):
    async def price_cart(self, request: CartPricingRequest, ctx: CommerceContext) -> CartPricing:
        sel, _ = await self._context(ctx)
        codes = requested_codes(request.codes)
        skus = list(dict.fromkeys(line.sku for line in request.lines))
        prices, found = await asyncio.gather(self._prices_of(skus, ctx), self._codes(codes))
        now = self.now()
        rules = self._normalised(
            lambda: {r.code: r for r in (code_rule(raw, sel.locales, now) for raw in found)}
        )
        ordered = sorted(
            (
                (rule, code.code)
                for code in rules.values()
                if code.refusal is None
                for rule in code.rules
            ),
            key=lambda pair: pair[0].sort_order,
            reverse=True,
        )
        applied: set[str] = set()
        currency = ctx.currency
        lines = tuple(
            _line(line, prices.get(line.sku), ordered, currency, applied) for line in request.lines
        )
        subtotal = sum((line.subtotal.amount for line in lines), Decimal("0.00"))
        discounts = sum((line.discount.amount for line in lines), Decimal("0.00"))
        return CartPricing(
            lines=lines,
            codes=tuple(_result(code, rules.get(code), applied) for code in codes),
            subtotal=Money(subtotal, currency),
            discounts=Money(discounts, currency),
            total=Money(subtotal - discounts, currency),
        )

    async def _prices_of(self, skus: Sequence[str], ctx: CommerceContext) -> dict[str, Price]:
        if not skus:
            return {}
        found = await self.prices(skus, ctx)
        return {sku: price for sku, price in zip(skus, found, strict=True) if price is not None}

    async def _codes(self, codes: Sequence[str]) -> list[Raw]:
        if not codes:
            return []
        return await self._batch(DISCOUNT_CODES, CODE_IN, codes, {"expand": "cartDiscounts[*]"})


def _line(
    line: LineRequest,
    price: Price | None,
    ordered: list[tuple[LineRule, str]],
    currency: str,
    applied: set[str],
) -> LinePricing:
    zero = Money(Decimal("0.00"), currency)
    if price is None:
        return LinePricing(line.sku, line.quantity, None, zero, zero, zero)
    unit = price.amount
    subtotal = (unit.amount * line.quantity).quantize(CENT, rounding=ROUND_HALF_EVEN)
    remaining = subtotal
    for rule, code in ordered:
        if not rule.fits(line.sku):
            continue
        cut = rule.discount(remaining, line.quantity, currency)
        if cut > 0:
            remaining -= cut
            applied.add(code)
            if rule.stop_after:
                break
    return LinePricing(
        sku=line.sku,
        quantity=line.quantity,
        unit_price=unit,
        subtotal=Money(subtotal, currency),
        discount=Money(subtotal - remaining, currency),
        total=Money(remaining, currency),
    )


def _result(code: str, rule: CodeRule | None, applied: set[str]) -> CodeResult:
    if rule is None:
        return CodeResult(code, CodeStatus.UNKNOWN)
    status = rule.refusal or (CodeStatus.APPLIED if code in applied else CodeStatus.NOT_APPLICABLE)
    return CodeResult(code, status, rule.title)
