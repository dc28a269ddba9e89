"""CatalogConnector over the sample database: products with variants, categories.

A product belongs to a leaf category and, through it, to its department: `category_ids` is
(leaf, department), and a search by department finds the products of all its leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import (
    Attribute,
    Category,
    Media,
    Product,
    ProductPage,
    ProductSearch,
    SelectedOption,
    Variant,
)
from connectors.sample.db import Row, SampleDatabase
from connectors.sample.keyed import grouped, index_by, json_list
from connectors.sample.naming import language
from connectors.sample.search import search_page_ids

# One statement returns each product with all its variants, in variant order.
PRODUCTS_SQL = """
SELECT p.id, p.handle, p.title_{lang} AS title, p.description_{lang} AS description, p.brand,
       p.category_id, p.department_id, p.attributes_{lang} AS attributes,
       p.media_{lang} AS media, p.created_at, v.sku, v.title_{lang} AS variant_title,
       v.options_{lang} AS options
FROM products p JOIN variants v ON v.product_id = p.id
WHERE {where}
ORDER BY p.id, v.position
"""
CATEGORIES_SQL = """
SELECT id, handle, title_{lang} AS title, parent_id FROM categories WHERE {column} IN ({keys})
"""
BY_SKU = "p.id IN (SELECT product_id FROM variants WHERE sku IN ({keys}))"


class SampleCatalog:
    db: SampleDatabase

    async def products(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Product | None]:
        found = await load_products(self.db, ctx, "p.id IN ({keys})", ids)
        return in_key_order(ids, index_by(found, lambda p: p.id))

    async def products_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        found = await load_products(self.db, ctx, "p.handle IN ({keys})", handles)
        return in_key_order(handles, index_by(found, lambda p: p.handle))

    async def products_by_sku(
        self, skus: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        found = await load_products(self.db, ctx, BY_SKU, skus)
        by_sku = {variant.sku: product for product in found for variant in product.variants}
        return in_key_order(skus, by_sku)

    async def categories(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        found = await self._categories(ctx, "id", ids)
        return in_key_order(ids, index_by(found, lambda c: c.id))

    async def categories_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        found = await self._categories(ctx, "handle", handles)
        return in_key_order(handles, index_by(found, lambda c: c.handle))

    async def search(self, request: ProductSearch, ctx: CommerceContext) -> ProductPage:
        ids, total = await search_page_ids(self.db, request, language(ctx), ctx.currency)
        found = index_by(await load_products(self.db, ctx, "p.id IN ({keys})", ids), lambda p: p.id)
        products = tuple(found[i] for i in ids if i in found)
        return ProductPage(products, total, max(request.offset, 0) + len(ids) < total)

    async def _categories(
        self, ctx: CommerceContext, column: str, keys: Sequence[str]
    ) -> list[Category]:
        sql = CATEGORIES_SQL.format(lang=language(ctx), column=column, keys="{keys}")
        rows = await self.db.fetch_in(sql, keys)
        return [Category(r["id"], r["handle"], r["title"], r["parent_id"]) for r in rows]


async def load_products(
    db: SampleDatabase, ctx: CommerceContext, where: str, keys: Sequence[str]
) -> list[Product]:
    sql = PRODUCTS_SQL.format(lang=language(ctx), where=where, keys="{keys}")
    rows = await db.fetch_in(sql, keys)
    return [_product(group) for _, group in grouped(rows, "id")]


def _product(rows: list[Row]) -> Product:
    first = rows[0]
    return Product(
        id=first["id"],
        handle=first["handle"],
        title=first["title"],
        variants=tuple(_variant(row) for row in rows),
        description=first["description"],
        brand=first["brand"],
        category_ids=(first["category_id"], first["department_id"]),
        attributes=tuple(Attribute(*item) for item in json_list(first["attributes"])),
        media=tuple(Media(url, alt) for url, alt in json_list(first["media"])),
        created_at=datetime.fromisoformat(first["created_at"]),
    )


def _variant(row: Row) -> Variant:
    options = tuple(SelectedOption(name, value) for name, value in json_list(row["options"]))
    return Variant(row["sku"], row["variant_title"], options)
