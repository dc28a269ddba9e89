"""CartPricer over the sample database: a cart's lines at `prices()` amounts, less its codes.

Unit prices are exactly what `prices()` answers in the context (automatic rules included;
coupons never are). Codes match coupon rules case-insensitively, whatever the rule's
channel, so that each code gets a status:

- UNKNOWN: no rule has this code;
- EXPIRED: its rule lapsed (`valid_until` has passed);
- NOT_APPLICABLE: the rule is not for this context's channel or customer group, or no
  priced line of the cart is among its products;
- APPLIED: it took its percentage off every eligible line.

Several codes on one line apply in rule priority order, each to what the previous ones
left, so a line never goes below zero. Money is rounded to the cent, half up, per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

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
    Promotion,
)
from connectors.sample.clock import Clock, parse
from connectors.sample.db import Row, SampleDatabase
from connectors.sample.naming import language
from connectors.sample.pricing import PricedSku, PriceRule, price_skus

# Codes are the keys; the cart's products are bound before them (`IN ()` matches nothing).
CODE_RULES_SQL = """
SELECT r.id, r.code, r.scope, r.department_id, r.channel, r.customer_group, r.percent_off,
       r.valid_until, r.title_{lang} AS title, r.description_{lang} AS description,
       t.product_id
FROM price_rules r
LEFT JOIN price_rule_products t ON t.rule_id = r.id AND t.product_id IN ({products})
WHERE r.code IN ({keys})
ORDER BY r.priority, r.id
"""


def normalize_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Upper case, trimmed, blanks and repeats dropped, first occurrence first."""
    return tuple(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))


@dataclass(slots=True)
class CodeRule:
    rule: PriceRule
    channel: str | None
    customer_group: str | None
    valid_until: datetime | None

    def unusable(self, ctx: CommerceContext, now: datetime) -> CodeStatus | None:
        """Why this code cannot apply in the context whatever the cart holds, if it cannot."""
        if self.valid_until is not None and self.valid_until <= now:
            return CodeStatus.EXPIRED
        if self.channel not in (None, ctx.channel.value):
            return CodeStatus.NOT_APPLICABLE
        if self.customer_group not in (None, ctx.customer_group):
            return CodeStatus.NOT_APPLICABLE
        return None


class SampleCartPricing:
    db: SampleDatabase
    now: Clock

    async def price_cart(self, request: CartPricingRequest, ctx: CommerceContext) -> CartPricing:
        now = self.now()
        priced = await price_skus(self.db, [line.sku for line in request.lines], ctx, now)
        codes = normalize_codes(request.codes)
        products = sorted({item.product_id for item in priced.values()})
        rules = await _code_rules(self.db, ctx, codes, products)
        usable = [r for r in rules.values() if r.unusable(ctx, now) is None]
        used: set[str] = set()
        lines = tuple(
            _line(line, priced.get(line.sku), usable, ctx.currency, used) for line in request.lines
        )
        subtotal = sum((line.subtotal.amount for line in lines), Decimal("0.00"))
        discounts = sum((line.discount.amount for line in lines), Decimal("0.00"))
        return CartPricing(
            lines=lines,
            codes=tuple(_result(code, rules.get(code), ctx, now, used) for code in codes),
            subtotal=Money(subtotal, ctx.currency),
            discounts=Money(discounts, ctx.currency),
            total=Money(subtotal - discounts, ctx.currency),
        )


async def _code_rules(
    db: SampleDatabase, ctx: CommerceContext, codes: Sequence[str], products: Sequence[str]
) -> dict[str, CodeRule]:
    sql = CODE_RULES_SQL.format(
        lang=language(ctx), products=",".join("?" * len(products)), keys="{keys}"
    )
    rules: dict[str, CodeRule] = {}
    for row in await db.fetch_in(sql, codes, before=products):
        rule = rules.setdefault(row["code"], _code_rule(row))
        if row["product_id"] is not None:
            rule.rule.product_ids.add(row["product_id"])
    return rules


def _code_rule(row: Row) -> CodeRule:
    promotion = Promotion(row["title"], row["code"], row["description"])
    rule = PriceRule(row["id"], row["scope"], row["department_id"], row["percent_off"], promotion)
    until = row["valid_until"]
    return CodeRule(rule, row["channel"], row["customer_group"], parse(until) if until else None)


def _line(
    line: LineRequest,
    item: PricedSku | None,
    usable: list[CodeRule],
    currency: str,
    used: set[str],
) -> LinePricing:
    zero = Money(Decimal("0.00"), currency)
    if item is None:
        return LinePricing(line.sku, line.quantity, None, zero, zero, zero)
    unit = item.price.amount
    subtotal = _cents(unit.amount * line.quantity)
    discount = Decimal("0.00")
    for code in usable:
        if code.rule.applies(item.product_id, item.department_id):
            discount += _cents((subtotal - discount) * code.rule.percent_off / 100)
            used.add(code.rule.promotion.code or "")
    return LinePricing(
        sku=line.sku,
        quantity=line.quantity,
        unit_price=unit,
        subtotal=Money(subtotal, currency),
        discount=Money(discount, currency),
        total=Money(subtotal - discount, currency),
    )


def _result(
    code: str, rule: CodeRule | None, ctx: CommerceContext, now: datetime, used: set[str]
) -> CodeResult:
    if rule is None:
        return CodeResult(code, CodeStatus.UNKNOWN)
    title = rule.rule.promotion.title
    status = rule.unusable(ctx, now)
    if status is None:
        status = CodeStatus.APPLIED if code in used else CodeStatus.NOT_APPLICABLE
    return CodeResult(code, status, title)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
