"""Sample stores and stock: real French geography, the click-and-collect scenario."""

from __future__ import annotations

from connectors.context import CommerceContext
from connectors.geo import distance_km
from connectors.models import GeoPoint, LocationKind, ProductSearch
from connectors.sample import SCENARIO_OUT_OF_STOCK_ONLINE, SCENARIO_SKUS, SampleConnector

CTX = CommerceContext()
PARIS = GeoPoint(48.8566, 2.3522)
LYON = GeoPoint(45.7640, 4.8357)
MARSEILLE = GeoPoint(43.2965, 5.3698)


def near(point: GeoPoint, km: float, stores: list[GeoPoint]) -> int:
    return sum(1 for s in stores if distance_km(point, s) <= km)


async def test_stores_cover_france_at_real_coordinates(connector: SampleConnector) -> None:
    stores = list(await connector.all_stores(CTX))
    points = [s.location for s in stores]
    assert len(stores) >= 30
    assert near(PARIS, 16, points) >= 5
    assert near(LYON, 10, points) >= 2
    assert near(MARSEILLE, 15, points) >= 2
    assert all(41 < p.latitude < 51.5 and -5.5 < p.longitude < 10 for p in points)
    cities = {s.address.city for s in stores}
    assert {"Lille", "Bordeaux", "Toulouse", "Nantes", "Nice", "Strasbourg"} <= cities
    assert all(s.kind is LocationKind.STORE and s.opening_hours for s in stores)
    assert len({s.code for s in stores}) == len(stores)


async def test_warehouses_are_locations_but_not_stores(connector: SampleConnector) -> None:
    warehouses = await connector.stores(["W001", "W002"], CTX)
    assert all(w and w.kind is LocationKind.WAREHOUSE for w in warehouses)
    assert not {"W001", "W002"} & {s.id for s in await connector.all_stores(CTX)}


async def test_stores_by_code_match_stores_by_id(connector: SampleConnector) -> None:
    by_id = await connector.stores(["S001", "S009"], CTX)
    codes = [s.code for s in by_id if s]
    assert codes == ["PAR-RIVOLI", "LYO-PART-DIEU"]
    assert await connector.stores_by_code(codes, CTX) == by_id


async def test_stock_lists_every_store_and_sums_the_warehouses(
    connector: SampleConnector,
) -> None:
    store_ids = [s.id for s in await connector.all_stores(CTX)]
    level = (await connector.stock([SCENARIO_SKUS["watering_can"]], CTX))[0]
    assert level is not None
    assert [s.location_id for s in level.stores] == store_ids
    assert level.available_online
    assert all(s.quantity > 0 for s in level.stores)


async def test_scenario_skus_are_out_online_but_in_paris_stores(
    connector: SampleConnector,
) -> None:
    paris = {s.id for s in await connector.all_stores(CTX) if distance_km(PARIS, s.location) <= 16}
    for level in await connector.stock(list(SCENARIO_OUT_OF_STOCK_ONLINE), CTX):
        assert level is not None
        assert level.online_quantity == 0
        assert not level.available_online
        in_paris = [s for s in level.stores if s.location_id in paris and s.quantity > 0]
        out_paris = [s for s in level.stores if s.location_id in paris and s.quantity == 0]
        assert len(in_paris) >= 3
        assert out_paris


async def test_stock_is_realistically_uneven(connector: SampleConnector) -> None:
    page = await connector.search(ProductSearch(first=800), CTX)
    skus = [v.sku for p in page.products for v in p.variants]
    levels = [level for level in await connector.stock(skus, CTX) if level]
    assert len(levels) == len(skus)
    offline = [lv for lv in levels if not lv.available_online]
    nowhere = [lv for lv in offline if not any(s.quantity for s in lv.stores)]
    assert 0 < len(nowhere) < len(offline) < len(levels) // 10
    zeros = sum(1 for lv in levels for s in lv.stores if s.quantity == 0)
    assert 0.2 < zeros / (len(levels) * len(levels[0].stores)) < 0.7
