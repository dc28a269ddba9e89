"""Products, variants and categories. Each field is one loader call in the request's
commerce context; nothing here talks to a connector directly."""

from __future__ import annotations

from datetime import datetime

import strawberry

from connectors import models
from schema.catalog.listing import listing_request, search_products
from schema.common import Money, Node, PageInfo
from schema.content.types import ContentBlock, Media
from schema.context import Info
from schema.ids import to_global_id
from schema.inventory.types import Availability
from schema.pricing.types import PriceRange, Promotion


@strawberry.type
class SelectedOption:
    name: str
    value: str


@strawberry.type
class Attribute:
    code: str
    label: str
    value: str


async def _price(info: Info, sku: str) -> models.Price | None:
    ctx = info.context
    return await ctx.loaders.price_by_sku.load(ctx.commerce, sku)


async def price_of(info: Info, sku: str) -> Money | None:
    price = await _price(info, sku)
    return None if price is None else Money.of(price.amount)


async def compare_at_price_of(info: Info, sku: str) -> Money | None:
    price = await _price(info, sku)
    return None if price is None else Money.maybe(price.compare_at)


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
    async def price(self, info: Info) -> Money | None:
        return await price_of(info, self.model.sku)

    @strawberry.field
    async def compare_at_price(self, info: Info) -> Money | None:
        return await compare_at_price_of(info, self.model.sku)

    @strawberry.field
    async def availability(self, info: Info) -> Availability | None:
        return await Availability.load(info, self.model.sku)


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
    async def categories(self, info: Info) -> list[Category]:
        ctx = info.context
        found = await ctx.loaders.category_by_id.load_many(ctx.commerce, self.model.category_ids)
        return [Category.of(c) for c in found if c is not None]

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
    async def price(self, info: Info) -> Money | None:
        return await price_of(info, self.model.sku)

    @strawberry.field
    async def compare_at_price(self, info: Info) -> Money | None:
        return await compare_at_price_of(info, self.model.sku)

    @strawberry.field
    async def price_range(self, info: Info) -> PriceRange | None:
        ctx = info.context
        skus = [v.sku for v in self.model.variants]
        prices = await ctx.loaders.price_by_sku.load_many(ctx.commerce, skus)
        amounts = sorted((p.amount for p in prices if p is not None), key=lambda m: m.amount)
        if not amounts:
            return None
        return PriceRange(
            min_variant_price=Money.of(amounts[0]), max_variant_price=Money.of(amounts[-1])
        )

    @strawberry.field
    async def promotions(self, info: Info) -> list[Promotion] | None:
        price = await _price(info, self.model.sku)
        return [] if price is None else [Promotion.of(p) for p in price.promotions]

    @strawberry.field
    async def availability(self, info: Info) -> Availability | None:
        return await Availability.load(info, self.model.sku)

    @strawberry.field(
        description="Content blocks the CMS attaches to this product "
        "(editorial, size guide, video…)."
    )
    async def content(self, info: Info) -> list[ContentBlock] | None:
        ctx = info.context
        blocks = await ctx.loaders.content_by_product.load(ctx.commerce, self.model.id)
        return [ContentBlock.of(b) for b in blocks]

    @strawberry.field(
        description="Loyalty points a customer earns by buying one unit, in this context."
    )
    async def loyalty_points(self, info: Info) -> int | None:
        price = await _price(info, self.model.sku)
        if price is None:
            return None
        ctx = info.context
        query = models.EarnQuery(sku=self.model.sku, unit_price=price.amount)
        return await ctx.loaders.points_by_query.load(ctx.commerce, query)


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
        return None if parent is None else Category.of(parent)

    @strawberry.field
    async def products(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> ProductConnection:
        request = listing_request(first, after, category_id=self.model.id)
        return await search_products(info, request)
