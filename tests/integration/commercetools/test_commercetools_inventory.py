"""Inventory entries per supply channel as stock per store and online, and stores from
channels."""

from __future__ import annotations

from dataclasses import replace

import pytest

from connectors.commercetools import CommercetoolsConnector, core
from connectors.context import CommerceContext
from connectors.geo import distance_km
from connectors.models import GeoPoint, LocationKind
from tests.integration.commercetools.conftest import API, ScriptedProxy
from tests.upstreams.commercetools import dataset as d
from tests.upstreams.commercetools import server

pytestmark = pytest.mark.integration

CTX = CommerceContext()
WAREHOUSE = len(d.SUPPLY) - 1


async def test_stock_per_store_and_online_from_the_warehouse(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    skus = list(d.ALL_SKUS[:8])
    levels = await connector.stock([*skus, "NO-SUCH-SKU"], CTX)
    assert levels[-1] is None
    channel_ids = mock.seeded.channels
    for index, (sku, level) in enumerate(zip(skus, levels, strict=False)):
        assert level is not None
        assert level.sku == sku
        assert level.online_quantity == d.stock(index, WAREHOUSE)
        expected = {
            channel_ids[store.key]: d.stock(index, position)
            for position, store in enumerate(d.STORES)
        }
        assert {s.location_id: s.quantity for s in level.stores} == expected
        assert [s.location_id for s in level.stores] == sorted(expected), "every store, in order"


async def test_out_of_stock_online_but_on_the_shelf_in_paris(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    sku = d.ALL_SKUS[3]  # every seventh SKU from the fourth: the click-and-collect case
    (level,) = await connector.stock([sku], CTX)
    assert level is not None
    assert not level.available_online
    paris = {mock.seeded.channels[s.key] for s in d.STORES[:2]}
    assert {s.location_id for s in level.stores if s.quantity > 0} == paris


async def test_every_page_of_entries_is_read(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core, "MAX_LIMIT", 100)
    before = proxy.count(f"{API}inventory")
    levels = await connector.stock(list(d.ALL_SKUS), CTX)
    pages = -(-len(d.ALL_SKUS) * len(d.SUPPLY) // 100)
    assert proxy.count(f"{API}inventory") - before == pages
    assert all(level is not None and len(level.stores) == len(d.STORES) for level in levels)


async def test_stores_come_from_channels_without_a_request(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, mock: server.CommercetoolsMockServer
) -> None:
    before = proxy.count(API)
    stores = list(await connector.all_stores(CTX))
    assert [s.code for s in stores] == sorted(s.key for s in d.STORES)
    assert all(s.kind is LocationKind.STORE for s in stores)
    rivoli = next(s for s in stores if s.code == "paris-rivoli")
    assert (rivoli.name, rivoli.address.line1, rivoli.address.city) == (
        "Omnicanal Paris Rivoli",
        "112 Rue de Rivoli",
        "Paris",
    )
    assert distance_km(rivoli.location, GeoPoint(48.8566, 2.3522)) < 2
    warehouse_id = mock.seeded.channels[d.WAREHOUSE]
    found = await connector.stores([warehouse_id, rivoli.id, "nope"], CTX)
    assert [(s.code, s.kind) if s else None for s in found] == [
        (d.WAREHOUSE, LocationKind.WAREHOUSE),
        ("paris-rivoli", LocationKind.STORE),
        None,
    ]
    by_code = await connector.stores_by_code(["lyon-part-dieu", "app"], CTX)
    assert [s.code if s else None for s in by_code] == ["lyon-part-dieu", None]
    assert proxy.count(API) == before
    assert await connector.all_stores(replace(CTX, country="GB")) == []
