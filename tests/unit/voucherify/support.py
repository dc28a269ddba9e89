"""Shared by the Voucherify connector tests: settings for a connector on the emulator and
the type of the `make` fixture."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

from connectors.voucherify import VoucherifyConnector
from tests.emulators.voucherify import APP_ID, APP_TOKEN, CAMPAIGN_ID, RunningVoucherify

INSTANCE = "club"
MEMBER = "/v1/loyalties/{campaignId}/members/{memberId}"
MEMBERS = "/v1/loyalties/{campaignId}/members"
GET_CARD = f"GET {MEMBER}"
LIST_CARDS = f"GET {MEMBERS}"
BALANCE = f"POST {MEMBER}/balance"
TRANSACTIONS = f"GET {MEMBER}/transactions"
CUSTOMERS = "GET /v1/customers"


class Make(Protocol):
    def __call__(self, start: bool = True, **overrides: Any) -> Awaitable[VoucherifyConnector]: ...


def settings_for(emulator: RunningVoucherify, **overrides: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "base_url": emulator.base_url,
        "app_id": APP_ID,
        "app_token": APP_TOKEN,
        "campaign_id": CAMPAIGN_ID,
    }
    return raw | overrides
