"""CatalogConnector reads: published product projections by id, slug or any variant's SKU,
and categories by id or slug, each batch one `where` predicate per chunk of keys."""

from __future__ import annotations

from collections.abc import Sequence

from connectors.commercetools import normalise
from connectors.commercetools.core import Core
from connectors.commercetools.query import ID_IN, SKU_IN, KeyPredicate, localized_in
from connectors.commercetools.reference import Reference
from connectors.commercetools.selection import Selection
from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import Category, Product

PROJECTIONS = "/product-projections"
CATEGORIES = "/categories"


def projection_params(sel: Selection) -> dict[str, str | Sequence[str]]:
    """Published data, and only the context's locales: smaller pages, same answers."""
    return {"staged": "false", "localeProjection": list(sel.locales)}


class CatalogReads(Core):
    async def products(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Product | None]:
        sel, ref = await self._context(ctx)
        found = await self._products(ID_IN, ids, sel, ref)
        return in_key_order(ids, found, lambda p: (p.id,))

    async def products_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        sel, ref = await self._context(ctx)
        found = await self._products(localized_in("slug", sel.locales), handles, sel, ref)
        return in_key_order(handles, found, lambda p: (p.handle,))

    async def products_by_sku(
        self, skus: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Product | None]:
        sel, ref = await self._context(ctx)
        found = await self._products(SKU_IN, skus, sel, ref)
        return in_key_order(skus, found, lambda p: (v.sku for v in p.variants))

    async def _products(
        self, predicate: KeyPredicate, keys: Sequence[str], sel: Selection, ref: Reference
    ) -> list[Product]:
        raw = await self._batch(PROJECTIONS, predicate, keys, projection_params(sel))
        return self._normalised(
            lambda: [p for r in raw if (p := normalise.product(r, sel.locales, ref)) is not None]
        )

    async def categories(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        sel, _ = await self._context(ctx)
        found = await self._categories(ID_IN, ids, sel)
        return in_key_order(ids, found, lambda c: (c.id,))

    async def categories_by_handle(
        self, handles: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Category | None]:
        sel, _ = await self._context(ctx)
        found = await self._categories(localized_in("slug", sel.locales), handles, sel)
        return in_key_order(handles, found, lambda c: (c.handle,))

    async def _categories(
        self, predicate: KeyPredicate, keys: Sequence[str], sel: Selection
    ) -> list[Category]:
        raw = await self._batch(CATEGORIES, predicate, keys)
        return self._normalised(lambda: [normalise.category(r, sel.locales) for r in raw])
