"""Query explain: `X-Omnicanal-Explain: true` adds `extensions.explain`, the connectors' side
of the operation (instances, methods, calls, batch sizes, time, cache, the fields each
loader served), in development or for a key with the `explain` scope; refused otherwise."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from gateway.config_sections import Mode
from gateway.examples import LISTING
from schema.policy import Executor
from schema.scopes import EXPLAIN, STOREFRONT_SCOPES
from tests.conftest import instrumented_config
from tests.support.instrumented import Recorder
from tests.support.keys import KEY_HEADER, issue_key
from tests.support.server import GraphQLClient, running_gateway

EXPLAIN_ME = {"X-Omnicanal-Explain": "true"}
SECRET = "a-test-secret-of-at-least-thirty-two-characters"


def _methods(explain: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (backoffice,) = [c for c in explain["connectors"] if c["instance"] == "backoffice"]
    return {m["method"]: m for m in backoffice["methods"]}


async def test_the_listing_explains_its_connector_calls_and_fields(
    gateway: GraphQLClient, recorder: Recorder
) -> None:
    payload = await gateway.post(LISTING, headers=EXPLAIN_ME)
    assert "errors" not in payload, payload["errors"][:2]
    explain = payload["extensions"]["explain"]
    methods = _methods(explain)
    # The same calls the back office counted, with their batch sizes.
    assert {name: m["calls"] for name, m in methods.items()} == dict(recorder.calls)
    assert methods["prices"]["batchSizes"] == recorder.keys["prices"] == [24]
    assert all(m["errors"] == [] and m["ms"] >= 0 for m in methods.values())
    loaders = {entry["loader"]: entry for entry in explain["loaders"]}
    assert loaders["PriceBySku"]["keys"] == 24
    assert set(loaders["PriceBySku"]["fields"]) == {
        "Product.price", "Product.compareAtPrice", "Product.promotions", "Product.loyaltyPoints"
    }  # fmt: skip
    assert loaders["StockBySku"]["fields"] == ["Product.availability"]
    assert explain["ms"] > 0


async def test_without_the_header_nothing_is_explained(gateway: GraphQLClient) -> None:
    payload = await gateway.post("{ products(first: 2) { nodes { title } } }")
    assert "explain" not in payload["extensions"]


async def test_a_failing_call_is_explained_with_its_code(sample_dir: Path) -> None:
    async with running_gateway(instrumented_config(sample_dir, failing="prices")) as client:
        payload = await client.post(LISTING, headers=EXPLAIN_ME)
    methods = _methods(payload["extensions"]["explain"])
    assert methods["prices"]["errors"] == ["UPSTREAM_UNAVAILABLE"]


async def test_in_production_explain_needs_the_scope(own_sample_dir: Path) -> None:
    config = replace(instrumented_config(own_sample_dir), mode=Mode.PRODUCTION, token_secret=SECRET)
    shop = await issue_key(own_sample_dir)
    operator = await issue_key(own_sample_dir, scopes=STOREFRONT_SCOPES | {EXPLAIN})
    async with running_gateway(config) as client:
        status, _, body = await client.raw(
            "POST", "/graphql", json={"query": "{ __typename }"},
            headers={KEY_HEADER: shop, **EXPLAIN_ME},
        )  # fmt: skip
        assert status == 403
        assert '"EXPLAIN_NOT_ALLOWED"' in body
        allowed = await client.post(
            "{ products(first: 1) { nodes { title } } }",
            headers={KEY_HEADER: operator, **EXPLAIN_ME},
        )
        assert _methods(allowed["extensions"]["explain"])["search"]["calls"] == 1


async def test_both_executors_explain_the_same_calls_and_fields(sample_dir: Path) -> None:
    reports = []
    for executor in (Executor.STANDARD, Executor.PLANNED):
        config = replace(instrumented_config(sample_dir), executor=executor)
        async with running_gateway(config) as client:
            explain = (await client.post(LISTING, headers=EXPLAIN_ME))["extensions"]["explain"]
        methods = {n: (m["calls"], m["batchSizes"]) for n, m in _methods(explain).items()}
        loaders = {e["loader"]: (e["keys"], set(e["fields"])) for e in explain["loaders"]}
        reports.append((methods, loaders))
    assert reports[0] == reports[1]
