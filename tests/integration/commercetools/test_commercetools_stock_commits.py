"""Stock taken by checkout from inventory entries: all lines or none, once per key, put back
by release, and an entry changed behind the connector's back read again and retried once.

The mock is shared by the whole run: every test puts back what it took (SKUs at the end of
the dataset, which no test reads exact quantities of)."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

import pytest
from aiohttp import web

from connectors.commercetools import CommercetoolsConnector
from connectors.commercetools.stock_commits import CONTAINER, record_key
from connectors.context import CommerceContext
from connectors.models import LineRequest, StockCommit, StockLevel, StockShortage
from tests.integration.commercetools.conftest import API, DirectApi, ScriptedProxy
from tests.upstreams.commercetools import dataset as d
from tests.upstreams.commercetools import server

pytestmark = pytest.mark.integration

CTX = CommerceContext()
INVENTORY = f"{API}inventory"


def _key() -> str:
    return uuid.uuid4().hex


def _shelf(level: StockLevel | None, store_id: str) -> int:
    assert level is not None
    return next(s.quantity for s in level.stores if s.location_id == store_id)


def _online(level: StockLevel | None) -> int:
    assert level is not None
    return level.online_quantity


async def _entry(direct: DirectApi, sku: str, channel_id: str) -> dict[str, object]:
    where = f'sku = "{sku}" and supplyChannel(id = "{channel_id}")'
    found = await direct.call("GET", f"/inventory?{urlencode({'where': where})}")
    (entry,) = found["results"]
    result: dict[str, object] = entry
    return result


async def test_a_store_commit_takes_from_that_shelf_only(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    bastille = mock.seeded.channels["paris-bastille"]
    skus = ["CT-0038", "CT-0036-L"]
    before = await connector.stock(skus, CTX)
    key = _key()
    lines = (LineRequest("CT-0038", 3), LineRequest("CT-0036-L", 1), LineRequest("CT-0036-L", 1))
    assert await connector.commit_stock(StockCommit(key, lines, bastille), CTX) == ()
    after = await connector.stock(skus, CTX)
    assert [_shelf(lv, bastille) for lv in after] == [
        _shelf(before[0], bastille) - 3,
        _shelf(before[1], bastille) - 2,
    ], "repeated SKUs add up"
    for old, new in zip(before, after, strict=True):
        assert old is not None
        assert new is not None
        assert new.online_quantity == old.online_quantity
        assert {s for s in new.stores if s.location_id != bastille} == {
            s for s in old.stores if s.location_id != bastille
        }, "other shelves untouched"
    await connector.release_stock(key, CTX)
    assert await connector.stock(skus, CTX) == before


async def test_a_warehouse_commit_takes_online_stock_once_per_key(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, direct: DirectApi
) -> None:
    sku = "CT-0039"
    (before,) = await connector.stock([sku], CTX)
    key = _key()
    commit = StockCommit(key, (LineRequest(sku, 5),))
    assert await connector.commit_stock(commit, CTX) == ()
    assert _online((await connector.stock([sku], CTX))[0]) == _online(before) - 5
    record = await direct.call("GET", f"/custom-objects/{CONTAINER}/{record_key(key)}")
    assert record["value"]["released"] is False
    assert [m["quantity"] for m in record["value"]["moves"]] == [5]

    writes = proxy.api_calls("POST", INVENTORY)
    assert await connector.commit_stock(commit, CTX) == ()
    assert proxy.api_calls("POST", INVENTORY) == writes, "a repeated key takes nothing"
    assert _online((await connector.stock([sku], CTX))[0]) == _online(before) - 5

    await connector.release_stock(key, CTX)
    assert (await connector.stock([sku], CTX))[0] == before
    writes = proxy.api_calls("POST", INVENTORY)
    await connector.release_stock(key, CTX)
    await connector.release_stock(_key(), CTX)
    assert proxy.api_calls("POST", INVENTORY) == writes, "released once; unknown key: nothing"
    assert (await connector.stock([sku], CTX))[0] == before


async def test_a_short_line_changes_nothing(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, mock: server.CommercetoolsMockServer
) -> None:
    bastille = mock.seeded.channels["paris-bastille"]
    skus = ["CT-0038", "CT-0036-M"]
    before = await connector.stock(skus, CTX)
    writes = proxy.api_calls("POST", INVENTORY)
    online = StockCommit(_key(), (LineRequest("CT-0038", 1), LineRequest("CT-0036-M", 5)))
    assert await connector.commit_stock(online, CTX) == (StockShortage("CT-0036-M", 5, 0),)
    in_store = StockCommit(online.idempotency_key, online.lines, bastille)
    shelf = _shelf(before[1], bastille)
    assert await connector.commit_stock(in_store, CTX) == (StockShortage("CT-0036-M", 5, shelf),)
    unknown = StockCommit(_key(), (LineRequest("NO-SUCH-SKU", 1),))
    assert await connector.commit_stock(unknown, CTX) == (StockShortage("NO-SUCH-SKU", 1, 0),)
    assert proxy.api_calls("POST", INVENTORY) == writes
    assert await connector.stock(skus, CTX) == before


async def test_an_entry_changed_behind_the_back_is_read_again_and_retried_once(
    connector: CommercetoolsConnector,
    proxy: ScriptedProxy,
    direct: DirectApi,
    mock: server.CommercetoolsMockServer,
) -> None:
    sku = "CT-0040-GREEN"
    entry = await _entry(direct, sku, mock.seeded.channels[d.WAREHOUSE])
    path = f"{INVENTORY}/{entry['id']}"

    async def someone_else(request: web.Request) -> None:
        now = await direct.call("GET", f"/inventory/{entry['id']}")
        action = {"action": "setRestockableInDays", "restockableInDays": now["version"]}
        await direct.call(
            "POST", f"/inventory/{entry['id']}", {"version": now["version"], "actions": [action]}
        )

    (before,) = await connector.stock([sku], CTX)
    proxy.on("POST", path, someone_else)
    writes, reads = proxy.api_calls("POST", path), proxy.api_calls("GET", path)
    key = _key()
    assert await connector.commit_stock(StockCommit(key, (LineRequest(sku, 2),)), CTX) == ()
    assert proxy.api_calls("POST", path) - writes == 2, "refused (409), then taken"
    assert proxy.api_calls("GET", path) - reads == 1, "read again once"
    assert _online((await connector.stock([sku], CTX))[0]) == _online(before) - 2
    await connector.release_stock(key, CTX)
    assert (await connector.stock([sku], CTX))[0] == before


async def test_an_entry_drained_behind_the_back_puts_back_what_was_taken(
    connector: CommercetoolsConnector,
    proxy: ScriptedProxy,
    direct: DirectApi,
    mock: server.CommercetoolsMockServer,
) -> None:
    warehouse = mock.seeded.channels[d.WAREHOUSE]
    drained = await _entry(direct, "CT-0037", warehouse)
    on_stock = drained["quantityOnStock"]
    entry_path = f"/inventory/{drained['id']}"

    async def set_quantity(quantity: object) -> None:
        now = await direct.call("GET", entry_path)
        action = {"action": "changeQuantity", "quantity": quantity}
        await direct.call("POST", entry_path, {"version": now["version"], "actions": [action]})

    async def someone_else(request: web.Request) -> None:
        await set_quantity(2)

    skus = ["CT-0040-GREY", "CT-0037"]
    before = await connector.stock(skus, CTX)
    proxy.on("POST", API + entry_path.lstrip("/"), someone_else)
    key = _key()
    commit = StockCommit(key, (LineRequest("CT-0040-GREY", 1), LineRequest("CT-0037", 3)))
    try:
        assert await connector.commit_stock(commit, CTX) == (StockShortage("CT-0037", 3, 2),)
        after = await connector.stock(skus, CTX)
        assert after[0] == before[0], "the line taken was put back"
        assert _online(after[1]) == 2
    finally:
        await set_quantity(on_stock)
    assert await connector.commit_stock(commit, CTX) == (), "nothing was recorded"
    await connector.release_stock(key, CTX)
    assert await connector.stock(skus, CTX) == before
