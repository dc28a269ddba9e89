"""The emulator answers as Voucherify's API reference describes: application keys, the
error object, paging caps, 429 with Retry-After, cursor-paged transactions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp

from tests.emulators.voucherify import APP_ID, APP_TOKEN, CAMPAIGN_ID, RunningVoucherify

KEYS = {"X-App-Id": APP_ID, "X-App-Token": APP_TOKEN}


async def _get(
    session: aiohttp.ClientSession, emulator: RunningVoucherify, path: str, **kw: Any
) -> tuple[int, Any, Mapping[str, str]]:
    headers = kw.pop("headers", KEYS)
    async with session.get(emulator.base_url + path, headers=headers, **kw) as response:
        return response.status, await response.json(), response.headers


def _is_error(body: Any, code: int, key: str) -> bool:
    return (
        body["code"] == code
        and body["key"] == key
        and isinstance(body["message"], str)
        and isinstance(body["details"], str)
        and body["request_id"].startswith("v-")
    )


async def test_requests_without_the_application_keys_are_refused(
    session: aiohttp.ClientSession, voucherify: RunningVoucherify
) -> None:
    wrong = {"X-App-Id": APP_ID, "X-App-Token": "guess"}
    for headers in ({}, wrong):
        status, body, _ = await _get(session, voucherify, "/v1/customers", headers=headers)
        assert status == 401
        assert _is_error(body, 401, "unauthorized")


async def test_paging_is_capped_as_voucherify_caps_it(
    session: aiohttp.ClientSession, voucherify: RunningVoucherify
) -> None:
    members = f"/v1/loyalties/{CAMPAIGN_ID}/members"
    status, body, _ = await _get(session, voucherify, members, params={"limit": "2"})
    assert status == 200
    assert body["data_ref"] == "vouchers"
    assert len(body["vouchers"]) == 2
    assert body["total"] == 9
    for params in ({"limit": "101"}, {"limit": "0"}, {"page": "0"}, {"limit": "ten"}):
        status, body, _ = await _get(session, voucherify, members, params=params)
        assert status == 400
        assert _is_error(body, 400, "invalid_query_params")
    status, body, _ = await _get(session, voucherify, "/v1/customers", params={"page": "100"})
    assert status == 400, "customers are paged to 99"


async def test_unknown_resources_answer_the_error_object(
    session: aiohttp.ClientSession, voucherify: RunningVoucherify
) -> None:
    status, body, _ = await _get(session, voucherify, f"/v1/loyalties/{CAMPAIGN_ID}/members/NOPE")
    assert status == 404
    assert _is_error(body, 404, "not_found")
    assert body["resource_type"] == "voucher"
    status, body, _ = await _get(session, voucherify, "/v1/loyalties/camp_other/members")
    assert (status, body["resource_type"]) == (404, "campaign")
    status, body, _ = await _get(session, voucherify, "/v1/no-such-path")
    assert status == 404
    assert _is_error(body, 404, "not_found")


async def test_the_rate_limit_switch_answers_429_with_retry_after(
    session: aiohttp.ClientSession, voucherify: RunningVoucherify
) -> None:
    voucherify.server.throttled, voucherify.server.retry_after = 1, "7"
    status, body, headers = await _get(session, voucherify, "/v1/customers")
    assert status == 429
    assert headers["Retry-After"] == "7"
    assert _is_error(body, 429, "too_many_requests")
    status, _, _ = await _get(session, voucherify, "/v1/customers")
    assert status == 200
    assert voucherify.calls("GET /v1/customers") == 2


async def test_balance_changes_are_transactions_paged_by_cursor(
    session: aiohttp.ClientSession, voucherify: RunningVoucherify
) -> None:
    card = f"{voucherify.base_url}/v1/loyalties/{CAMPAIGN_ID}/members/LC-ALICE-01"
    for n in range(3):
        body = {"points": 10, "reason": f"r{n}", "source_id": f"s{n}"}
        async with session.post(f"{card}/balance", json=body, headers=KEYS) as response:
            assert response.status == 200
            balance = await response.json()
    assert (balance["balance"], balance["points"], balance["object"]) == (880, 10, "balance")
    async with session.post(f"{card}/balance", json={"points": -5000}, headers=KEYS) as response:
        assert response.status == 400
        assert _is_error(await response.json(), 400, "loyalty_card_points_exceeded")
    path = f"/v1/loyalties/{CAMPAIGN_ID}/members/LC-ALICE-01/transactions"
    _, first, _ = await _get(session, voucherify, path, params={"limit": "2"})
    assert [t["source_id"] for t in first["data"]] == ["s2", "s1"]
    assert first["has_more"] is True
    after = {"limit": "2", "starting_after_id": first["more_starting_after"]}
    _, rest, _ = await _get(session, voucherify, path, params=after)
    assert [t["source_id"] for t in rest["data"]] == ["s0"]
    assert rest["has_more"] is False


async def test_a_reward_is_redeemed_for_its_points(
    session: aiohttp.ClientSession, voucherify: RunningVoucherify
) -> None:
    card = f"{voucherify.base_url}/v1/loyalties/{CAMPAIGN_ID}/members/LC-ALICE-01"
    body = {"reward": {"id": "rew_gift_5"}}
    async with session.post(f"{card}/redemption", json=body, headers=KEYS) as response:
        assert response.status == 200
        redemption = await response.json()
    assert redemption["result"] == "SUCCESS"
    assert redemption["voucher"]["loyalty_card"]["balance"] == 350
    async with session.post(f"{card}/redemption", json=body, headers=KEYS) as response:
        assert response.status == 400, "350 points do not buy a 500-point reward"
