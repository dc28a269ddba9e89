"""One fixture per domain, parametrised over every provider that claims that domain."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from connectors.context import CommerceContext
from connectors.models import Product, ProductSearch
from tests.contract.providers import PROVIDER_MARKS, PROVIDERS, UnderTest


@pytest.fixture(
    scope="session",
    params=[pytest.param(name, marks=PROVIDER_MARKS.get(name, ())) for name in sorted(PROVIDERS)],
)
async def under_test(request: pytest.FixtureRequest, sample_dir: Path) -> AsyncIterator[UnderTest]:
    async with PROVIDERS[request.param](sample_dir) as provider:
        yield provider


def _serving(provider: UnderTest, domain: str) -> UnderTest:
    if not provider.serves(domain):
        pytest.skip(f"{provider.name} does not serve {domain}")
    return provider


def _domain_fixture(domain: str) -> Any:
    """A fixture giving the provider under test when it serves `domain`, else a skip."""

    @pytest.fixture(name=domain)
    def serving(under_test: UnderTest) -> UnderTest:
        return _serving(under_test, domain)

    return serving


catalog, pricing, inventory, content, orders, loyalty = (
    _domain_fixture(d) for d in ("catalog", "pricing", "inventory", "content", "orders", "loyalty")
)


@pytest.fixture
def ctx() -> CommerceContext:
    return CommerceContext()


@pytest.fixture
async def some_products(under_test: UnderTest, ctx: CommerceContext) -> list[Product]:
    """Products the suites use as known keys, found through the connector's own listing."""
    if not under_test.serves("catalog"):
        pytest.skip(f"{under_test.name} has no catalog to list")
    page = await under_test.connector.search(ProductSearch(first=20), ctx)
    products = list(page.products)
    assert len(products) == 20
    return products


@pytest.fixture
async def some_product_ids(under_test: UnderTest, ctx: CommerceContext) -> list[str]:
    if under_test.known_product_ids:
        return list(under_test.known_product_ids)
    if not under_test.serves("catalog"):
        pytest.skip(f"{under_test.name} knows no products")
    page = await under_test.connector.search(ProductSearch(first=20), ctx)
    return [p.id for p in page.products]


@pytest.fixture
async def some_skus(under_test: UnderTest, ctx: CommerceContext) -> list[str]:
    if under_test.known_skus:
        return list(under_test.known_skus)
    if not under_test.serves("catalog"):
        pytest.skip(f"{under_test.name} knows no SKUs")
    page = await under_test.connector.search(ProductSearch(first=20), ctx)
    return [p.sku for p in page.products]
