"""Product listings (`search`).

- Without a text query: `GET /product-projections` with `sort`, `offset` and `limit`; a
  category lists itself and every category below it (one more request finds those:
  `ancestors(id = ...)`, and `parent(id = ...)` for APIs that do not fill `ancestors`).
- With a text query: Product Search (`POST /products/search`), a `fullText` match on the
  name in the context's locale (every word must match), projections returned inline.

Sorts: TITLE by name in the locale, CREATED_AT by creation, RELEVANCE by search score with
a query and newest first without; PRICE and BEST_SELLING list as RELEVANCE does
(commercetools' query endpoint sorts by neither). Without a text query ties are broken by
id, so pages never overlap; `reverse` mirrors the whole order.
"""

from __future__ import annotations

from typing import Any

from connectors.commercetools import normalise
from connectors.commercetools.catalog import CATEGORIES, PROJECTIONS, projection_params
from connectors.commercetools.core import MAX_OFFSET, Core
from connectors.commercetools.query import in_list, literal
from connectors.commercetools.reference import Reference
from connectors.commercetools.selection import Selection
from connectors.context import CommerceContext
from connectors.errors import UpstreamBadResponse
from connectors.models import Product, ProductPage, ProductSearch, ProductSort

SEARCH = "/products/search"
MAX_FIRST = 100  # Product Search's cap on `limit`; listings are paged by 100 at most
Raw = dict[str, Any]

# Natural direction of each sort (True = ascending) without a text query.
QUERY_SORTS: dict[ProductSort, tuple[str, bool]] = {
    ProductSort.RELEVANCE: ("createdAt", False),
    ProductSort.TITLE: ("name.{locale}", True),
    ProductSort.PRICE: ("createdAt", False),
    ProductSort.CREATED_AT: ("createdAt", True),
    ProductSort.BEST_SELLING: ("createdAt", False),
}


class Listing(Core):
    async def search(self, request: ProductSearch, ctx: CommerceContext) -> ProductPage:
        sel, ref = await self._context(ctx)
        first, offset = max(0, min(request.first, MAX_FIRST)), max(0, request.offset)
        if offset >= MAX_OFFSET:
            return ProductPage((), None, False)
        if request.query and request.query.strip():
            found, total = await self._text_search(request, sel, ref, first, offset)
        else:
            found, total = await self._query(request, sel, ref, first, offset)
        products = found[:first]
        has_next = offset + first < total if total is not None else len(found) > first
        return ProductPage(tuple(products), total, has_next)

    async def _query(
        self, request: ProductSearch, sel: Selection, ref: Reference, first: int, offset: int
    ) -> tuple[list[Product], int | None]:
        column, ascending = QUERY_SORTS[request.sort]
        up = ascending != request.reverse
        sort = [
            f"{column.format(locale=sel.locale)} {'asc' if up else 'desc'}",
            f"id {'asc' if not request.reverse else 'desc'}",
        ]
        # `limit=0` is read as the default page size by some servers: ask for one.
        params = projection_params(sel) | {
            "sort": sort,
            "offset": str(offset),
            "limit": str(max(first, 1)),
            "withTotal": "true",
        }
        if request.category_id:
            ids = await self._category_tree(request.category_id)
            params["where"] = f"categories(id in {in_list(ids)})"
        page = await self.client.query(PROJECTIONS, params)
        return self._listed(page.results, sel, ref), page.total

    async def _category_tree(self, category_id: str) -> list[str]:
        node = literal(category_id)
        where = f"ancestors(id = {node}) or parent(id = {node})"
        below = await self._all_pages(CATEGORIES, {"where": where})
        return [category_id, *(str(c["id"]) for c in below if c.get("id"))]

    async def _text_search(
        self, request: ProductSearch, sel: Selection, ref: Reference, first: int, offset: int
    ) -> tuple[list[Product], int | None]:
        text = {
            "fullText": {
                "field": "name",
                "language": sel.locale,
                "value": (request.query or "").strip(),
                "mustMatch": "all",
            }
        }
        query: Raw = text
        if request.category_id:
            category = {"exact": {"field": "categoriesSubTree", "value": request.category_id}}
            query = {"and": [text, category]}
        body: Raw = {
            "query": query,
            "limit": max(first, 1),
            "offset": offset,
            "productProjectionParameters": {
                "staged": False,
                "localeProjection": list(sel.locales),
            },
        }
        sort = self._search_sort(request, sel)
        if sort:
            body["sort"] = sort
        answer = await self.client.search(SEARCH, body)
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list):
            raise UpstreamBadResponse(self.name, f"{SEARCH}: no results list")
        projections = self._normalised(lambda: [r["productProjection"] for r in results])
        total = answer.get("total")
        return self._listed(projections, sel, ref), total if isinstance(total, int) else None

    @staticmethod
    def _search_sort(request: ProductSearch, sel: Selection) -> list[Raw]:
        """Product Search sorts by score, best first, unless told otherwise."""
        if request.sort is ProductSort.TITLE:
            field: Raw = {"field": "name", "language": sel.locale}
            ascending = True
        elif request.sort is ProductSort.CREATED_AT:
            field, ascending = {"field": "createdAt"}, True
        elif request.reverse:
            field, ascending = {"field": "score"}, False
        else:
            return []
        up = ascending != request.reverse
        return [field | {"order": "asc" if up else "desc"}]

    def _listed(self, raw: list[Raw], sel: Selection, ref: Reference) -> list[Product]:
        return self._normalised(
            lambda: [p for r in raw if (p := normalise.product(r, sel.locales, ref)) is not None]
        )
