"""Listings: root product models then simple products, in Akeneo's order; offsets read as
offset pages, or walked with search-after pages past Akeneo's offset cap; reverse, text
queries and categories."""

from __future__ import annotations

import pytest
from akeneo_support import CTX, MODELS, PRODUCTS

from connectors.akeneo import AkeneoConnector, listing
from connectors.akeneo.client import API
from connectors.errors import UpstreamBadResponse
from connectors.models import ProductSearch, ProductSort
from tests.emulators.akeneo import RunningAkeneo, params

LISTED = 26 + 52  # root models, enabled simple products


async def ids(connector: AkeneoConnector, request: ProductSearch) -> list[str]:
    return [p.id for p in (await connector.search(request, CTX)).products]


async def test_pages_follow_models_then_simple_products(connector: AkeneoConnector) -> None:
    everything = await ids(connector, ProductSearch(first=100))
    assert len(everything) == LISTED
    assert everything[:2] == ["model:boot_classic", "model:boot_organic"]
    assert everything[25:27] == ["model:windbreaker_urban", "product:BAG-CLASSIC"]
    for offset, first in ((0, 7), (20, 7), (25, 1), (70, 10), (99, 5)):
        page = await connector.search(ProductSearch(first=first, offset=offset), CTX)
        assert [p.id for p in page.products] == everything[offset : offset + first]
        assert page.total_count == LISTED
        assert page.has_next_page == (offset + first < LISTED)


async def test_a_window_costs_one_offset_page_per_list(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    await connector.search(ProductSearch(first=10, offset=20), CTX)
    # Models 20..25 and simple products 0..3, each in one page; then the sub-models of the
    # two two-level models among them, and the variant products.
    assert dict(akeneo.counts) == {MODELS: 2, PRODUCTS: 2}


async def test_reverse_mirrors_the_listing(connector: AkeneoConnector) -> None:
    everything = await ids(connector, ProductSearch(first=100))
    backwards = [
        *await ids(connector, ProductSearch(first=50, reverse=True)),
        *await ids(connector, ProductSearch(first=50, offset=50, reverse=True)),
    ]
    assert backwards == everything[::-1]


async def test_sorts_akeneo_cannot_do_list_in_its_order(connector: AkeneoConnector) -> None:
    relevance = await ids(connector, ProductSearch(first=30))
    for sort in ProductSort:
        assert await ids(connector, ProductSearch(first=30, sort=sort)) == relevance


async def test_text_query_and_category(connector: AkeneoConnector) -> None:
    mugs = await connector.search(ProductSearch(first=20, query="TASSE"), CTX)
    assert mugs.total_count == 9
    assert {p.id.split("-")[0] for p in mugs.products} == {"product:MUG"}
    footwear = await connector.search(ProductSearch(first=20, category_id="footwear"), CTX)
    assert footwear.total_count == 8
    assert all(p.category_ids[0].startswith("footwear_") for p in footwear.products)


async def test_past_the_offset_cap_the_window_is_walked_with_search_after(
    connector: AkeneoConnector, akeneo: RunningAkeneo, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = await ids(connector, ProductSearch(first=100))
    # A PIM whose offset cap is 30 items rather than 10,000, on both sides.
    monkeypatch.setattr(params, "MAX_OFFSET", 30)
    monkeypatch.setattr(listing, "PAGE_CAP", 30)
    akeneo.counts.clear()
    assert await ids(connector, ProductSearch(first=8, offset=40)) == everything[40:48]
    with pytest.raises(UpstreamBadResponse):  # the emulator enforces the cap it documents
        await connector.client.page(f"{API}/products", {"page": "4", "limit": "10"})


async def test_search_after_pages_cover_a_collection_once(
    connector: AkeneoConnector, akeneo: RunningAkeneo
) -> None:
    params_ = {"pagination_type": "search_after", "limit": "7"}
    walked = await connector.client.all_items(f"{API}/products", params_)
    identifiers = [p["identifier"] for p in walked]
    assert len(identifiers) == len(set(identifiers)) == len(akeneo.catalogue.products)
    assert identifiers == sorted(identifiers, key=str.lower)
