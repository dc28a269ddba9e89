"""`[identity.loyalty] link = "card"` with commercetools as the OMS: the customer's
`loyaltyCard` Custom Field (the mock's seed: the demo customer's is OC1987000001, the pro
customer has none) finds the Voucherify member (the emulator's card of the same code).

The link costs one commercetools `/customers` query and one Voucherify card read per
distinct card, whatever the number of customers; a second read finds it in the cache."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.caching import SharedCache
from connectors.commercetools import CommercetoolsConnector
from connectors.context import CommerceContext
from connectors.identity import Link, LinkedLoyalty, MemberLinks, linked_loyalty
from connectors.identity_cache import LINK_DOMAIN, LinkCache
from connectors.voucherify import SPEC as VOUCHERIFY
from gateway.config import parse
from tests.emulators.voucherify import APP_ID, APP_TOKEN, CAMPAIGN_ID, RunningVoucherify, serve
from tests.integration.commercetools.conftest import ScriptedProxy
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import bearer, sign_in
from tests.upstreams.commercetools import dataset as d
from tests.upstreams.commercetools.server import CommercetoolsMockServer

pytestmark = pytest.mark.integration

CTX = CommerceContext()
CARD_READ = "GET /v1/loyalties/{campaignId}/members/{memberId}"
EMAIL_SEARCH = "GET /v1/customers"
CUSTOMERS = f"/{d.PROJECT_KEY}/customers"
LOYALTY = "{ customer { email loyalty { cardNumber pointsBalance } } }"
TOML = """
[connectors.commerce]
kind = "commercetools"
[connectors.commerce.settings]
api_url = "{ct}"
auth_url = "{ct}"
project_key = "{project}"
client_id = "{client_id}"
client_secret = "{client_secret}"
sign_in = "password"
customer_groups = {{ pro = "{b2b}" }}
warehouse_channels = ["{warehouse}"]
loyalty_card_field = "{card_field}"

[connectors.club]
kind = "connectors.voucherify:SPEC"  # the entry point, before a reinstall
[connectors.club.settings]
base_url = "{voucherify}"
app_id = "{app_id}"
app_token = "{app_token}"
campaign_id = "{campaign}"

[domains]
catalog = "commerce"
pricing = "commerce"
inventory = "commerce"
orders = "commerce"
loyalty = "club"

