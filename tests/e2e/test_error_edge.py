"""The error edge: client input never reaches a 500, an INTERNAL_SERVER_ERROR or a
traceback in the log. Each case gets a coded error, over HTTP and over WebSocket."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from connectors.models import Customer
from gateway.tokens import JwtTokenIssuer, persisted_key
from tests.support.server import GraphQLClient
from tests.support.shopping import bearer, checkout, create_cart, mutate, online_quantity

WAIT_S = 15.0
GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}
PREFLIGHTED = {"apollo-require-preflight": "true"}  # a GET a browser cannot send unasked


@pytest.fixture(autouse=True)
def no_traceback_in_the_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Refused requests log at most a line each: never a traceback, never an error."""
    caplog.set_level(logging.INFO)
    yield
    noisy = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not noisy, [r.getMessage() for r in noisy]


async def _post(
    client: GraphQLClient, body: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    async with client.session.post(client.base_url + "/graphql", json=body, headers=headers) as r:
        return r.status, json.loads(await r.text())


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in payload.get("errors", ())]


# 1. Operation selection


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ __typename }", "operationName": "Nope"}, "OPERATION_NOT_FOUND"),
        ({"query": "query A { __typename }", "operationName": "B"}, "OPERATION_NOT_FOUND"),
        ({"query": "fragment F on Query { __typename }"}, "OPERATION_NOT_FOUND"),
        ({"query": "query A { __typename } query B { __typename }"}, "OPERATION_NAME_REQUIRED"),
        (
            {"query": "query A { __typename } mutation B { __typename }"},
            "OPERATION_NAME_REQUIRED",
        ),
    ],
)
async def test_operation_selection_is_a_request_error(
    gateway: GraphQLClient, body: dict[str, Any], code: str
) -> None:
    status, payload = await _post(gateway, body)
    assert status == 200
    assert _codes(payload) == [code]
    assert "data" not in payload, "a request error never reached execution"
    status, payload = await _post(gateway, body, GRAPHQL_RESPONSE)
    assert status == 400
    assert _codes(payload) == [code]


async def test_the_named_operation_runs(gateway: GraphQLClient) -> None:
    query = 'query A { __typename } query B { product(sku: "nope") { id } }'
    status, payload = await _post(gateway, {"query": query, "operationName": "B"})
    assert (status, payload["data"]) == (200, {"product": None})
    assert "errors" not in payload


async def test_operation_selection_over_get(gateway: GraphQLClient) -> None:
    params = {"query": "query A { __typename } query B { __typename }"}
    status, _, text = await gateway.raw("GET", "/graphql", params=params, headers=PREFLIGHTED)
    assert status == 200
    assert _codes(json.loads(text)) == ["OPERATION_NAME_REQUIRED"]
    params["operationName"] = "C"
    status, _, text = await gateway.raw("GET", "/graphql", params=params, headers=PREFLIGHTED)
    assert _codes(json.loads(text)) == ["OPERATION_NOT_FOUND"]


# 2. Search text


@pytest.mark.parametrize(
    "text", [" ".join(["bêche"] * 1000), "x" * 50_000, " ".join(f"w{i}" for i in range(21))]
)
async def test_search_text_beyond_the_limits_is_out_of_range(
    gateway: GraphQLClient, recorder: Any, text: str
) -> None:
    query = "query($q: String) { products(first: 5, query: $q) { totalCount } }"
    payload = await gateway.post(query, variables={"q": text})
    assert payload["data"] is None
    assert _codes(payload) == ["ARGUMENT_OUT_OF_RANGE"]
    assert payload["errors"][0]["extensions"]["field"] == ["query"]
    assert text[:50] not in payload["errors"][0]["message"], "the text is not echoed"
    assert sum(recorder.calls.values()) == 0, "refused before any connector call"


async def test_search_text_at_the_limits_runs(gateway: GraphQLClient) -> None:
    query = "query($q: String) { products(first: 5, query: $q) { totalCount } }"
    twenty_words = " ".join(["a"] * 20)
    assert (await gateway.data(query, variables={"q": twenty_words}))["products"] is not None
    long_word = "b" * 200
    data = await gateway.data(query, variables={"q": long_word})
    assert data["products"]["totalCount"] == 0


async def test_the_sample_never_builds_an_unbounded_expression(sample_dir: Path) -> None:
    from connectors.models import ProductSearch
    from connectors.sample.db import SampleDatabase
    from connectors.sample.search import search_page_ids

    db = SampleDatabase(sample_dir / "sample.db")
    await db.open()
    try:
        for text in (" ".join(f"w{i}" for i in range(5000)), "y" * 200_000, "% _ \\ " * 3000):
            request = ProductSearch(first=5, offset=0, query=text)
            ids, total = await search_page_ids(db, request, "fr", "EUR")
            assert (ids, total) == ([], 0)
    finally:
        await db.close()


# 3. Cursors


