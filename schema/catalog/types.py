"""Products, variants and categories. Each field is one loader call in the request's
commerce context; nothing here talks to a connector directly."""

from __future__ import annotations

from datetime import datetime

import strawberry

from connectors import models
from schema.batching import ContextLoader
from schema.catalog.listing import listing_request, search_products
from schema.common import Money, Node, PageInfo
from schema.content.types import ContentBlock, Media
from schema.context import Info
from schema.ids import to_global_id
from schema.inventory.types import Availability
from schema.loaders import Loaders
from schema.planner.batch import Then, batched
from schema.pricing.types import PriceRange, PriceRule, Promotion, price_rules


@strawberry.type
class SelectedOption:
    name: str
    value: str


@strawberry.type
class Attribute:
    code: str
    label: str
    value: str


# Fields keyed by their parent's SKU or ids, declared once with @batched: the planner
# batches them per level; the standard executor awaits the same loader per field.
def _prices(loaders: Loaders) -> ContextLoader[str, models.Price | None]:
    return loaders.price_by_sku


def _stock(loaders: Loaders) -> ContextLoader[str, models.StockLevel | None]:
    return loaders.stock_by_sku


def _categories(loaders: Loaders) -> ContextLoader[str, models.Category | None]:
    return loaders.category_by_id


def _content(loaders: Loaders) -> ContextLoader[str, tuple[models.ContentBlock, ...]]:
    return loaders.content_by_product


def _sku(parent: ProductVariant | Product) -> str:
    return parent.model.sku


def _variant_skus(parent: Product) -> list[str]:
    return [v.sku for v in parent.model.variants]


def _amount(_: object, price: models.Price | None) -> Money | None:
    return None if price is None else Money.of(price.amount)


def _compare_at(_: object, price: models.Price | None) -> Money | None:
    return None if price is None else Money.maybe(price.compare_at)


def _availability(
    parent: ProductVariant | Product, stock: models.StockLevel | None, info: Info
) -> Availability:
    return Availability.of(info, parent.model.sku, stock)


def _promotions(_: object, price: models.Price | None) -> list[Promotion]:
    return [] if price is None else [Promotion.of(p) for p in price.promotions]


def _range(_: object, prices: list[models.Price | None]) -> PriceRange | None:
    amounts = sorted((p.amount for p in prices if p is not None), key=lambda m: m.amount)
    if not amounts:
        return None
    return PriceRange(
        min_variant_price=Money.of(amounts[0]), max_variant_price=Money.of(amounts[-1])
    )


def _category_list(_: object, found: list[models.Category | None]) -> list[Category]:
    return [Category.of(c) for c in found if c is not None]


def _blocks(_: object, blocks: tuple[models.ContentBlock, ...]) -> list[ContentBlock]:
    return [ContentBlock.of(b) for b in blocks]


def _points(loaders: Loaders) -> ContextLoader[models.EarnQuery, int | None]:
    return loaders.points_by_query


def _earned(parent: Product, price: models.Price | None) -> Then | None:
    """Points are priced on what the unit costs in this context: a second load, batched."""
    if price is None:
        return None
    query = models.EarnQuery(sku=parent.model.sku, unit_price=price.amount)
    return Then(_points, query, _same)


def _same(points: int | None) -> int | None:
    return points


def _parent(_: object, parent: models.Category | None) -> Category | None:
    return None if parent is None else Category.of(parent)


_RULES = (
    "The rules that made this context's price differ from the base price (promotion, "
    "channel, customer group, sale); empty when none did or the back end cannot tell."
)


@strawberry.type
class ProductVariant(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Variant]

    @classmethod
    def of(cls, model: models.Variant) -> ProductVariant:
        return cls(id=strawberry.ID(to_global_id("ProductVariant", model.sku)), model=model)

    @strawberry.field
    def sku(self) -> str:
        return self.model.sku

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    def selected_options(self) -> list[SelectedOption]:
        return [SelectedOption(name=o.name, value=o.value) for o in self.model.options]

    @strawberry.field
    @batched(_prices, _sku, _amount)
    async def price(self, info: Info) -> Money | None: ...

    @strawberry.field
    @batched(_prices, _sku, _compare_at)
    async def compare_at_price(self, info: Info) -> Money | None: ...

    @strawberry.field(description=_RULES)
    @batched(_prices, _sku, price_rules)
    async def price_rules(self, info: Info) -> list[PriceRule] | None: ...

    @strawberry.field
    @batched(_stock, _sku, _availability, with_info=True)
    async def availability(self, info: Info) -> Availability | None: ...


