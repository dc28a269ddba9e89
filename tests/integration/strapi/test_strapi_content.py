"""The Strapi connector against a real Strapi 5 seeded with tests/upstreams/strapi/seed.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from connectors.context import CommerceContext
from connectors.models import ContentBlock, Page
from connectors.strapi import StrapiConnector
from tests.integration.strapi.conftest import MakeConnector
from tests.upstreams.proxy import CountingProxy
from tests.upstreams.strapi import seed

pytestmark = pytest.mark.integration

FR = CommerceContext(language="fr")
EN = CommerceContext(language="en")
MISSING = "no-such-key"


Block = tuple[str, str | None, str | None, list[tuple[str, str | None]]]
MEDIA = {m["key"]: (m["url"], m["alt"]) for m in seed.dataset()["media"]}


def _seeded(blocks: list[seed.Json]) -> list[Block]:
    """Seeded blocks as (type, title, body, [(url, alt)])."""
    return [(b["type"], b["title"], b["body"], [MEDIA[k] for k in b["media"]]) for b in blocks]


def _mapped(blocks: tuple[ContentBlock, ...]) -> list[Block]:
    return [(b.type, b.title, b.body, [(m.url, m.alt) for m in b.media]) for b in blocks]


def _seeded_page(handle: str, lang: str) -> seed.Json:
    page = next(p for p in seed.dataset()["pages"] if p["slug"] == handle)
    localized: seed.Json = page["localized"][lang]
    return localized


async def test_a_page_in_french_and_in_english(connector: StrapiConnector) -> None:
    [fr] = await connector.pages(["home"], FR)
    [en] = await connector.pages(["home"], EN)
    assert isinstance(fr, Page)
    assert isinstance(en, Page)
    assert (fr.handle, fr.title, en.handle, en.title) == ("home", "Accueil", "home", "Home")
    assert fr.id == en.id, "one Strapi document, two locales"
    assert [b.id for b in fr.blocks] == [b.id for b in en.blocks]
    assert [b.title for b in fr.blocks] != [b.title for b in en.blocks]
    for page, lang in ((fr, "fr"), (en, "en")):
        assert _mapped(page.blocks) == _seeded(_seeded_page("home", lang)["blocks"])
    hero = en.blocks[0]
    assert hero.type == "hero"
    assert hero.media[0].url == f"{seed.CDN}/content/home/hero-spring.jpg"
    assert hero.media[0].alt == "Le printemps s'installe au jardin"


async def test_missing_pages_are_none_in_key_order(
    connector: StrapiConnector, proxy: CountingProxy
) -> None:
    before = proxy.count()
    pages = await connector.pages([MISSING, "about", "home", MISSING, "about"], FR)
    assert [p.handle if p else None for p in pages] == [None, "about", "home", None, "about"]
    assert proxy.count() - before == 1


async def test_no_keys_no_request(connector: StrapiConnector, proxy: CountingProxy) -> None:
    before = proxy.count()
    assert await connector.pages([], FR) == []
    assert await connector.product_content([], FR) == []
    assert proxy.count() == before


async def test_a_missing_translation_falls_back_to_the_default_locale(
    connector: StrapiConnector, proxy: CountingProxy
) -> None:
    before = proxy.count()
    legal, home, missing = await connector.pages([seed.FRENCH_ONLY_PAGE, "home", MISSING], EN)
    assert proxy.count() - before == 2, "one request in English, one in French for the rest"
    assert "home" not in proxy.queries[-1]
    assert legal is not None
    assert legal.title == "Mentions légales"
    assert home is not None
    assert home.title == "Home"
    assert missing is None
    [blocks] = await connector.product_content([seed.FRENCH_ONLY_PRODUCT], EN)
    assert _mapped(blocks) == _seeded(seed.expected_product_blocks(seed.FRENCH_ONLY_PRODUCT, "fr"))


@pytest.mark.parametrize(
    ("language", "title"), [("en-GB", "Home"), ("EN", "Home"), ("de", "Accueil")]
)
async def test_languages_map_to_locales(
    connector: StrapiConnector, language: str, title: str
) -> None:
    [page] = await connector.pages(["home"], replace(FR, language=language))
    assert page is not None
    assert page.title == title


@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_product_content_blocks(connector: StrapiConnector, lang: str) -> None:
    ids = list(seed.PRODUCT_IDS)
    found = await connector.product_content([*ids, MISSING], replace(FR, language=lang))
    assert len(found) == len(ids) + 1
    assert found[-1] == ()
    for product_id, blocks in zip(ids, found, strict=False):
        assert _mapped(blocks) == _seeded(seed.expected_product_blocks(product_id, lang))
    assert found[2] == (), "P000003 has no content"
    video = found[4][-1]
    assert (video.type, video.body) == ("video", None)
    assert video.media[0].url == f"{seed.CDN}/videos/P000005.mp4"
    assert video.id.endswith(".1")


async def test_batches_above_100_keys_are_chunked(
    connector: StrapiConnector, proxy: CountingProxy
) -> None:
    keys = [f"{MISSING}-{i}" for i in range(250)]
    placed = {0: "P000001", 99: "P000002", 100: "P000004", 199: "P000005", 249: "P000010"}
    for index, product_id in placed.items():
        keys[index] = product_id
    before = proxy.count()
    found = await connector.product_content([*keys, *keys[:10]], FR)
    assert proxy.count() - before == 3, "250 distinct keys: three requests of at most 100"
    assert len(found) == 260
    for index, product_id in placed.items():
        assert _mapped(found[index]) == _seeded(seed.expected_product_blocks(product_id, "fr"))
    assert sum(1 for blocks in found[:250] if blocks) == len(placed)
    assert found[250] == found[0]


async def test_a_smaller_page_size_makes_more_chunks(
    make_connector: MakeConnector, proxy: CountingProxy
) -> None:
    connector = make_connector(page_size=10)
    before = proxy.count()
    found = await connector.product_content(list(seed.PRODUCT_IDS), FR)
    assert proxy.count() - before == 3
    assert sum(1 for blocks in found if blocks) == len(seed.dataset()["productContents"])


async def test_relative_media_urls_get_the_media_base_url(make_connector: MakeConnector) -> None:
    # The seeded files have absolute (CDN) URLs: the prefix must leave them alone.
    connector = make_connector(media_base_url="https://cms.example.com")
    [page] = await connector.pages(["home"], FR)
    assert page is not None
    assert page.blocks[0].media[0].url.startswith(seed.CDN)


async def test_check_passes(connector: StrapiConnector) -> None:
    await connector.check()
