"""Discount codes as commercetools defines them, evaluated for a set of priced lines.

A code (`/discount-codes`, its cart discounts expanded) is:

- UNKNOWN when commercetools has no such code, or it is switched off (`isActive: false`);
- EXPIRED when its `validUntil` has passed; NOT_APPLICABLE before its `validFrom`;
- APPLIED when one of its cart discounts took something off a line, else NOT_APPLICABLE.

Of a cart discount, what this module can evaluate is applied: active and valid ones whose
cart predicate is always true (`1 = 1`), targeting line items by an always-true or a SKU
predicate (`sku in (...)`, `sku = "..."`), or the total price; relative values
(permyriad of what is left of each line) and absolute ones (per unit on line items).
Higher `sortOrder` first; `StopAfterThisDiscount` stops the ones after it. Anything else
(shipping, multi-buy, gift line items, fixed prices, richer predicates) contributes no
discount, and a code with nothing else is NOT_APPLICABLE.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from connectors.commercetools.normalise import instant, money, text
from connectors.models import CENT, CodeStatus

Raw = dict[str, Any]
ALWAYS = re.compile(r"^\s*(1\s*=\s*1|true)\s*$", re.IGNORECASE)
SKU_EQUALS = re.compile(r'^\s*sku\s*=\s*"((?:[^"\\]|\\.)*)"\s*$')
SKU_IN = re.compile(r"^\s*sku\s+in\s*\((.*)\)\s*$", re.DOTALL)
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True, slots=True)
class LineRule:
    """One cart discount, as far as lines go."""

    skus: frozenset[str] | None  # None: every line
    permyriad: int = 0  # relative
    per_unit: Mapping[str, Decimal] | None = None  # absolute, by currency
    sort_order: str = "0"
    stop_after: bool = False

    def discount(self, remaining: Decimal, quantity: int, currency: str) -> Decimal:
        if self.per_unit is not None:
            return min(remaining, self.per_unit.get(currency, Decimal(0)) * quantity)
        cut = remaining * self.permyriad / 10_000
        return min(remaining, cut.quantize(CENT, rounding=ROUND_HALF_EVEN))

    def fits(self, sku: str) -> bool:
        return self.skus is None or sku in self.skus


@dataclass(frozen=True, slots=True)
class CodeRule:
    code: str
    title: str | None
    refusal: CodeStatus | None  # why the code cannot apply, whatever the cart holds
    rules: tuple[LineRule, ...] = ()


def code_rule(raw: Raw, locales: tuple[str, ...], now: datetime) -> CodeRule:
    code, title = str(raw["code"]), text(raw.get("name"), locales)
    if raw.get("isActive") is False:
        return CodeRule(code, title, CodeStatus.UNKNOWN)
    if raw.get("validUntil") and instant(raw["validUntil"]) <= now:
        return CodeRule(code, title, CodeStatus.EXPIRED)
    if raw.get("validFrom") and instant(raw["validFrom"]) > now:
        return CodeRule(code, title, CodeStatus.NOT_APPLICABLE)
    if raw.get("cartPredicate") and not ALWAYS.match(raw["cartPredicate"]):
        return CodeRule(code, title, CodeStatus.NOT_APPLICABLE)
    rules = []
    for reference in raw.get("cartDiscounts") or ():
        rule = line_rule(reference.get("obj") or {}, now)
        if rule is not None:
            rules.append(rule)
    rules.sort(key=lambda r: r.sort_order, reverse=True)
    return CodeRule(code, title, None if rules else CodeStatus.NOT_APPLICABLE, tuple(rules))


def line_rule(raw: Raw, now: datetime) -> LineRule | None:
    """The part of a cart discount that takes money off lines, if it is one evaluated here."""
    if not raw or not raw.get("isActive", True):
        return None
    if raw.get("validUntil") and instant(raw["validUntil"]) <= now:
        return None
    if raw.get("validFrom") and instant(raw["validFrom"]) > now:
        return None
    if raw.get("cartPredicate") and not ALWAYS.match(raw["cartPredicate"]):
        return None
    target, value = raw.get("target") or {}, raw.get("value") or {}
    if target.get("type") == "lineItems":
        skus = sku_predicate(str(target.get("predicate") or "1 = 1"))
        if skus is False:
            return None
        scope = skus if isinstance(skus, frozenset) else None
    elif target.get("type") == "totalPrice" and value.get("type") == "relative":
        scope = None
    else:
        return None
    order = str(raw.get("sortOrder") or "0")
    stop = raw.get("stackingMode") == "StopAfterThisDiscount"
    if value.get("type") == "relative":
        return LineRule(scope, int(value["permyriad"]), None, order, stop)
    if value.get("type") == "absolute" and target.get("type") == "lineItems":
        amounts = [money(m) for m in value.get("money") or ()]
        return LineRule(scope, 0, {m.currency: m.amount for m in amounts}, order, stop)
    return None


def sku_predicate(predicate: str) -> frozenset[str] | bool:
    """True for an always-true predicate, the SKUs of a SKU predicate, False otherwise."""
    if ALWAYS.match(predicate):
        return True
    if match := SKU_EQUALS.match(predicate):
        return frozenset({_unescape(match.group(1))})
    if match := SKU_IN.match(predicate):
        return frozenset(_unescape(s) for s in STRING.findall(match.group(1)))
    return False


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)
