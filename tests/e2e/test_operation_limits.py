"""Operation limits over HTTP: refusals are coded, come before any connector call, and
every response reports its cost; the run-time bounds (response objects, deadline) hold."""

from __future__ import annotations

import asyncio
import dataclasses
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from gateway.config import InstanceConfig
from gateway.examples import LISTING
from schema.policy import OperationLimits
from tests.conftest import instrumented_config
from tests.support.hanging import HUNG_CANCELLED
from tests.support.instrumented import Recorder
from tests.support.server import GraphQLClient, running_gateway
from tests.unit.analysis.support import fan_out

NESTED_TWICE = (
    "{ products(first: 100) { nodes { categories { products(first: 100) { nodes { id "
    "variants { sku price { amount } } } } } } } }"
)
NESTED_THRICE = (
    "{ products(first: 100) { nodes { categories { products(first: 100) { nodes { categories "
    "{ products(first: 10) { nodes { id variants { sku price { amount } } } } } } } } } } }"
)
GRAPHQL_RESPONSE = "application/graphql-response+json"


def _code(payload: dict[str, Any]) -> str:
    code: str = payload["errors"][0]["extensions"]["code"]
    return code


@pytest.mark.parametrize(
    ("query", "cost"), [(NESTED_TWICE, 1_051_101), (NESTED_THRICE, 53_051_101)]
)
async def test_nested_listings_are_refused_before_any_connector_call(
    gateway: GraphQLClient, recorder: Recorder, query: str, cost: int
) -> None:
    payload = await gateway.post(query)
    assert "data" not in payload
    assert _code(payload) == "QUERY_TOO_COMPLEX"
    assert str(cost) in payload["errors"][0]["message"]
    report = {"requestedQueryCost": cost, "maximumAvailable": 10_000}
    assert payload["errors"][0]["extensions"]["cost"] == report
    assert payload["extensions"]["cost"] == report
    assert sum(recorder.calls.values()) == 0


async def test_every_response_reports_its_cost(gateway: GraphQLClient) -> None:
    payload = await gateway.post(LISTING)
    assert "errors" not in payload
    cost = payload["extensions"]["cost"]
    assert (cost["requestedQueryCost"], cost["maximumAvailable"]) == (457, 10_000)
    # The actual cost counts the objects returned: never above what was asked for.
    objects = 1 + 24 * 3  # pageInfo; per product its price, availability and store entries
    assert objects < cost["actualQueryCost"] <= 457
    payload = await gateway.post("{ __typename }")
    assert payload["extensions"]["cost"] == {
        "requestedQueryCost": 0,
        "actualQueryCost": 0,
        "maximumAvailable": 10_000,
    }


async def test_the_cost_follows_the_variables(gateway: GraphQLClient) -> None:
    query = "query Page($n: Int) { products(first: $n) { nodes { id } } }"
    payload = await gateway.post(query, {"n": 7})
    assert len(payload["data"]["products"]["nodes"]) == 7
    assert payload["extensions"]["cost"]["requestedQueryCost"] == 8
    payload = await gateway.post(query)
    assert payload["extensions"]["cost"]["requestedQueryCost"] == 21


