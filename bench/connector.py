"""The benchmark's connector: all six domains over HTTP to the bench emulator, through the
project's own UpstreamClient and the session the gateway hands over, so a benchmark run
exercises the real aiohttp path, the loaders and the batching.

Configured as `kind = "bench.connector:SPEC"` with `settings.base_url`. `SPEC` turns the
shared cache off (every query reaches the upstreams); `CACHED_SPEC` keeps results for a while.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import msgspec

from bench import normalise, shapes
from connectors.base import DOMAINS, ConnectorEnv, ConnectorSpec
from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse, UpstreamUnavailable
from connectors.http import UpstreamClient
from connectors.keyed import in_key_order
from connectors.models import (
    Cart,
    Category,
    ContentBlock,
    Customer,
    EarnQuery,
    LocationKind,
    LoyaltyAccount,
    Order,
    Page,
    Price,
    Product,
    ProductPage,
    ProductSearch,
    StockLevel,
    Store,
)

T = TypeVar("T")
R = TypeVar("R")
Raw = dict[str, Any]
MAX_BATCH_SIZE = 100
# What normalising a record of the wrong shape raises.
UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, ArithmeticError, StopIteration)


@dataclass(frozen=True, slots=True)
class BenchSettings:
    base_url: str
    timeout_s: float = 5.0


def _joined(keys: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(keys))


class BenchConnector:
    """Catalog, pricing, inventory, content, orders and loyalty against the bench emulator."""

    def __init__(self, settings: BenchSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self._client = UpstreamClient(
            env.instance, env.session, settings.base_url, settings.timeout_s
        )

    # --- lifecycle --------------------------------------------------------------------

    async def start(self) -> None:
        return None

    async def check(self) -> None:
        response = await self._client.get_json("/_health")
        if not isinstance(response.body, dict) or response.body.get("ok") is not True:
            raise UpstreamUnavailable(self.name, "health check failed")

    async def aclose(self) -> None:
        return None  # the session belongs to the gateway

    # --- plumbing ---------------------------------------------------------------------

    async def _fetch(
        self,
        path: str,
        params: Mapping[str, str],
        field: str,
        parse: Callable[[Raw], T],
        *,
        json: Any = None,
    ) -> list[T]:
        method = "GET" if json is None else "POST"
        response = await self._client.request(method, path, params=params, json=json)
        if response.body is None:
            return []
        items = response.body.get(field) if isinstance(response.body, dict) else None
        if not isinstance(items, list) or not all(isinstance(raw, dict) for raw in items):
            raise UpstreamBadResponse(self.name, f"{path}: no list of {field}")
        try:
            return [parse(raw) for raw in items]
        except UNREADABLE as exc:
            raise UpstreamBadResponse(self.name, f"{path}: unreadable {field}") from exc

    async def _batch(
        self,
        keys: Sequence[str],
        path: str,
        params: Mapping[str, str],
        field: str,
        parse: Callable[[Raw], T],
        keys_of: Callable[[T], Iterable[str]],
    ) -> list[T | None]:
        if not keys:
            return []
        return in_key_order(keys, await self._fetch(path, params, field, parse), keys_of)

    async def _typed_batch(
        self,
        keys: Sequence[str],
        path: str,
        params: Mapping[str, str],
        decoder: msgspec.json.Decoder[shapes.Listed[R]],
        parse: Callable[[R], T],
        keys_of: Callable[[T], Iterable[str]],
    ) -> list[T | None]:
        """A hot batch endpoint, decoded into the rows of bench/shapes.py."""
        if not keys:
            return []
        response = await self._client.request("GET", path, params=params, decoder=decoder)
        if response.body is None:
            return [None] * len(keys)
        try:
            found = [parse(row) for row in response.body.items]
        except UNREADABLE as exc:
            raise UpstreamBadResponse(self.name, f"{path}: unreadable answer") from exc
        return in_key_order(keys, found, keys_of)

    # --- catalog ------------------------------------------------------------------------

    def _product(self, ctx: CommerceContext) -> Callable[[shapes.ProductRow], Product]:
        return lambda row: normalise.product(row, ctx.language, self.name)

    def _category(self, ctx: CommerceContext) -> Callable[[Raw], Category]:
        return lambda raw: normalise.category(raw, ctx.language)

    async def products(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Product | None]:
        params = {"ids": _joined(ids)}
        return await self._typed_batch(
            ids, "/catalog/products", params, shapes.PRODUCTS, self._product(ctx), lambda p: (p.id,)
        )

    async def products_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        params = {"handles": _joined(handles)}
        return await self._typed_batch(
            handles,
            "/catalog/products",
            params,
            shapes.PRODUCTS,
            self._product(ctx),
            lambda p: (p.handle,),
        )

    async def products_by_sku(
        self, skus: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        params = {"skus": _joined(skus)}
        return await self._typed_batch(
            skus,
            "/catalog/products",
            params,
            shapes.PRODUCTS,
            self._product(ctx),
            lambda p: (v.sku for v in p.variants),
        )

    async def categories(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        params = {"ids": _joined(ids)}
        return await self._batch(
            ids, "/catalog/categories", params, "items", self._category(ctx), lambda c: (c.id,)
        )

    async def categories_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        params = {"handles": _joined(handles)}
        return await self._batch(
            handles,
            "/catalog/categories",
            params,
            "items",
            self._category(ctx),
            lambda c: (c.handle,),
        )

    async def search(self, request: ProductSearch, ctx: CommerceContext) -> ProductPage:
        params = {
            "first": str(request.first),
            "offset": str(request.offset),
            "sort": request.sort.value,
            "reverse": "true" if request.reverse else "false",
        }
        if request.query:
            params["q"] = request.query
        if request.category_id:
            params["category"] = request.category_id
        response = await self._client.request(
            "GET", "/catalog/search", params=params, decoder=shapes.SEARCH
        )
        body = response.body
        if body is None:
            raise UpstreamBadResponse(self.name, "/catalog/search: not found")
        try:
            products = tuple(
                [normalise.product(row, ctx.language, self.name) for row in body.items]
            )
        except UNREADABLE as exc:
            raise UpstreamBadResponse(self.name, "/catalog/search: unreadable page") from exc
        total = body.total
        has_next = request.offset + len(products) < total
        return ProductPage(products=products, total_count=total, has_next_page=has_next)

    # --- pricing ------------------------------------------------------------------------

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]:
        params = {
            "skus": _joined(skus),
            "currency": ctx.currency,
            "channel": ctx.channel.value,
            "group": ctx.customer_group,
        }
        return await self._typed_batch(
            skus, "/pricing/prices", params, shapes.PRICES, normalise.price, lambda p: (p.sku,)
        )

    # --- inventory ------------------------------------------------------------------------

    async def stock(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[StockLevel | None]:
        params = {"skus": _joined(skus), "channel": ctx.channel.value}
        return await self._typed_batch(
            skus, "/inventory/stock", params, shapes.STOCK, normalise.stock, lambda s: (s.sku,)
        )

    async def stores(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Store | None]:
        params = {"ids": _joined(ids)}
        return await self._batch(
            ids, "/inventory/stores", params, "locations", normalise.store, lambda s: (s.id,)
        )

    async def stores_by_code(
        self, codes: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Store | None]:
        params = {"codes": _joined(codes)}
        return await self._batch(
            codes, "/inventory/stores", params, "locations", normalise.store, lambda s: (s.code,)
        )

    async def all_stores(self, ctx: CommerceContext) -> Sequence[Store]:
        found = await self._fetch("/inventory/stores/all", {}, "locations", normalise.store)
        stores = [
            s
            for s in found
            if s.kind is LocationKind.STORE and s.address.country_code == ctx.country
        ]
        return sorted(stores, key=lambda s: s.id)

    # --- content --------------------------------------------------------------------------

    async def pages(self, handles: Sequence[str], ctx: CommerceContext) -> Sequence[Page | None]:
        params = {"handles": _joined(handles)}
        return await self._batch(
            handles, "/content/pages", params, "pages", normalise.page, lambda p: (p.handle,)
        )

    async def product_content(
        self, product_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[ContentBlock, ...]]:
        params = {"ids": _joined(product_ids)}

        def entry(raw: Raw) -> tuple[str, tuple[ContentBlock, ...]]:
            return raw["product"], tuple(normalise.content_block(b) for b in raw["blocks"])

        found = await self._batch(
            product_ids, "/content/products", params, "entries", entry, lambda e: (e[0],)
        )
        return [e[1] if e is not None else () for e in found]

    # --- orders (the bench OMS knows customers and holds no carts or orders) ----------------

    async def customers(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]:
        params = {"ids": _joined(ids)}
        return await self._batch(
            ids, "/orders/customers", params, "customers", normalise.customer, lambda c: (c.id,)
        )

    async def carts(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Cart | None]:
        if ids:
            await self._fetch("/orders/carts", {"ids": _joined(ids)}, "carts", _ignored)
        return [None] * len(ids)

    async def orders(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Order | None]:
        if ids:
            await self._fetch("/orders/orders", {"ids": _joined(ids)}, "orders", _ignored)
        return [None] * len(ids)

    async def orders_by_customer(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Order, ...]]:
        if customer_ids:
            params = {"customer_ids": _joined(customer_ids)}
            await self._fetch("/orders/orders", params, "orders", _ignored)
        return [() for _ in customer_ids]

    # --- loyalty ----------------------------------------------------------------------------

    async def accounts(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[LoyaltyAccount | None]:
        params = {"customer_ids": _joined(customer_ids)}
        return await self._batch(
            customer_ids,
            "/loyalty/accounts",
            params,
            "accounts",
            normalise.loyalty_account,
            lambda a: (a.customer_id,),
        )

    async def points_for(
        self, queries: Sequence[EarnQuery], ctx: CommerceContext
    ) -> Sequence[int | None]:
        if not queries:
            return []
        unique = dict.fromkeys(queries)
        body = [
            {"sku": q.sku, "amount": str(q.unit_price.amount), "currency": q.unit_price.currency}
            for q in unique
        ]
        params = {"channel": ctx.channel.value}
        found = await self._fetch("/loyalty/points", params, "results", _earned, json=body)
        by_query = {(sku, amount, currency): points for sku, amount, currency, points in found}
        return [by_query.get((q.sku, q.unit_price.amount, q.unit_price.currency)) for q in queries]


def _earned(raw: Raw) -> tuple[str, Decimal, str, int]:
    # Decimal keys compare by value, so "19.9" from the upstream matches 19.90 asked for.
    return raw["sku"], Decimal(raw["amount"]), raw["currency"], int(raw["points"])


def _ignored(raw: Raw) -> None:
    return None


def _build(settings: BenchSettings, env: ConnectorEnv) -> BenchConnector:
    return BenchConnector(settings, env)


SPEC = ConnectorSpec(
    name="bench-http",
    domains=frozenset(DOMAINS),
    settings_type=BenchSettings,
    factory=_build,
    max_batch_size=MAX_BATCH_SIZE,
    cache_ttls=dict.fromkeys(DOMAINS, 0.0),
)

CACHED_SPEC = ConnectorSpec(
    name="bench-http-cached",
    domains=frozenset(DOMAINS),
    settings_type=BenchSettings,
    factory=_build,
    max_batch_size=MAX_BATCH_SIZE,
    cache_ttls={
        "catalog": 300.0,
        "pricing": 60.0,
        "inventory": 10.0,
        "content": 300.0,
        "loyalty": 60.0,
        "orders": 0.0,
    },
)
