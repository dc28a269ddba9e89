"""PricingConnector over the sample database.

A SKU's price is its list price in the context's currency (EUR or GBP; other currencies have
no price list, hence None), then the price rules matching the context's channel and customer
group, applied in priority order. Two kinds of rule:

- automatic rules (no code) reduce `amount`: the app-only offer, the trade price for "pro";
- coupon rules (with a code, e.g. SPRING10) are listed in `promotions` so the storefront can
  advertise them, but `amount` is unchanged: the context carries no coupon, so the amount a
  shopper pays is the amount without it until checkout applies the code to the cart
  (`price_cart`, in cart_pricing.py). Unadvertised codes are not listed.

A rule past its `valid_until` no longer exists for prices.

`compare_at` is the list price's own reference (a permanent markdown) or, failing that, the
list price when an automatic rule lowered it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from connectors.context import Channel, CommerceContext
from connectors.keyed import in_key_order
from connectors.models import CENT, Money, Price, PriceRuleKind, Promotion
from connectors.models import PriceRule as AppliedRule
from connectors.sample.clock import Clock, stamp
from connectors.sample.db import Row, SampleDatabase
from connectors.sample.keyed import CURRENCIES, money
from connectors.sample.naming import language

PRICES_SQL = """
SELECT pr.sku, pr.amount_cents, pr.compare_at_cents, v.product_id, p.department_id
FROM prices pr JOIN variants v ON v.sku = pr.sku JOIN products p ON p.id = v.product_id
WHERE pr.currency = ? AND pr.sku IN ({keys})
"""
# Rules for this channel and group, each with the given products it targets (if any).
RULES_SQL = """
SELECT r.id, r.scope, r.department_id, r.percent_off, r.code, r.title_{lang} AS title,
       r.description_{lang} AS description, t.product_id, r.channel, r.customer_group
FROM price_rules r
LEFT JOIN price_rule_products t ON t.rule_id = r.id AND t.product_id IN ({keys})
WHERE (r.channel IS NULL OR r.channel = ?) AND (r.customer_group IS NULL OR r.customer_group = ?)
  AND (r.valid_until IS NULL OR r.valid_until > ?) AND (r.code IS NULL OR r.advertised = 1)
ORDER BY r.priority, r.id
"""


@dataclass(slots=True)
class PriceRule:
    id: str
    scope: str
    department_id: str | None
    percent_off: int
    promotion: Promotion
    product_ids: set[str] = field(default_factory=set)
    kind: PriceRuleKind = PriceRuleKind.PROMOTION
    channel: Channel | None = None

    def applies(self, product_id: str, department_id: str) -> bool:
        if self.scope == "department":
            return self.department_id == department_id
        return self.scope == "all" or product_id in self.product_ids


@dataclass(frozen=True, slots=True)
class PricedSku:
    """A SKU's price in a context, with the product facts coupon rules select on."""

    price: Price
    product_id: str
    department_id: str


class SamplePricing:
    db: SampleDatabase
    now: Clock

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]:
        priced = await price_skus(self.db, skus, ctx, self.now())
        return in_key_order(skus, {sku: item.price for sku, item in priced.items()})


async def price_skus(
    db: SampleDatabase, skus: Sequence[str], ctx: CommerceContext, now: datetime
) -> dict[str, PricedSku]:
    """Every priced SKU among `skus` in the context (two statements, none for no SKUs)."""
    if ctx.currency not in CURRENCIES:
        return {}
    rows = await db.fetch_in(PRICES_SQL, skus, before=[ctx.currency])
    rules = await _rules(db, ctx, sorted({row["product_id"] for row in rows}), now)
    return {
        row["sku"]: PricedSku(
            _price(row, rules, ctx.currency), row["product_id"], row["department_id"]
        )
        for row in rows
    }


async def _rules(
    db: SampleDatabase, ctx: CommerceContext, product_ids: list[str], now: datetime
) -> list[PriceRule]:
    sql = RULES_SQL.format(lang=language(ctx), keys="{keys}")
    context = [ctx.channel.value, ctx.customer_group, stamp(now)]
    rules: dict[str, PriceRule] = {}
    # A rule comes back once per chunk of products: merge its targets.
    for row in await db.fetch_in(sql, product_ids, after=context):
        rule = rules.setdefault(row["id"], _rule(row))
        if row["product_id"] is not None:
            rule.product_ids.add(row["product_id"])
    return list(rules.values())


def _rule(row: Row) -> PriceRule:
    promotion = Promotion(row["title"], row["code"], row["description"])
    channel = Channel(row["channel"]) if row["channel"] else None
    return PriceRule(
        row["id"], row["scope"], row["department_id"], row["percent_off"], promotion,
        kind=_kind(row, channel), channel=channel,
    )  # fmt: skip


def _kind(row: Row, channel: Channel | None) -> PriceRuleKind:
    if row["code"] is not None:
        return PriceRuleKind.PROMOTION
    if channel is not None:
        return PriceRuleKind.CHANNEL
    if row["customer_group"] is not None:
        return PriceRuleKind.CUSTOMER_GROUP
    return PriceRuleKind.SALE


def _price(row: Row, rules: list[PriceRule], currency: str) -> Price:
    listed = money(row["amount_cents"], currency)
    applied = [r for r in rules if r.applies(row["product_id"], row["department_id"])]
    amount = listed.amount
    explained = _markdown(row, listed)
    for rule in applied:
        before = amount
        if rule.promotion.code is None:
            amount = amount * (100 - rule.percent_off) / 100
        explained.append(_applied(rule, before, amount, currency))
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    reference = row["compare_at_cents"]
    if reference is not None:
        compare_at: Money | None = money(reference, currency)
    else:
        compare_at = listed if amount < listed.amount else None
    promotions = tuple(rule.promotion for rule in applied)
    return Price(row["sku"], Money(amount, currency), compare_at, promotions, tuple(explained))


def _applied(rule: PriceRule, before: Decimal, after: Decimal, currency: str) -> AppliedRule:
    """What one rule took off: differences of the rounded running amounts, so the rules'
    amounts add up to exactly the list price minus the price."""
    off = _cents(before) - _cents(after)
    amount_off = None if rule.promotion.code is not None else Money(off, currency)
    code = rule.promotion.code or rule.id
    return AppliedRule(rule.kind, code, rule.promotion.title, amount_off, rule.channel)


def _markdown(row: Row, listed: Money) -> list[AppliedRule]:
    """A permanent markdown: the list price is below its own reference."""
    reference = row["compare_at_cents"]
    if reference is None or reference <= row["amount_cents"]:
        return []
    off = money(reference - row["amount_cents"], listed.currency)
    return [AppliedRule(PriceRuleKind.SALE, "MARKDOWN", "Markdown", off)]


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
