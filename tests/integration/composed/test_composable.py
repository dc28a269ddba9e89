"""The composed example (examples/composable.toml): Akeneo serves the catalogue,
commercetools prices, stock and orders, Strapi content, Voucherify loyalty, Odoo the pro
group's prices and the customers' accounts. The storefront
listing answers from all four, with one upstream call per connector method whatever the
page size."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from examples.composable import CONFIG
from examples.upstreams import Upstreams, running_upstreams
from gateway.config import load
from gateway.examples import LISTING, STORES_NEAR_PARIS
from tests.contract.reprice import raise_commercetools_price
from tests.support.keys import every_channel
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import (
    CART_FIELDS,
    bearer,
    checkout,
    create_cart,
    mutate,
    online_quantity,
    sign_in,
    store_quantity,
)
from tests.upstreams.commercetools import dataset
from tests.upstreams.proxy import CountingProxy

pytestmark = pytest.mark.integration


class Composed:
    def __init__(
        self, client: GraphQLClient, upstreams: Upstreams, ct: CountingProxy, cms: CountingProxy
    ) -> None:
        self.client, self.akeneo, self.ct, self.cms = client, upstreams.akeneo, ct, cms
        self.upstreams = upstreams
        self.channels: dict[str, str] = {}  # headers of a key that may use every channel
        self.ct_port = 0

    def calls(self) -> dict[str, int]:
        return {
            "akeneo": sum(n for path, n in self.akeneo.counts.items() if "/api/rest/" in path),
            "commercetools": self.ct.count(f"/{dataset.PROJECT_KEY}/"),
            "strapi": self.cms.count("/api/"),
        }


@pytest.fixture(scope="module")
async def composed(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Composed]:
    async with (
        running_upstreams() as upstreams,
        CountingProxy(upstreams.commercetools_url) as ct,
        CountingProxy(upstreams.strapi_url) as cms,
    ):
        saved = dict(os.environ)
        os.environ.update(upstreams.environment(ct.base_url, cms.base_url))
        try:
            config = load(CONFIG)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        # Uncached, so every request shows its own upstream calls.
        config = replace(config, cache=False, data_dir=tmp_path_factory.mktemp("composed"))
        async with running_gateway(config) as client:
            composed = Composed(client, upstreams, ct, cms)
            composed.channels = await every_channel(config.data_dir)
            composed.ct_port = int(upstreams.commercetools_url.rsplit(":", 1)[1].split("/")[0])
            yield composed


async def _listing(composed: Composed, first: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    before = composed.calls()
    data = await composed.client.data(LISTING.replace("first: 24", f"first: {first}"))
    after = composed.calls()
    return data["products"]["nodes"], {k: after[k] - before[k] for k in after}


async def test_the_listing_answers_from_every_back_end(composed: Composed) -> None:
    nodes, _ = await _listing(composed, 24)
    assert len(nodes) == 24
    assert all(n["sku"].startswith("CT-") for n in nodes), "the PIM's SKUs are the engine's"
    assert all(n["price"] and n["price"]["currencyCode"] == "EUR" for n in nodes), "prices"
    assert any(n["availability"]["stores"] for n in nodes), "stock per store"
    assert any(n["content"] for n in nodes), "CMS blocks"
    assert all(isinstance(n["loyaltyPoints"], int) for n in nodes), "loyalty points"


async def test_one_upstream_call_per_connector_method_whatever_the_page(composed: Composed) -> None:
    _, small = await _listing(composed, 6)
    _, large = await _listing(composed, 24)
    assert small == large, (small, large)
    assert large["commercetools"] <= 3, "prices, stock, stores"
    assert large["strapi"] <= 2, "product content (and its fallback locale)"


async def test_the_query_side_answers_in_english_and_pounds(composed: Composed) -> None:
    query = """query @inContext(country: "GB", language: "en") {
      products(first: 3) { nodes { title price { currencyCode } } } page(handle: "home") { title } }"""
    data = await composed.client.data(query)
    assert {n["price"]["currencyCode"] for n in data["products"]["nodes"]} == {"GBP"}
    assert data["page"]["title"]
    stores = (await composed.client.data(STORES_NEAR_PARIS))["stores"]
    assert stores, "commercetools' store channels near Paris"


async def test_checkout_takes_commercetools_stock_once_per_key(composed: Composed) -> None:
    client = composed.client
    signed_in = await sign_in(client, dataset.DEMO_EMAIL, dataset.DEMO_PASSWORD)
    assert signed_in["userErrors"] == []
    token = signed_in["accessToken"]
    nodes, _ = await _listing(composed, 24)
    sku = next(n["sku"] for n in nodes if (n["availability"]["quantityAvailable"] or 0) >= 5)
    before = await online_quantity(client, sku)
    cart = await create_cart(client, [{"sku": sku, "quantity": 2}], token=token)
    payload = await checkout(client, cart["id"], "composed-order-1", token)
    assert payload["userErrors"] == []
    order = payload["order"]
    assert order["status"] == "CONFIRMED"
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [(sku, 2)]
    assert await online_quantity(client, sku) == before - 2

    again = await checkout(client, cart["id"], "composed-order-1", token)
    assert again["order"] == order, "the same key returns the same order"
    assert await online_quantity(client, sku) == before - 2, "and takes no stock again"


# --- totals that agree (issue 11): the order costs what the APP cart showed ----------------

APP = "@inContext(channel: APP)"
PRICES = """query($first: Int!) CONTEXT { products(first: $first) { nodes { sku
  price { amount } availability { quantityAvailable } } } }"""
ORDER_READ = """query($id: ID!) { node(id: $id) { ... on Order { total { amount currencyCode }
  lines { sku quantity unitPrice { amount } total { amount } } } } }"""


async def _app_priced(client: GraphQLClient) -> list[tuple[str, Decimal, Decimal]]:
    """(sku, WEB price, APP price) of SKUs in stock whose APP price is commercetools' `app`
    channel price, below the WEB one."""
    found = [
        (await client.data(PRICES.replace("CONTEXT", c), variables={"first": 24}))["products"]
        for c in ("", APP)
    ]
    web, app = found
    return [
        (w["sku"], Decimal(w["price"]["amount"]), Decimal(a["price"]["amount"]))
        for w, a in zip(web["nodes"], app["nodes"], strict=True)
        if (w["availability"]["quantityAvailable"] or 0) >= 5
        and Decimal(a["price"]["amount"]) < Decimal(w["price"]["amount"])
    ]


async def _app_cart_with_code(
    client: GraphQLClient, token: str, lines: list[dict[str, Any]]
) -> dict[str, Any]:
    cart = await create_cart(client, lines, token=token, context=APP)
    payload = await mutate(
        client, "cartPromotionCodesUpdate", "cartId: ID!, codes: [String!]!",
        {"cartId": cart["id"], "codes": [dataset.LIVE_CODE]}, f"cart {{ {CART_FIELDS} }}", token,
    )  # fmt: skip
    assert payload["userErrors"] == []
    shown: dict[str, Any] = payload["cart"]
    return shown


async def _check_out_at(
    client: GraphQLClient, cart: dict[str, Any], key: str, token: str, total: dict[str, Any]
) -> dict[str, Any]:
    selection = """order { id channel total { amount currencyCode }
      lines { sku quantity unitPrice { amount } total { amount } } }
      cost { total { amount currencyCode } }"""
    return await mutate(
        client, "checkoutComplete", "cartId: ID!, idempotencyKey: String!, expectedTotal: MoneyInput",
        {"cartId": cart["id"], "idempotencyKey": key, "expectedTotal": total}, selection, token,
    )  # fmt: skip


def _shown(cart: dict[str, Any]) -> dict[str, Any]:
    return {"amount": cart["cost"]["total"]["amount"], "currencyCode": "EUR"}


def _lines(cart: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [
        (x["merchandise"]["sku"], x["quantity"], x["cost"]["total"]["amount"])
        for x in cart["lines"]
    ]


async def _signed_in(composed: Composed) -> tuple[GraphQLClient, str]:
    client = composed.client.with_headers(composed.channels)
    signed_in = await sign_in(client, dataset.DEMO_EMAIL, dataset.DEMO_PASSWORD)
    assert signed_in["userErrors"] == []
    return client, signed_in["accessToken"]


async def test_an_app_cart_with_spring10_is_ordered_at_the_total_it_showed(
    composed: Composed,
) -> None:
    client, token = await _signed_in(composed)
    sku, web, app = (await _app_priced(client))[0]
    cart = await _app_cart_with_code(client, token, [{"sku": sku, "quantity": 1}])
    code_off = (app / 10).quantize(Decimal("0.01"))
    assert Decimal(cart["cost"]["total"]["amount"]) == app - code_off < web, "APP price, -10 %"
    payload = await _check_out_at(client, cart, "composed-totals-1", token, _shown(cart))
    assert payload["userErrors"] == []
    order = payload["order"]
    assert order["channel"] == "APP"
    assert order["total"] == _shown(cart), f"shown {_shown(cart)}, charged {order['total']}"
    assert [(x["sku"], x["quantity"], x["total"]["amount"]) for x in order["lines"]] == _lines(cart)
    # As commercetools recorded it, read back.
    stored = await client.data(ORDER_READ, variables={"id": order["id"]}, headers=bearer(token))
    assert stored["node"]["total"] == _shown(cart)
    units = [line["cost"]["unitPrice"] for line in cart["lines"]]
    assert [x["unitPrice"] for x in stored["node"]["lines"]] == units == [{"amount": str(app)}]


async def test_a_two_line_app_cart_is_ordered_at_the_total_it_showed(composed: Composed) -> None:
    client, token = await _signed_in(composed)
    priced = await _app_priced(client)
    nodes, _ = await _listing(composed, 24)
    other = next(
        n["sku"]
        for n in nodes
        if (n["availability"]["quantityAvailable"] or 0) >= 5 and n["sku"] != priced[0][0]
    )
    lines = [{"sku": priced[0][0], "quantity": 2}, {"sku": other, "quantity": 1}]
    cart = await _app_cart_with_code(client, token, lines)
    payload = await _check_out_at(client, cart, "composed-totals-2", token, _shown(cart))
    assert payload["userErrors"] == []
    assert payload["order"]["total"] == _shown(cart)
    assert payload["cost"]["total"] == _shown(cart)
    order_lines = [
        (x["sku"], x["quantity"], x["total"]["amount"]) for x in payload["order"]["lines"]
    ]
    assert order_lines == _lines(cart)
    units = [line["cost"]["unitPrice"] for line in cart["lines"]]
    assert [x["unitPrice"] for x in payload["order"]["lines"]] == units


async def test_a_commercetools_price_raised_before_checkout_refuses_and_takes_nothing(
    composed: Composed,
) -> None:
    client, token = await _signed_in(composed)
    skus = [sku for sku, _, _ in await _app_priced(client)]
    cart = await _app_cart_with_code(client, token, [{"sku": skus[0], "quantity": 1}])
    history = "{ customer { orders(first: 100) { nodes { id } } } }"
    orders = await client.data(history, headers=bearer(token))
    raised = await asyncio.to_thread(raise_commercetools_price, composed.ct_port, skus[:1], 100)
    try:
        before = await online_quantity(client, raised)
        refused = await _check_out_at(client, cart, "composed-totals-3", token, _shown(cart))
        assert [e["code"] for e in refused["userErrors"]] == ["PRICE_CHANGED"]
        assert refused["order"] is None
        new_total = refused["cost"]["total"]
        assert Decimal(new_total["amount"]) == Decimal(_shown(cart)["amount"]) + Decimal("0.90")
        assert await online_quantity(client, raised) == before, "no stock taken"
        assert await client.data(history, headers=bearer(token)) == orders, "no order"
        again = await _check_out_at(client, cart, "composed-totals-3", token, new_total)
        assert again["userErrors"] == []
        assert again["order"]["total"] == new_total
        assert await online_quantity(client, raised) == before - 1
    finally:
        await asyncio.to_thread(raise_commercetools_price, composed.ct_port, [raised], -100)


# --- the README's click-and-collect flow, on five systems ---------------------------------

CALL_CENTER = "@inContext(channel: CALL_CENTER)"
NEAR_PARIS = {"latitude": 48.8566, "longitude": 2.3522}
PICKUP = """query($lines: [CartLineInput!]!, $near: GeoPointInput!) {
  pickupOptions(lines: $lines, near: $near, radiusKm: 16) { distanceKm store { id code } } }"""
HOLD = "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!"
HELD = "reservation { id status expiresAt store { code } lines { sku quantity } }"
FLOW_CHECKOUT = """order { id number channel status total { amount currencyCode }
  loyaltyPointsEarned pickupStore { code } } cost { total { amount currencyCode } }"""
ONE_CUSTOMER = """query CONTEXT { customer { loyalty { cardNumber tier pointsBalance }
  reservations { id status store { code } }
  orders(first: 5) { nodes { number channel total { amount } } } } }"""
DEMO_CARD = "OC1987000001"


def _card_balance(composed: Composed, card: str = DEMO_CARD) -> int:
    balance: int = composed.upstreams.loyalty.project.cards[card]["loyalty_card"]["balance"]
    return balance


async def test_the_readme_click_and_collect_flow_runs_on_the_composed_back_office(
    composed: Composed,
) -> None:
    """Sign in (commercetools) → out of stock online → stores within 16 km with both →
    hold them there (commercetools) → a call-centre cart collected there → checkout at the
    total shown, points posted to Voucherify once → one customer, the same balance on every
    channel."""
    client, token = await _signed_in(composed)  # 1
    skus = [dataset.ALL_SKUS[3], dataset.ALL_SKUS[10]]  # off the web shelf, 4 each in Paris
    assert [await online_quantity(client, sku) for sku in skus] == [0, 0]  # 2
    lines = [{"sku": sku, "quantity": 1} for sku in skus]
    options = await client.data(PICKUP, variables={"lines": lines, "near": NEAR_PARIS})  # 3
    codes = [o["store"]["code"] for o in options["pickupOptions"]]
    assert codes == ["paris-rivoli", "paris-bastille"], "nearest first, Paris only"
    store = options["pickupOptions"][0]["store"]
    shelf = [await store_quantity(client, sku, store["code"]) for sku in skus]
    variables = {"storeId": store["id"], "lines": lines, "idempotencyKey": "flow-hold"}
    held = await mutate(client, "pickupReserve", HOLD, variables, HELD, token)  # 4
    assert held["userErrors"] == []
    assert held["reservation"]["status"] == "HELD"
    assert [await store_quantity(client, sku, store["code"]) for sku in skus] == [
        n - 1 for n in shelf
    ], "nobody else can take held units"
    cart = await create_cart(client, lines, token=token, context=CALL_CENTER)  # 5
    picked = await mutate(
        client, "cartPickupStoreSet", "cartId: ID!, storeId: ID!",
        {"cartId": cart["id"], "storeId": store["id"]}, "cart { id }", token,
    )  # fmt: skip
    assert picked["userErrors"] == []
    before = _card_balance(composed)
    posts = composed.upstreams.loyalty.counts.copy()
    shown = _shown(cart)
    done = await mutate(
        client, "checkoutComplete", "cartId: ID!, idempotencyKey: String!, expectedTotal: MoneyInput",
        {"cartId": cart["id"], "idempotencyKey": "flow-checkout", "expectedTotal": shown},
        FLOW_CHECKOUT, token,
    )  # fmt: skip  # 6
    assert done["userErrors"] == []
    order = done["order"]
    assert order["channel"] == "CALL_CENTER"
    assert order["pickupStore"] == {"code": store["code"]}
    assert order["total"] == shown, "charged what the cart showed"
    earned = order["loyaltyPointsEarned"]
    assert earned > 0
    assert _card_balance(composed) == before + earned, "posted to Voucherify"
    balance_route = next(r for r in composed.upstreams.loyalty.counts if r.endswith("/balance"))
    assert composed.upstreams.loyalty.counts[balance_route] == posts[balance_route] + 1
    assert [await store_quantity(client, sku, store["code"]) for sku in skus] == [
        n - 1 for n in shelf
    ], "the hold became the order: taken once"
    again = await mutate(
        client, "checkoutComplete", "cartId: ID!, idempotencyKey: String!",
        {"cartId": cart["id"], "idempotencyKey": "flow-checkout"}, FLOW_CHECKOUT, token,
    )  # fmt: skip
    assert again["order"]["number"] == order["number"]
    assert _card_balance(composed) == before + earned, "a retried checkout posts nothing"
    seen = {
        channel: await client.data(ONE_CUSTOMER.replace("CONTEXT", context), headers=bearer(token))
        for channel, context in (("WEB", ""), ("APP", APP), ("CALL_CENTER", CALL_CENTER))
    }  # 7
    accounts = {channel: data["customer"]["loyalty"] for channel, data in seen.items()}
    assert {a["cardNumber"] for a in accounts.values()} == {DEMO_CARD}
    assert {a["pointsBalance"] for a in accounts.values()} == {_card_balance(composed)}
    web = seen["WEB"]["customer"]
    hold = held["reservation"]["id"]
    assert {"id": hold, "status": "COLLECTED", "store": {"code": store["code"]}} in web[
        "reservations"
    ]
    assert order["number"] in [o["number"] for o in web["orders"]["nodes"]]


PRO_PRICES = """query($first: Int!) { products(first: $first) { nodes { sku
  price { amount } priceRules { kind code } availability { quantityAvailable } } } }"""


async def test_the_pro_group_is_priced_by_odoo_on_the_page_the_cart_and_the_order(
    composed: Composed,
) -> None:
    client = composed.client.with_headers(composed.channels)
    signed_in = await sign_in(client, dataset.PRO_EMAIL, dataset.PRO_PASSWORD)
    assert signed_in["userErrors"] == []
    token = signed_in["accessToken"]
    erp = composed.upstreams.erp
    web = (await client.data(PRO_PRICES, variables={"first": 12}))["products"]["nodes"]
    calls = erp.calls()
    await client.data(PRO_PRICES, variables={"first": 12})
    assert erp.calls() == calls, "everyone else's prices never ask Odoo"
    pro = (await client.data(PRO_PRICES, variables={"first": 12}, headers=bearer(token)))[
        "products"
    ]["nodes"]
    assert erp.calls() == calls + 1, "one Odoo call for the page's prices"
    listed = {v.sku: dataset.money(v.eur_cents) for p in dataset.PRODUCTS for v in p.variants}
    assert [w["sku"] for w in web] == [p["sku"] for p in pro]
    for p in pro:
        expected = (listed[p["sku"]] * Decimal("0.8")).quantize(Decimal("0.01"))
        assert Decimal(p["price"]["amount"]) == expected, (p["sku"], "Odoo's list price -20 %")
    assert all(p["priceRules"] for p in pro), "each says which rule made it"
    sku = next(p for p in pro if (p["availability"]["quantityAvailable"] or 0) >= 5)["sku"]
    unit = Decimal(next(p for p in pro if p["sku"] == sku)["price"]["amount"])
    cart = await create_cart(client, [{"sku": sku, "quantity": 2}], token=token)
    assert Decimal(cart["cost"]["total"]["amount"]) == unit * 2, "the cart agrees with the page"
    coded = await mutate(
        client, "cartPromotionCodesUpdate", "cartId: ID!, codes: [String!]!",
        {"cartId": cart["id"], "codes": [dataset.LIVE_CODE]}, f"cart {{ {CART_FIELDS} }}", token,
    )  # fmt: skip
    assert [e["code"] for e in coded["userErrors"]] == ["PROMOTION_CODE_UNKNOWN"]
    payload = await _check_out_at(client, cart, "composed-pro-1", token, _shown(cart))
    assert payload["userErrors"] == []
    assert payload["order"]["total"] == _shown(cart)
    stored = await client.data(
        ORDER_READ, variables={"id": payload["order"]["id"]}, headers=bearer(token)
    )
    assert stored["node"]["total"] == _shown(cart), "commercetools recorded the Odoo price"


REWARDS = "{ customer { loyalty { pointsBalance rewards { id title pointsCost } } } }"
FIVE_EUROS = "€5 voucher"  # a Voucherify gift-voucher reward: 5.00 off, 500 points


async def test_a_voucherify_reward_is_spent_at_a_commercetools_checkout(
    composed: Composed,
) -> None:
    """The reward is a discount on the APP cart now; checkout charges the cart as shown
    (commercetools records the reward spread over the lines) and burns its points on the
    Voucherify card with the earned ones, once."""
    client, token = await _signed_in(composed)
    account = (await client.data(REWARDS, headers=bearer(token)))["customer"]["loyalty"]
    reward = next(r for r in account["rewards"] if r["title"] == FIVE_EUROS)
    assert reward["pointsCost"] <= account["pointsBalance"]
    sku, _, _ = (await _app_priced(client))[0]
    cart = await create_cart(client, [{"sku": sku, "quantity": 2}], token=token, context=APP)
    applied = await mutate(
        client, "cartLoyaltyRewardApply", "cartId: ID!, rewardId: ID!",
        {"cartId": cart["id"], "rewardId": reward["id"]}, f"cart {{ {CART_FIELDS} }}", token,
    )  # fmt: skip
    assert applied["userErrors"] == []
    shown = _shown(applied["cart"])
    full = Decimal(cart["cost"]["total"]["amount"])
    assert Decimal(shown["amount"]) == full - Decimal("5.00"), "a discount now"
    before = _card_balance(composed)
    payload = await _check_out_at(client, applied["cart"], "composed-reward-1", token, shown)
    assert payload["userErrors"] == []
    assert payload["order"]["total"] == shown
    stored = await client.data(
        ORDER_READ, variables={"id": payload["order"]["id"]}, headers=bearer(token)
    )
    assert stored["node"]["total"] == shown, "commercetools recorded the discounted total"
    earned = (await client.data(
        "query($id: ID!) { node(id: $id) { ... on Order { loyaltyPointsEarned } } }",
        variables={"id": payload["order"]["id"]}, headers=bearer(token),
    ))["node"]["loyaltyPointsEarned"]  # fmt: skip
    assert _card_balance(composed) == before - reward["pointsCost"] + earned
    again = await _check_out_at(client, applied["cart"], "composed-reward-1", token, shown)
    assert again["order"]["id"] == payload["order"]["id"]
    assert _card_balance(composed) == before - reward["pointsCost"] + earned, "burned once"
