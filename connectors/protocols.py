"""One Protocol per domain. Every batch method follows the dataloader contract: it takes a
sequence of keys and the commerce context and returns one result per key, in key order,
`None` (or an empty tuple for list results) where the upstream has nothing. Implementations
match upstream results to keys by value, never by position: upstreams reorder and drop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from connectors.context import CommerceContext
from connectors.models import (
    Cart,
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
    StockLevel,
    Store,
)


@runtime_checkable
class CatalogConnector(Protocol):
    """PIM: products, variants, categories, in the context's language."""

    async def products(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]: ...

    async def products_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]: ...

    async def products_by_sku(
        self, skus: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        """The product owning each SKU, whether it is the product's or a variant's."""
        ...

    async def categories(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]: ...

    async def categories_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]: ...

    async def search(self, request: ProductSearch, ctx: CommerceContext) -> ProductPage: ...


@runtime_checkable
class PricingConnector(Protocol):
    """ERP: the price a customer pays for a SKU in the context (channel, currency, group)."""

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[Price | None]: ...


@runtime_checkable
class InventoryConnector(Protocol):
    """WMS: stock per location, stores with coordinates."""

    async def stock(
        self, skus: Sequence[str], ctx: CommerceContext
    ) -> Sequence[StockLevel | None]: ...

    async def stores(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Store | None]: ...

    async def stores_by_code(
        self, codes: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Store | None]: ...

    async def all_stores(self, ctx: CommerceContext) -> Sequence[Store]:
        """Every store that sells to the context's country (warehouses excluded)."""
        ...


@runtime_checkable
class ContentConnector(Protocol):
    """CMS: pages by handle and the content blocks attached to products."""

    async def pages(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Page | None]: ...

    async def product_content(
        self, product_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[ContentBlock, ...]]: ...


@runtime_checkable
class OrdersConnector(Protocol):
    """OMS: customers, carts and orders (read side; transactions come with checkout)."""

    async def customers(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]: ...

    async def carts(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Cart | None]: ...

    async def orders(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Order | None]: ...

    async def orders_by_customer(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Order, ...]]:
        """Every order of each customer, all channels, newest first."""
        ...


@runtime_checkable
class LoyaltyConnector(Protocol):
    """Loyalty: accounts, rewards, and what a purchase earns."""

    async def accounts(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[LoyaltyAccount | None]: ...

    async def points_for(
        self, queries: Sequence[EarnQuery], ctx: CommerceContext
    ) -> Sequence[int | None]:
        """Points earned by one unit of each query's SKU at its price, in the context
        (channel bonuses, the customer's tier)."""
        ...


DOMAIN_PROTOCOLS: dict[str, type] = {
    "catalog": CatalogConnector,
    "pricing": PricingConnector,
    "inventory": InventoryConnector,
    "content": ContentConnector,
    "orders": OrdersConnector,
    "loyalty": LoyaltyConnector,
}
