"""Upstream JSON (the emulator's shapes) to canonical models. A KeyError, TypeError or
ValueError here means the upstream answered something unreadable; the connector turns it
into UpstreamBadResponse."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from connectors.deferred import DeferredTuple
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


def localised(values: dict[str, str], language: str) -> str:
    """The text in `language`, else French, else any."""
    return values.get(language) or values.get(FALLBACK_LANGUAGE) or next(iter(values.values()))


def product(raw: Raw, language: str) -> Product:
    # Positional arguments and list comprehensions: 24 of these per listing page.
    summary, created = raw.get("summary"), raw.get("created")
    return Product(
        raw["uuid"],
        raw["slug"],
        localised(raw["name"], language),
        tuple([_variant(v) for v in raw["variants"]]),
        localised(summary, language) if summary else None,
        raw.get("brand"),
        tuple(raw.get("categories", ())),
        tuple(
            [
                Attribute(a["code"], localised(a["label"], language), str(a["value"]))
                for a in raw.get("attributes", ())
            ]
        ),
        tuple([Media(m["src"], m.get("alt")) for m in raw.get("images", ())]),
        datetime.fromisoformat(created) if created else None,
    )


def _variant(raw: Raw) -> Variant:
    options = tuple([SelectedOption(name, str(value)) for name, value in raw["axes"].items()])
    return Variant(raw["sku"], raw["label"], options)


def category(raw: Raw, language: str) -> Category:
    return Category(
        id=raw["uuid"],
        handle=raw["slug"],
        title=localised(raw["name"], language),
        parent_id=raw.get("parent"),
    )


def price(raw: Raw) -> Price:
    currency = raw["currency"]
    compare_at = raw.get("list")
    return Price(
        sku=raw["sku"],
        amount=Money(Decimal(raw["net"]), currency),
        compare_at=Money(Decimal(compare_at), currency) if compare_at else None,
        promotions=tuple(
            Promotion(title=p["label"], code=p.get("promoCode")) for p in raw.get("promos", ())
        ),
    )


def stock(raw: Raw) -> StockLevel:
    # One pass over the locations (22 per SKU in the bench data, 500+ per listing): the
    # hottest normalisation of a product page. Every row is checked now; the per-store
    # models are made only if something reads them (a listing reads the online quantity).
    online = 0
    for loc in raw["locations"]:
        quantity = int(loc["qty"])
        kind = loc["type"]
        if kind == "warehouse":
            online += quantity
        elif kind == "store" and not isinstance(loc["location"], str):
            raise TypeError("a store location without an id")
    return StockLevel(raw["sku"], online, DeferredTuple(raw["locations"], _store_stock))


def _store_stock(locations: list[Raw]) -> tuple[LocationStock, ...]:
    return tuple(
        LocationStock(loc["location"], int(loc["qty"]))
        for loc in locations
        if loc["type"] == "store"
    )


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
