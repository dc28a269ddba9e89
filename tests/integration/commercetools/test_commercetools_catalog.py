"""Products, categories and listings from the mock; batches in chunks of 500 keys at most
and under the URL length, counted through the proxy."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs

import pytest

from connectors.commercetools import CommercetoolsConnector
from connectors.context import CommerceContext
from connectors.models import ProductSearch, ProductSort
from tests.integration.commercetools.conftest import API, MakeConnector, ScriptedProxy
from tests.upstreams.commercetools import dataset as d
from tests.upstreams.commercetools import server

pytestmark = pytest.mark.integration

CTX = CommerceContext()
EN = replace(CTX, language="en")
PROJECTIONS = f"{API}product-projections"


def _where_values(proxy: ScriptedProxy, last: int) -> list[str]:
    return [parse_qs(q)["where"][0] for q in proxy.queries[-last:]]


async def test_products_by_id_handle_and_any_sku(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    gloves = d.PRODUCTS[1]
    product_id = mock.seeded.products[gloves.key]
    (by_id,) = await connector.products([product_id], CTX)
    assert by_id is not None
    assert (by_id.handle, by_id.title, by_id.brand) == (gloves.slug_fr, gloves.name_fr, "Verdure")
    assert [v.sku for v in by_id.variants] == [v.sku for v in gloves.variants]
    assert [v.title for v in by_id.variants] == ["S", "M", "L"]
    (by_handle,) = await connector.products_by_handle([gloves.slug_en], EN)
    assert by_handle is not None
    assert (by_handle.id, by_handle.title) == (product_id, gloves.name_en)
    found = await connector.products_by_sku([gloves.variants[2].sku, "CT-0001", "NOPE"], CTX)
    assert [p.id if p else None for p in found] == [
        product_id,
        mock.seeded.products["ct-p001"],
        None,
    ]


async def test_lenum_axes_read_in_the_context_language(
    connector: CommercetoolsConnector,
) -> None:
    (can,) = await connector.products_by_sku(["CT-0006-GREEN"], EN)
    assert can is not None
    assert [(o.name, o.value) for v in can.variants for o in v.options] == [
        ("Colour", "Green"),
        ("Colour", "Grey"),
    ]


async def test_more_than_500_keys_are_read_in_chunks_of_500(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, mock: server.CommercetoolsMockServer
) -> None:
    # Short unknown keys, so that the count, not the URL length, is what splits the batch.
    known = [mock.seeded.products["ct-p001"], mock.seeded.products["ct-p040"]]
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    unknown = [a + b for a in alphabet for b in alphabet][:600]
    keys = [*known, *unknown, known[0]]
    before = proxy.count(PROJECTIONS)
    found = await connector.products(keys, CTX)
    assert proxy.count(PROJECTIONS) - before == 2
    assert sorted(w.count('"') // 2 for w in _where_values(proxy, 2)) == [102, 500]
    assert [p.id if p else None for p in found] == [*known, *[None] * 600, known[0]]


async def test_a_batch_is_split_further_to_keep_urls_short(
    make_connector: MakeConnector, proxy: ScriptedProxy
) -> None:
    connector = make_connector(max_query_length=1_000)
    await connector.start()
    skus = list(d.ALL_SKUS)
    before = proxy.count(PROJECTIONS)
    found = await connector.products_by_sku(skus, CTX)
    calls = proxy.count(PROJECTIONS) - before
    assert calls > 2
    assert all(len(q) <= 1_100 for q in proxy.queries[-calls:])
    assert all(
        p is not None and sku in {v.sku for v in p.variants}
        for sku, p in zip(skus, found, strict=True)
    )


async def test_categories_by_id_and_handle(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    ids = mock.seeded.categories
    found = await connector.categories([ids["watering"], "nope", ids["garden"]], EN)
    assert [(c.handle, c.title, c.parent_id) if c else None for c in found] == [
        ("watering", "Watering", ids["garden"]),
        None,
        ("garden", "Garden", None),
    ]
    by_handle = await connector.categories_by_handle(["arrosage", "maison"], CTX)
    assert [c.id if c else None for c in by_handle] == [ids["watering"], ids["home"]]


async def test_listings_page_sort_and_reverse(connector: CommercetoolsConnector) -> None:
    first = await connector.search(ProductSearch(first=15, sort=ProductSort.TITLE), EN)
    second = await connector.search(ProductSearch(first=15, offset=15, sort=ProductSort.TITLE), EN)
    titles = [p.title for p in (*first.products, *second.products)]
    assert titles == sorted(p.name_en for p in d.PRODUCTS)[:30]
    assert first.total_count == d.PRODUCT_COUNT
    assert first.has_next_page
    last = await connector.search(ProductSearch(first=5, sort=ProductSort.TITLE, reverse=True), EN)
    assert [p.title for p in last.products] == sorted(p.name_en for p in d.PRODUCTS)[::-1][:5]
    newest = await connector.search(ProductSearch(first=3, sort=ProductSort.CREATED_AT), CTX)
    assert [p.sku for p in newest.products] == ["CT-0001", "CT-0002-S", "CT-0003"]
    tail = await connector.search(ProductSearch(first=10, offset=35), CTX)
    assert (len(tail.products), tail.has_next_page) == (5, False)


async def test_a_category_lists_everything_below_it(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    garden = mock.seeded.categories["garden"]
    page = await connector.search(ProductSearch(first=100, category_id=garden), CTX)
    garden_keys = {"garden-tools", "watering"}
    expected = {mock.seeded.products[p.key] for p in d.PRODUCTS if p.category in garden_keys}
    assert {p.id for p in page.products} == expected
    assert page.total_count == len(expected)


async def test_a_text_query_searches_names_in_the_locale(
    connector: CommercetoolsConnector, proxy: ScriptedProxy
) -> None:
    before = proxy.count(f"{API}products/search")
    page = await connector.search(ProductSearch(first=10, query="Lampe de table"), CTX)
    assert proxy.count(f"{API}products/search") - before == 1
    assert sorted(p.title for p in page.products) == [
        "Lampe de table Classique",
        "Lampe de table Pro",
    ]
    assert page.total_count == 2
    english = await connector.search(ProductSearch(first=10, query="Table lamp"), EN)
    assert len(english.products) == 2
