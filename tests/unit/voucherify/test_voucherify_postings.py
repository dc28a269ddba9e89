"""Postings: earned and spent points in one balance change, once per checkout key, never
below zero."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from connectors.context import Channel, CommerceContext
from connectors.errors import InsufficientPoints
from connectors.models import LoyaltyPosting
from tests.emulators.voucherify import RunningVoucherify
from tests.unit.voucherify.support import BALANCE, GET_CARD, TRANSACTIONS, Make

CTX = CommerceContext()
ALICE = "LC-ALICE-01"  # 850 points


def _posting(earned: int, spent: int, card: str = ALICE, key: str = "") -> LoyaltyPosting:
    return LoyaltyPosting(key or uuid.uuid4().hex, card, earned, spent, "ord-1", Channel.STORE)


def _balance(voucherify: RunningVoucherify, card: str = ALICE) -> int:
    return int(voucherify.project.cards[card]["loyalty_card"]["balance"])


async def test_a_posting_is_one_balance_change_with_its_key(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    account = await connector.post(_posting(40, 10, key="chk-1"), CTX)
    assert account.points_balance == 880 == _balance(voucherify)
    assert account.customer_id == ALICE
    (change,) = voucherify.project.transactions[ALICE]
    assert change["source_id"] == "omnicanal:chk-1"
    assert change["details"]["balance"]["points"] == 30
    assert "ord-1" in change["reason"]
    assert "+40" in change["reason"]
    assert voucherify.calls(BALANCE) == 1


async def test_a_retried_posting_posts_nothing(make: Make, voucherify: RunningVoucherify) -> None:
    connector = await make()
    posting = _posting(40, 10)
    first = await connector.post(posting, CTX)
    again = await connector.post(posting, CTX)
    assert again.points_balance == first.points_balance == 880
    assert voucherify.calls(BALANCE) == 1
    # A second connector (another gateway instance) finds it too.
    other = await make()
    assert (await other.post(posting, CTX)).points_balance == 880
    assert voucherify.calls(BALANCE) == 1


async def test_retries_racing_in_one_process_post_once(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    posting = _posting(25, 0)
    results = await asyncio.gather(*(connector.post(posting, CTX) for _ in range(4)))
    assert {a.points_balance for a in results} == {875}
    assert voucherify.calls(BALANCE) == 1
    assert len(connector.poster.locks) == 0, "card locks are dropped after use"


async def test_an_earlier_posting_is_found_beyond_the_first_page(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    posting = _posting(5, 0)
    await connector.post(posting, CTX)
    for _ in range(150):  # later activity on the card
        voucherify.project.adjust(
            voucherify.project.cards[ALICE]["campaign_id"], ALICE, {"points": 1}
        )
    before = voucherify.calls(TRANSACTIONS)
    await connector.post(posting, CTX)
    assert voucherify.calls(TRANSACTIONS) - before == 2
    assert voucherify.calls(BALANCE) == 1


async def test_spending_more_than_the_balance_posts_nothing(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    with pytest.raises(InsufficientPoints):
        await connector.post(_posting(900, 851), CTX)  # earned points do not pay
    assert _balance(voucherify) == 850
    assert voucherify.calls(BALANCE) == 0
    assert ALICE not in voucherify.project.transactions


async def test_a_card_spent_elsewhere_meanwhile_is_insufficient_points(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    refused = {"code": 400, "key": "loyalty_card_points_exceeded", "message": "m",
               "details": "d", "request_id": "v-1"}  # fmt: skip
    voucherify.server.can(BALANCE, 400, json.dumps(refused).encode())
    with pytest.raises(InsufficientPoints):
        await connector.post(_posting(0, 800), CTX)
    assert _balance(voucherify) == 850


async def test_a_posting_that_changes_nothing_makes_no_change(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    account = await connector.post(_posting(30, 30), CTX)
    assert account.points_balance == 850
    assert voucherify.calls(BALANCE) == 0


async def test_bad_postings_are_the_callers_error(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    with pytest.raises(ValueError, match="negative"):
        await connector.post(_posting(-5, 0), CTX)
    with pytest.raises(LookupError):
        await connector.post(_posting(5, 0, card="LC-NONE"), CTX)
    with pytest.raises(LookupError):
        await connector.post(_posting(5, 0, card="LC-HUGO-08"), CTX)  # disabled
    assert voucherify.calls(BALANCE) == 0
    assert voucherify.calls(GET_CARD) == 2