@pytest.mark.parametrize(
    ("query", "code"),
    [
        (
            '{ category(handle: "x") { ' + "parent { " * 15 + "id" + " }" * 15 + " } }",
            "QUERY_TOO_DEEP",
        ),
        ("{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }", "TOO_MANY_ALIASES"),
        ("{ " + "__typename " * 21 + "}", "TOO_MANY_ROOT_FIELDS"),
        ("{ __typename" + " @skip(if: false)" * 11 + " }", "TOO_MANY_DIRECTIVES"),
        (fan_out(20), "TOO_MANY_ALIASES"),
    ],
    ids=["depth", "aliases", "root fields", "directives", "fan-out"],
)
async def test_limit_refusals_are_request_errors(
    gateway: GraphQLClient, recorder: Recorder, query: str, code: str
) -> None:
    status, content_type, text = await gateway.raw(
        "POST", "/graphql", json={"query": query}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    payload = orjson.loads(text)
    assert (status, content_type) == (400, GRAPHQL_RESPONSE)  # never reached execution
    assert "data" not in payload
    assert _code(payload) == code
    assert sum(recorder.calls.values()) == 0


async def test_the_event_loop_answers_while_a_large_document_is_validated(
    gateway: GraphQLClient,
) -> None:
    # Within every limit, but up to a second of graphql-core validation (which ends it:
    # its field-overlap budget runs out): that runs off the event loop. A unique name
    # keeps it out of the caches.
    leaves = " ".join("id" for _ in range(4900))
    large = f"query Q{uuid.uuid4().hex} {{ products(first: 1) {{ nodes {{ {leaves} }} }} }}"
    started = time.perf_counter()
    big = asyncio.create_task(gateway.post(large))
    answered_meanwhile, slowest = 0, 0.0
    for _ in range(200):  # bounded: the large request ends long before
        if big.done():
            break
        sent = time.perf_counter()
        assert await gateway.data("{ __typename }") == {"__typename": "Query"}
        slowest = max(slowest, time.perf_counter() - sent)
        answered_meanwhile += not big.done()
    payload = await asyncio.wait_for(big, 60)
    elapsed = time.perf_counter() - started
    assert _code(payload) == "GRAPHQL_VALIDATION_FAILED"
    assert answered_meanwhile >= 3, (answered_meanwhile, elapsed, slowest)


@pytest.fixture(scope="module")
async def bounded(sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    limits = OperationLimits(max_response_objects=10)
    config = dataclasses.replace(instrumented_config(sample_dir), limits=limits)
    async with running_gateway(config) as client:
        yield client


async def test_a_response_is_capped_in_objects(bounded: GraphQLClient) -> None:
    payload = await bounded.post("{ products(first: 10) { nodes { id } } }")
    assert len(payload["data"]["products"]["nodes"]) == 10
    payload = await bounded.post(
        "{ a: products(first: 6) { nodes { id } } b: products(first: 5) { nodes { id } } }"
    )
    assert payload["data"] is None
    assert [e["extensions"]["code"] for e in payload["errors"]] == ["RESPONSE_TOO_LARGE"]
    assert "more than 10 objects" in payload["errors"][0]["message"]


async def test_an_execution_past_its_deadline_is_stopped(
    sample_dir: Path, recorder: Recorder
) -> None:
    limits = OperationLimits(execution_timeout_ms=1)
    config = dataclasses.replace(instrumented_config(sample_dir), limits=limits)
    async with running_gateway(config) as client:
        payload = await client.post(LISTING)
    assert payload == {
        "errors": [
            {
                "message": "The operation did not finish within 1 ms and was stopped.",
                "extensions": {"code": "EXECUTION_TIMEOUT", "limit": 1},
            }
        ],
        "data": None,
    }
    assert sum(recorder.calls.values()) <= 1  # stopped at the first upstream round trip


async def test_a_stopped_execution_leaves_no_upstream_call_running(sample_dir: Path) -> None:
    settings = {"database": str(sample_dir / "sample.db"), "hanging": "prices"}
    hanging = InstanceConfig("backoffice", "tests.support.hanging:HANGING", settings)
    config = dataclasses.replace(
        instrumented_config(sample_dir),
        instances={"backoffice": hanging},
        limits=OperationLimits(execution_timeout_ms=300),
    )
    before = HUNG_CANCELLED["prices"]
    async with running_gateway(config) as client:
        payload = await client.post("{ products(first: 3) { nodes { title price { amount } } } }")
        assert payload["errors"][0]["extensions"]["code"] == "EXECUTION_TIMEOUT"
        for _ in range(50):  # the cancellation lands within a few loop turns
            if HUNG_CANCELLED["prices"] > before:
                break
            await asyncio.sleep(0.02)
    assert HUNG_CANCELLED["prices"] == before + 1, "the hanging prices call was cancelled"
