"""Canonical models: what every connector returns, whatever its upstream's shape.

Frozen dataclasses with tuples, so a model can be cached and shared between requests without
anyone mutating it. Identifiers are the upstream's own (strings); the schema floor turns
them into global IDs.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from connectors.context import Channel
from connectors.model_init import fast_init

CENT = Decimal("0.01")


@fast_init
@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def rounded(self) -> Money:
        return Money(self.rounded_amount(), self.currency)

    def rounded_amount(self) -> Decimal:
        """The amount to the cent, half up: what a shopper is shown and charged."""
        return self.amount.quantize(CENT, rounding=ROUND_HALF_UP)


@fast_init
@dataclass(frozen=True, slots=True)
class GeoPoint:
    latitude: float
    longitude: float


# --- catalog (PIM) ---------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class Attribute:
    code: str
    label: str
    value: str


@fast_init
@dataclass(frozen=True, slots=True)
class Media:
    url: str
    alt: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class SelectedOption:
    name: str
    value: str


@fast_init
@dataclass(frozen=True, slots=True)
class Variant:
    sku: str
    title: str
    options: tuple[SelectedOption, ...] = ()


@fast_init
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
    # Tuples, or DeferredTuples (connectors/deferred.py) that build them on first use: a
    # listing reads neither.
    attributes: Sequence[Attribute] = ()
    media: Sequence[Media] = ()
    created_at: datetime | None = None

    @property
    def sku(self) -> str:
        return self.variants[0].sku


@fast_init
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


@fast_init
@dataclass(frozen=True, slots=True)
class ProductSearch:
    """One listing request. `offset` is already decoded from the client's opaque cursor."""

    first: int
    offset: int = 0
    query: str | None = None
    category_id: str | None = None
    sort: ProductSort = ProductSort.RELEVANCE
    reverse: bool = False


@fast_init
@dataclass(frozen=True, slots=True)
class ProductPage:
    products: tuple[Product, ...]
    total_count: int | None
    has_next_page: bool


# --- pricing (ERP) ----------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class Promotion:
    title: str
    code: str | None = None
    description: str | None = None


class PriceRuleKind(enum.Enum):
    """Why a context's price differs from the base price."""

    PROMOTION = "PROMOTION"  # an advertised promotion or code
    CHANNEL = "CHANNEL"  # a rule or price list restricted to the context's channel
    CUSTOMER_GROUP = "CUSTOMER_GROUP"  # a rule or price for the customer's group
    SALE = "SALE"  # a markdown or discount for everyone


@fast_init
@dataclass(frozen=True, slots=True)
class PriceRule:
    """One rule that shaped a price. `amount_off` is what it took off the unit price
    (None: it changes nothing until a cart carries its code); `channel` is the channel it is
    restricted to, when it is."""

    kind: PriceRuleKind
    code: str
    title: str
    amount_off: Money | None = None
    channel: Channel | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Price:
    """The price of one SKU in one context: `amount` is what the customer pays,
    `compare_at` the struck-through price when a promotion applies, `rules` what made it
    differ from the base price (empty when the back end cannot tell)."""

    sku: str
    amount: Money
    compare_at: Money | None = None
    promotions: tuple[Promotion, ...] = ()
    rules: tuple[PriceRule, ...] = ()


# --- inventory (WMS) --------------------------------------------------------------------


class LocationKind(enum.Enum):
    STORE = "STORE"
    WAREHOUSE = "WAREHOUSE"


@fast_init
@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    city: str
    postal_code: str
    country_code: str
    line2: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Store:
    id: str
    code: str
    name: str
    address: Address
    location: GeoPoint
    opening_hours: tuple[str, ...] = ()
    kind: LocationKind = LocationKind.STORE


@fast_init
@dataclass(frozen=True, slots=True)
class LocationStock:
    location_id: str
    quantity: int


@fast_init
@dataclass(frozen=True, slots=True)
class StockLevel:
    """Stock of one SKU. `online_quantity` is what warehouses serving the context's channel
    can ship; `stores` lists per-store quantities (zero included)."""

    sku: str
    online_quantity: int
    # A tuple, or a DeferredTuple (connectors/deferred.py) that builds it on first use.
    stores: Sequence[LocationStock] = ()

    @property
    def available_online(self) -> bool:
        return self.online_quantity > 0


