"""Click-and-collect holds on commercetools: inventory quantities plus a journal of Custom
Objects, against the mock. All lines or none, once per key, expiring on their own, released
exactly, converted by checkout, and one hold of two racing for the last unit.

The mock is shared by the whole run: every test leaves no hold HELD and puts back what it
took (SKUs and stores no other test reads exact quantities of)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from aiohttp import web

from connectors.commercetools import CommercetoolsConnector
from connectors.commercetools.holds_store import HOLDS, reservation_id
from connectors.context import CommerceContext
from connectors.models import (
    LineRequest,
    ReservationRequest,
    ReservationStatus,
    StockCommit,
    StockLevel,
    StockShortage,
)
from tests.integration.commercetools import test_commercetools_gateway as gw
from tests.integration.commercetools.conftest import API, DirectApi, ScriptedProxy
from tests.support.config_file import running_from_file, with_sample
from tests.support.server import GraphQLClient
from tests.support.shopping import bearer, mutate, store_quantity
from tests.upstreams.commercetools import dataset as d
from tests.upstreams.commercetools import server

pytestmark = pytest.mark.integration

CTX = CommerceContext()
INVENTORY = f"{API}inventory"
NOW = datetime.now(UTC)
LILLE, BORDEAUX = 4, 5  # d.STORES positions
RESERVATION = "reservation { id status lines { sku quantity } }"


def _key() -> str:
    return uuid.uuid4().hex


def _on_shelf(sku: str, store: int) -> int:
    return d.stock(d.ALL_SKUS.index(sku), store)


def _shelf(level: StockLevel | None, store_id: str) -> int:
    assert level is not None
    return next(s.quantity for s in level.stores if s.location_id == store_id)


async def _shelves(connector: CommercetoolsConnector, skus: list[str], store_id: str) -> list[int]:
    return [_shelf(level, store_id) for level in await connector.stock(skus, CTX)]


async def _entry_quantity(direct: DirectApi, sku: str, channel_id: str) -> int:
    """What commercetools itself says is on the shelf (what its own carts would see)."""
    where = f'sku = "{sku}" and supplyChannel(id = "{channel_id}")'
    found = await direct.call("GET", f"/inventory?{urlencode({'where': where})}")
    (entry,) = found["results"]
    quantity: int = entry["quantityOnStock"]
    return quantity


def _request(
    store_id: str, customer: str, *lines: tuple[str, int], hours: int = 1
) -> ReservationRequest:
    return ReservationRequest(
        _key(),
        store_id,
        tuple(LineRequest(sku, qty) for sku, qty in lines),
        NOW + timedelta(hours=hours),
        customer,
    )


@pytest.fixture
def lille(mock: server.CommercetoolsMockServer) -> str:
    return mock.seeded.channels[d.STORES[LILLE].key]


@pytest.fixture
def demo(mock: server.CommercetoolsMockServer) -> str:
    return mock.seeded.customers[d.DEMO_EMAIL]


@pytest.fixture
def pro(mock: server.CommercetoolsMockServer) -> str:
    return mock.seeded.customers[d.PRO_EMAIL]


async def test_a_hold_takes_units_off_the_shelf_once_per_key(
    connector: CommercetoolsConnector,
    proxy: ScriptedProxy,
    direct: DirectApi,
    lille: str,
    demo: str,
) -> None:
    sku = "CT-0028-L"  # 5 in Lille
    request = _request(lille, demo, (sku, 2), (sku, 1))
    outcome = await connector.reserve(request, CTX)
    held = outcome.reservation
    assert held is not None
    assert (held.status, held.store_id, held.customer_id) == (ReservationStatus.HELD, lille, demo)
    assert held.lines == request.lines
    assert await _shelves(connector, [sku], lille) == [_on_shelf(sku, LILLE) - 3]
    assert await _entry_quantity(direct, sku, lille) == _on_shelf(sku, LILLE) - 3

    writes = proxy.api_calls("POST")
    again = await connector.reserve(request, CTX)
    assert again.reservation == held, "the same key, the same reservation"
    assert proxy.api_calls("POST") == writes, "and nothing taken twice"
    assert await _shelves(connector, [sku], lille) == [_on_shelf(sku, LILLE) - 3]

    assert list(await connector.reservations([held.id, "RS" + "0" * 32, "nope"], CTX)) == [
        held,
        None,
        None,
    ]
    calls = proxy.api_calls()
    await connector.stock(list(d.ALL_SKUS[40:50]), CTX)
    assert proxy.api_calls() - calls == 2, "a stock batch: its entries and its holds, one call each"
    (mine,) = await connector.reservations_by_customer([demo], CTX)
    assert held in mine
    cancelled = await connector.cancel_reservation(held.id, demo, CTX)
    assert cancelled is not None
    assert await _shelves(connector, [sku], lille) == [_on_shelf(sku, LILLE)]


async def test_all_lines_or_none(
    connector: CommercetoolsConnector,
    proxy: ScriptedProxy,
    mock: server.CommercetoolsMockServer,
    lille: str,
    demo: str,
) -> None:
    enough, short = "CT-0029-24", "CT-0029-28"  # 1 and 6 in Lille
    before = await _shelves(connector, [enough, short], lille)
    request = _request(lille, demo, (enough, 1), (short, 50))
    outcome = await connector.reserve(request, CTX)
    assert outcome.reservation is None
    assert outcome.shortages == (StockShortage(short, 50, _on_shelf(short, LILLE)),)
    assert await _shelves(connector, [enough, short], lille) == before, "nothing held"
    assert await connector.reservations([reservation_id(request.idempotency_key)], CTX) == [None]

    warehouse_id = mock.seeded.channels[d.WAREHOUSE]
    warehouse = await connector.reserve(
        replace(request, idempotency_key=_key(), store_id=warehouse_id), CTX
    )
    assert warehouse.reservation is None, "only a store's shelf can be held"
    assert [s.available for s in warehouse.shortages] == [0, 0]
    unknown = await connector.reserve(_request(lille, demo, ("NO-SUCH-SKU", 1)), CTX)
    assert unknown.shortages == (StockShortage("NO-SUCH-SKU", 1, 0),)


async def test_cancel_puts_back_exactly_the_held_units_once(
    connector: CommercetoolsConnector, direct: DirectApi, lille: str, demo: str, pro: str
) -> None:
    a, b = "CT-0030-GREEN", "CT-0031-BLACK"  # 2 and 8 in Lille
    held = (
        await connector.reserve(_request(lille, demo, (a, 1), (b, _on_shelf(b, LILLE))), CTX)
    ).reservation
    assert held is not None
    assert await _shelves(connector, [a, b], lille) == [_on_shelf(a, LILLE) - 1, 0]
    assert await connector.cancel_reservation(held.id, pro, CTX) is None, "not theirs"
    assert await connector.cancel_reservation("../../channels", demo, CTX) is None
    cancelled = await connector.cancel_reservation(held.id, demo, CTX)
    assert cancelled == replace(held, status=ReservationStatus.CANCELLED)
    again = await connector.cancel_reservation(held.id, demo, CTX)
    assert again == cancelled, "a retried cancel answers the same"
    expected = [_on_shelf(a, LILLE), _on_shelf(b, LILLE)]
    assert await _shelves(connector, [a, b], lille) == expected, "put back once"
    assert [await _entry_quantity(direct, s, lille) for s in (a, b)] == expected


async def test_an_expired_hold_stops_counting_and_is_reclaimed_by_the_next(
    connector: CommercetoolsConnector, direct: DirectApi, lille: str, demo: str, pro: str
) -> None:
    sku = "CT-0032"  # 4 in Lille
    shelf = _on_shelf(sku, LILLE)
    held = (await connector.reserve(_request(lille, demo, (sku, shelf)), CTX)).reservation
    assert held is not None
    assert await _shelves(connector, [sku], lille) == [0]
    refused = await connector.reserve(_request(lille, pro, (sku, 1)), CTX)
    assert refused.shortages == (StockShortage(sku, 1, 0),)

    connector.now = lambda: NOW + timedelta(hours=2)  # past the hold's expiry
    (expired,) = await connector.reservations([held.id], CTX)
    assert expired is not None
    assert expired.status is ReservationStatus.EXPIRED
    assert await _shelves(connector, [sku], lille) == [shelf], "free again, no job needed"
    assert await _entry_quantity(direct, sku, lille) == 0, "not yet given back"
    assert await connector.cancel_reservation(held.id, demo, CTX) is None

    other = _request(lille, pro, (sku, 1), hours=3)
    taken = (await connector.reserve(other, CTX)).reservation
    assert taken is not None, "the lapsed units are the next hold's"
    assert await _entry_quantity(direct, sku, lille) == shelf - 1, "reclaimed, then held"
    assert await _shelves(connector, [sku], lille) == [shelf - 1], "counted once"
    stored = await direct.call("GET", f"{HOLDS}/{held.id}")
    assert stored["value"]["status"] == "EXPIRED"
    assert await connector.cancel_reservation(taken.id, pro, CTX) is not None
    assert await _shelves(connector, [sku], lille) == [shelf]


async def test_checkout_converts_the_hold_instead_of_taking_twice(
    connector: CommercetoolsConnector, direct: DirectApi, lille: str, demo: str, pro: str
) -> None:
    a, b = "CT-0026", "CT-0034"  # 8 and 5 in Lille
    shelf_a, shelf_b = _on_shelf(a, LILLE), _on_shelf(b, LILLE)
    held = (await connector.reserve(_request(lille, demo, (a, shelf_a), (b, 2)), CTX)).reservation
    assert held is not None
    assert await _shelves(connector, [a, b], lille) == [0, shelf_b - 2]

    stranger = StockCommit(_key(), (LineRequest(a, 1),), lille, pro)
    assert await connector.commit_stock(stranger, CTX) == (StockShortage(a, 1, 0),)

    key = _key()
    order = StockCommit(key, (LineRequest(a, shelf_a), LineRequest(b, 3)), lille, demo)
    assert await connector.commit_stock(order, CTX) == ()
    (collected,) = await connector.reservations([held.id], CTX)
    assert collected is not None
    assert collected.status is ReservationStatus.COLLECTED
    assert await _shelves(connector, [a, b], lille) == [0, shelf_b - 3], "held units used once"
    assert await connector.commit_stock(order, CTX) == (), "once per key"
    assert await _shelves(connector, [a, b], lille) == [0, shelf_b - 3]

    await connector.release_stock(key, CTX)
    (reopened,) = await connector.reservations([held.id], CTX)
    assert reopened is not None
    assert reopened.status is ReservationStatus.HELD, "a released order gives its holds back"
    assert await _shelves(connector, [a, b], lille) == [0, shelf_b - 2]
    assert await connector.cancel_reservation(held.id, demo, CTX) is not None
    assert await _shelves(connector, [a, b], lille) == [shelf_a, shelf_b]
    assert [await _entry_quantity(direct, s, lille) for s in (a, b)] == [shelf_a, shelf_b]


async def test_an_order_smaller_than_its_hold_gives_the_rest_back(
    connector: CommercetoolsConnector, lille: str, demo: str
) -> None:
    sku = "CT-0019-L"  # 8 in Lille
    shelf = _on_shelf(sku, LILLE)
    held = (await connector.reserve(_request(lille, demo, (sku, 3)), CTX)).reservation
    assert held is not None
    key = _key()
    assert (
        await connector.commit_stock(StockCommit(key, (LineRequest(sku, 1),), lille, demo), CTX)
        == ()
    )
    assert await _shelves(connector, [sku], lille) == [shelf - 1], "two held units released"
    await connector.release_stock(key, CTX)
    (reopened,) = await connector.reservations([held.id], CTX)
    assert reopened is not None
    assert reopened.lines == (LineRequest(sku, 1),), "re-opened with what the order had used"
    assert await connector.cancel_reservation(held.id, demo, CTX) is not None
    assert await _shelves(connector, [sku], lille) == [shelf]


async def test_two_holds_racing_for_the_last_unit_give_one_hold_one_shortage(
    connector: CommercetoolsConnector,
    proxy: ScriptedProxy,
    mock: server.CommercetoolsMockServer,
    demo: str,
    pro: str,
) -> None:
    store = mock.seeded.channels[d.STORES[BORDEAUX].key]
    sku = "CT-0030-BLUE"  # 1 in Bordeaux
    assert _on_shelf(sku, BORDEAUX) == 1
    (level,) = await connector.stock([sku], CTX)
    assert _shelf(level, store) == 1
    arrived: list[str] = []
    both = asyncio.Event()

    async def meet(request: web.Request) -> None:
        """Both takes have read the entry at the same version before either is sent."""
        arrived.append(request.path)
        if len(arrived) == 2:
            both.set()
        await asyncio.wait_for(both.wait(), 10)

    proxy.on("POST", INVENTORY + "/", meet, times=2)
    first, second = await asyncio.gather(
        connector.reserve(_request(store, demo, (sku, 1)), CTX),
        connector.reserve(_request(store, pro, (sku, 1)), CTX),
    )
    assert len(set(arrived)) == 1, "both took from the same entry"
    (path,) = set(arrived)
    assert proxy.api_calls("GET", path) == 1, "the loser got 409 and read the entry again"
    outcomes = [first, second]
    winners = [o.reservation for o in outcomes if o.reservation is not None]
    assert len(winners) == 1
    assert [o.shortages for o in outcomes if o.reservation is None] == [(StockShortage(sku, 1, 0),)]
    assert await _shelves(connector, [sku], store) == [0]
    winner = winners[0]
    assert await connector.cancel_reservation(winner.id, winner.customer_id, CTX) is not None
    assert await _shelves(connector, [sku], store) == [1]


async def test_twin_requests_under_one_key_hold_once(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, lille: str, demo: str
) -> None:
    sku = "CT-0024-15M"  # 2 in Lille
    shelf = _on_shelf(sku, LILLE)
    request = _request(lille, demo, (sku, 1))
    arrived: list[str] = []
    both = asyncio.Event()

    async def meet(_: web.Request) -> None:
        """Both have taken their unit before either records its hold."""
        arrived.append("x")
        if len(arrived) == 2:
            both.set()
        await asyncio.wait_for(both.wait(), 10)

    proxy.on("POST", f"{API}custom-objects", meet, times=2)
    first, second = await asyncio.gather(
        connector.reserve(request, CTX), connector.reserve(request, CTX)
    )
    assert len(arrived) == 2, "both raced to record"
    assert first.reservation is not None
    assert first.reservation == second.reservation
    assert await _shelves(connector, [sku], lille) == [shelf - 1], "the loser put its unit back"
    assert await connector.cancel_reservation(first.reservation.id, demo, CTX) is not None
    assert await _shelves(connector, [sku], lille) == [shelf]


@pytest.fixture
async def gateway(
    proxy: ScriptedProxy, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[GraphQLClient]:
    """The gateway taking inventory and orders from commercetools (as the composed example)."""
    monkeypatch.setenv(gw.SECRET_VARIABLE, d.CLIENT_SECRET)
    settings = gw.SETTINGS.format(
        base_url=proxy.base_url,
        project_key=d.PROJECT_KEY,
        client_id=d.CLIENT_ID,
        secret_variable=gw.SECRET_VARIABLE,
        warehouse=d.WAREHOUSE,
        app=d.APP_CHANNEL,
        b2b=d.B2B_GROUP,
    )
    text = with_sample(
        sample_dir, "commerce", "connectors.commercetools:SPEC", settings, gw.DOMAINS
    )
    async with running_from_file(text, tmp_path) as client:
        yield client


async def _sign_in(gateway: GraphQLClient) -> str:
    arguments = "email: String!, password: String!"
    credentials = {"email": d.DEMO_EMAIL, "password": d.DEMO_PASSWORD}
    signed = await mutate(
        gateway, "customerAccessTokenCreate", arguments, credentials, "accessToken"
    )
    token: str = signed["accessToken"]
    return token


async def test_pickup_reserve_over_the_gateway(gateway: GraphQLClient) -> None:
    token = await _sign_in(gateway)
    stores = (await gateway.data("{ stores(first: 10) { id code } }"))["stores"]
    store = next(s["id"] for s in stores if s["code"] == d.STORES[LILLE].key)
    sku = "CT-0031-BLACK"
    reserve = "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!"
    lines = [{"sku": sku, "quantity": 2}]
    variables = {"storeId": store, "lines": lines, "idempotencyKey": "gateway-hold"}
    held = await mutate(gateway, "pickupReserve", reserve, variables, RESERVATION, token)
    assert held["userErrors"] == []
    assert held["reservation"]["status"] == "HELD"
    assert held["reservation"]["lines"] == lines
    again = await mutate(gateway, "pickupReserve", reserve, variables, RESERVATION, token)
    assert again["reservation"]["id"] == held["reservation"]["id"]
    too_many = {**variables, "idempotencyKey": "too-many", "lines": [{"sku": sku, "quantity": 99}]}
    refused = await mutate(gateway, "pickupReserve", reserve, too_many, RESERVATION, token)
    assert [e["code"] for e in refused["userErrors"]] == ["INSUFFICIENT_STOCK"]
    mine = await gateway.data("{ customer { reservations { id status } } }", headers=bearer(token))
    assert {"id": held["reservation"]["id"], "status": "HELD"} in mine["customer"]["reservations"]
    cancel = {"id": held["reservation"]["id"]}
    cancelled = await mutate(
        gateway, "pickupReservationCancel", "id: ID!", cancel, RESERVATION, token
    )
    assert cancelled["userErrors"] == []
    assert cancelled["reservation"]["status"] == "CANCELLED"


async def test_a_pickup_checkout_over_the_gateway_collects_the_hold(
    gateway: GraphQLClient, mock: server.CommercetoolsMockServer, direct: DirectApi
) -> None:
    """The click-and-collect flow on commercetools. The order keeps its units: CT-0028-S in
    Bordeaux is read exactly by no other test."""
    token = await _sign_in(gateway)
    stores = (await gateway.data("{ stores(first: 10) { id code } }"))["stores"]
    store = next(s["id"] for s in stores if s["code"] == d.STORES[BORDEAUX].key)
    sku, shelf = "CT-0028-S", _on_shelf("CT-0028-S", BORDEAUX)
    reserve = "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!"
    lines = [{"sku": sku, "quantity": 2}]
    variables = {"storeId": store, "lines": lines, "idempotencyKey": "pickup-flow"}
    held = await mutate(gateway, "pickupReserve", reserve, variables, RESERVATION, token)
    assert held["userErrors"] == []
    cart = await mutate(
        gateway, "cartCreate", "lines: [CartLineInput!], buyerAccessToken: String",
        {"lines": lines, "buyerAccessToken": token}, "cart { id }", token,
    )  # fmt: skip
    cart_id = cart["cart"]["id"]
    picked = await mutate(
        gateway, "cartPickupStoreSet", "cartId: ID!, storeId: ID!",
        {"cartId": cart_id, "storeId": store}, "cart { id }", token,
    )  # fmt: skip
    assert picked["userErrors"] == []
    order = await mutate(
        gateway, "checkoutComplete", "cartId: ID!, idempotencyKey: String!",
        {"cartId": cart_id, "idempotencyKey": "pickup-flow"}, "order { id }", token,
    )  # fmt: skip
    assert order["userErrors"] == []
    assert order["order"] is not None
    mine = await gateway.data("{ customer { reservations { id status } } }", headers=bearer(token))
    assert {"id": held["reservation"]["id"], "status": "COLLECTED"} in mine["customer"][
        "reservations"
    ]
    code = d.STORES[BORDEAUX].key
    assert await store_quantity(gateway, sku, code) == shelf - 2, "taken once, by the hold"
    channel = mock.seeded.channels[code]
    assert await _entry_quantity(direct, sku, channel) == shelf - 2
