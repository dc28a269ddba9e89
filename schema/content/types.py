"""CMS content: pages and the blocks attached to products."""

from __future__ import annotations

import strawberry

from connectors import models
from schema.common import Node
from schema.ids import to_global_id


@strawberry.type
class Media:
    url: str
    alt: str | None

    @classmethod
    def of(cls, media: models.Media) -> Media:
        return cls(url=media.url, alt=media.alt)


@strawberry.type
class ContentBlock:
    id: strawberry.ID
    type: str
    title: str | None
    body: str | None
    media: list[Media]

    @classmethod
    def of(cls, block: models.ContentBlock) -> ContentBlock:
        return cls(
            id=strawberry.ID(to_global_id("ContentBlock", block.id)),
            type=block.type,
            title=block.title,
            body=block.body,
            media=[Media.of(m) for m in block.media],
        )


@strawberry.type
class Page(Node):
    id: strawberry.ID
    handle: str
    title: str
    blocks: list[ContentBlock]

    @classmethod
    def of(cls, page: models.Page) -> Page:
        # The global ID carries the handle: pages are addressed by handle upstream.
        return cls(
            id=strawberry.ID(to_global_id("Page", page.handle)),
            handle=page.handle,
            title=page.title,
            blocks=[ContentBlock.of(b) for b in page.blocks],
        )
