"""Sample CMS: translated pages, blocks attached to products."""

from __future__ import annotations

from connectors.context import CommerceContext
from connectors.models import ProductSearch
from connectors.sample import SampleConnector

FR = CommerceContext(language="fr")
EN = CommerceContext(language="en")
HANDLES = ["home", "about", "click-and-collect", "size-guide"]


async def test_pages_exist_with_blocks_in_both_languages(connector: SampleConnector) -> None:
    french, english = await connector.pages(HANDLES, FR), await connector.pages(HANDLES, EN)
    for handle, fr, en in zip(HANDLES, french, english, strict=True):
        assert fr
        assert en
        assert fr.handle == en.handle == handle
        assert fr.blocks
        assert [b.id for b in fr.blocks] == [b.id for b in en.blocks]
        assert fr.title != en.title or handle == "home"
        assert [b.title for b in fr.blocks] != [b.title for b in en.blocks]


async def test_home_page_has_the_usual_block_types(connector: SampleConnector) -> None:
    home = (await connector.pages(["home"], EN))[0]
    assert home is not None
    assert {"hero", "product-carousel", "banner", "text"} <= {b.type for b in home.blocks}
    carousel = next(b for b in home.blocks if b.type == "product-carousel")
    product_ids = (carousel.body or "").split()
    assert len(product_ids) >= 4
    assert None not in await connector.products(product_ids, EN)


async def test_sized_products_get_a_size_guide_and_some_get_more(
    connector: SampleConnector,
) -> None:
    page = await connector.search(ProductSearch(first=5000), EN)
    sized = [p.id for p in page.products if any(o.name == "Size" for o in p.variants[0].options)]
    assert all(
        any(b.type == "size-guide" for b in blocks)
        for blocks in await connector.product_content(sized, EN)
    )
    everything = await connector.product_content([p.id for p in page.products], EN)
    types = [b.type for blocks in everything for b in blocks]
    editorial, video = types.count("editorial"), types.count("video")
    assert len(page.products) / 4 < editorial < len(page.products) / 2.5
    assert 0 < video < editorial
    assert () in everything
