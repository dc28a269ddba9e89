"""Odoo as omnicanal's pricing, inventory and customer accounts.

Pricing: the price of each SKU (product.product `default_code`) on the pricelist
configured for the context's customer group and channel, in its currency, with Odoo's
pricelist rules evaluated here (connectors.odoo.rules) for one unit, today. Inventory:
stock per warehouse from stock.quant (connectors.odoo.warehouses); shops are the
warehouses named in `store_warehouses`. Customer accounts: res.partner by id or email,
its pricelist read back as its customer group (connectors.odoo.partners).

A price batch of N SKUs costs one `search_read` per `max_batch` SKUs (an `in` domain), a
stock batch two (the products, then their quants). Pricelists, rules and warehouses are
reference data, read at start-up and every `rules_ttl_s`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from connectors.base import ConnectorEnv
from connectors.context import Channel, CommerceContext
from connectors.errors import ConnectorError, UpstreamAuthError
from connectors.keyed import in_key_order
from connectors.models import (
    CartPricing,
    CartPricingRequest,
    Customer,
    Money,
    Price,
    Promotion,
    StockLevel,
    Store,
)
from connectors.odoo import cart_pricing, partners
from connectors.odoo.book import PricelistBook, Quote, read_book
from connectors.odoo.rpc import OdooRpc
from connectors.odoo.rules import ProductFacts, explained
from connectors.odoo.settings import OdooSettings
from connectors.odoo.warehouses import read_quants, read_warehouses, stock_levels
from connectors.refreshing import Refreshing

log = logging.getLogger(__name__)
PRODUCT_FIELDS = ["default_code", "product_tmpl_id", "categ_id", "lst_price", "standard_price"]
ONE_UNIT = Decimal(1)
_Key = TypeVar("_Key")


class OdooConnector:
    def __init__(self, settings: OdooSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.settings = settings
        self.rpc = OdooRpc(settings, env)
        self.book = Refreshing(
            lambda: read_book(self.rpc, settings.company_currency),
            settings.rules_ttl_s,
            what="pricelists",
            connector=env.instance,
        )
        self.warehouses = Refreshing(
            lambda: read_warehouses(self.rpc, settings.store_warehouses),
            settings.rules_ttl_s,
            what="warehouses",
            connector=env.instance,
        )

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Sign in, read the pricelists and warehouses now: a batch costs only its own calls.
        Wrong credentials stop start-up; an Odoo that is down only delays the reads."""
        try:
            await self.check()
        except UpstreamAuthError:
            raise
        except ConnectorError as exc:
            log.warning("%s: Odoo not reachable at start-up: %s", self.name, exc)

    async def check(self) -> None:
        if self.settings.api == "jsonrpc":
            await self.rpc.authenticate()
        await self.book.get()
        await self.warehouses.get()

    async def aclose(self) -> None:
        return None  # the session belongs to the gateway

    # --- pricing --------------------------------------------------------------------------

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]:
        book = await self.book.get()
        key = self.settings.pricelist_key(ctx)
        pricelist = book.find(self.settings.pricelists[key], ctx.currency) if key else None
        if pricelist is None or not skus:
            return [None] * len(skus)
        products = await self._products(list(dict.fromkeys(skus)), book)
        now = datetime.now(UTC).replace(tzinfo=None)  # Odoo's datetimes are naive UTC
        found: dict[str, Price] = {}
        for product in products:
            quote = book.quote(pricelist, product, ONE_UNIT, now)
            if quote is not None:
                price = _price(product.sku, quote, pricelist.currency, key or "", ctx.channel)
                found.setdefault(product.sku, price)
        return in_key_order(skus, found)

    async def price_cart(self, request: CartPricingRequest, ctx: CommerceContext) -> CartPricing:
        """Each line at the pricelist's price for its quantity (connectors.odoo.cart_pricing)."""
        book = await self.book.get()
        key = self.settings.pricelist_key(ctx)
        pricelist = book.find(self.settings.pricelists[key], ctx.currency) if key else None
        return await cart_pricing.price_cart(book, pricelist, self._products, request, ctx)

    async def _products(self, skus: list[str], book: PricelistBook) -> list[ProductFacts]:
        rows = await asyncio.gather(*map(self._read_products, self._chunks(skus)))
        return [_facts(row, book) for found in rows for row in found]

    def _chunks(self, keys: list[_Key]) -> list[list[_Key]]:
        size = self.settings.max_batch
        return [keys[i : i + size] for i in range(0, len(keys), size)]

    async def _read_products(self, skus: list[str]) -> list[dict[str, Any]]:
        domain = [("default_code", "in", skus)]
        rows = await self.rpc.search_read("product.product", domain, PRODUCT_FIELDS)
        return [row for row in rows if _has_code(row)]

    # --- customer accounts ----------------------------------------------------------------

    async def customers(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]:
        """res.partner by id (the Customer's id), with the customer group of its pricelist."""
        wanted = list(dict.fromkeys(i for i in map(partners.partner_id, ids) if i is not None))
        if not wanted:
            return [None] * len(ids)
        book = await self.book.get()
        rows = await asyncio.gather(*map(self._partners_by_id, self._chunks(wanted)))
        found = [partners.customer_from(row, book, self.settings) for got in rows for row in got]
        accounts = [c for c in found if c is not None]
        return in_key_order([i.strip() for i in ids], accounts, lambda c: (c.id,))

    async def customers_by_email(
        self, emails: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]:
        """The account each email means (any casing), None where Odoo has none."""
        keys = [partners.normalised_email(e) for e in emails]
        wanted = list(dict.fromkeys(k for k in keys if k))
        if not wanted:
            return [None] * len(emails)
        book = await self.book.get()
        rows = await asyncio.gather(*map(self._partners_by_email, self._chunks(wanted)))
        chosen = partners.by_email([row for got in rows for row in got])
        found = {e: partners.customer_from(row, book, self.settings) for e, row in chosen.items()}
        return [found.get(key) for key in keys]

    async def _partners_by_id(self, ids: list[int]) -> list[dict[str, Any]]:
        return await partners.read_by_id(self.rpc, ids)

    async def _partners_by_email(self, emails: list[str]) -> list[dict[str, Any]]:
        return await partners.read_by_email(self.rpc, emails)

    # --- inventory ------------------------------------------------------------------------

    async def stock(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[StockLevel | None]:
        if not skus:
            return []
        warehouses = await self.warehouses.get()

        async def chunk_levels(chunk: list[str]) -> list[StockLevel]:
            products = {
                int(r["id"]): str(r["default_code"]) for r in await self._read_products(chunk)
            }
            if not products:
                return []
            quants = await read_quants(self.rpc, sorted(products), warehouses.by_odoo_id)
            return stock_levels(products, quants, warehouses, ctx.country)

        found = await asyncio.gather(*map(chunk_levels, self._chunks(list(dict.fromkeys(skus)))))
        return in_key_order(skus, [level for levels in found for level in levels], _sku_of)

    async def stores(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Store | None]:
        known = (await self.warehouses.get()).by_odoo_id.values()
        return in_key_order(ids, known, lambda s: (s.id,))

    async def stores_by_code(
        self, codes: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Store | None]:
        known = (await self.warehouses.get()).by_odoo_id.values()
        return in_key_order(codes, known, lambda s: (s.code,))

    async def all_stores(self, ctx: CommerceContext) -> Sequence[Store]:
        return (await self.warehouses.get()).stores(ctx.country)


def _sku_of(level: StockLevel) -> tuple[str]:
    return (level.sku,)


def _has_code(row: dict[str, Any]) -> bool:
    return isinstance(row.get("default_code"), str) and bool(row["default_code"])


def _facts(row: dict[str, Any], book: PricelistBook) -> ProductFacts:
    template, category = row.get("product_tmpl_id"), row.get("categ_id")
    category_id = category[0] if isinstance(category, list) and category else None
    return ProductFacts(
        id=int(row["id"]),
        sku=str(row["default_code"]),
        template_id=template[0] if isinstance(template, list) and template else None,
        category_path=book.category_paths.get(category_id, "") if category_id else "",
        list_price=_amount(row.get("lst_price")),
        cost=_amount(row.get("standard_price")),
    )


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Decimal(0)
    return Decimal(str(value))


def _price(sku: str, quote: Quote, currency: str, selected_by: str, channel: Channel) -> Price:
    """What the customer pays; the list price struck through where a rule lowers it, and
    the rule that made it differ from the list price (a surcharge too) as its price rule."""
    amount = Money(quote.amount, currency)
    if quote.rule is None or quote.amount == quote.list_price:
        return Price(sku, amount)
    off = Money(quote.list_price - quote.amount, currency)
    rules = (explained(quote.rule, selected_by, off, channel),)
    if quote.amount > quote.list_price:
        return Price(sku, amount, rules=rules)
    promotion = Promotion(title=quote.rule.name)
    return Price(sku, amount, Money(quote.list_price, currency), (promotion,), rules)


def create_odoo_connector(settings: OdooSettings, env: ConnectorEnv) -> OdooConnector:
    return OdooConnector(settings, env)
