"""Customers, carts and orders against the mock: versioned cart updates that survive a
concurrent change (409, reload, retry once), sign-in, and orders placed once per key."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal

import orjson
import pytest
from aiohttp import web

from connectors.commercetools import CommercetoolsConnector
from connectors.commercetools.checkout import order_number
from connectors.context import Channel, CommerceContext
from connectors.errors import CartNotFound, UpstreamUnavailable
from connectors.models import (
    AddLines,
    Cart,
    CartDraft,
    LineRequest,
    Money,
    OrderLine,
    OrderRequest,
    SetBuyer,
    SetLineQuantities,
    SetPickupStore,
    SetPromotionCodes,
    SetRewards,
)
from tests.integration.commercetools.conftest import API, DirectApi, MakeConnector, ScriptedProxy
from tests.upstreams.commercetools import dataset as d
from tests.upstreams.commercetools import server
from tests.upstreams.proxy import Fault

pytestmark = pytest.mark.integration

CTX = CommerceContext()
CARTS = f"{API}carts/"


async def _cart(connector: CommercetoolsConnector, channel: Channel = Channel.WEB) -> Cart:
    draft = CartDraft(channel, "EUR", None, (LineRequest("CT-0001", 1),))
    return await connector.create_cart(draft, replace(CTX, channel=channel))


async def test_a_cart_keeps_every_omnicanal_field(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    cart = await _cart(connector, Channel.APP)
    assert (cart.channel, cart.currency) == (Channel.APP, "EUR")
    store = mock.seeded.channels["paris-rivoli"]
    customer = mock.seeded.customers[d.DEMO_EMAIL]
    updated = await connector.update_cart(
        cart.id,
        [
            AddLines((LineRequest("CT-0002-M", 2),)),
            SetPromotionCodes((d.LIVE_CODE,)),
            SetPickupStore(store),
            SetRewards(("R-10",)),
            SetBuyer(customer),
        ],
        CTX,
    )
    assert {line.sku: line.quantity for line in updated.lines} == {"CT-0001": 1, "CT-0002-M": 2}
    assert (updated.promotion_codes, updated.pickup_store_id, updated.reward_ids) == (
        (d.LIVE_CODE,),
        store,
        ("R-10",),
    )
    assert updated.customer_id == customer
    cleared = await connector.update_cart(
        cart.id, [SetPromotionCodes(()), SetPickupStore(None), SetRewards(())], CTX
    )
    assert (cleared.promotion_codes, cleared.pickup_store_id, cleared.reward_ids) == ((), None, ())
    assert (await connector.carts([cart.id, "nope"], CTX)) == [cleared, None]


async def test_a_concurrent_change_is_read_again_and_the_update_retried_once(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, direct: DirectApi
) -> None:
    cart = await _cart(connector)

    async def someone_else(request: web.Request) -> None:
        await direct.touch_cart(cart.id)

    proxy.on("POST", CARTS + cart.id, someone_else)
    before_get, before_post = proxy.api_calls("GET"), proxy.api_calls("POST")
    line = cart.lines[0]
    updated = await connector.update_cart(
        cart.id, [AddLines((LineRequest("CT-0001", 2),)), SetLineQuantities(((line.id, 4),))], CTX
    )
    assert proxy.api_calls("GET") - before_get == 2, "read, conflict, read again"
    assert proxy.api_calls("POST") - before_post == 2, "sent twice"
    assert [(line.sku, line.quantity) for line in updated.lines] == [("CT-0001", 4)]
    stored = await direct.call("GET", f"/carts/{cart.id}")
    assert stored["customerEmail"].startswith("touch-"), "the other change is kept"


async def test_a_second_conflict_gives_up(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, direct: DirectApi
) -> None:
    cart = await _cart(connector)

    async def someone_else(request: web.Request) -> None:
        await direct.touch_cart(cart.id)

    proxy.on("POST", CARTS + cart.id, someone_else, times=2)
    with pytest.raises(UpstreamUnavailable, match="409 twice"):
        await connector.update_cart(cart.id, [AddLines((LineRequest("CT-0003", 1),))], CTX)
    (unchanged,) = await connector.carts([cart.id], CTX)
    assert unchanged is not None
    assert [line.sku for line in unchanged.lines] == ["CT-0001"], "nothing applied"


async def test_an_unknown_cart_is_not_found(connector: CommercetoolsConnector) -> None:
    with pytest.raises(CartNotFound):
        await connector.update_cart(str(uuid.uuid4()), [SetPromotionCodes(())], CTX)


async def test_sign_in_by_the_password_flow(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    pro = await connector.authenticate(d.PRO_EMAIL, d.PRO_PASSWORD, CTX)
    assert pro is not None
    assert (pro.id, pro.customer_group) == (mock.seeded.customers[d.PRO_EMAIL], "pro")
    assert await connector.authenticate(d.PRO_EMAIL, "wrong", CTX) is None
    assert await connector.authenticate("nobody@omnicanal.dev", d.PRO_PASSWORD, CTX) is None


async def test_sign_in_by_login(make_connector: MakeConnector, proxy: ScriptedProxy) -> None:
    """The mock has no POST /{project}/login: its answers are commercetools' documented
    ones, played by the proxy."""
    connector = make_connector(sign_in="login")
    await connector.start()
    customer = {
        "id": "c-1", "version": 1, "email": "demo@omnicanal.dev", "firstName": "Camille",
        "lastName": "Martin", "addresses": [], "isEmailVerified": True,
    }  # fmt: skip
    proxy.on("POST", f"{API}login", Fault(200, orjson.dumps({"customer": customer})))
    found = await connector.authenticate("demo@omnicanal.dev", "omnicanal-demo", CTX)
    assert found is not None
    assert (found.id, found.first_name, found.customer_group) == ("c-1", "Camille", "default")
    refused = {
        "statusCode": 400,
        "message": "Account with the given credentials not found.",
        "errors": [{"code": "InvalidCredentials", "message": "Account with the given credentials not found."}],
    }  # fmt: skip
    proxy.on("POST", f"{API}login", Fault(400, orjson.dumps(refused)))
    assert await connector.authenticate("demo@omnicanal.dev", "nope", CTX) is None


def _request(cart: Cart, key: str, points: int | None = 12) -> OrderRequest:
    total = Money(Decimal("24.90"), "EUR")
    line = OrderLine("CT-0001", "Sécateur Classique", 1, total)
    return OrderRequest(
        key, cart.id, cart.channel, cart.customer_id, (line,), total,
        Money(Decimal(0), "EUR"), None, points,
    )  # fmt: skip


async def test_an_order_is_placed_once_per_key(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    customer = mock.seeded.customers[d.DEMO_EMAIL]
    cart = await _cart(connector, Channel.STORE)
    cart = await connector.update_cart(cart.id, [SetBuyer(customer)], CTX)
    key = f"{cart.id}:{uuid.uuid4()}"
    order = await connector.place_order(_request(cart, key), CTX)
    assert order.number == order_number("OC-", key)
    assert (order.channel, order.customer_id, order.cart_id) == (Channel.STORE, customer, cart.id)
    assert order.loyalty_points_earned == 12
    assert [(line.sku, line.quantity) for line in order.lines] == [("CT-0001", 1)]
    assert order.total == Money(Decimal("24.90"), "EUR")
    again = await connector.place_order(_request(cart, key), CTX)
    assert again == order
    assert await connector.orders_by_idempotency_key([key, "other"], CTX) == [order, None]
    (completed,) = await connector.carts([cart.id], CTX)
    assert completed is not None
    assert completed.order_id == order.id
    (history,) = await connector.orders_by_customer([customer], CTX)
    assert history[0] == order, "newest first"
    assert [o.number for o in history[-3:]] == [o.number for o in d.DEMO_ORDERS][::-1]


async def test_a_checkout_racing_this_one_wins(
    connector: CommercetoolsConnector, proxy: ScriptedProxy, direct: DirectApi
) -> None:
    """commercetools refuses a second order with the same number (DuplicateField); the
    order of the checkout that won is returned. The mock does not keep numbers unique: the
    winner is placed directly, the refusal played by the proxy."""
    cart = await _cart(connector)
    key = f"{cart.id}:{uuid.uuid4()}"
    number = order_number("OC-", key)

    async def winner(request: web.Request) -> None:
        raw = await direct.call("GET", f"/carts/{cart.id}")
        draft = {
            "cart": {"typeId": "cart", "id": cart.id},
            "version": raw["version"],
            "orderNumber": number,
        }
        await direct.call("POST", "/orders", draft)

    duplicate = {
        "statusCode": 400,
        "message": f"A duplicate value '\"{number}\"' exists for field 'orderNumber'.",
        "errors": [{"code": "DuplicateField", "field": "orderNumber", "duplicateValue": number}],
    }  # fmt: skip
    proxy.on("POST", f"{API}carts/{cart.id}", winner)
    proxy.on("POST", f"{API}orders", Fault(400, orjson.dumps(duplicate)))
    order = await connector.place_order(_request(cart, key), CTX)
    assert order.number == number


async def test_an_order_for_an_unknown_cart(connector: CommercetoolsConnector) -> None:
    cart = await _cart(connector)
    unknown = replace(cart, id=str(uuid.uuid4()))
    with pytest.raises(CartNotFound):
        await connector.place_order(_request(unknown, f"k-{uuid.uuid4()}"), CTX)


async def test_customers_by_id(
    connector: CommercetoolsConnector, mock: server.CommercetoolsMockServer
) -> None:
    ids = [mock.seeded.customers[d.PRO_EMAIL], "nope", mock.seeded.customers[d.DEMO_EMAIL]]
    found = await connector.customers(ids, CTX)
    assert [(c.email, c.customer_group) if c else None for c in found] == [
        (d.PRO_EMAIL, "pro"),
        None,
        (d.DEMO_EMAIL, "default"),
    ]
