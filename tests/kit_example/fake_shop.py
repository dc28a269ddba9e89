"""A third-party connector package in miniature: a catalogue and its prices held in memory,
as a small PIM-and-price-list system would serve them, and nothing else. It is what the
README's "Writing a connector" walks through; test_fake_shop.py puts it through the kit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from connectors.base import ConnectorEnv, ConnectorSpec
from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import (
    Category,
    Money,
    Price,
    Product,
    ProductPage,
    ProductSearch,
    SelectedOption,
    Variant,
)

SIZES = ("S", "M", "L")
CATEGORIES = (Category("c1", "tools", "Tools"), Category("c2", "shears", "Shears", "c1"))


@dataclass(frozen=True)
class FakeShopSettings:
    products: int = 30


def _product(n: int) -> Product:
    variants = tuple(
        Variant(f"FS-{n:03d}-{size}", f"Size {size}", (SelectedOption("Size", size),))
        for size in SIZES
    )
    category = CATEGORIES[n % 2].id
    return Product(f"p{n}", f"item-{n}", f"Item {n}", variants, category_ids=(category,))


class FakeShop:
    """Every batch method is one "upstream request", counted in `requests`."""

    def __init__(self, settings: FakeShopSettings, env: ConnectorEnv) -> None:
        self.name = env.instance
        self.requests = 0
        self._products = [_product(n) for n in range(1, settings.products + 1)]
        self._by_sku = {v.sku: p for p in self._products for v in p.variants}

    async def start(self) -> None:
        return None

    async def check(self) -> None:
        return None

    async def aclose(self) -> None:
        return None

    def _request(self) -> None:
        self.requests += 1

    async def products(self, ids: Sequence[str], ctx: CommerceContext) -> list[Product | None]:
        self._request()
        return in_key_order(ids, {p.id: p for p in self._products})

    async def products_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> list[Product | None]:
        self._request()
        return in_key_order(handles, {p.handle: p for p in self._products})

    async def products_by_sku(
        self, skus: Sequence[str], ctx: CommerceContext
    ) -> list[Product | None]:
        self._request()
        return [self._by_sku.get(sku) for sku in skus]

    async def categories(self, ids: Sequence[str], ctx: CommerceContext) -> list[Category | None]:
        self._request()
        return in_key_order(ids, {c.id: c for c in CATEGORIES})

    async def categories_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> list[Category | None]:
        self._request()
        return in_key_order(handles, {c.handle: c for c in CATEGORIES})

    async def search(self, request: ProductSearch, ctx: CommerceContext) -> ProductPage:
        self._request()
        end = request.offset + request.first
        page = self._products[request.offset : end]
        return ProductPage(tuple(page), len(self._products), end < len(self._products))

    async def prices(self, skus: Sequence[str], ctx: CommerceContext) -> list[Price | None]:
        self._request()
        if ctx.currency not in ("EUR", "GBP"):
            return [None for _ in skus]
        return [self._price(sku, ctx.currency) for sku in skus]

    def _price(self, sku: str, currency: str) -> Price | None:
        product = self._by_sku.get(sku)
        if product is None:
            return None
        euros = Decimal(int(product.id[1:]) * 3) + Decimal("0.99")
        amount = euros if currency == "EUR" else (euros * Decimal("0.85")).quantize(Decimal("0.01"))
        return Price(sku, Money(amount, currency))


SPEC = ConnectorSpec(
    name="fake-shop",
    domains=frozenset({"catalog", "pricing"}),
    settings_type=FakeShopSettings,
    factory=FakeShop,
    max_batch_size=100,
)
