"""The pricing reference data read whole and kept (connectors.refreshing): every active
pricelist with its currency, their rules in Odoo's order, the category tree's paths and
the currency rates; and the price of one product on one pricelist from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from connectors.odoo.rpc import OdooRpc
from connectors.odoo.rules import (
    MAX_BASE_DEPTH,
    ProductFacts,
    Rule,
    in_odoo_order,
    rule_from,
    to_cents,
)

RULE_FIELDS = [
    "name",
    "pricelist_id",
    "applied_on",
    "product_id",
    "product_tmpl_id",
    "categ_id",
    "min_quantity",
    "date_start",
    "date_end",
    "compute_price",
    "fixed_price",
    "percent_price",
    "base",
    "base_pricelist_id",
    "price_discount",
    "price_surcharge",
    "price_round",
    "price_min_margin",
    "price_max_margin",
]


@dataclass(frozen=True, slots=True)
class Pricelist:
    id: int
    name: str
    currency: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A price in the pricelist's currency, the list price it came from, and the rule."""

    amount: Decimal
    list_price: Decimal
    rule: Rule | None


@dataclass(frozen=True, slots=True)
class PricelistBook:
    pricelists: Mapping[int, Pricelist]
    rules: Mapping[int, tuple[Rule, ...]]
    rates: Mapping[str, Decimal]  # units of a currency per unit of the company currency
    company_currency: str
    category_paths: Mapping[int, str]  # product.category id -> parent_path

    def find(self, name: str, currency: str) -> Pricelist | None:
        """The pricelist of this name in this currency (the lowest id if several)."""
        matching = [p for p in self.pricelists.values() if (p.name, p.currency) == (name, currency)]
        return min(matching, key=lambda p: p.id) if matching else None

    def quote(
        self, pricelist: Pricelist, product: ProductFacts, quantity: Decimal, now: datetime
    ) -> Quote | None:
        """The rounded price, or None when a currency has no rate."""
        return self._quote(pricelist, product, quantity, now, 0)

    def _quote(
        self,
        pricelist: Pricelist,
        product: ProductFacts,
        quantity: Decimal,
        now: datetime,
        depth: int,
    ) -> Quote | None:
        list_price = self._convert(product.list_price, self.company_currency, pricelist.currency)
        if list_price is None:
            return None
        rule = next(
            (r for r in self.rules.get(pricelist.id, ()) if r.applies(product, quantity, now)),
            None,
        )
        if rule is None:
            return Quote(to_cents(list_price), to_cents(list_price), None)
        base = self._base(rule, pricelist, product, quantity, now, depth)
        if base is None:
            return None
        return Quote(to_cents(rule.price(base)), to_cents(list_price), rule)

    def _base(
        self,
        rule: Rule,
        pricelist: Pricelist,
        product: ProductFacts,
        quantity: Decimal,
        now: datetime,
        depth: int,
    ) -> Decimal | None:
        other_id = rule.base_pricelist_id
        if rule.base == "pricelist" and other_id is not None and other_id in self.pricelists:
            if depth >= MAX_BASE_DEPTH:
                return None
            other = self.pricelists[other_id]
            quote = self._quote(other, product, quantity, now, depth + 1)
            if quote is None:
                return None
            return self._convert(quote.amount, other.currency, pricelist.currency)
        raw = product.cost if rule.base == "standard_price" else product.list_price
        return self._convert(raw, self.company_currency, pricelist.currency)

    def _convert(self, amount: Decimal, source: str, target: str) -> Decimal | None:
        if source == target:
            return amount
        rate_from, rate_to = self.rates.get(source), self.rates.get(target)
        if not rate_from or not rate_to:
            return None
        return amount * rate_to / rate_from


async def read_book(rpc: OdooRpc, company_currency: str) -> PricelistBook:
    """Four search_reads: pricelists, categories, currencies, then the pricelists' rules."""
    pricelist_rows = await rpc.search_read("product.pricelist", [], ["name", "currency_id"])
    category_rows = await rpc.search_read("product.category", [], ["parent_path"])
    currency_rows = await rpc.search_read("res.currency", [], ["name", "rate"])
    pricelists = {
        int(row["id"]): Pricelist(int(row["id"]), str(row.get("name")), _name(row["currency_id"]))
        for row in pricelist_rows
    }
    rule_rows = await rpc.search_read(
        "product.pricelist.item", [("pricelist_id", "in", sorted(pricelists))], RULE_FIELDS
    )
    paths = {int(row["id"]): str(row.get("parent_path") or "") for row in category_rows}
    rules: dict[int, list[Rule]] = {}
    for row in rule_rows:
        owner = row.get("pricelist_id")
        if isinstance(owner, list) and owner:
            rules.setdefault(int(owner[0]), []).append(rule_from(row, paths))
    rates = {str(r["name"]): Decimal(str(r.get("rate") or 0)) for r in currency_rows}
    rates.setdefault(company_currency, Decimal(1))
    return PricelistBook(
        pricelists,
        {pricelist: in_odoo_order(found) for pricelist, found in rules.items()},
        rates,
        company_currency,
        paths,
    )


def _name(many2one: Any) -> str:
    return str(many2one[1]) if isinstance(many2one, list) and len(many2one) == 2 else ""
