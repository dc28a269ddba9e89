"""Limits and refusals: both executors refuse the same operations with the same answer
(status, codes, messages), whether the refusal comes before execution or during it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from gateway import examples
from schema.policy import OperationLimits
from tests.conftest import instrumented_config
from tests.differential.credentials import CATALOG_ONLY_KEY, DEMO_TOKEN, WEB_ONLY_KEY
from tests.differential.exchange import Request
from tests.differential.pairs import Pair, running_pair

pytestmark = pytest.mark.differential

NESTED = (
    "{ products(first: 100) { nodes { categories { products(first: 100) { nodes { id "
    "variants { sku price { amount } } } } } } } }"
)
DEEP = (
    '{ product(handle: "garden-shears-1") { '
    + "categories { parent { " * 8
    + "title"
    + " } }" * 8
    + " } }"
)
WIDE = "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"
HUGE = "{ products(first: 1) { nodes { " + "id " * 17_000 + "} } }"  # about 50 KB
TWO_OPERATIONS = (
    "query A { products(first: 1) { totalCount } } query B { stores(first: 1) { code } }"
)
PRICE_ONLY = (
    "{ products(first: 2) { nodes { title price { amount } availability { quantityAvailable } } } }"
)

REFUSED = {
    "over the cost limit": Request(NESTED),
    "over the depth limit": Request(DEEP),
    "too many aliases": Request(WIDE),
    "a 50 KB document": Request(HUGE),
    "first: -1": Request("{ products(first: -1) { nodes { id } } }"),
    "first: 101": Request("{ products(first: 101) { nodes { id } } }"),
    "a bad cursor": Request('{ products(first: 5, after: "bm90LWEtY3Vyc29y") { nodes { id } } }'),
    "a junk cursor": Request('{ products(first: 5, after: "%%%") { nodes { id } } }'),
    "a bad ID": Request('{ node(id: "not-an-id") { id } product(id: "UHJvZHVjdDpOT1BF") { id } }'),
    "a bad ID type": Request('{ node(id: "U3RvcmU6UDAwMDAwMQ") { id __typename } }'),
    "a bad ID variable": Request("query($id: ID!) { node(id: $id) { id } }", {"id": 12}),
    "a missing variable": Request("query($id: ID!) { node(id: $id) { id } }", {}),
    "an unknown operationName": Request(TWO_OPERATIONS, operation_name="C"),
    "no operationName of two": Request(TWO_OPERATIONS),
    "a chosen operationName": Request(TWO_OPERATIONS, operation_name="B"),
    "an unknown field": Request("{ products(first: 1) { nodes { nope } } }"),
    "a syntax error": Request("{ products(first: 1) { nodes { id } }"),
    "a bad context value": Request('query @inContext(country: "FRA") { products(first: 1) { totalCount } }'),
    "a bad context header": Request("{ __typename }", headers=(("X-Omnicanal-Channel", "TELEPATHY"),)),
    "a channel the caller lacks": Request(examples.APP_PRICES % {"category": "garden"}),
    "a channel the key lacks": Request(examples.APP_PRICES % {"category": "garden"}, headers=WEB_ONLY_KEY),
    "a scope the key lacks": Request(PRICE_ONLY, headers=CATALOG_ONLY_KEY),
    "a scope the key lacks, signed in": Request(
        "{ customer { email orders(first: 1) { nodes { number } } } }", headers=CATALOG_ONLY_KEY + DEMO_TOKEN
    ),
    "an unknown key": Request("{ __typename }", headers=(("X-Omnicanal-Key", "ocsk_nope"),)),
    "a forged token": Request("{ customer { email } }", headers=(("Authorization", "Bearer x.y.z"),)),
    "a subscription over POST": Request("subscription { stockChanged(skus: [\"OC-000001\"]) { sku } }"),
    # A non-null root field and a nullable one refused in the same tick: both errors stay,
    # though the first nulls the whole response (found by the generated queries).
    "two root refusals, one nulling the root": Request(
        '{ pickupOptions(lines: [{sku: "OC-000001", quantity: 1}], near: {latitude: 48.8, '
        'longitude: 2.3}, radiusKm: 0) { distanceKm } category(id: "Q2F0ZWdvcnk6MQ", handle: "x") { handle } }'
    ),
}  # fmt: skip


@pytest.mark.parametrize("request_", REFUSED.values(), ids=REFUSED.keys())
async def test_a_refusal_is_the_same(pair: Pair, request_: Request) -> None:
    await pair.same(request_)


@pytest.fixture(scope="module")
async def bounded(sample_dir: Path, pair: Pair) -> AsyncIterator[Pair]:
    """A pair that caps responses at 10 objects, as tests/e2e/test_operation_limits.py."""
    config = replace(
        instrumented_config(sample_dir), limits=OperationLimits(max_response_objects=10)
    )
    async with running_pair(config) as both:
        both.share_credentials(pair)
        yield both


@pytest.mark.parametrize(
    "query",
    [
        "{ products(first: 10) { nodes { id } } }",
        "{ a: products(first: 6) { nodes { id } } b: products(first: 5) { nodes { id } } }",
        examples.LISTING,
        "{ stores(first: 20) { code } }",
    ],
)
async def test_a_response_too_large_is_the_same(bounded: Pair, query: str) -> None:
    await bounded.same(Request(query))
