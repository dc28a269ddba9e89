"""Product listings: arguments to a ProductSearch, a ProductPage to a Relay connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from connectors import models
from schema.common import PageInfo
from schema.context import Info
from schema.errors import UserInputError
from schema.ids import offset_after, offset_cursor
from schema.limits import check_first

# Search text a shopper types: a few words. Longer text is a paste or an attack, and every
# word costs the back end a substring match (SQLite refuses very long or many patterns).
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 20

if TYPE_CHECKING:
    from schema.catalog.types import ProductConnection


def listing_request(
    first: int | None,
    after: str | None,
    *,
    query: str | None = None,
    category_id: str | None = None,
    sort: models.ProductSort = models.ProductSort.RELEVANCE,
    reverse: bool = False,
) -> models.ProductSearch:
    page_size = check_first(first)
    return models.ProductSearch(
        first=page_size,
        offset=offset_after(after),
        query=search_text(query),
        category_id=category_id,
        sort=sort,
        reverse=reverse,
    )


def search_text(query: str | None) -> str | None:
    """The search text, stripped; refused beyond MAX_QUERY_LENGTH characters or
    MAX_QUERY_WORDS words (the message says the limit, never the text)."""
    text = query.strip() if query else ""
    if len(text) > MAX_QUERY_LENGTH or len(text.split()) > MAX_QUERY_WORDS:
        raise UserInputError(
            "ARGUMENT_OUT_OF_RANGE",
            f"`query` takes at most {MAX_QUERY_LENGTH} characters and {MAX_QUERY_WORDS} words",
            ["query"],
        )
    return text or None


async def search_products(info: Info, request: models.ProductSearch) -> ProductConnection:
    ctx = info.context
    page = await ctx.loaders.product_search.load(ctx.commerce, request)
    return to_connection(page, request.offset)


def to_connection(page: models.ProductPage, offset: int) -> ProductConnection:
    from schema.catalog.types import Product, ProductConnection, ProductEdge

    nodes = [Product.of(p) for p in page.products]
    edges = [ProductEdge(cursor=offset_cursor(offset + i), node=n) for i, n in enumerate(nodes)]
    info = PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return ProductConnection(edges=edges, nodes=nodes, page_info=info, total_count=page.total_count)


def empty_connection() -> ProductConnection:
    return to_connection(models.ProductPage(products=(), total_count=0, has_next_page=False), 0)
