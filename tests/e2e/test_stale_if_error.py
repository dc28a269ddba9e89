"""Stale-if-error over HTTP: stock read while the back end answered is served, marked
stale with the time it was fetched, while the back end fails; a SKU never read gets its
coded error; once the back end is back, answers are fresh again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from connectors.base import DOMAINS
from connectors.breaker import BreakerSettings
from gateway.config import GatewayConfig, InstanceConfig, embedded_default
from gateway.config_cache import CacheSettings
from gateway.config_resilience import Resilience
from tests.support.flaky import FAULTS, INVENTORY_TTL_S
from tests.support.server import GraphQLClient, running_gateway

COOLDOWN_S = 0.2
STOCK = """query($s: String!) { product(sku: $s) { title variants { sku availability {
  quantityAvailable freshness { asOf stale source } } } } }"""
FIRST_SKUS = "{ products(first: 2) { nodes { sku } } }"


def flaky_config(data_dir: Path) -> GatewayConfig:
    settings = {"database": str(data_dir / "sample.db")}
    base = embedded_default(data_dir)
    return replace(
        base,
        source="(tests)",
        instances={
            "backoffice": InstanceConfig("backoffice", "tests.support.flaky:FLAKY", settings)
        },
        domains={d: "backoffice" for d in DOMAINS},
        caching=CacheSettings(stale_grace_s=300),
        resilience=Resilience(
            breaker=BreakerSettings(consecutive_failures=2, cooldown_s=COOLDOWN_S)
        ),
    )


@pytest.fixture
def faults() -> Iterator[None]:
    FAULTS.broken, FAULTS.calls = frozenset(), {}
    yield
    FAULTS.broken = frozenset()


@pytest.fixture
async def flaky(sample_dir: Path, faults: None) -> AsyncIterator[GraphQLClient]:
    async with running_gateway(flaky_config(sample_dir)) as client:
        yield client


async def _stock(client: GraphQLClient, sku: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Each variant's availability, and the response's extensions."""
    payload = await client.post(STOCK, variables={"s": sku})
    assert "errors" not in payload, payload["errors"]
    variants = payload["data"]["product"]["variants"]
    return [v["availability"] for v in variants], payload.get("extensions", {})


async def test_stale_stock_is_served_marked_while_the_back_end_fails_then_fresh_again(
    flaky: GraphQLClient,
) -> None:
    first, never_read = (n["sku"] for n in (await flaky.data(FIRST_SKUS))["products"]["nodes"])
    warm, extensions = await _stock(flaky, first)
    assert {a["freshness"]["stale"] for a in warm} == {False}
    assert {a["freshness"]["source"] for a in warm} == {"backoffice"}
    assert "stale" not in extensions
    fetched_at = [datetime.fromisoformat(a["freshness"]["asOf"]) for a in warm]

    await asyncio.sleep(INVENTORY_TTL_S + 0.1)  # expired: the cache must ask the back end
    FAULTS.broken = frozenset({"stock"})
    calls_before = FAULTS.calls.get("stock", 0)
    served, extensions = await _stock(flaky, first)
    assert FAULTS.calls["stock"] == calls_before + 1, "the back end was asked first"
    assert [a["quantityAvailable"] for a in served] == [a["quantityAvailable"] for a in warm]
    assert {a["freshness"]["stale"] for a in served} == {True}
    assert [datetime.fromisoformat(a["freshness"]["asOf"]) for a in served] == fetched_at
    assert extensions["stale"] == [
        {
            "path": ["product", "variants", i, "availability"],
            "connector": "backoffice",
            "asOf": a["freshness"]["asOf"],
        }
        for i, a in enumerate(warm)
    ]

    payload = await flaky.post(STOCK, variables={"s": never_read})
    variant = payload["data"]["product"]["variants"][0]
    assert payload["data"]["product"]["title"], "the catalogue still answers"
    assert variant["availability"] is None, "nothing stale to serve for a SKU never read"
    codes = {e["extensions"]["code"] for e in payload["errors"]}
    assert codes <= {"UPSTREAM_UNAVAILABLE", "CIRCUIT_OPEN"}
    assert "stale" not in payload.get("extensions", {})

    FAULTS.broken = frozenset()
    await asyncio.sleep(COOLDOWN_S + 0.1)  # the breaker lets a probe through
    recovered, extensions = await _stock(flaky, first)
    assert {a["freshness"]["stale"] for a in recovered} == {False}
    assert min(datetime.fromisoformat(a["freshness"]["asOf"]) for a in recovered) > max(fetched_at)
    assert "stale" not in extensions


async def test_an_open_breaker_is_answered_from_stale_entries_without_calling_upstream(
    flaky: GraphQLClient,
) -> None:
    first = (await flaky.data(FIRST_SKUS))["products"]["nodes"][0]["sku"]
    await _stock(flaky, first)
    await asyncio.sleep(INVENTORY_TTL_S + 0.1)
    FAULTS.broken = frozenset({"stock"})
    for _ in range(2):  # two failures in a row open the breaker
        await _stock(flaky, first)
    calls = FAULTS.calls["stock"]
    served, extensions = await _stock(flaky, first)
    assert FAULTS.calls["stock"] == calls, "CIRCUIT_OPEN: the back end was not called"
    assert {a["freshness"]["stale"] for a in served} == {True}
    assert len(extensions["stale"]) == len(served)


QUANTITY_ONLY = """query($s: String!) { product(sku: $s) { variants { availability {
  quantityAvailable } } } }"""


async def test_stale_stock_is_named_by_its_path_when_freshness_is_not_selected(
    flaky: GraphQLClient,
) -> None:
    """The availability claims its read as it is built, not when `freshness` is resolved:
    a listing that asks for the quantity alone still says which field is stale."""
    first = (await flaky.data(FIRST_SKUS))["products"]["nodes"][0]["sku"]
    warm, _ = await _stock(flaky, first)
    await asyncio.sleep(INVENTORY_TTL_S + 0.1)
    FAULTS.broken = frozenset({"stock"})
    payload = await flaky.post(QUANTITY_ONLY, variables={"s": first})
    assert "errors" not in payload, payload["errors"]
    served = [v["availability"] for v in payload["data"]["product"]["variants"]]
    assert served == [{"quantityAvailable": a["quantityAvailable"]} for a in warm]
    assert payload["extensions"]["stale"] == [
        {
            "path": ["product", "variants", i, "availability"],
            "connector": "backoffice",
            "asOf": a["freshness"]["asOf"],
        }
        for i, a in enumerate(warm)
    ]
