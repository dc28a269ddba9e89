"""Stores, stock per store, and the "closest store that has it" answer."""

from __future__ import annotations

from connectors.geo import distance_km
from connectors.models import GeoPoint
from gateway.examples import PICKUP_OPTIONS, STORES_NEAR_PARIS
from tests.support.server import GraphQLClient

PARIS = GeoPoint(48.8566, 2.3522)


async def test_stores_near_paris_are_sorted_by_distance_within_radius(
    gateway: GraphQLClient,
) -> None:
    stores = (await gateway.data(STORES_NEAR_PARIS))["stores"]
    assert len(stores) >= 5
    distances = [
        distance_km(PARIS, GeoPoint(s["location"]["latitude"], s["location"]["longitude"]))
        for s in stores
    ]
    assert distances == sorted(distances)
    assert max(distances) <= 16
    assert all(s["openingHours"] for s in stores)


async def test_store_by_code_and_by_id_agree(gateway: GraphQLClient) -> None:
    first = (await gateway.data("{ stores(first: 1) { id code name } }"))["stores"][0]
    by_code = await gateway.data(
        "query($c: String!) { store(code: $c) { id name } }", variables={"c": first["code"]}
    )
    by_id = await gateway.data(
        "query($i: ID!) { store(id: $i) { code } }", variables={"i": first["id"]}
    )
    assert by_code["store"] == {"id": first["id"], "name": first["name"]}
    assert by_id["store"] == {"code": first["code"]}


async def test_stores_in_lyon_and_marseille(gateway: GraphQLClient) -> None:
    stores = (await gateway.data("{ stores(first: 100) { address { city } } }"))["stores"]
    cities = [s["address"]["city"] for s in stores]
    assert len(stores) >= 30
    assert sum(c.startswith("Lyon") for c in cities) >= 2
    assert sum(c.startswith("Marseille") for c in cities) >= 2


async def test_pickup_options_lists_stores_holding_every_line_nearest_first(
    gateway: GraphQLClient,
) -> None:
    from connectors.sample import SCENARIO_SKUS

    skus = list(SCENARIO_SKUS.values())
    lines = [{"sku": sku, "quantity": 1} for sku in skus]
    options = (await gateway.data(PICKUP_OPTIONS, variables={"lines": lines}))["pickupOptions"]
    assert options, "the scenario SKUs are in stock in Paris stores"
    distances = [o["distanceKm"] for o in options]
    assert distances == sorted(distances)
    assert max(distances) <= 16
    stock_query = """query($sku: String!) { product(sku: $sku) { availability {
      stores(near: {latitude: 48.8566, longitude: 2.3522}, radiusKm: 16, first: 50) {
        quantityAvailable store { code } } } } }"""
    for sku in skus:
        data = await gateway.data(stock_query, variables={"sku": sku})
        holding = {s["store"]["code"] for s in data["product"]["availability"]["stores"]}
        assert {o["store"]["code"] for o in options} <= holding


async def test_pickup_options_refuses_what_no_store_has(gateway: GraphQLClient) -> None:
    lines = [{"sku": "NO-SUCH-SKU", "quantity": 1}]
    options = (await gateway.data(PICKUP_OPTIONS, variables={"lines": lines}))["pickupOptions"]
    assert options == []
    many = [{"sku": "NO-SUCH-SKU", "quantity": 0}]
    payload = await gateway.post(PICKUP_OPTIONS, variables={"lines": many})
    assert payload["errors"][0]["extensions"]["code"] == "INVALID_QUANTITY"


async def test_kiosk_in_a_store_sees_that_stores_shelf(
    gateway: GraphQLClient, any_channel: dict[str, str]
) -> None:
    gateway = gateway.with_headers(any_channel)
    from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE

    sku = SCENARIO_OUT_OF_STOCK_ONLINE[0]
    where = """query($sku: String!) { product(sku: $sku) { availability {
      quantityAvailable availableForSale
      stores(first: 1) { quantityAvailable store { id } } } } }"""
    online = (await gateway.data(where, variables={"sku": sku}))["product"]["availability"]
    assert online["availableForSale"] is False, "scenario SKUs are out of stock online"
    shelf = online["stores"][0]
    kiosk = await gateway.data(
        where.replace(
            "query($sku: String!)",
            "query($sku: String!, $store: ID) @inContext(channel: KIOSK, store: $store)",
        ),
        variables={"sku": sku, "store": shelf["store"]["id"]},
    )
    in_store = kiosk["product"]["availability"]
    assert in_store["quantityAvailable"] == shelf["quantityAvailable"]
    assert in_store["availableForSale"] is True
