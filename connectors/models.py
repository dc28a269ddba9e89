"""Canonical models: what every connector returns, whatever its upstream's shape.

Frozen dataclasses with tuples, so a model can be cached and shared between requests without
anyone mutating it. Identifiers are the upstream's own (strings); the schema floor turns
them into global IDs.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from connectors.context import Channel

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def rounded(self) -> Money:
        return Money(self.amount.quantize(CENT, rounding=ROUND_HALF_UP), self.currency)


@dataclass(frozen=True, slots=True)
class GeoPoint:
    latitude: float
    longitude: float


# --- catalog (PIM) ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attribute:
    code: str
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Media:
    url: str
    alt: str | None = None


@dataclass(frozen=True, slots=True)
class SelectedOption:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Variant:
    sku: str
    title: str
    options: tuple[SelectedOption, ...] = ()


@dataclass(frozen=True, slots=True)
class Product:
    """A product in the context's language. `variants[0]` is the default variant and its
    SKU is the product's own `sku`."""

    id: str
    handle: str
    title: str
    variants: tuple[Variant, ...]
    description: str | None = None
    brand: str | None = None
    category_ids: tuple[str, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    media: tuple[Media, ...] = ()
    created_at: datetime | None = None

    @property
    def sku(self) -> str:
        return self.variants[0].sku


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    handle: str
    title: str
    parent_id: str | None = None


class ProductSort(enum.Enum):
    RELEVANCE = "RELEVANCE"
    TITLE = "TITLE"
    PRICE = "PRICE"
    CREATED_AT = "CREATED_AT"
    BEST_SELLING = "BEST_SELLING"


@dataclass(frozen=True, slots=True)
class ProductSearch:
    """One listing request. `offset` is already decoded from the client's opaque cursor."""

    first: int
    offset: int = 0
    query: str | None = None
    category_id: str | None = None
    sort: ProductSort = ProductSort.RELEVANCE
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class ProductPage:
    products: tuple[Product, ...]
    total_count: int | None
    has_next_page: bool


# --- pricing (ERP) ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Promotion:
    title: str
    code: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Price:
    """The price of one SKU in one context: `amount` is what the customer pays,
    `compare_at` the struck-through price when a promotion applies."""

    sku: str
    amount: Money
    compare_at: Money | None = None
    promotions: tuple[Promotion, ...] = ()


# --- inventory (WMS) --------------------------------------------------------------------


class LocationKind(enum.Enum):
    STORE = "STORE"
    WAREHOUSE = "WAREHOUSE"


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    city: str
    postal_code: str
    country_code: str
    line2: str | None = None


@dataclass(frozen=True, slots=True)
class Store:
    id: str
    code: str
    name: str
    address: Address
    location: GeoPoint
    opening_hours: tuple[str, ...] = ()
    kind: LocationKind = LocationKind.STORE


@dataclass(frozen=True, slots=True)
class LocationStock:
    location_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class StockLevel:
    """Stock of one SKU. `online_quantity` is what warehouses serving the context's channel
    can ship; `stores` lists per-store quantities (zero included)."""

    sku: str
    online_quantity: int
    stores: tuple[LocationStock, ...] = ()

    @property
    def available_online(self) -> bool:
        return self.online_quantity > 0


# --- content (CMS) ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContentBlock:
    id: str
    type: str
    title: str | None = None
    body: str | None = None
    media: tuple[Media, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    handle: str
    title: str
    blocks: tuple[ContentBlock, ...] = ()


# --- loyalty ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoyaltyReward:
    id: str
    title: str
    points_cost: int


@dataclass(frozen=True, slots=True)
class LoyaltyAccount:
    id: str
    customer_id: str
    card_number: str
    tier: str
    points_balance: int
    rewards: tuple[LoyaltyReward, ...] = ()


@dataclass(frozen=True, slots=True)
class EarnQuery:
    """What one unit of `sku` earns when bought at `unit_price` (key of a points batch)."""

    sku: str
    unit_price: Money


# --- orders (OMS) -----------------------------------------------------------------------


class OrderStatus(enum.Enum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    READY_FOR_PICKUP = "READY_FOR_PICKUP"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    email: str
    first_name: str | None = None
    last_name: str | None = None
    customer_group: str = "default"


@dataclass(frozen=True, slots=True)
class OrderLine:
    sku: str
    title: str
    quantity: int
    total: Money


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    number: str
    customer_id: str | None
    channel: Channel
    created_at: datetime
    status: OrderStatus
    lines: tuple[OrderLine, ...]
    total: Money
    pickup_store_id: str | None = None
    loyalty_points_earned: int | None = None


@dataclass(frozen=True, slots=True)
class CartLine:
    id: str
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class Cart:
    id: str
    channel: Channel
    currency: str
    lines: tuple[CartLine, ...] = ()
    promotion_codes: tuple[str, ...] = ()
    customer_id: str | None = None
    pickup_store_id: str | None = None
    reward_ids: tuple[str, ...] = field(default=())