@pytest.mark.parametrize(
    "cursor_text", ["o:" + "9" * 30, "o:10000", "o:-1", "o:²", "o:" + "1" * 5000, "o:"]
)
async def test_an_out_of_range_cursor_is_invalid(gateway: GraphQLClient, cursor_text: str) -> None:
    import base64

    cursor = base64.urlsafe_b64encode(cursor_text.encode()).decode().rstrip("=")
    query = "query($a: String) { products(first: 5, after: $a) { nodes { id } } }"
    payload = await gateway.post(query, variables={"a": cursor})
    assert payload["data"] is None
    assert _codes(payload) == ["INVALID_CURSOR"]


async def test_the_last_allowed_cursor_runs(gateway: GraphQLClient) -> None:
    import base64

    cursor = base64.urlsafe_b64encode(b"o:9998").decode().rstrip("=")
    query = "query($a: String) { products(first: 5, after: $a) { nodes { id } } }"
    data = await gateway.data(query, variables={"a": cursor})
    assert data["products"]["nodes"] == []


# 4. A token for a customer that no longer exists


def _ghost_token(data_dir: Path) -> str:
    issuer = JwtTokenIssuer(persisted_key(data_dir), timedelta(hours=1))
    token, _ = issuer.issue(Customer("CU-gone", "gone@example.com", "Gone", "Away", "default"))
    return token


async def test_a_token_for_a_vanished_customer_is_invalid(
    shop: GraphQLClient, own_sample_dir: Path
) -> None:
    token = _ghost_token(own_sample_dir)
    selection = "cart { id }"
    query = "mutation { cartCreate { cart { id } userErrors { code field message } } }"
    signed_in = (await shop.data(query, headers=bearer(token)))["cartCreate"]
    assert signed_in["cart"] is None
    assert [e["code"] for e in signed_in["userErrors"]] == ["INVALID_TOKEN"]
    as_buyer = await mutate(
        shop, "cartCreate", "buyerAccessToken: String", {"buyerAccessToken": token}, selection
    )
    assert [e["code"] for e in as_buyer["userErrors"]] == ["INVALID_TOKEN"]
    assert as_buyer["userErrors"][0]["field"] == ["buyerAccessToken"]
    assert (await shop.data("{ customer { id } }", headers=bearer(token))) == {"customer": None}
    store = (await shop.data("{ stores(first: 1) { id } }"))["stores"][0]
    sku = (await shop.data("{ products(first: 1) { nodes { sku } } }"))["products"]["nodes"][0]
    held = await mutate(
        shop, "pickupReserve", "storeId: ID!, lines: [CartLineInput!]!, idempotencyKey: String!",
        {"storeId": store["id"], "lines": [{"sku": sku["sku"], "quantity": 1}],
         "idempotencyKey": "ghost"},
        "reservation { id }", token,
    )  # fmt: skip
    assert [e["code"] for e in held["userErrors"]] == ["INVALID_TOKEN"]


# 5. Concurrent checkouts of one cart

CHECKOUTS = 10


async def test_concurrent_checkouts_of_one_cart_place_one_order(shop: GraphQLClient) -> None:
    query = """{ products(first: 60, sortKey: BEST_SELLING) { nodes { sku
      availability { quantityAvailable } } } }"""
    nodes = (await shop.data(query))["products"]["nodes"]
    sku = next(n["sku"] for n in nodes if (n["availability"]["quantityAvailable"] or 0) >= 3)
    before = await online_quantity(shop, sku)
    cart = await create_cart(shop, [{"sku": sku, "quantity": 2}])
    async with asyncio.timeout(60):
        payloads = await asyncio.gather(
            *(checkout(shop, cart["id"], f"key-{i}", None) for i in range(CHECKOUTS))
        )
    orders = {p["order"]["id"] for p in payloads if p["order"] is not None}
    assert len(orders) == 1, payloads
    refusals = [e["code"] for p in payloads for e in p["userErrors"]]
    assert len(refusals) == CHECKOUTS - 1
    assert set(refusals) <= {"CHECKOUT_IN_PROGRESS", "CART_COMPLETED"}, refusals
    assert await online_quantity(shop, sku) == before - 2, "stock taken exactly once"
    again = await checkout(shop, cart["id"], "key-late", None)
    assert [e["code"] for e in again["userErrors"]] == ["CART_COMPLETED"]


# 6. WebSocket refusals


