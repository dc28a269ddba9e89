"""Failures reach the gateway as coded connector errors, whatever Voucherify answers:
429 retried after Retry-After, wrong keys, outages, and bodies of the wrong shape."""

from __future__ import annotations

import json

import pytest

from connectors.context import Channel, CommerceContext
from connectors.errors import (
    ConnectorError,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamUnavailable,
)
from connectors.models import LoyaltyPosting
from tests.emulators.voucherify import RunningVoucherify
from tests.unit.voucherify.support import BALANCE, CUSTOMERS, GET_CARD, TRANSACTIONS, Make

CTX = CommerceContext()
ALICE = "LC-ALICE-01"


async def test_a_429_is_retried_after_retry_after(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    voucherify.server.throttled, voucherify.server.retry_after = 1, "0"
    (account,) = await connector.accounts([ALICE], CTX)
    assert account is not None
    assert voucherify.calls(GET_CARD) == 2


async def test_a_429_that_lasts_is_rate_limited(make: Make, voucherify: RunningVoucherify) -> None:
    connector = await make(retry_attempts=2)
    voucherify.server.throttled = 5
    with pytest.raises(UpstreamRateLimited) as caught:
        await connector.accounts([ALICE], CTX)
    assert caught.value.code == "UPSTREAM_RATE_LIMITED"
    assert voucherify.calls(GET_CARD) == 2


async def test_a_posting_throttled_once_is_posted_once(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    posting = LoyaltyPosting("k-429", ALICE, 10, 0, "ord-9", Channel.WEB)
    voucherify.server.can(BALANCE, 429, b'{"code": 429, "key": "too_many_requests"}')
    account = await connector.post(posting, CTX)
    assert account.points_balance == 860
    assert voucherify.calls(BALANCE) == 2
    assert len(voucherify.project.transactions[ALICE]) == 1


async def test_wrong_keys_are_a_misconfiguration(make: Make) -> None:
    with pytest.raises(UpstreamAuthError) as caught:
        await make(app_token="wrong")
    assert caught.value.code == "UPSTREAM_MISCONFIGURED"


async def test_an_outage_is_retried_for_reads_never_for_writes(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make()
    voucherify.server.outages = 1
    assert (await connector.members_by_card([ALICE], CTX))[0] == ALICE
    voucherify.server.can(BALANCE, 503, b"")
    posting = LoyaltyPosting("k-503", ALICE, 10, 0, "ord-9", Channel.WEB)
    with pytest.raises(UpstreamUnavailable):
        await connector.post(posting, CTX)
    assert voucherify.calls(BALANCE) == 1, "a write that may have been applied is not resent"
    # The retried checkout finds the posting, or makes it; never twice.
    await connector.post(posting, CTX)
    await connector.post(posting, CTX)
    assert len(voucherify.project.transactions.get(ALICE, [])) == 1


HOSTILE_CARDS = [
    b"<html>upstream error</html>",
    b"[]",
    b'{"type": "LOYALTY_CARD", "id": "v_1", "code": "LC-ALICE-01"}',
    b'{"type": "LOYALTY_CARD", "id": "v_1", "code": "LC-ALICE-01",'
    b' "loyalty_card": {"points": "many", "balance": 10}}',
    b'{"type": "GIFT_VOUCHER", "id": "v_1", "code": "LC-ALICE-01", "loyalty_card": {}}',
    b'{"type": "LOYALTY_CARD", "id": null, "code": "LC-ALICE-01",'
    b' "loyalty_card": {"points": 1, "balance": true}}',
]


@pytest.mark.parametrize("body", HOSTILE_CARDS)
async def test_a_card_of_the_wrong_shape_is_a_bad_response(
    make: Make, voucherify: RunningVoucherify, body: bytes
) -> None:
    connector = await make()
    voucherify.server.can(GET_CARD, 200, body)
    with pytest.raises(UpstreamBadResponse) as caught:
        await connector.accounts([ALICE], CTX)
    _assert_coded(caught.value, body)


HOSTILE_LISTS = [
    (CUSTOMERS, b'{"object": "list", "customers": {"id": "cust_1"}}'),
    (CUSTOMERS, b'"customers"'),
    (CUSTOMERS, b"{not json"),
]


@pytest.mark.parametrize(("route", "body"), HOSTILE_LISTS)
async def test_a_list_of_the_wrong_shape_is_a_bad_response(
    make: Make, voucherify: RunningVoucherify, route: str, body: bytes
) -> None:
    connector = await make()
    voucherify.server.can(route, 200, body)
    with pytest.raises(UpstreamBadResponse) as caught:
        await connector.members_by_email(["alice.martin@example.com"], CTX)
    _assert_coded(caught.value, body)


async def test_odd_write_answers_are_coded(make: Make, voucherify: RunningVoucherify) -> None:
    connector = await make()
    posting = LoyaltyPosting("k-odd", ALICE, 10, 0, "ord-9", Channel.WEB)
    voucherify.server.can(TRANSACTIONS, 200, b'{"object": "list", "data": "nothing"}')
    with pytest.raises(UpstreamBadResponse):
        await connector.post(posting, CTX)
    other = {"code": 400, "key": "invalid_payload", "details": "Internal detail XYZ"}
    voucherify.server.can(BALANCE, 400, json.dumps(other).encode())
    with pytest.raises(UpstreamBadResponse) as caught:
        await connector.post(posting, CTX)
    assert "XYZ" not in caught.value.public_message
    voucherify.server.can(BALANCE, 200, b'{"balance": "lots", "total": 1}')
    with pytest.raises(UpstreamBadResponse):
        await connector.post(posting, CTX)


async def test_a_programme_of_the_wrong_shape_fails_the_check(
    make: Make, voucherify: RunningVoucherify
) -> None:
    connector = await make(start=False)
    voucherify.project.earning_rules[0]["loyalty"]["order"]["amount"]["every"] = 0
    with pytest.raises(UpstreamBadResponse):
        await connector.check()
    voucherify.project.earning_rules[0]["loyalty"]["order"]["amount"]["every"] = 100
    voucherify.project.tiers[0]["points"] = "all"
    with pytest.raises(UpstreamBadResponse):
        await connector.check()


def _assert_coded(error: ConnectorError, body: bytes) -> None:
    assert error.code == "UPSTREAM_BAD_RESPONSE"
    assert body.decode(errors="replace") not in error.public_message
