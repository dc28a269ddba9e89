"""The per-request loaders: one per connector batch method (Saleor's `<Entity>By<Key>`).

Created once per request, so a result is shared by every field of that request and by no
other request. Resolvers call these and nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Sequence
from functools import cached_property
from typing import TypeVar

from connectors.context import CommerceContext
from connectors.models import (
    Cart,
    CartPricing,
    CartPricingRequest,
    Category,
    ContentBlock,
    Customer,
    EarnQuery,
    LoyaltyAccount,
    Order,
    Page,
    Price,
    Product,
    ProductPage,
    ProductSearch,
    Reservation,
    StockLevel,
    Store,
)
from connectors.protocols import CartPricer, StockCommits, StockHolds
from schema.backends import Backends
from schema.batching import ContextLoader, weakly_bound
from schema.errors import NotSupported

ALL_STORES = "all"  # the one key of `all_stores`
T = TypeVar("T")


async def _each(calls: Iterable[Awaitable[T]]) -> list[T]:
    """Every call's answer, concurrently; the usual single call is awaited as it is,
    without a task for it (a listing page makes exactly one search)."""
    pending = list(calls)
    if len(pending) == 1:
        return [await pending[0]]
    return list(await asyncio.gather(*pending))


class Loaders:
    def __init__(self, backends: Backends) -> None:
        self._b = backends

    def _size(self, domain: str) -> int:
        return self._b.batch_size(domain)

    # --- catalog ---
    @cached_property
    def product_by_id(self) -> ContextLoader[str, Product | None]:
        return ContextLoader("ProductById", self._b.catalog.products, self._size("catalog"))

    @cached_property
    def product_by_handle(self) -> ContextLoader[str, Product | None]:
        fetch = self._b.catalog.products_by_handle
        return ContextLoader("ProductByHandle", fetch, self._size("catalog"))

    @cached_property
    def product_by_sku(self) -> ContextLoader[str, Product | None]:
        return ContextLoader("ProductBySku", self._b.catalog.products_by_sku, self._size("catalog"))

    @cached_property
    def category_by_id(self) -> ContextLoader[str, Category | None]:
        return ContextLoader("CategoryById", self._b.catalog.categories, self._size("catalog"))

    @cached_property
    def category_by_handle(self) -> ContextLoader[str, Category | None]:
        fetch = self._b.catalog.categories_by_handle
        return ContextLoader("CategoryByHandle", fetch, self._size("catalog"))

    @cached_property
    def product_search(self) -> ContextLoader[ProductSearch, ProductPage]:
        return ContextLoader("ProductSearch", weakly_bound(self._search), 10)

    async def _search(
        self, requests: Sequence[ProductSearch], ctx: CommerceContext
    ) -> list[ProductPage]:
        # Searches are not batchable upstream; identical ones are still deduplicated.
        pages = await _each(self._b.catalog.search(r, ctx) for r in requests)
        for page in pages:
            for product in page.products:
                self.product_by_id.prime(ctx, product.id, product)
        return list(pages)

    # --- pricing ---
    @cached_property
    def price_by_sku(self) -> ContextLoader[str, Price | None]:
        return ContextLoader("PriceBySku", self._b.pricing.prices, self._size("pricing"))

    @cached_property
    def cart_pricing(self) -> ContextLoader[CartPricingRequest, CartPricing]:
        return ContextLoader("CartPricing", weakly_bound(self._price_carts), 10)

    async def _price_carts(
        self, requests: Sequence[CartPricingRequest], ctx: CommerceContext
    ) -> list[CartPricing]:
        pricer = self._b.pricing
        if not isinstance(pricer, CartPricer):
            raise NotSupported("pricing", "cart pricing")
        return await _each(pricer.price_cart(r, ctx) for r in requests)

    # --- inventory ---
    @cached_property
    def stock_by_sku(self) -> ContextLoader[str, StockLevel | None]:
        return ContextLoader("StockBySku", self._b.inventory.stock, self._size("inventory"))

    @cached_property
    def store_by_id(self) -> ContextLoader[str, Store | None]:
        return ContextLoader("StoreById", self._b.inventory.stores, self._size("inventory"))

    @cached_property
    def store_by_code(self) -> ContextLoader[str, Store | None]:
        fetch = self._b.inventory.stores_by_code
        return ContextLoader("StoreByCode", fetch, self._size("inventory"))

    @cached_property
    def all_stores(self) -> ContextLoader[str, Sequence[Store]]:
        return ContextLoader("AllStores", weakly_bound(self._all_stores), 1)

    async def _all_stores(self, keys: Sequence[str], ctx: CommerceContext) -> list[Sequence[Store]]:
        stores = await self._b.inventory.all_stores(ctx)
        for store in stores:
            self.store_by_id.prime(ctx, store.id, store)
        return [stores for _ in keys]

    async def stores(self, ctx: CommerceContext) -> Sequence[Store]:
        return await self.all_stores.load(ctx, ALL_STORES)

    @cached_property
    def reservation_by_id(self) -> ContextLoader[str, Reservation | None]:
        return ContextLoader(
            "ReservationById", weakly_bound(self._reservations), self._size("inventory")
        )

    async def _reservations(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Reservation | None]:
        return await self.stock_holds.reservations(ids, ctx)

    @cached_property
    def reservations_by_customer(self) -> ContextLoader[str, tuple[Reservation, ...]]:
        fetch = weakly_bound(self._customer_reservations)
        return ContextLoader("ReservationsByCustomer", fetch, self._size("inventory"))

    async def _customer_reservations(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Reservation, ...]]:
        inventory = self._b.inventory
        if not isinstance(inventory, StockHolds):
            return [() for _ in ids]  # a back end without holds has none to list
        return await inventory.reservations_by_customer(ids, ctx)

    @property
    def stock_holds(self) -> StockHolds:
        inventory = self._b.inventory
        if not isinstance(inventory, StockHolds):
            raise NotSupported("inventory", "stock holds")
        return inventory

    @property
    def stock_commits(self) -> StockCommits:
        inventory = self._b.inventory
        if not isinstance(inventory, StockCommits):
            raise NotSupported("inventory", "taking stock for orders")
        return inventory

    # --- content ---
    @cached_property
    def page_by_handle(self) -> ContextLoader[str, Page | None]:
        return ContextLoader("PageByHandle", self._b.content.pages, self._size("content"))

    @cached_property
    def content_by_product(self) -> ContextLoader[str, tuple[ContentBlock, ...]]:
        fetch = self._b.content.product_content
        return ContextLoader("ContentByProduct", fetch, self._size("content"))

    # --- orders ---
    @cached_property
    def customer_by_id(self) -> ContextLoader[str, Customer | None]:
        return ContextLoader("CustomerById", self._b.orders.customers, self._size("orders"))

    @cached_property
    def cart_by_id(self) -> ContextLoader[str, Cart | None]:
        return ContextLoader("CartById", self._b.orders.carts, self._size("orders"))

    @cached_property
    def order_by_id(self) -> ContextLoader[str, Order | None]:
        return ContextLoader("OrderById", self._b.orders.orders, self._size("orders"))

    @cached_property
    def orders_by_customer(self) -> ContextLoader[str, tuple[Order, ...]]:
        fetch = self._b.orders.orders_by_customer
        return ContextLoader("OrdersByCustomer", fetch, self._size("orders"))

    # --- loyalty ---
    @cached_property
    def loyalty_account_by_customer(self) -> ContextLoader[str, LoyaltyAccount | None]:
        fetch = self._b.loyalty.accounts
        return ContextLoader("LoyaltyAccountByCustomer", fetch, self._size("loyalty"))

    @cached_property
    def points_by_query(self) -> ContextLoader[EarnQuery, int | None]:
        return ContextLoader("PointsByQuery", self._b.loyalty.points_for, self._size("loyalty"))