async def _ws_refusal(
    client: GraphQLClient, payload: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    url = client.base_url.replace("http", "ws") + "/graphql"
    protocols = ["graphql-transport-ws"]
    async with client.session.ws_connect(url, protocols=protocols, headers=headers) as ws:
        await ws.send_json({"type": "connection_init"})
        ack = await asyncio.wait_for(ws.receive_json(), WAIT_S)
        assert ack["type"] == "connection_ack"
        await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        message = await asyncio.wait_for(ws.receive(), WAIT_S)
        assert message.type == aiohttp.WSMsgType.TEXT, message
        answer: dict[str, Any] = json.loads(message.data)
        return answer


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"query": "subscription { stockChanged(skus: ["}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "subscription { nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "subscription A { __typename }", "operationName": "B"}, "OPERATION_NOT_FOUND"),
        ({"query": "fragment F on Subscription { __typename }"}, "OPERATION_NOT_FOUND"),
        (
            {
                "query": 'subscription A { stockChanged(skus: ["x"]) { sku } } '
                'subscription B { stockChanged(skus: ["y"]) { sku } }'
            },
            "OPERATION_NAME_REQUIRED",
        ),
    ],
)
async def test_a_refused_subscription_is_an_error_message(
    gateway: GraphQLClient, payload: dict[str, Any], code: str
) -> None:
    answer = await _ws_refusal(gateway, payload)
    assert answer["type"] == "error", answer
    assert answer["id"] == "1"
    assert [e["extensions"]["code"] for e in answer["payload"]] == [code]


async def test_a_subscription_with_a_refused_header_is_an_error_message(
    gateway: GraphQLClient,
) -> None:
    payload = {"query": 'subscription { stockChanged(skus: ["x"]) { sku } }'}
    headers = {"X-Omnicanal-Channel": "TELEPATHY"}
    answer = await _ws_refusal(gateway, payload, headers)
    assert answer["type"] == "error", answer
    assert [e["extensions"]["code"] for e in answer["payload"]] == ["INVALID_CONTEXT"]
    assert "TELEPATHY" not in json.dumps(answer)


# 7. Header values


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Omnicanal-Channel", "z" * 60_000),
        ("X-Omnicanal-Channel", "z" * 3_000),
        ("X-Omnicanal-Country", "<script>" * 100),
        ("X-Omnicanal-Currency", "q" * 5_000),
        ("X-Omnicanal-Language", "w" * 5_000),
        ("X-Omnicanal-Language", "1234"),
        ("X-Omnicanal-Store", "s" * 5_000),
    ],
)
async def test_header_values_are_never_echoed(
    gateway: GraphQLClient, header: str, value: str
) -> None:
    status, _, text = await gateway.raw(
        "POST", "/graphql", json={"query": "{ __typename }"}, headers={header: value}
    )
    assert value[:20] not in text
    if status == 431:
        return  # beyond the server's header size limit: refused before the app sees it
    assert status == 400
    payload = json.loads(text)
    assert _codes(payload) == ["INVALID_CONTEXT"]
    assert header in payload["errors"][0]["message"]


async def test_sensible_header_values_still_work(gateway: GraphQLClient) -> None:
    query = '{ product(sku: "OC-000001") { title } }'
    french = await gateway.data(query, headers={"X-Omnicanal-Language": "fr-FR"})
    english = await gateway.data(query, headers={"X-Omnicanal-Language": "EN"})
    assert french != english, "a BCP 47 tag gives its language"
    ignored = {"Accept-Language": "x" * 5000}
    assert await gateway.data(query, headers={**ignored, "X-Omnicanal-Language": "en"}) == english
    assert await gateway.data("{ __typename }", headers=ignored) == {"__typename": "Query"}


# 8. Request parameters of the wrong type


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ __typename }", "extensions": "x"},
        {"query": "{ __typename }", "extensions": 1},
        {"query": "{ __typename }", "extensions": [1]},
        {"query": "{ __typename }", "extensions": True},
        {"query": "{ __typename }", "variables": "x"},
        {"query": "{ __typename }", "variables": 3},
        {"query": "{ __typename }", "operationName": 3},
        {"query": "{ __typename }", "operationName": ["A"]},
    ],
)
async def test_parameters_of_the_wrong_type_are_400(
    gateway: GraphQLClient, body: dict[str, Any]
) -> None:
    status, payload = await _post(gateway, body)
    assert status == 400
    assert _codes(payload) == ["BAD_REQUEST"]


@pytest.mark.parametrize("extensions", [None, {}, {"persistedQuery": None}])
async def test_object_or_null_extensions_are_accepted(
    gateway: GraphQLClient, extensions: Any
) -> None:
    status, payload = await _post(gateway, {"query": "{ __typename }", "extensions": extensions})
    assert (status, payload["data"]) == (200, {"__typename": "Query"})
    assert "errors" not in payload


@pytest.mark.parametrize(
    ("name", "value"),
    [("extensions", "nope"), ("extensions", "[1]"), ("extensions", "3"), ("variables", "[1]")],
)
async def test_get_parameters_of_the_wrong_type_are_400(
    gateway: GraphQLClient, name: str, value: str
) -> None:
    params = {"query": "{ __typename }", name: value}
    status, _, text = await gateway.raw("GET", "/graphql", params=params, headers=PREFLIGHTED)
    assert status == 400
    assert _codes(json.loads(text)) == ["BAD_REQUEST"]
    params = {"query": "{ __typename }", "extensions": "{}"}
    status, _, _ = await gateway.raw("GET", "/graphql", params=params, headers=PREFLIGHTED)
    assert status == 200
