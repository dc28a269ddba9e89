"""A capability the configured back end lacks is an expected answer: the mutation's payload
carries a NOT_SUPPORTED userError and `data` is there, never a top-level error. Here the
inventory is the sample without its holds (tests.support.no_holds)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from gateway import config as gateway_config
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import ERRORS, bearer, token_of_demo

DOMAINS = ("catalog", "pricing", "content", "orders", "loyalty")
RESERVE = f"""mutation($s: ID!, $l: [CartLineInput!]!) {{
  pickupReserve(storeId: $s, lines: $l, idempotencyKey: "k1") {{ reservation {{ id }} {ERRORS} }}
}}"""
CANCEL = f"""mutation {{
  pickupReservationCancel(id: "UGlja3VwUmVzZXJ2YXRpb246UlMx") {{ reservation {{ id }} {ERRORS} }}
}}"""


@pytest.fixture
async def without_holds(own_sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    database = own_sample_dir / "sample.db"
    raw: dict[str, Any] = {
        "gateway": {"data_dir": str(own_sample_dir)},
        "connectors": {
            "sample": {"kind": "sample"},
            "wms": {
                "kind": "tests.support.no_holds:NO_HOLDS",
                "settings": {"database": str(database)},
            },
        },
        "domains": {**{d: "sample" for d in DOMAINS}, "inventory": "wms"},
    }
    async with running_gateway(gateway_config.parse(raw, "test")) as client:
        yield client


def _not_supported(payload: dict[str, Any]) -> None:
    assert payload["reservation"] is None
    (error,) = payload["userErrors"]
    assert error["code"] == "NOT_SUPPORTED"
    assert error["field"] is None
    assert "stock holds" in error["message"]


async def test_holds_on_a_back_end_without_them_are_a_user_error(
    without_holds: GraphQLClient,
) -> None:
    token = await token_of_demo(without_holds)
    store = (await without_holds.data("{ stores(first: 1) { id } }"))["stores"][0]["id"]
    products = await without_holds.data("{ products(first: 1) { nodes { sku } } }")
    lines = [{"sku": products["products"]["nodes"][0]["sku"], "quantity": 1}]
    variables = {"s": store, "l": lines}
    reserved = await without_holds.post(RESERVE, variables=variables, headers=bearer(token))
    assert "errors" not in reserved, reserved
    _not_supported(reserved["data"]["pickupReserve"])
    cancelled = await without_holds.post(CANCEL, headers=bearer(token))
    assert "errors" not in cancelled, cancelled
    _not_supported(cancelled["data"]["pickupReservationCancel"])
    mine = await without_holds.data("{ customer { reservations { id } } }", headers=bearer(token))
    assert mine == {"customer": {"reservations": []}}, "none to list"


async def test_signing_in_still_comes_first(without_holds: GraphQLClient) -> None:
    anonymous = await without_holds.post(CANCEL)
    assert "errors" not in anonymous, anonymous
    codes = [e["code"] for e in anonymous["data"]["pickupReservationCancel"]["userErrors"]]
    assert codes == ["CUSTOMER_REQUIRED"]
