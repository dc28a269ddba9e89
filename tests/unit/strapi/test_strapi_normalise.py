"""Strapi 5 answers (recorded from the test Strapi, `recorded/`) to canonical models, and the
settings and query strings around them. No Strapi needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from connectors.base import SettingsError
from connectors.models import ContentBlock, Media, Page
from connectors.strapi import SPEC, normalise, query

RECORDED = Path(__file__).parent / "recorded"
CDN = "https://cdn.omnicanal.dev"
PREFIX = "https://cms.example.com"


def recorded(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((RECORDED / name).read_text())["data"]
    return data


def test_a_page() -> None:
    home, about = recorded("pages_en.json")
    page = normalise.page(home, "slug", PREFIX)
    doc = home["documentId"]
    assert page == Page(
        id=doc,
        handle="home",
        title="Home",
        blocks=(
            ContentBlock(
                f"{doc}.0",
                "hero",
                "Spring has come to the garden",
                "Tools, watering and furniture: everything for sunny days.",
                (
                    Media(
                        f"{CDN}/content/home/hero-spring.jpg", "Le printemps s'installe au jardin"
                    ),
                ),
            ),
            ContentBlock(
                f"{doc}.1",
                "product-carousel",
                "Our best sellers",
                "P000001 P000002 P000003 P000004 P000005 P000006 P000007 P000008",
            ),
            ContentBlock(
                f"{doc}.2",
                "banner",
                "Double points in store",
                "With your loyalty card, every euro spent in store earns twice the points.",
                (Media(f"{CDN}/content/home/banner-loyalty.jpg", "Double points en magasin"),),
            ),
            ContentBlock(
                f"{doc}.3",
                "text",
                "Click and collect in 2 hours",
                "Order online and collect free of charge from any of our 32 stores.",
            ),
        ),
    )
    assert normalise.page(about, "slug", PREFIX).title == "About us"


def test_product_content_blocks() -> None:
    with_video, _ = recorded("product_contents_fr.json")
    blocks = normalise.blocks(with_video, PREFIX)
    assert [(b.type, b.title, b.body) for b in blocks] == [
        ("size-guide", "Guide des tailles", "Taille normalement."),
        ("video", "En vidéo", None),
    ]
    assert blocks[1].media == (Media(f"{CDN}/videos/P000005.mp4", "Vidéo P000005"),)


def test_relative_media_urls_and_empty_texts() -> None:
    raw = {
        "type": "hero",
        "title": "",
        "body": None,
        "media": {"url": "/uploads/hero_1a2b.jpg", "alternativeText": ""},
    }
    block = normalise.block(raw, "doc.0", PREFIX)
    assert block == ContentBlock(
        "doc.0", "hero", None, None, (Media(f"{PREFIX}/uploads/hero_1a2b.jpg", None),)
    )


def test_an_entry_without_blocks() -> None:
    assert normalise.blocks({"documentId": "d", "blocks": None}, PREFIX) == ()
    assert normalise.blocks({"documentId": "d"}, PREFIX) == ()


@pytest.mark.parametrize(
    "raw",
    [
        {"slug": "home", "title": "Home"},
        {"documentId": "d", "slug": "home", "title": 3},
        {"documentId": "d", "slug": "home", "title": "Home", "blocks": {"type": "x"}},
        {"documentId": "d", "slug": "home", "title": "Home", "blocks": [{"title": "no type"}]},
        {
            "documentId": "d",
            "slug": "home",
            "title": "Home",
            "blocks": [{"type": "t", "media": [{}]}],
        },
    ],
)
def test_unreadable_entries_raise(raw: dict[str, Any]) -> None:
    with pytest.raises((KeyError, TypeError)):
        normalise.page(raw, "slug", PREFIX)


def test_settings_from_a_config_table() -> None:
    settings = SPEC.parse_settings(
        {"base_url": "http://cms:1337/", "api_token": "t", "locales": {"fr": "fr", "EN": "en-GB"}}
    )
    assert settings.locale_for("fr-BE") == "fr"
    assert settings.locale_for("en") == "en-GB"
    assert settings.locale_for("de") == "fr"
    assert settings.media_prefix == "http://cms:1337"
    assert SPEC.parse_settings({"base_url": "u", "api_token": "t"}).locale_for("en") == "en"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"base_url": "u"}, "api_token"),
        ({"base_url": "u", "api_token": ""}, "api_token"),
        ({"base_url": "u", "api_token": "t", "page_size": 101}, "page_size"),
        ({"base_url": "u", "api_token": "t", "locales": ["fr"]}, "locales"),
        ({"base_url": "u", "api_token": "t", "locales": {"fr": 1}}, "locales"),
        ({"base_url": "u", "api_token": "t", "token": "t"}, "token"),
    ],
)
def test_settings_mistakes_name_the_key(raw: dict[str, Any], key: str) -> None:
    with pytest.raises(SettingsError) as raised:
        SPEC.parse_settings(raw)
    assert raised.value.key == key


def test_find_params() -> None:
    params = query.find_params("slug", ["home", "a,b"], "en", ("slug", "title"), 2, 100)
    assert params["filters[slug][$in][0]"] == "home"
    assert params["filters[slug][$in][1]"] == "a,b"
    assert params["fields[1]"] == "title"
    assert params["locale"] == "en"
    assert (params["pagination[page]"], params["pagination[pageSize]"]) == ("2", "100")
    assert params["populate[blocks][populate][media][fields][0]"] == "url"
