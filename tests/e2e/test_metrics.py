"""/metrics: after the listing, the request and connector counters moved by what the
request did (the connector calls equal the recorder's count of SPI calls); an open breaker
shows in its gauge; a refusal is counted by its code; the shared cache counts hits and
misses by domain."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from connectors.breaker import BreakerSettings
from gateway.config_resilience import Resilience
from gateway.examples import LISTING
from tests.conftest import instrumented_config
from tests.support.instrumented import BATCH_METHODS, Recorder
from tests.support.server import GraphQLClient, running_gateway
from tests.support.sse_client import sse

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: GraphQLClient) -> Samples:
    status, content_type, text = await client.raw("GET", "/metrics")
    assert status == 200
    assert content_type == "text/plain"
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_the_listing_moves_the_counters_by_what_it_did(
    gateway: GraphQLClient, recorder: Recorder
) -> None:
    before = await scrape(gateway)
    recorder.reset()
    await gateway.data(LISTING)
    after = await scrape(gateway)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("omnicanal_requests_total", operation="Listing", type="query", outcome="ok") == 1
    assert moved("omnicanal_request_duration_seconds_count", type="query") == 1
    assert recorder.calls, "the listing calls the back office"
    for method in BATCH_METHODS:
        calls = moved("omnicanal_connector_calls_total", instance="backoffice", method=method)
        assert calls == recorder.calls[method], method
        batch_keys = moved(
            "omnicanal_connector_batch_size_sum", instance="backoffice", method=method
        )
        assert batch_keys == sum(recorder.keys.get(method, [])), method
    assert value(after, "omnicanal_breaker_state", instance="backoffice") == 0  # closed


async def test_a_refusal_is_counted_by_its_code(gateway: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: id" for i in range(40))
    before = await scrape(gateway)
    payload = await gateway.post(f"{{ products(first: 1) {{ nodes {{ {aliases} }} }} }}")
    code = payload["errors"][0]["extensions"]["code"]
    assert code == "TOO_MANY_ALIASES"
    after = await scrape(gateway)
    refused = value(after, "omnicanal_refusals_total", code=code)
    assert refused - value(before, "omnicanal_refusals_total", code=code) == 1
    requests = "omnicanal_requests_total"
    labels = {"operation": "(unnamed)", "type": "query", "outcome": "refused"}
    assert value(after, requests, **labels) - value(before, requests, **labels) == 1


@pytest.fixture
async def failing_products(own_sample_dir: Path) -> AsyncIterator[GraphQLClient]:
    """Every products call fails; the breaker opens after two of them."""
    breaker = BreakerSettings(consecutive_failures=2, cooldown_s=600)
    config = instrumented_config(own_sample_dir, failing="products,search")
    config = dataclasses.replace(config, resilience=Resilience(breaker=breaker))
    async with running_gateway(config) as client:
        yield client


async def test_an_open_breaker_shows_in_its_gauge_and_errors_by_code(
    failing_products: GraphQLClient,
) -> None:
    before = await scrape(failing_products)
    for _ in range(3):
        payload = await failing_products.post(LISTING)
        assert payload["errors"], "the failing domain is reported"
    after = await scrape(failing_products)
    assert value(after, "omnicanal_breaker_state", instance="backoffice") == 2  # open
    errors = "omnicanal_connector_errors_total"
    opened = sum(
        v - before.get(k, 0.0)
        for k, v in after.items()
        if k[0] == errors and ("code", "CIRCUIT_OPEN") in k[1]
    )
    sick = sum(
        v - before.get(k, 0.0)
        for k, v in after.items()
        if k[0] == errors and ("code", "UPSTREAM_UNAVAILABLE") in k[1]
    )
    assert sick == 2, "two failures open the breaker"
    assert opened >= 1, "then calls fail at once, counted by their code"


async def test_the_shared_cache_counts_hits_and_misses_by_domain(shop: GraphQLClient) -> None:
    before = await scrape(shop)
    await shop.data(LISTING)
    middle = await scrape(shop)
    await shop.data(LISTING)
    after = await scrape(shop)
    lookups = "omnicanal_cache_lookups_total"
    first = {"instance": "sample", "domain": "catalog", "outcome": "miss"}
    assert value(middle, lookups, **first) - value(before, lookups, **first) > 0
    second = {"instance": "sample", "domain": "catalog", "outcome": "hit"}
    hits = value(after, lookups, **second) - value(middle, lookups, **second)
    assert hits > 0
    assert value(after, lookups, **first) == value(middle, lookups, **first), "all from cache"


async def test_production_serves_no_metrics_unless_enabled(own_sample_dir: Path) -> None:
    from gateway.config_observe import Observability
    from gateway.config_sections import Mode

    base = dataclasses.replace(
        instrumented_config(own_sample_dir), mode=Mode.PRODUCTION, token_secret="s" * 32
    )
    async with running_gateway(base) as client:
        status, _, _ = await client.raw("GET", "/metrics")
        assert status == 404
    enabled = dataclasses.replace(base, observe=Observability(metrics=True))
    async with running_gateway(enabled) as client:
        assert value(await scrape(client), "omnicanal_breaker_state", instance="backoffice") == 0


STOCK = """subscription Stock($skus: [String!]!) { stockChanged(skus: $skus) { sku } }"""


async def gauge_reaches(client: GraphQLClient, name: str, wanted: float) -> float:
    """The gauge once it shows `wanted`, or its last value after a second."""
    seen = 0.0
    for _ in range(50):
        seen = value(await scrape(client), name)
        if seen == wanted:
            break
        await asyncio.sleep(0.02)
    return seen


async def test_an_open_subscription_shows_in_the_gauge(shop: GraphQLClient) -> None:
    gauge = "omnicanal_active_subscriptions"
    before = value(await scrape(shop), gauge)
    async with sse(shop.session, shop.base_url, STOCK, {"skus": ["SKU-1"]}):
        assert await gauge_reaches(shop, gauge, before + 1) == before + 1
    assert await gauge_reaches(shop, gauge, before) == before, "closed, it leaves the gauge"


async def test_metrics_explain_and_the_back_office_agree_on_the_listing(
    gateway: GraphQLClient, recorder: Recorder
) -> None:
    before = await scrape(gateway)
    recorder.reset()
    payload = await gateway.post(LISTING, headers={"X-Omnicanal-Explain": "true"})
    after = await scrape(gateway)
    (backoffice,) = [
        c for c in payload["extensions"]["explain"]["connectors"] if c["instance"] == "backoffice"
    ]
    explained = {m["method"]: (m["calls"], sum(m["batchSizes"])) for m in backoffice["methods"]}
    counted = {
        method: (
            value(after, "omnicanal_connector_calls_total", instance="backoffice", method=method)
            - value(
                before, "omnicanal_connector_calls_total", instance="backoffice", method=method
            ),
            value(after, "omnicanal_connector_batch_size_sum", instance="backoffice", method=method)
            - value(
                before, "omnicanal_connector_batch_size_sum", instance="backoffice", method=method
            ),
        )
        for method in explained
    }
    recorded = {m: (recorder.calls[m], sum(recorder.keys.get(m, []))) for m in recorder.calls}
    assert explained == counted == recorded
