"""Over HTTP: the sample as OMS (its own customer ids), Voucherify as loyalty (card codes),
linked by email. The demo customer sees the Voucherify card's balance, earns on it at
checkout once per key, and spends a reward on it."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from gateway.config import GatewayConfig, parse
from tests.emulators.voucherify import APP_ID, APP_TOKEN, CAMPAIGN_ID, RunningVoucherify, serve
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import (
    bearer,
    checkout,
    create_cart,
    mutate,
    points_balance,
    token_of_demo,
)

DEMO_CARD = "OC1987000001"  # the Voucherify card of demo@omnicanal.dev
TOML = """
[connectors.shop]
kind = "sample"
[connectors.club]
kind = "connectors.voucherify:SPEC"  # the entry point, before a reinstall
[connectors.club.settings]
base_url = "{url}"
app_id = "{app_id}"
app_token = "{app_token}"
campaign_id = "{campaign}"
[domains]
catalog = "shop"
pricing = "shop"
inventory = "shop"
content = "shop"
orders = "shop"
loyalty = "club"
[identity.loyalty]
link = "email"
"""
LOYALTY = "{ customer { id loyalty { cardNumber pointsBalance rewards { id pointsCost } } } }"


@pytest.fixture
async def voucherify() -> AsyncIterator[RunningVoucherify]:
    emulator = await serve()
    yield emulator
    await emulator.aclose()


def config(voucherify: RunningVoucherify, data_dir: Path) -> GatewayConfig:
    text = TOML.format(
        url=voucherify.base_url, app_id=APP_ID, app_token=APP_TOKEN, campaign=CAMPAIGN_ID
    )
    return replace(parse(tomllib.loads(text), "omnicanal.toml"), data_dir=data_dir)


@pytest.fixture
async def linked_shop(
    voucherify: RunningVoucherify, own_sample_dir: Path
) -> AsyncIterator[GraphQLClient]:
    async with running_gateway(config(voucherify, own_sample_dir)) as client:
        yield client


async def _in_stock_online(client: GraphQLClient) -> str:
    query = """{ products(first: 40, sortKey: BEST_SELLING) { nodes { sku
      availability { quantityAvailable } } } }"""
    nodes = (await client.data(query))["products"]["nodes"]
    return next(n["sku"] for n in nodes if (n["availability"]["quantityAvailable"] or 0) >= 5)


async def test_the_oms_customer_sees_and_earns_on_the_voucherify_card(
    linked_shop: GraphQLClient,
) -> None:
    token = await token_of_demo(linked_shop)
    me = (await linked_shop.data(LOYALTY, headers=bearer(token)))["customer"]
    assert me["loyalty"]["cardNumber"] == DEMO_CARD
    balance = me["loyalty"]["pointsBalance"]
    sku = await _in_stock_online(linked_shop)
    cart = await create_cart(linked_shop, [{"sku": sku, "quantity": 2}], token=token)
    payload = await checkout(linked_shop, cart["id"], "linked-1", token)
    assert payload["userErrors"] == []
    earned = payload["order"]["loyaltyPointsEarned"]
    assert earned > 0
    assert await points_balance(linked_shop, token) == balance + earned
    again = await checkout(linked_shop, cart["id"], "linked-1", token)  # a retry
    assert again["order"] == payload["order"]
    assert await points_balance(linked_shop, token) == balance + earned, "posted once"


async def test_a_reward_is_spent_on_the_voucherify_card(linked_shop: GraphQLClient) -> None:
    token = await token_of_demo(linked_shop)
    me = (await linked_shop.data(LOYALTY, headers=bearer(token)))["customer"]["loyalty"]
    affordable = [r for r in me["rewards"] if 0 < r["pointsCost"] <= me["pointsBalance"]]
    reward = min(affordable, key=lambda r: r["pointsCost"])
    sku = await _in_stock_online(linked_shop)
    cart = await create_cart(linked_shop, [{"sku": sku, "quantity": 3}], token=token)
    applied = await mutate(
        linked_shop, "cartLoyaltyRewardApply", "cartId: ID!, rewardId: ID!",
        {"cartId": cart["id"], "rewardId": reward["id"]}, "cart { id }", token,
    )  # fmt: skip
    assert applied["userErrors"] == []
    payload = await checkout(linked_shop, cart["id"], "linked-reward", token)
    assert payload["userErrors"] == []
    earned = payload["order"]["loyaltyPointsEarned"]
    after = await points_balance(linked_shop, token)
    assert after == me["pointsBalance"] - reward["pointsCost"] + earned