@strawberry.type
class Product(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Product]

    @classmethod
    def of(cls, model: models.Product) -> Product:
        return cls(id=strawberry.ID(to_global_id("Product", model.id)), model=model)

    @strawberry.field
    def sku(self) -> str:
        return self.model.sku

    @strawberry.field
    def handle(self) -> str:
        return self.model.handle

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    def description(self) -> str | None:
        return self.model.description

    @strawberry.field
    def brand(self) -> str | None:
        return self.model.brand

    @strawberry.field(description="When the product was first published.")
    def created_at(self) -> datetime | None:
        return self.model.created_at

    @strawberry.field
    @batched(_categories, lambda p: p.model.category_ids, _category_list, many=True)
    async def categories(self, info: Info) -> list[Category]: ...  # type: ignore[empty-body]

    @strawberry.field
    def attributes(self) -> list[Attribute]:
        return [Attribute(code=a.code, label=a.label, value=a.value) for a in self.model.attributes]

    @strawberry.field
    def media(self) -> list[Media]:
        return [Media.of(m) for m in self.model.media]

    @strawberry.field
    def variants(self) -> list[ProductVariant]:
        return [ProductVariant.of(v) for v in self.model.variants]

    @strawberry.field(
        description="Price of the default variant in the operation's context "
        "(channel, currency, group)."
    )
    @batched(_prices, _sku, _amount)
    async def price(self, info: Info) -> Money | None: ...

    @strawberry.field
    @batched(_prices, _sku, _compare_at)
    async def compare_at_price(self, info: Info) -> Money | None: ...

    @strawberry.field
    @batched(_prices, _variant_skus, _range, many=True)
    async def price_range(self, info: Info) -> PriceRange | None: ...

    @strawberry.field
    @batched(_prices, _sku, _promotions)
    async def promotions(self, info: Info) -> list[Promotion] | None: ...

    @strawberry.field(description=_RULES)
    @batched(_prices, _sku, price_rules)
    async def price_rules(self, info: Info) -> list[PriceRule] | None: ...

    @strawberry.field
    @batched(_stock, _sku, _availability, with_info=True)
    async def availability(self, info: Info) -> Availability | None: ...

    @strawberry.field(
        description="Content blocks the CMS attaches to this product "
        "(editorial, size guide, video…)."
    )
    @batched(_content, lambda p: p.model.id, _blocks)
    async def content(self, info: Info) -> list[ContentBlock] | None: ...

    @strawberry.field(
        description="Loyalty points a customer earns by buying one unit, in this context."
    )
    @batched(_prices, _sku, _earned)
    async def loyalty_points(self, info: Info) -> int | None: ...


@strawberry.type
class ProductEdge:
    cursor: str
    node: Product


@strawberry.type
class ProductConnection:
    edges: list[ProductEdge]
    nodes: list[Product]
    page_info: PageInfo
    total_count: int | None


@strawberry.type
class Category(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Category]

    @classmethod
    def of(cls, model: models.Category) -> Category:
        return cls(id=strawberry.ID(to_global_id("Category", model.id)), model=model)

    @strawberry.field
    def handle(self) -> str:
        return self.model.handle

    @strawberry.field
    def title(self) -> str:
        return self.model.title

    @strawberry.field
    async def parent(self, info: Info) -> Category | None:
        if self.model.parent_id is None:
            return None
        ctx = info.context
        parent = await ctx.loaders.category_by_id.load(ctx.commerce, self.model.parent_id)
        return _parent(self, parent)

    @strawberry.field
    async def products(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> ProductConnection:
        request = listing_request(first, after, category_id=self.model.id)
        return await search_products(info, request)
