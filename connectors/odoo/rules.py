"""Pricelist rules evaluated as Odoo does (product.pricelist.item in Odoo 17-19).

A pricelist's rules are tried in Odoo's order (`applied_on`: variant, template, category,
global; then higher `min_quantity` first; then the deeper category; then the newest rule);
the first that applies gives the price, and with none the price is the list price. A rule
applies when the quantity reaches `min_quantity`, today lies within `date_start`..`date_end`,
and the product is the rule's variant, a variant of its template, or in its category or a
sub-category. The price is then:

- fixed: `fixed_price`, in the pricelist's currency;
- percentage: the base price less `percent_price` %;
- formula: the base price less `price_discount` %, rounded to the nearest multiple of
  `price_round`, plus `price_surcharge`, kept within `price_min_margin`..`price_max_margin`
  of the base price.

The base is the list price, the cost, or another pricelist's price (`base_pricelist_id`),
converted into this pricelist's currency at Odoo's rates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from connectors.context import DEFAULT_CUSTOMER_GROUP, Channel
from connectors.models import Money, PriceRule, PriceRuleKind

CENT = Decimal("0.01")
APPLIED_ON = ("0_product_variant", "1_product", "2_product_category", "3_global")
# A pricelist based on a pricelist based on ...: deeper than this is a loop in Odoo's data.
MAX_BASE_DEPTH = 8


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """What rule matching needs of one product.product."""

    id: int
    sku: str
    template_id: int | None
    category_path: str  # the category's parent_path, e.g. "1/2/3/"; "" when unknown
    list_price: Decimal  # lst_price, in the company currency
    cost: Decimal  # standard_price, in the company currency


@dataclass(frozen=True, slots=True)
class Rule:
    id: int
    name: str
    applied_on: str
    product_id: int | None
    template_id: int | None
    category_path: str | None
    min_quantity: Decimal
    date_start: datetime | None
    date_end: datetime | None
    compute_price: str
    fixed_price: Decimal
    percent_price: Decimal
    base: str
    base_pricelist_id: int | None
    price_discount: Decimal
    price_surcharge: Decimal
    price_round: Decimal
    price_min_margin: Decimal
    price_max_margin: Decimal

    def order_key(self) -> tuple[int, Decimal, str, int]:
        """Odoo's `_order`: applied_on, min_quantity desc, categ_id desc, id desc."""
        depth = APPLIED_ON.index(self.applied_on) if self.applied_on in APPLIED_ON else 9
        return (depth, -self.min_quantity, _inverted(self.category_path or ""), -self.id)

    def applies(self, product: ProductFacts, quantity: Decimal, now: datetime) -> bool:
        if quantity < self.min_quantity:
            return False
        if self.date_start is not None and now < self.date_start:
            return False
        if self.date_end is not None and now > self.date_end:
            return False
        if self.applied_on == "0_product_variant":
            return self.product_id == product.id
        if self.applied_on == "1_product":
            return self.template_id is not None and self.template_id == product.template_id
        if self.applied_on == "2_product_category":
            path = self.category_path
            return path is not None and product.category_path.startswith(path)
        return self.applied_on == "3_global"

    def price(self, base: Decimal) -> Decimal:
        """This rule's price from the base price (already in the pricelist's currency)."""
        if self.compute_price == "fixed":
            return self.fixed_price
        if self.compute_price == "percentage":
            return base - base * self.percent_price / 100
        price = base - base * self.price_discount / 100
        if self.price_round:
            # Odoo's float_round(precision_rounding=price_round): to the nearest multiple.
            price = (price / self.price_round).quantize(Decimal(1), ROUND_HALF_UP)
            price *= self.price_round
        price += self.price_surcharge
        if self.price_min_margin:
            price = max(price, base + self.price_min_margin)
        if self.price_max_margin:
            price = min(price, base + self.price_max_margin)
        return price


def _inverted(path: str) -> str:
    """A key that sorts deeper category paths first (Odoo: categ_id desc)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in path) + chr(0x10FFFF)


def rule_from(raw: Mapping[str, Any], category_paths: Mapping[int, str]) -> Rule:
    category = _id(raw.get("categ_id"))
    return Rule(
        id=int(raw["id"]),
        name=str(raw.get("name") or f"Rule {raw['id']}"),
        applied_on=str(raw.get("applied_on") or "3_global"),
        product_id=_id(raw.get("product_id")),
        template_id=_id(raw.get("product_tmpl_id")),
        category_path=category_paths.get(category) if category is not None else None,
        min_quantity=_decimal(raw.get("min_quantity")),
        date_start=_datetime(raw.get("date_start")),
        date_end=_datetime(raw.get("date_end")),
        compute_price=str(raw.get("compute_price") or "fixed"),
        fixed_price=_decimal(raw.get("fixed_price")),
        percent_price=_decimal(raw.get("percent_price")),
        base=str(raw.get("base") or "list_price"),
        base_pricelist_id=_id(raw.get("base_pricelist_id")),
        price_discount=_decimal(raw.get("price_discount")),
        price_surcharge=_decimal(raw.get("price_surcharge")),
        price_round=_decimal(raw.get("price_round")),
        price_min_margin=_decimal(raw.get("price_min_margin")),
        price_max_margin=_decimal(raw.get("price_max_margin")),
    )


def in_odoo_order(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(sorted(rules, key=Rule.order_key))


def _id(value: Any) -> int | None:
    """A many2one as search_read gives it: [id, "name"], or False."""
    if isinstance(value, list) and value and isinstance(value[0], int):
        return value[0]
    return None


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return Decimal(0)
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return Decimal(0)


def _datetime(value: Any) -> datetime | None:
    """Odoo's datetimes are naive UTC "YYYY-MM-DD HH:MM:SS" (dates "YYYY-MM-DD")."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def explained(rule: Rule, selected_by: str, off: Money, channel: Channel) -> PriceRule:
    """The rule that priced a SKU, as a price rule: `selected_by` is the `pricelists` key that
    chose its pricelist (`group@CHANNEL`: a channel's; a group's; `default`: everyone's);
    `off` is the list price less the price (negative for a surcharge)."""
    group, _, on_channel = selected_by.partition("@")
    if on_channel:
        kind = PriceRuleKind.CHANNEL
    elif group != DEFAULT_CUSTOMER_GROUP:
        kind = PriceRuleKind.CUSTOMER_GROUP
    else:
        kind = PriceRuleKind.SALE
    restricted = channel if on_channel else None
    return PriceRule(kind, f"product.pricelist.item/{rule.id}", rule.name, off, restricted)
