"""The identity link against the Voucherify connector on its emulator, as the composed
example wires it: an OMS customer (its own ids, its own casing of the email) sees the
Voucherify card's account, earns on it once per checkout key, and a second read costs
no member lookup."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.caching import SharedCache
from connectors.context import Channel, CommerceContext
from connectors.identity import Link, LinkedLoyalty, MemberLinks, linked_loyalty
from connectors.identity_cache import LINK_DOMAIN, LinkCache
from connectors.models import LoyaltyPosting
from connectors.protocols import LoyaltyTransactions
from connectors.voucherify import SPEC
from tests.emulators.voucherify import APP_ID, APP_TOKEN, CAMPAIGN_ID, RunningVoucherify, serve
from tests.unit.identity_fakes import FakeOms, customer

CTX = CommerceContext()
CUSTOMERS = "GET /v1/customers"


@pytest.fixture
async def voucherify() -> AsyncIterator[RunningVoucherify]:
    emulator = await serve()
    yield emulator
    await emulator.aclose()


@pytest.fixture
async def linked(voucherify: RunningVoucherify, tmp_path: Path) -> AsyncIterator[LinkedLoyalty]:
    settings = SPEC.parse_settings(
        {
            "base_url": voucherify.base_url,
            "app_id": APP_ID,
            "app_token": APP_TOKEN,
            "campaign_id": CAMPAIGN_ID,
        }
    )
    async with aiohttp.ClientSession() as session:
        club = SPEC.factory(settings, ConnectorEnv("club", session, tmp_path))
        await club.start()
        oms = FakeOms(
            {
                "ct-demo": customer("ct-demo", "Demo@Omnicanal.dev"),
                "ct-alice": customer("ct-alice", "alice.martin@example.com"),
                "ct-new": customer("ct-new", "not.a.member@example.com"),
            }
        )
        cache = LinkCache(SharedCache({LINK_DOMAIN: 600.0}, source="identity.loyalty"), 30.0)
        yield linked_loyalty(club, MemberLinks(oms, club, Link.EMAIL, cache))  # type: ignore[arg-type]
        await club.aclose()


async def test_accounts_are_the_members_in_the_oms_ids(
    linked: LinkedLoyalty, voucherify: RunningVoucherify
) -> None:
    demo, nobody, alice = await linked.accounts(["ct-demo", "ct-new", "ct-alice"], CTX)
    assert nobody is None
    assert demo is not None
    assert alice is not None
    assert (demo.customer_id, demo.card_number) == ("ct-demo", "OC1987000001")
    assert alice.customer_id == "ct-alice"
    asked = voucherify.calls(CUSTOMERS)
    again = await linked.accounts(["ct-alice", "ct-demo"], CTX)
    assert [a.customer_id if a else None for a in again] == ["ct-alice", "ct-demo"]
    assert voucherify.calls(CUSTOMERS) == asked  # the links were cached


async def test_a_checkout_posts_once_on_the_member(linked: LinkedLoyalty) -> None:
    assert isinstance(linked, LoyaltyTransactions)
    (before,) = await linked.accounts(["ct-demo"], CTX)
    assert before is not None
    posting = LoyaltyPosting("order:o-1", "ct-demo", 25, 0, "o-1", Channel.STORE)
    signed_in = CTX.with_customer("ct-demo", "default")
    first = await linked.post(posting, signed_in)
    retried = await linked.post(posting, signed_in)  # a retried checkout
    assert first.customer_id == "ct-demo"
    assert first.points_balance == before.points_balance + 25
    assert retried.points_balance == first.points_balance
