"""Upstream answers (the emulator's shapes) to canonical models: the hot ones (products,
prices, stock) from the typed rows of bench/shapes.py, the others from JSON dicts, where a
KeyError, TypeError or ValueError means the upstream answered something unreadable; the
connector turns it into UpstreamBadResponse."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import msgspec

from bench.shapes import (
    ATTRIBUTES,
    IMAGES,
    NO_ROWS,
    AttributeRow,
    Image,
    LocationRow,
    PriceRow,
    ProductRow,
    StockRow,
    VariantRow,
)
from connectors.deferred import DeferredTuple
from connectors.errors import UpstreamBadResponse
from connectors.models import (
    Address,
    Attribute,
    Category,
    ContentBlock,
    Customer,
    GeoPoint,
    LocationKind,
    LocationStock,
    LoyaltyAccount,
    LoyaltyReward,
    Media,
    Money,
    Page,
    Price,
    Product,
    Promotion,
    SelectedOption,
    StockLevel,
    Store,
    Variant,
)

Raw = dict[str, Any]
FALLBACK_LANGUAGE = "fr"
T = TypeVar("T")
R = TypeVar("R")


def localised(values: dict[str, str], language: str) -> str:
    """The text in `language`, else French, else any."""
    return values.get(language) or values.get(FALLBACK_LANGUAGE) or next(iter(values.values()))


def product(row: ProductRow, language: str, source: str = "bench") -> Product:
    """`source` (the connector instance) names the upstream if a deferred part of the row
    turns out unreadable when it is first read."""
    # Positional arguments and list comprehensions: 24 of these per listing page.
    summary, created = row.summary, row.created
    return Product(
        row.uuid,
        row.slug,
        localised(row.name, language),
        tuple([_variant(v) for v in row.variants]),
        localised(summary, language) if summary else None,
        row.brand,
        tuple(row.categories),
        _deferred(row.attributes, ATTRIBUTES, _attribute_in(language), source),
        _deferred(row.images, IMAGES, _media, source),
        datetime.fromisoformat(created) if created else None,
    )


def _attribute(language: str, row: AttributeRow) -> Attribute:
    return Attribute(row.code, localised(row.label, language), str(row.value))


@functools.lru_cache(maxsize=32)  # a few languages: made once each, not once per product
def _attribute_in(language: str) -> Callable[[AttributeRow], Attribute]:
    return functools.partial(_attribute, language)


def _media(row: Image) -> Media:
    return Media(row.src, row.alt)


def _deferred(
    raw: msgspec.Raw,
    decoder: msgspec.json.Decoder[list[R]],
    build: Callable[[R], T],
    source: str,
) -> Sequence[T]:
    """The models of a list kept as JSON, made on first use. Copied out of the answer's
    buffer first (a decoded Raw is a view into it), so a cached product does not keep the
    whole answer alive. A list of the wrong shape is the upstream's fault, said when read:
    UpstreamBadResponse, as for the rest of the answer."""
    if raw is NO_ROWS:
        return ()

    def models(json: msgspec.Raw) -> tuple[T, ...]:
        try:
            return tuple([build(item) for item in decoder.decode(json)])
        except msgspec.ValidationError as exc:
            raise UpstreamBadResponse(source, f"/catalog: unreadable product rows: {exc}") from exc

    return DeferredTuple(raw.copy(), models)


def _variant(row: VariantRow) -> Variant:
    axes = row.axes
    if not axes:  # a product without options (most of a listing): no list to build
        return Variant(row.sku, row.label, ())
    options = tuple([SelectedOption(name, str(value)) for name, value in axes.items()])
    return Variant(row.sku, row.label, options)


def category(raw: Raw, language: str) -> Category:
    return Category(
        id=raw["uuid"],
        handle=raw["slug"],
        title=localised(raw["name"], language),
        parent_id=raw.get("parent"),
    )


def price(row: PriceRow) -> Price:
    currency, compare_at = row.currency, row.list_price
    return Price(
        row.sku,
        Money(row.net, currency),
        Money(compare_at, currency) if compare_at is not None else None,
        tuple([Promotion(p.label, p.promoCode) for p in row.promos]),
    )


def stock(row: StockRow) -> StockLevel:
    # 22 locations per SKU in the bench data, 500+ per listing: the online quantity is read
    # now, the per-store models made only if something reads them (a listing does not).
    online = 0
    for loc in row.locations:
        if loc.type == "warehouse":
            online += loc.qty
    return StockLevel(row.sku, online, DeferredTuple(row.locations, _store_stock))


def _store_stock(locations: list[LocationRow]) -> tuple[LocationStock, ...]:
    return tuple([LocationStock(loc.location, loc.qty) for loc in locations if loc.type == "store"])


def store(raw: Raw) -> Store:
    address = raw["address"]
    return Store(
        id=raw["locationId"],
        code=raw["code"],
        name=raw["displayName"],
        address=Address(
            line1=address["street"],
            city=address["town"],
            postal_code=address["zip"],
            country_code=address["country"],
        ),
        location=GeoPoint(float(raw["geo"]["lat"]), float(raw["geo"]["lng"])),
        opening_hours=tuple(raw.get("hours", ())),
        kind=LocationKind.WAREHOUSE if raw["type"] == "warehouse" else LocationKind.STORE,
    )


def content_block(raw: Raw) -> ContentBlock:
    return ContentBlock(
        id=raw["uid"],
        type=raw["component"],
        title=raw.get("headline"),
        body=raw.get("text"),
        media=tuple(Media(a["url"], a.get("alt")) for a in raw.get("assets", ())),
    )


def page(raw: Raw) -> Page:
    return Page(
        id=raw["uid"],
        handle=raw["slug"],
        title=raw["headline"],
        blocks=tuple(content_block(b) for b in raw.get("sections", ())),
    )


def customer(raw: Raw) -> Customer:
    return Customer(
        id=raw["customerId"],
        email=raw["email"],
        first_name=raw.get("firstName"),
        last_name=raw.get("lastName"),
        customer_group=raw.get("group") or "default",
    )


def loyalty_account(raw: Raw) -> LoyaltyAccount:
    return LoyaltyAccount(
        id=raw["accountId"],
        customer_id=raw["customer"],
        card_number=raw["card"],
        tier=raw["tier"],
        points_balance=int(raw["balance"]),
        rewards=tuple(
            LoyaltyReward(r["rewardId"], r["label"], int(r["cost"])) for r in raw.get("rewards", ())
        ),
    )
