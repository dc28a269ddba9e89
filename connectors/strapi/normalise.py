"""Strapi 5 Content API entries to canonical models.

Strapi 5 answers flattened entries (`{"documentId", "slug", "title", "blocks": [...]}`, no
v4 `attributes` wrapper). Blocks are a repeatable component whose entries have `type`,
`title`, `body` and a multiple media field `media` (`url`, `alternativeText`). A KeyError,
TypeError or ValueError here means an unreadable answer; the connector turns it into
UpstreamBadResponse.
"""

from __future__ import annotations

from typing import Any

from connectors.models import ContentBlock, Media, Page

Raw = dict[str, Any]


def page(raw: Raw, handle_field: str, media_prefix: str) -> Page:
    document_id = _text(raw["documentId"])
    return Page(
        id=document_id,
        handle=_text(raw[handle_field]),
        title=_text(raw["title"]),
        blocks=blocks(raw, media_prefix),
    )


def blocks(raw: Raw, media_prefix: str) -> tuple[ContentBlock, ...]:
    """The entry's blocks, ids `<documentId>.<position>`: component row ids change each
    time Strapi publishes, a document's id and a block's place in it do not."""
    document_id = _text(raw["documentId"])
    components = raw.get("blocks") or []
    if not isinstance(components, list):
        raise TypeError("blocks is not a list")
    return tuple(
        block(component, f"{document_id}.{position}", media_prefix)
        for position, component in enumerate(components)
    )


def block(raw: Raw, block_id: str, media_prefix: str) -> ContentBlock:
    files = raw.get("media") or ()
    if isinstance(files, dict):  # a single media field
        files = (files,)
    return ContentBlock(
        id=block_id,
        type=_text(raw["type"]),
        title=_optional(raw.get("title")),
        body=_optional(raw.get("body")),
        media=tuple(media(file, media_prefix) for file in files),
    )


def media(raw: Raw, media_prefix: str) -> Media:
    url = _text(raw["url"])
    # The local upload provider stores "/uploads/x.jpg"; CDN providers store absolute URLs.
    if url.startswith("/"):
        url = media_prefix + url
    return Media(url=url, alt=_optional(raw.get("alternativeText")))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _optional(value: object) -> str | None:
    if value is None:
        return None
    return _text(value) or None
