"""A third-party connector package in miniature: a catalogue and its prices held in memory,
as a small PIM-and-price-list system would serve them, with its cart pricing (one promotion
code), and nothing else. It is what the README's "Writing a connector" walks through;
test_fake_shop.py puts it through the kit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from connectors.base import ConnectorEnv, ConnectorSpec
from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import (
    CartPricing,
    CartPricingRequest,
    Category,
    CodeResult,
    CodeStatus,
    LinePricing,
    LineRequest,
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
# The shop's one promotion code: 10 % off every line of the Shears category.
PROMOTION_CODE = "SHEARS10"
PROMOTED_CATEGORY = "c2"
CENT = Decimal("0.01")


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
        self._moved_cents: dict[str, int] = {}

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

    def move_price(self, sku: str, cents: int) -> None:
        """The shop's back office: a merchant moves a list price; the next read sees it."""
        self._moved_cents[sku] = self._moved_cents.get(sku, 0) + cents

    async def price_cart(self, request: CartPricingRequest, ctx: CommerceContext) -> CartPricing:
        self._request()
        codes = tuple(dict.fromkeys(code.strip() for code in request.codes if code.strip()))
        live = PROMOTION_CODE in codes
        lines = tuple(self._line(line, ctx.currency, live) for line in request.lines)
        subtotal = sum((line.subtotal.amount for line in lines), Decimal(0))
        discounts = sum((line.discount.amount for line in lines), Decimal(0))
        applied = CodeStatus.APPLIED if discounts else CodeStatus.NOT_APPLICABLE
        return CartPricing(
            lines,
            tuple(
                CodeResult(code, applied if code == PROMOTION_CODE else CodeStatus.UNKNOWN)
                for code in codes
            ),
            Money(subtotal, ctx.currency),
            Money(discounts, ctx.currency),
            Money(subtotal - discounts, ctx.currency),
        )

    def _line(self, line: LineRequest, currency: str, live: bool) -> LinePricing:
        price = self._price(line.sku, currency) if currency in ("EUR", "GBP") else None
        unit = price.amount.amount if price else Decimal(0)
        subtotal = unit * line.quantity
        product = self._by_sku.get(line.sku)
        promoted = live and product is not None and PROMOTED_CATEGORY in product.category_ids
        discount = (subtotal / 10).quantize(CENT, ROUND_HALF_UP) if promoted else Decimal(0)
        return LinePricing(
            line.sku,
            line.quantity,
            price.amount if price else None,
            Money(subtotal, currency),
            Money(discount, currency),
            Money(subtotal - discount, currency),
        )

    def _price(self, sku: str, currency: str) -> Price | None:
        product = self._by_sku.get(sku)
        if product is None:
            return None
        euros = Decimal(int(product.id[1:]) * 3) + Decimal("0.99")
        amount = euros if currency == "EUR" else (euros * Decimal("0.85")).quantize(CENT)
        amount += Decimal(self._moved_cents.get(sku, 0)) / 100  # in each currency alike
        return Price(sku, Money(amount, currency))


SPEC = ConnectorSpec(
    name="fake-shop",
    domains=frozenset({"catalog", "pricing"}),
    settings_type=FakeShopSettings,
    factory=FakeShop,
    max_batch_size=100,
)
