"""The data the test Strapi is seeded with, deterministic, written as JSON for its bootstrap
(`src/seed.js`) and read by the tests to know what to expect.

Pages are the sample back office's CMS pages (same handles, titles and blocks, French and
English); `mentions-legales` exists only in French, so an English request falls back to it.
Product content hangs off the sample's product ids `P000001`…`P000030`: a size guide, an
editorial, a video, or nothing, by a fixed rule; `P000007` has no English translation.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from connectors.sample.content_pages import CAROUSEL, PAGES
from connectors.sample.product_text import CDN

DEFAULT_LOCALE = "fr"
LOCALES = ({"code": "fr", "name": "French (fr)"}, {"code": "en", "name": "English (en)"})
PRODUCT_COUNT = 30
PRODUCT_IDS = tuple(f"P{n:06d}" for n in range(1, PRODUCT_COUNT + 1))
CAROUSEL_IDS = " ".join(PRODUCT_IDS[:8])
FRENCH_ONLY_PAGE = "mentions-legales"
FRENCH_ONLY_PRODUCT = "P000007"

Json = dict[str, Any]


def _media(key: str, url: str, alt: str, mime: str) -> Json:
    name = url.rsplit("/", 1)[-1]
    digest = hashlib.sha1(url.encode()).hexdigest()[:16]
    return {
        "key": key,
        "name": name,
        "alt": alt,
        "hash": f"{name.rsplit('.', 1)[0]}_{digest}",
        "ext": "." + name.rsplit(".", 1)[-1],
        "mime": mime,
        "size": 12.5,
        "url": url,
    }


def _block(type_: str, title: str | None, body: str | None, media: list[str]) -> Json:
    return {"type": type_, "title": title, "body": body, "media": media}


def _pages(media: list[Json]) -> list[Json]:
    pages = []
    for handle, (title_fr, title_en, specs) in PAGES.items():
        blocks: dict[str, list[Json]] = {"fr": [], "en": []}
        for type_, block_fr, block_en, body_fr, body_en, image in specs:
            keys = []
            if image:
                keys = [f"content/{image}"]
                media.append(_media(keys[0], f"{CDN}/content/{image}", block_fr, "image/jpeg"))
            for lang, title, body in (("fr", block_fr, body_fr), ("en", block_en, body_en)):
                text = CAROUSEL_IDS if body == CAROUSEL else body
                blocks[lang].append(_block(type_, title, text, keys))
        pages.append(
            {
                "slug": handle,
                "localized": {
                    "fr": {"title": title_fr, "blocks": blocks["fr"]},
                    "en": {"title": title_en, "blocks": blocks["en"]},
                },
            }
        )
    legal = _block("text", "Éditeur", "Omnicanal SAS, 75011 Paris.", [])
    pages.append(
        {
            "slug": FRENCH_ONLY_PAGE,
            "localized": {"fr": {"title": "Mentions légales", "blocks": [legal]}},
        }
    )
    return pages


def _product_blocks(number: int, lang: str, video_key: str) -> list[Json]:
    fr = lang == "fr"
    blocks = []
    if number % 3:
        blocks.append(
            _block(
                "size-guide",
                "Guide des tailles" if fr else "Size guide",
                "Taille normalement." if fr else "Fits true to size.",
                [],
            )
        )
    if number % 2 == 0:
        blocks.append(
            _block(
                "editorial",
                "L'avis de notre expert" if fr else "Our expert's view",
                "« Solide et simple. »" if fr else "“Sturdy and simple.”",
                [],
            )
        )
    if number % 5 == 0:
        blocks.append(
            _block("video", "En vidéo" if fr else "Watch it in action", None, [video_key])
        )
    return blocks


def _product_contents(media: list[Json], product_ids: tuple[str, ...]) -> list[Json]:
    entries = []
    for number, product_id in enumerate(product_ids, 1):
        video_key = f"videos/{product_id}"
        if number % 5 == 0:
            url = f"{CDN}/videos/{product_id}.mp4"
            media.append(_media(video_key, url, f"Vidéo {product_id}", "video/mp4"))
        languages = ("fr",) if product_id == FRENCH_ONLY_PRODUCT else ("fr", "en")
        localized = {
            lang: {"blocks": _product_blocks(number, lang, video_key)} for lang in languages
        }
        if localized["fr"]["blocks"]:
            entries.append({"productId": product_id, "localized": localized})
    return entries


def dataset(product_ids: tuple[str, ...] = PRODUCT_IDS) -> Json:
    """Pages, and content for `product_ids` (the sample's by default; a composed setup
    passes its PIM's ids)."""
    media: list[Json] = []
    pages = _pages(media)
    product_contents = _product_contents(media, product_ids)
    return {
        "locales": list(LOCALES),
        "defaultLocale": DEFAULT_LOCALE,
        "media": media,
        "pages": pages,
        "productContents": product_contents,
    }


def expected_product_blocks(product_id: str, lang: str) -> list[Json]:
    """The seeded blocks of one product in one language, after the fallback to French."""
    for entry in dataset()["productContents"]:
        if entry["productId"] == product_id:
            localized = entry["localized"]
            blocks: list[Json] = (localized.get(lang) or localized[DEFAULT_LOCALE])["blocks"]
            return blocks
    return []


def write(path: Path, product_ids: tuple[str, ...] = PRODUCT_IDS) -> Path:
    path.write_bytes(orjson.dumps(dataset(product_ids), option=orjson.OPT_INDENT_2))
    return path
