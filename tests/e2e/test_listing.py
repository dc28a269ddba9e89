"""The listing query every storefront runs, end to end over HTTP on the sample."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from gateway.examples import LISTING
from tests.support.instrumented import Recorder
from tests.support.server import GraphQLClient

DECIMAL = re.compile(r"^\d+\.\d{2}$")


def _collation_key(title: str) -> str:
    """Titles sort as a reader expects: accents and case do not count."""
    decomposed = unicodedata.normalize("NFKD", title)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


async def test_listing_returns_24_priced_products_with_nearby_stock(gateway: GraphQLClient) -> None:
    products = (await gateway.data(LISTING))["products"]
    nodes = products["nodes"]
    assert len(nodes) == 24
    assert products["totalCount"] >= 2000
    assert products["pageInfo"]["hasNextPage"] is True
    assert len({n["id"] for n in nodes}) == 24
    for node in nodes:
        assert DECIMAL.match(node["price"]["amount"]), node["price"]
        assert node["price"]["currencyCode"] == "EUR"
        assert isinstance(node["loyaltyPoints"], int)
        stores = node["availability"]["stores"]
        assert len(stores) <= 3
        distances = [s["distanceKm"] for s in stores]
        assert distances == sorted(distances)
        assert all(s["quantityAvailable"] > 0 for s in stores)
    assert any(n["content"] for n in nodes), "some listed products carry CMS blocks"


async def test_compare_at_price_is_above_price_when_present(gateway: GraphQLClient) -> None:
    query = "{ products(first: 100) { nodes { price { amount } compareAtPrice { amount } } } }"
    nodes = (await gateway.data(query))["products"]["nodes"]
    discounted = [n for n in nodes if n["compareAtPrice"]]
    assert discounted, "the sample has products on sale"
    for n in discounted:
        assert float(n["compareAtPrice"]["amount"]) > float(n["price"]["amount"])


async def test_listing_makes_one_batch_call_per_connector_method(
    gateway: GraphQLClient, recorder: Recorder
) -> None:
    await gateway.data(LISTING)
    assert dict(recorder.calls) == {
        "search": 1,
        "prices": 1,
        "stock": 1,
        "all_stores": 1,
        "product_content": 1,
        "points_for": 1,
    }
    assert recorder.keys["prices"] == [24]
    assert recorder.keys["stock"] == [24]


async def test_batch_count_does_not_grow_with_the_page(
    gateway: GraphQLClient, recorder: Recorder
) -> None:
    await gateway.data(LISTING.replace("first: 24", "first: 96"))
    assert recorder.calls["prices"] == 1
    assert recorder.calls["stock"] == 1
    assert recorder.calls["points_for"] == 1
    assert recorder.keys["prices"] == [96]


async def test_cursors_page_through_without_overlap(gateway: GraphQLClient) -> None:
    query = """query($after: String) { products(first: 10, after: $after, sortKey: TITLE) {
      edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"""
    first = (await gateway.data(query, variables={"after": None}))["products"]
    end = first["pageInfo"]["endCursor"]
    second = (await gateway.data(query, variables={"after": end}))["products"]
    again = (await gateway.data(query, variables={"after": end}))["products"]
    ids_first = {e["node"]["id"] for e in first["edges"]}
    ids_second = [e["node"]["id"] for e in second["edges"]]
    assert len(ids_second) == 10
    assert ids_first.isdisjoint(ids_second)
    assert ids_second == [e["node"]["id"] for e in again["edges"]], "cursors are stable"
    assert second["pageInfo"]["hasPreviousPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    titles = [e["node"]["title"] for e in first["edges"] + second["edges"]]
    assert titles == sorted(titles, key=_collation_key)


async def test_first_above_100_is_a_coded_error(gateway: GraphQLClient) -> None:
    payload = await gateway.post("{ products(first: 101) { nodes { id } } }")
    assert payload["data"] is None
    error = payload["errors"][0]
    assert error["extensions"]["code"] == "ARGUMENT_OUT_OF_RANGE"
    assert "100" in error["message"]


async def test_a_forged_cursor_is_a_coded_error(gateway: GraphQLClient) -> None:
    payload = await gateway.post(
        '{ products(first: 5, after: "bm90LWEtY3Vyc29y") { nodes { id } } }'
    )
    assert payload["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_search_by_text_finds_matching_titles(gateway: GraphQLClient) -> None:
    query = """query @inContext(language: "en") {
      products(first: 20, query: "shears") { totalCount nodes { title } } }"""
    products = (await gateway.data(query))["products"]
    assert products["totalCount"] >= 1
    assert all("shears" in n["title"].lower() for n in products["nodes"])


async def test_sort_by_price_orders_prices(gateway: GraphQLClient) -> None:
    query = """{ products(first: 30, sortKey: PRICE) { nodes { price { amount } } } }"""
    nodes = (await gateway.data(query))["products"]["nodes"]
    reverse = (await gateway.data(query.replace("PRICE)", "PRICE, reverse: true)")))["products"]
    cheap = [float(n["price"]["amount"]) for n in nodes]
    dear = [float(n["price"]["amount"]) for n in reverse["nodes"]]
    assert max(cheap) <= min(dear)


async def test_the_shared_cache_spares_the_back_end_on_repeat(sample_dir: Path) -> None:
    from tests.conftest import instrumented_config
    from tests.support.instrumented import RECORDER
    from tests.support.server import running_gateway

    async with running_gateway(instrumented_config(sample_dir, cache=True)) as client:
        first = await client.data(LISTING)
        RECORDER.reset()
        second = await client.data(LISTING)
        assert second == first
        assert "prices" not in RECORDER.calls, "prices came from the shared cache"
        assert "stock" not in RECORDER.calls