# --- content (CMS) ----------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class ContentBlock:
    id: str
    type: str
    title: str | None = None
    body: str | None = None
    media: tuple[Media, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class Page:
    id: str
    handle: str
    title: str
    blocks: tuple[ContentBlock, ...] = ()


# --- loyalty ------------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class LoyaltyReward:
    """`discount` is what the reward takes off a cart, in the cart's currency (None for a
    reward that is not money off, such as a workshop invitation)."""

    id: str
    title: str
    points_cost: int
    discount: Decimal | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class LoyaltyAccount:
    id: str
    customer_id: str
    card_number: str
    tier: str
    points_balance: int
    rewards: tuple[LoyaltyReward, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class EarnQuery:
    """What one unit of `sku` earns when bought at `unit_price` (key of a points batch)."""

    sku: str
    unit_price: Money
    # A key is hashed about 11 times on its way through a batch (the planner's group, the
    # loader, the cache's look-up and its freshness record): computed once, with the
    # instance. Not a field of equality, of the repr or of the cache's encoding.
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        price = self.unit_price
        object.__setattr__(self, "_hash", hash((self.sku, price.amount, price.currency)))

    def __hash__(self) -> int:
        return self._hash  # equal keys (sku, amount, currency), equal hashes


# --- orders (OMS) -----------------------------------------------------------------------


class OrderStatus(enum.Enum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    READY_FOR_PICKUP = "READY_FOR_PICKUP"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


@fast_init
@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    email: str
    first_name: str | None = None
    last_name: str | None = None
    customer_group: str = "default"
    # The loyalty card the OMS knows for this customer (an identity link by "card").
    loyalty_card: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class OrderLine:
    sku: str
    title: str
    quantity: int
    total: Money
    # The unit price the line was sold at, before discounts; None where a back end does
    # not record it (the total, net of discounts, is what was charged either way).
    unit_price: Money | None = None


@fast_init
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
    cart_id: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class CartLine:
    id: str
    sku: str
    quantity: int


@fast_init
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
    # Set once the cart has been checked out: a completed cart no longer changes.
    order_id: str | None = None


# --- transactions: carts, pricing of a cart, stock moves, holds, loyalty postings --------


@fast_init
@dataclass(frozen=True, slots=True)
class LineRequest:
    """A SKU and a quantity asked for (cart line, reservation line, stock move)."""

    sku: str
    quantity: int


@fast_init
@dataclass(frozen=True, slots=True)
class CartDraft:
    channel: Channel
    currency: str
    customer_id: str | None = None
    lines: tuple[LineRequest, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class AddLines:
    """Adds quantities; a SKU already in the cart has its line's quantity increased."""

    lines: tuple[LineRequest, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class SetLineQuantities:
    quantities: tuple[tuple[str, int], ...]  # (line id, new quantity); 0 removes the line


@fast_init
@dataclass(frozen=True, slots=True)
class RemoveLines:
    line_ids: tuple[str, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class SetPromotionCodes:
    codes: tuple[str, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class SetRewards:
    reward_ids: tuple[str, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class SetPickupStore:
    store_id: str | None


@fast_init
@dataclass(frozen=True, slots=True)
class SetBuyer:
    customer_id: str


CartAction = (
    AddLines | SetLineQuantities | RemoveLines | SetPromotionCodes | SetRewards | SetPickupStore
    | SetBuyer
)  # fmt: skip


class CodeStatus(enum.Enum):
    APPLIED = "APPLIED"
    NOT_APPLICABLE = "NOT_APPLICABLE"  # valid, but nothing in the cart qualifies
    UNKNOWN = "UNKNOWN"
    EXPIRED = "EXPIRED"


@fast_init
@dataclass(frozen=True, slots=True)
class CodeResult:
    code: str
    status: CodeStatus
    title: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class LinePricing:
    sku: str
    quantity: int
    unit_price: Money | None  # None: the SKU has no price in this context
    subtotal: Money
    discount: Money
    total: Money


@fast_init
@dataclass(frozen=True, slots=True)
class CartPricing:
    """What the pricing system charges for a set of lines and codes, in one context."""

    lines: tuple[LinePricing, ...]
    codes: tuple[CodeResult, ...]
    subtotal: Money
    discounts: Money
    total: Money


@fast_init
@dataclass(frozen=True, slots=True)
class CartPricingRequest:
    lines: tuple[LineRequest, ...]
    codes: tuple[str, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class StockShortage:
    sku: str
    wanted: int
    available: int


@fast_init
@dataclass(frozen=True, slots=True)
class StockCommit:
    """Take units out of stock for an order, all lines or none. `location_id` is a store
    (click and collect: the customer's holds there are converted first) or None for the
    warehouses. Idempotent by `idempotency_key`."""

    idempotency_key: str
    lines: tuple[LineRequest, ...]
    location_id: str | None = None
    customer_id: str | None = None


class ReservationStatus(enum.Enum):
    HELD = "HELD"
    COLLECTED = "COLLECTED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


@fast_init
@dataclass(frozen=True, slots=True)
class Reservation:
    id: str
    store_id: str
    customer_id: str | None
    lines: tuple[LineRequest, ...]
    status: ReservationStatus
    expires_at: datetime
    created_at: datetime


@fast_init
@dataclass(frozen=True, slots=True)
class ReservationRequest:
    """Hold units in one store until `expires_at`; all lines or none; idempotent by key."""

    idempotency_key: str
    store_id: str
    lines: tuple[LineRequest, ...]
    expires_at: datetime
    customer_id: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class ReservationOutcome:
    reservation: Reservation | None
    shortages: tuple[StockShortage, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class OrderRequest:
    """A priced cart to record as an order; idempotent by `idempotency_key`."""

    idempotency_key: str
    cart_id: str
    channel: Channel
    customer_id: str | None
    lines: tuple[OrderLine, ...]
    total: Money
    discounts: Money
    pickup_store_id: str | None
    loyalty_points_earned: int | None


@fast_init
@dataclass(frozen=True, slots=True)
class LoyaltyPosting:
    """Points earned and spent by one order; idempotent by `idempotency_key`."""

    idempotency_key: str
    customer_id: str
    earned: int
    spent: int
    order_id: str
    channel: Channel
