"""One fixture per domain, parametrised over every provider that claims that domain, and
one per transaction capability (connectors/testing/capabilities.py); the known keys come
from the kit (connectors/testing/keys.py), as its test class's do."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from connectors.context import CommerceContext
from connectors.models import Product
from connectors.testing import keys
from connectors.testing.capabilities import offering
from tests.contract.providers import PROVIDER_MARKS, PROVIDERS, UnderTest


@pytest.fixture(
    scope="session",
    params=[pytest.param(name, marks=PROVIDER_MARKS.get(name, ())) for name in sorted(PROVIDERS)],
)
async def under_test(request: pytest.FixtureRequest, sample_dir: Path) -> AsyncIterator[UnderTest]:
    async with PROVIDERS[request.param](sample_dir) as provider:
        yield provider


def _domain_fixture(domain: str) -> Any:
    """A fixture giving the provider under test when it serves `domain`, else a skip."""

    @pytest.fixture(name=domain)
    def serving(under_test: UnderTest) -> UnderTest:
        return keys.serving(under_test, domain)

    return serving


catalog, pricing, inventory, content, orders, loyalty = (
    _domain_fixture(d) for d in ("catalog", "pricing", "inventory", "content", "orders", "loyalty")
)


def _capability_fixture(capability: str) -> Any:
    """A fixture giving the provider under test when its connector offers `capability`."""

    @pytest.fixture(name=capability)
    def offered(under_test: UnderTest) -> UnderTest:
        return offering(under_test, capability)

    return offered


cart_pricer, stock_commits, stock_holds, order_transactions, loyalty_transactions = (
    _capability_fixture(c)
    for c in (
        "cart_pricer",
        "stock_commits",
        "stock_holds",
        "order_transactions",
        "loyalty_transactions",
    )
)


@pytest.fixture
def ctx() -> CommerceContext:
    return CommerceContext()


@pytest.fixture
async def some_products(under_test: UnderTest, ctx: CommerceContext) -> list[Product]:
    """Products the suites use as known keys, found through the connector's own listing."""
    return await keys.some_products(under_test, ctx)


@pytest.fixture
async def some_product_ids(under_test: UnderTest, ctx: CommerceContext) -> list[str]:
    return await keys.some_product_ids(under_test, ctx)


@pytest.fixture
async def some_skus(under_test: UnderTest, ctx: CommerceContext) -> list[str]:
    return await keys.some_skus(under_test, ctx)
