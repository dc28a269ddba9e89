"""The bench emulator's hot answers (search, products, prices, stock) as msgspec Structs:
decoded and type-checked in one pass, straight from the bytes, instead of orjson building
dicts that normalisation then reads key by key (issue 10: about half the CPU of both on a
listing page, see bench/README.md). A field of the wrong type, or a required one missing,
is a `msgspec.ValidationError`, which the client reports as UpstreamBadResponse.

`gc=False`: these rows hold only strings, numbers and other rows, never a cycle, so the
collector need not track them (they are most of a listing's allocations)."""

from __future__ import annotations

from decimal import Decimal
from typing import Generic, Protocol, TypeVar

import msgspec

R = TypeVar("R", covariant=True)


class Listed(Protocol, Generic[R]):
    """An answer listing rows under `items` (whatever the upstream calls that list)."""

    @property
    def items(self) -> list[R]: ...


class Image(msgspec.Struct, gc=False):
    src: str
    alt: str | None = None


class AttributeRow(msgspec.Struct, gc=False):
    code: str
    label: dict[str, str]
    value: str | int | float | bool


class VariantRow(msgspec.Struct, gc=False):
    sku: str
    label: str
    axes: dict[str, str | int | float | bool] = {}


# An absent list, as a Raw: the default of the fields below.
NO_ROWS = msgspec.Raw(b"[]")


class ProductRow(msgspec.Struct, gc=False):
    uuid: str
    slug: str
    name: dict[str, str]
    variants: list[VariantRow]
    summary: dict[str, str] | None = None
    brand: str | None = None
    categories: list[str] = []
    # Read by a product page, not by a listing: kept as the answer's JSON (checked as JSON,
    # never built into objects) and decoded on first use (bench/normalise.py). They were a
    # third of a listing's decoded objects, each made, then freed, for nothing.
    attributes: msgspec.Raw = NO_ROWS
    images: msgspec.Raw = NO_ROWS
    created: str | None = None


class SearchAnswer(msgspec.Struct, gc=False):
    total: int
    items: list[ProductRow]


class ProductsAnswer(msgspec.Struct, gc=False):
    items: list[ProductRow]


class PromotionRow(msgspec.Struct, gc=False):
    label: str
    promoCode: str | None = None  # the upstream's spelling


class PriceRow(msgspec.Struct, gc=False):
    sku: str
    currency: str
    net: Decimal
    # "list" would shadow the builtin in this class's annotations.
    list_price: Decimal | None = msgspec.field(default=None, name="list")
    promos: list[PromotionRow] = []


class PricesAnswer(msgspec.Struct, gc=False):
    items: list[PriceRow] = msgspec.field(name="prices")


class LocationRow(msgspec.Struct, gc=False):
    location: str
    type: str
    qty: int


class StockRow(msgspec.Struct, gc=False):
    sku: str
    locations: list[LocationRow]


class StockAnswer(msgspec.Struct, gc=False):
    items: list[StockRow] = msgspec.field(name="stock")


ATTRIBUTES = msgspec.json.Decoder(list[AttributeRow])
IMAGES = msgspec.json.Decoder(list[Image])
SEARCH = msgspec.json.Decoder(SearchAnswer)
PRODUCTS = msgspec.json.Decoder(ProductsAnswer)
PRICES = msgspec.json.Decoder(PricesAnswer)
STOCK = msgspec.json.Decoder(StockAnswer)
