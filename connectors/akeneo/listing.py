"""Product listings (`search`) over Akeneo's two lists of sellable things: root product
models, then simple products, each in Akeneo's own order (by code or identifier).

Akeneo's REST API has no sort parameter, so RELEVANCE and every other sort key (TITLE,
PRICE, CREATED_AT, BEST_SELLING) list in that order; `reverse` is honoured by counting
first and reading the mirrored window. A text query is `name CONTAINS` in the context's
locale; a category lists everything below it (`IN CHILDREN`).

An offset window is read as one offset page where a page size ≤ 100 covers it, else two;
Akeneo refuses offset pages past its 10,000th item, where the window is reached by walking
search-after pages instead (slow, but deep pages of a storefront listing are rare).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from connectors.akeneo import normalise
from connectors.akeneo.client import AkeneoClient
from connectors.akeneo.keys import search, where
from connectors.akeneo.reads import ENABLED, MODELS, PRODUCTS, ProductReads, value_params
from connectors.akeneo.values import ValueReader
from connectors.models import ProductPage, ProductSearch

Raw = dict[str, Any]
PAGE_CAP = 10_000  # Akeneo: no offset page may start at or beyond this item
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    params: dict[str, str]


class Listing:
    def __init__(self, client: AkeneoClient, reads: ProductReads) -> None:
        self._client = client
        self._reads = reads

    async def page(self, request: ProductSearch, reader: ValueReader) -> ProductPage:
        models, simples = self._sources(request, reader)
        first, offset = max(0, min(request.first, MAX_LIMIT)), max(0, request.offset)
        if request.reverse:
            model_count, simple_count = await asyncio.gather(
                self._count(models), self._count(simples)
            )
            total = model_count + simple_count
            end = max(0, total - offset)
            start = max(0, end - first)
            found_models, found_simples = await asyncio.gather(
                self._span(models, start, min(end, model_count)),
                self._span(simples, max(0, start - model_count), max(0, end - model_count)),
            )
        else:
            found_models, model_count = await self._window(models, offset, first)
            simple_start, left = max(0, offset - model_count), first - len(found_models)
            found_simples, simple_count = await self._window(simples, simple_start, left)
            total = model_count + simple_count
        products = [
            *await self._reads.with_variants(found_models, reader),
            *self._reads.normalised(
                lambda: [normalise.simple_product(raw, reader) for raw in found_simples]
            ),
        ]
        if request.reverse:
            products.reverse()
        return ProductPage(tuple(products), total, offset + first < total)

    def _sources(self, request: ProductSearch, reader: ValueReader) -> tuple[Source, Source]:
        filters: dict[str, list[dict[str, Any]]] = {"parent": where("EMPTY")}
        if request.category_id:
            filters["categories"] = where("IN CHILDREN", [request.category_id])
        if request.query:
            filters["name"] = self._text_filter(request.query, reader)
        base = value_params(reader)
        return (
            Source(MODELS, base | {"search": search(**filters)}),
            Source(PRODUCTS, base | {"search": search(**filters, enabled=ENABLED)}),
        )

    def _text_filter(self, query: str, reader: ValueReader) -> list[dict[str, Any]]:
        name = reader.structure.attributes.get("name", {})
        where_: dict[str, str] = {}
        if name.get("localizable", True):
            where_["locale"] = reader.selection.locale
        if name.get("scopable", False):
            where_["scope"] = reader.selection.scope
        return where("CONTAINS", query, **where_)

    async def _count(self, source: Source) -> int:
        page = await self._client.page(source.path, _offset(source, 1, 1, with_count=True))
        return page.count or 0

    async def _window(self, source: Source, start: int, size: int) -> tuple[list[Raw], int]:
        """Items [start, start + size) of a source, and how many items it has in all."""
        if size <= 0:
            return [], await self._count(source)
        limit, pages = _covering(start, size)
        if (pages[-1] - 1) * limit >= PAGE_CAP:
            return await self._walk(source, start, size), await self._count(source)
        read = [self._client.page(source.path, _offset(source, n, limit, True)) for n in pages]
        found = await asyncio.gather(*read)
        items = [item for page in found for item in page.items]
        skip = start - (pages[0] - 1) * limit
        return items[skip : skip + size], found[0].count or 0

    async def _span(self, source: Source, start: int, end: int) -> list[Raw]:
        return (await self._window(source, start, end - start))[0] if end > start else []

    async def _walk(self, source: Source, start: int, size: int) -> list[Raw]:
        params = source.params | {"pagination_type": "search_after", "limit": str(MAX_LIMIT)}
        walked = await self._client.all_items(source.path, params, at_most=start + size)
        return walked[start : start + size]


def _offset(source: Source, page: int, limit: int, with_count: bool) -> dict[str, str]:
    paging = {"pagination_type": "page", "page": str(page), "limit": str(limit)}
    return source.params | paging | {"with_count": "true" if with_count else "false"}


def _covering(start: int, size: int) -> tuple[int, list[int]]:
    """A page size and the page numbers that cover [start, start + size): one page when
    some size up to 100 does, else two pages of `size`."""
    for limit in range(size, MAX_LIMIT + 1):
        if start // limit == (start + size - 1) // limit:
            return limit, [start // limit + 1]
    first = start // size + 1
    return size, [first, first + 1]
