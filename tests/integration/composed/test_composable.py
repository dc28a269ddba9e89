"""The composed example (examples/composable.toml): Akeneo serves the catalogue,
commercetools prices, stock and orders, Strapi content, the sample loyalty. The storefront
listing answers from all four, with one upstream call per connector method whatever the
page size."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest

from examples.composable import CONFIG
from examples.upstreams import running_upstreams
from gateway.config import load
from gateway.examples import LISTING, STORES_NEAR_PARIS
from tests.emulators.akeneo.app import RunningAkeneo
from tests.support.server import GraphQLClient, running_gateway
from tests.support.shopping import checkout, create_cart, online_quantity, sign_in
from tests.upstreams.commercetools import dataset
from tests.upstreams.proxy import CountingProxy

pytestmark = pytest.mark.integration


class Composed:
    def __init__(
        self, client: GraphQLClient, akeneo: RunningAkeneo, ct: CountingProxy, cms: CountingProxy
    ) -> None:
        self.client, self.akeneo, self.ct, self.cms = client, akeneo, ct, cms

    def calls(self) -> dict[str, int]:
        return {
            "akeneo": sum(n for path, n in self.akeneo.counts.items() if "/api/rest/" in path),
            "commercetools": self.ct.count(f"/{dataset.PROJECT_KEY}/"),
            "strapi": self.cms.count("/api/"),
        }


@pytest.fixture(scope="module")
async def composed(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Composed]:
    async with (
        running_upstreams() as upstreams,
        CountingProxy(upstreams.commercetools_url) as ct,
        CountingProxy(upstreams.strapi_url) as cms,
    ):
        saved = dict(os.environ)
        os.environ.update(upstreams.environment(ct.base_url, cms.base_url))
        try:
            config = load(CONFIG)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        # Uncached, so every request shows its own upstream calls.
        config = replace(config, cache=False, data_dir=tmp_path_factory.mktemp("composed"))
        async with running_gateway(config) as client:
            yield Composed(client, upstreams.akeneo, ct, cms)


async def _listing(composed: Composed, first: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    before = composed.calls()
    data = await composed.client.data(LISTING.replace("first: 24", f"first: {first}"))
    after = composed.calls()
    return data["products"]["nodes"], {k: after[k] - before[k] for k in after}


async def test_the_listing_answers_from_every_back_end(composed: Composed) -> None:
    nodes, _ = await _listing(composed, 24)
    assert len(nodes) == 24
    assert all(n["sku"].startswith("CT-") for n in nodes), "the PIM's SKUs are the engine's"
    assert all(n["price"] and n["price"]["currencyCode"] == "EUR" for n in nodes), "prices"
    assert any(n["availability"]["stores"] for n in nodes), "stock per store"
    assert any(n["content"] for n in nodes), "CMS blocks"
    assert all(isinstance(n["loyaltyPoints"], int) for n in nodes), "loyalty points"


async def test_one_upstream_call_per_connector_method_whatever_the_page(composed: Composed) -> None:
    _, small = await _listing(composed, 6)
    _, large = await _listing(composed, 24)
    assert small == large, (small, large)
    assert large["commercetools"] <= 3, "prices, stock, stores"
    assert large["strapi"] <= 2, "product content (and its fallback locale)"


async def test_the_query_side_answers_in_english_and_pounds(composed: Composed) -> None:
    query = """query @inContext(country: "GB", language: "en") {
      products(first: 3) { nodes { title price { currencyCode } } } page(handle: "home") { title } }"""
    data = await composed.client.data(query)
    assert {n["price"]["currencyCode"] for n in data["products"]["nodes"]} == {"GBP"}
    assert data["page"]["title"]
    stores = (await composed.client.data(STORES_NEAR_PARIS))["stores"]
    assert stores, "commercetools' store channels near Paris"


async def test_checkout_takes_commercetools_stock_once_per_key(composed: Composed) -> None:
    client = composed.client
    signed_in = await sign_in(client, dataset.DEMO_EMAIL, dataset.DEMO_PASSWORD)
    assert signed_in["userErrors"] == []
    token = signed_in["accessToken"]
    nodes, _ = await _listing(composed, 24)
    sku = next(n["sku"] for n in nodes if (n["availability"]["quantityAvailable"] or 0) >= 5)
    before = await online_quantity(client, sku)
    cart = await create_cart(client, [{"sku": sku, "quantity": 2}], token=token)
    payload = await checkout(client, cart["id"], "composed-order-1", token)
    assert payload["userErrors"] == []
    order = payload["order"]
    assert order["status"] == "CONFIRMED"
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [(sku, 2)]
    assert await online_quantity(client, sku) == before - 2

    again = await checkout(client, cart["id"], "composed-order-1", token)
    assert again["order"] == order, "the same key returns the same order"
    assert await online_quantity(client, sku) == before - 2, "and takes no stock again"
