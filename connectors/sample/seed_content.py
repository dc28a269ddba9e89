"""Generates CMS pages and the content blocks attached to products."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

from connectors.sample.catalog_words import Word, words
from connectors.sample.content_pages import CAROUSEL, PAGES, BlockSpec
from connectors.sample.product_text import CDN, dump
from connectors.sample.seed_types import SeedProduct

EDITORIAL_SHARE = 1 / 3
VIDEO_SHARE = 0.08
CAROUSEL_SIZE = 8

SIZE_GUIDE_TITLE = Word("Guide des tailles", "Size guide")
SIZE_GUIDE_BODY = Word(
    "Taille normalement ; entre deux tailles, prenez la plus grande.",
    "Fits true to size; between two sizes, take the larger one.",
)
EDITORIAL_TITLE = Word("L'avis de notre expert", "Our expert's view")
VIDEO_TITLE = Word("En vidéo", "Watch it in action")
EDITORIALS = words(
    "Un excellent rapport qualité-prix, je le conseille.|Great value; I often recommend it.",
    "Nos clients le rachètent d'une saison à l'autre.|Customers buy it again season after season.",
    "Le bon choix pour débuter sans se tromper.|The safe choice to get started.",
    "Solide, simple à entretenir, fait pour durer.|Sturdy, easy to care for, built to last.",
)

BlockRow = tuple[object, ...]


class BlockIds:
    """Block ids in generation order: B00001, B00002, …"""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"B{self.count:05d}"


def seed_content(conn: sqlite3.Connection, rng: random.Random, products: list[SeedProduct]) -> None:
    ids = BlockIds()
    carousel = " ".join(p.id for p in products[:3] + rng.sample(products[3:], CAROUSEL_SIZE - 3))
    pages = []
    blocks: list[BlockRow] = []
    for position, (handle, (title_fr, title_en, specs)) in enumerate(PAGES.items(), 1):
        page_id = f"PG{position:02d}"
        pages.append((page_id, handle, title_fr, title_en))
        for index, spec in enumerate(specs):
            blocks.append(_page_block(ids.next(), page_id, index, spec, carousel))
    for product in products:
        blocks.extend(_product_blocks(ids, product, rng))
    conn.executemany("INSERT INTO pages VALUES (?,?,?,?)", pages)
    conn.executemany("INSERT INTO content_blocks VALUES (?,?,?,?,?,?,?,?,?,?,?)", blocks)


def _page_block(
    block_id: str, page_id: str, position: int, spec: BlockSpec, carousel: str
) -> BlockRow:
    type_, title_fr, title_en, body_fr, body_en, image = spec
    body_fr, body_en = (carousel, carousel) if body_fr == CAROUSEL else (body_fr, body_en)
    media_fr, media_en = _image(image, title_fr), _image(image, title_en)
    return (block_id, page_id, None, position, type_, title_fr, title_en, body_fr, body_en,
            media_fr, media_en)  # fmt: skip


def _image(path: str | None, alt: str) -> str:
    return dump([[f"{CDN}/content/{path}", alt]] if path else [])


def _product_blocks(ids: BlockIds, product: SeedProduct, rng: random.Random) -> Iterator[BlockRow]:
    specs: list[tuple[str, Word, Word | None, list[list[str]], list[list[str]]]] = []
    if any(variant.size for variant in product.variants):
        specs.append(("size-guide", SIZE_GUIDE_TITLE, SIZE_GUIDE_BODY, [], []))
    if rng.random() < EDITORIAL_SHARE:
        quote = rng.choice(EDITORIALS)
        specs.append(
            ("editorial", EDITORIAL_TITLE, Word(f"« {quote.fr} »", f"“{quote.en}”"), [], [])
        )
    if rng.random() < VIDEO_SHARE:
        url = f"{CDN}/videos/{product.id}.mp4"
        video_fr = [[url, f"Vidéo : {product.title.fr}"]]
        video_en = [[url, f"Video: {product.title.en}"]]
        specs.append(("video", VIDEO_TITLE, None, video_fr, video_en))
    for position, (type_, title, body, media_fr, media_en) in enumerate(specs):
        body_fr, body_en = (body.fr, body.en) if body else (None, None)
        yield (ids.next(), None, product.id, position, type_, title.fr, title.en,
               body_fr, body_en, dump(media_fr), dump(media_en))  # fmt: skip
