"""One Protocol per domain (plus one for its transactions). Every batch method follows the
dataloader contract: it takes a sequence of keys and the commerce context and returns one
result per key, in key order,
`None` (or an empty tuple for list results) where the upstream has nothing. Implementations
match upstream results to keys by value, never by position: upstreams reorder and drop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from connectors.context import CommerceContext
from connectors.models import (
    Cart,
    CartAction,
    CartDraft,
    CartPricing,
    CartPricingRequest,
    Category,
    ContentBlock,
    Customer,
    EarnQuery,
    LoyaltyAccount,
    LoyaltyPosting,
    Order,
    OrderRequest,
    Page,
    Price,
    Product,
    ProductPage,
    ProductSearch,
    Reservation,
    ReservationOutcome,
    ReservationRequest,
    StockCommit,
    StockLevel,
    StockShortage,
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
class CartPricer(Protocol):
    """Pricing of a whole cart (codes, line discounts): what carts and checkout need."""

    async def price_cart(self, request: CartPricingRequest, ctx: CommerceContext) -> CartPricing:
        """Line prices, code discounts and totals for a cart's lines in the context: the
        same code gives the same discount on every channel unless a channel rule says
        otherwise."""
        ...


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
class StockCommits(Protocol):
    """WMS writes: stock taken by orders (checkout)."""

    async def commit_stock(
        self, commit: StockCommit, ctx: CommerceContext
    ) -> tuple[StockShortage, ...]:
        """Take every line out of stock, or none and say which lines fall short."""
        ...

    async def release_stock(self, idempotency_key: str, ctx: CommerceContext) -> None:
        """Undo a commit (compensation when the order could not be recorded)."""
        ...


@runtime_checkable
class StockHolds(Protocol):
    """WMS holds for click and collect. A back end may take stock without offering holds,
    so the two are separate capabilities."""

    async def reserve(
        self, request: ReservationRequest, ctx: CommerceContext
    ) -> ReservationOutcome:
        """Hold units in a store; held units are subtracted from every stock read until the
        hold is collected, cancelled or expires (expiry needs no job: reads ignore it)."""
        ...

    async def cancel_reservation(
        self, reservation_id: str, customer_id: str | None, ctx: CommerceContext
    ) -> Reservation | None:
        """Release a HELD reservation of this customer at once; None if it is not theirs."""
        ...

    async def reservations(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Reservation | None]: ...

    async def reservations_by_customer(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Reservation, ...]]: ...


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
class OrderTransactions(Protocol):
    """OMS writes: sign-in, carts, orders."""

    async def orders_by_idempotency_key(
        self, keys: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Order | None]: ...

    async def authenticate(
        self, email: str, password: str, ctx: CommerceContext
    ) -> Customer | None:
        """The customer whose credentials these are, else None (whichever part is wrong)."""
        ...

    async def create_cart(self, draft: CartDraft, ctx: CommerceContext) -> Cart: ...

    async def update_cart(
        self, cart_id: str, actions: Sequence[CartAction], ctx: CommerceContext
    ) -> Cart:
        """Apply every action or none; raises CartNotFound for an unknown or completed cart.
        The gateway has already validated SKUs, stores, codes and rewards."""
        ...

    async def place_order(self, request: OrderRequest, ctx: CommerceContext) -> Order:
        """Record the order and complete its cart; the same key returns the same order."""
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


@runtime_checkable
class LoyaltyMembers(Protocol):
    """A loyalty system that keeps its own member ids finds its members by what the OMS
    knows of a customer (the `[identity] link` rule): each answer is the member id that
    the system's `accounts` and `post` take as `customer_id`, or None."""

    async def members_by_email(
        self, emails: Sequence[str], ctx: CommerceContext
    ) -> Sequence[str | None]: ...

    async def members_by_card(
        self, cards: Sequence[str], ctx: CommerceContext
    ) -> Sequence[str | None]: ...


@runtime_checkable
class CustomerAccounts(Protocol):
    """An ERP's customer accounts (Odoo's res.partner), found by the email the OMS knows
    (the `[identity.accounts]` link): each answer's `customer_group` is the group the
    customer buys in; None where the ERP has no account."""

    async def customers_by_email(
        self, emails: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]: ...


@runtime_checkable
class LoyaltyTransactions(Protocol):
    async def post(self, posting: LoyaltyPosting, ctx: CommerceContext) -> LoyaltyAccount:
        """Credit earned and debit spent points at once; the same key posts once. Raises
        InsufficientPoints (nothing posted) when the balance cannot cover `spent`."""
        ...


# What a connector must implement to serve a domain at all (the read side)...
DOMAIN_PROTOCOLS: dict[str, type] = {
    "catalog": CatalogConnector,
    "pricing": PricingConnector,
    "inventory": InventoryConnector,
    "content": ContentConnector,
    "orders": OrdersConnector,
    "loyalty": LoyaltyConnector,
}

# ...and what it implements to serve that domain's transactions (mutations answer a
# NOT_SUPPORTED userError when the configured connector lacks them).
TRANSACTION_PROTOCOLS: dict[str, tuple[type, ...]] = {
    "pricing": (CartPricer,),
    "inventory": (StockCommits, StockHolds),
    "orders": (OrderTransactions,),
    "loyalty": (LoyaltyTransactions,),
}