[identity.loyalty]
link = "card"
"""


@pytest.fixture
async def voucherify() -> AsyncIterator[RunningVoucherify]:
    emulator = await serve()
    yield emulator
    await emulator.aclose()


def _balance(voucherify: RunningVoucherify, code: str) -> int:
    balance: int = voucherify.project.cards[code]["loyalty_card"]["balance"]
    return balance


# --- the link itself: the connectors, batched ----------------------------------------------


@pytest.fixture
async def linked(
    connector: CommercetoolsConnector, voucherify: RunningVoucherify, tmp_path: Path
) -> AsyncIterator[LinkedLoyalty]:
    settings = VOUCHERIFY.parse_settings(
        {
            "base_url": voucherify.base_url,
            "app_id": APP_ID,
            "app_token": APP_TOKEN,
            "campaign_id": CAMPAIGN_ID,
        }
    )
    async with aiohttp.ClientSession() as session:
        club = VOUCHERIFY.factory(settings, ConnectorEnv("club", session, tmp_path))
        await club.start()
        cache = LinkCache(SharedCache({LINK_DOMAIN: 600.0}, source="identity.loyalty"), 30.0)
        links = MemberLinks(connector, club, Link.CARD, cache)  # type: ignore[arg-type]
        yield linked_loyalty(club, links)  # type: ignore[arg-type]
        await club.aclose()


async def test_the_card_links_customers_in_one_call_per_system(
    linked: LinkedLoyalty,
    proxy: ScriptedProxy,
    mock: CommercetoolsMockServer,
    voucherify: RunningVoucherify,
) -> None:
    demo, pro = mock.seeded.customers[d.DEMO_EMAIL], mock.seeded.customers[d.PRO_EMAIL]
    before_ct, before_card = proxy.count(CUSTOMERS), voucherify.calls(CARD_READ)
    found = await linked.accounts([demo, pro, demo, "no-such-customer"], CTX)
    assert [a.customer_id if a else None for a in found] == [demo, None, demo, None]
    assert found[0] is not None
    assert found[0].card_number == d.DEMO_CARD
    assert found[0].points_balance == _balance(voucherify, d.DEMO_CARD)
    assert proxy.count(CUSTOMERS) - before_ct == 1, "one customers query for all four"
    # One read to find the member by its card, one for its account: not one per customer.
    assert voucherify.calls(CARD_READ) - before_card == 2
    assert voucherify.calls(EMAIL_SEARCH) == 0, "a card link never searches by email"

    again = await linked.accounts([pro, demo], CTX)
    assert [a.customer_id if a else None for a in again] == [None, demo]
    assert proxy.count(CUSTOMERS) - before_ct == 1, "the links (and the miss) are cached"
    assert voucherify.calls(CARD_READ) - before_card == 3, "only the account is read again"


# --- over HTTP: a gateway configured with the card link ------------------------------------


@pytest.fixture
async def gateway(
    proxy: ScriptedProxy, voucherify: RunningVoucherify, tmp_path: Path
) -> AsyncIterator[GraphQLClient]:
    text = TOML.format(
        ct=proxy.base_url,
        project=d.PROJECT_KEY,
        client_id=d.CLIENT_ID,
        client_secret=d.CLIENT_SECRET,
        b2b=d.B2B_GROUP,
        warehouse=d.WAREHOUSE,
        card_field=d.LOYALTY_CARD_FIELD,
        voucherify=voucherify.base_url,
        app_id=APP_ID,
        app_token=APP_TOKEN,
        campaign=CAMPAIGN_ID,
    )
    config = replace(parse(tomllib.loads(text), "omnicanal.toml"), data_dir=tmp_path)
    async with running_gateway(config) as client:
        yield client


async def _token(client: GraphQLClient, email: str, password: str) -> str:
    payload = await sign_in(client, email, password)
    assert payload["userErrors"] == []
    token: str = payload["accessToken"]
    return token


async def test_the_signed_in_customer_sees_the_card_of_their_commercetools_account(
    gateway: GraphQLClient, voucherify: RunningVoucherify, proxy: ScriptedProxy
) -> None:
    token = await _token(gateway, d.DEMO_EMAIL, d.DEMO_PASSWORD)
    cards, customers = voucherify.calls(CARD_READ), proxy.count(CUSTOMERS)
    me = (await gateway.data(LOYALTY, headers=bearer(token)))["customer"]
    assert me["email"] == d.DEMO_EMAIL
    assert me["loyalty"] == {
        "cardNumber": d.DEMO_CARD,
        "pointsBalance": _balance(voucherify, d.DEMO_CARD),
    }
    assert voucherify.calls(CARD_READ) - cards == 2, "the member by its card, its account"
    assert voucherify.calls(EMAIL_SEARCH) == 0
    first_ct = proxy.count(CUSTOMERS) - customers

    cards, customers = voucherify.calls(CARD_READ), proxy.count(CUSTOMERS)
    again = (await gateway.data(LOYALTY, headers=bearer(token)))["customer"]
    assert again == me
    assert voucherify.calls(CARD_READ) - cards == 1, "the account only: the link is cached"
    assert first_ct - (proxy.count(CUSTOMERS) - customers) == 1, "nor is the OMS asked again"


async def test_a_customer_without_a_card_has_no_loyalty_and_no_error(
    gateway: GraphQLClient, voucherify: RunningVoucherify
) -> None:
    token = await _token(gateway, d.PRO_EMAIL, d.PRO_PASSWORD)
    before = voucherify.calls()
    answer = await gateway.post(LOYALTY, headers=bearer(token))
    assert "errors" not in answer, answer
    assert answer["data"]["customer"] == {"email": d.PRO_EMAIL, "loyalty": None}
    # The pro customer is a Voucherify member too (OC1987000002), but not by this link.
    assert voucherify.calls(CARD_READ) == 0
    assert voucherify.calls() - before == 0, "no card, nothing to ask"
