"""ContentConnector over the sample database: pages by handle, blocks attached to products.

A `product-carousel` block's body lists product ids separated by spaces.
"""

from __future__ import annotations

from collections.abc import Sequence

from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import ContentBlock, Media, Page
from connectors.sample.db import Row, SampleDatabase
from connectors.sample.keyed import grouped, json_list
from connectors.sample.naming import language

BLOCK_COLUMNS = """b.id AS block_id, b.type, b.title_{lang} AS block_title,
       b.body_{lang} AS body, b.media_{lang} AS media"""
PAGES_SQL = f"""
SELECT pg.id, pg.handle, pg.title_{{lang}} AS title, {BLOCK_COLUMNS}
FROM pages pg LEFT JOIN content_blocks b ON b.page_id = pg.id
WHERE pg.handle IN ({{keys}})
ORDER BY pg.id, b.position
"""
PRODUCT_BLOCKS_SQL = f"""
SELECT b.product_id, {BLOCK_COLUMNS}
FROM content_blocks b WHERE b.product_id IN ({{keys}})
ORDER BY b.product_id, b.position
"""


class SampleContent:
    db: SampleDatabase

    async def pages(self, handles: Sequence[str], ctx: CommerceContext) -> Sequence[Page | None]:
        sql = PAGES_SQL.format(lang=language(ctx), keys="{keys}")
        rows = await self.db.fetch_in(sql, handles)
        found = {}
        for _, group in grouped(rows, "id"):
            first = group[0]
            # A page without blocks comes back as one row whose block columns are NULL.
            blocks = tuple(_block(row) for row in group if row["block_id"] is not None)
            found[first["handle"]] = Page(first["id"], first["handle"], first["title"], blocks)
        return in_key_order(handles, found)

    async def product_content(
        self, product_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[ContentBlock, ...]]:
        sql = PRODUCT_BLOCKS_SQL.format(lang=language(ctx), keys="{keys}")
        rows = await self.db.fetch_in(sql, product_ids)
        found = {pid: tuple(map(_block, group)) for pid, group in grouped(rows, "product_id")}
        return [found.get(pid, ()) for pid in product_ids]


def _block(row: Row) -> ContentBlock:
    media = tuple(Media(url, alt) for url, alt in json_list(row["media"]))
    return ContentBlock(row["block_id"], row["type"], row["block_title"], row["body"], media)
