"""Known keys for the suites, found through the connector's own listing when it has a
catalog, else the provider's `known_*` keys; a skip when neither exists."""

from __future__ import annotations

import pytest

from connectors.context import CommerceContext
from connectors.models import Product, ProductSearch
from connectors.testing.under_test import UnderTest

MISSING = "no-such-key-0000"
LISTED = 20


def serving(provider: UnderTest, domain: str) -> UnderTest:
    if not provider.serves(domain):
        pytest.skip(f"{provider.name} does not serve {domain}")
    return provider


async def some_products(under_test: UnderTest, ctx: CommerceContext) -> list[Product]:
    if not under_test.serves("catalog"):
        pytest.skip(f"{under_test.name} has no catalog to list")
    page = await under_test.connector.search(ProductSearch(first=LISTED), ctx)
    products = list(page.products)
    assert len(products) == LISTED, f"the suites need {LISTED} products to list"
    return products


async def some_product_ids(under_test: UnderTest, ctx: CommerceContext) -> list[str]:
    if under_test.known_product_ids:
        return list(under_test.known_product_ids)
    if not under_test.serves("catalog"):
        pytest.skip(f"{under_test.name} knows no products")
    page = await under_test.connector.search(ProductSearch(first=LISTED), ctx)
    return [p.id for p in page.products]


async def some_skus(under_test: UnderTest, ctx: CommerceContext) -> list[str]:
    if under_test.known_skus:
        return list(under_test.known_skus)
    if not under_test.serves("catalog"):
        pytest.skip(f"{under_test.name} knows no SKUs")
    page = await under_test.connector.search(ProductSearch(first=LISTED), ctx)
    return [p.sku for p in page.products]
