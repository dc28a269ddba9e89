"""A third-party connector's tests with the kit: one line gives it every contract suite.
Its manifest claims catalog and pricing, so the other domains' tests are skipped; a
connector that breaks the contract fails them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.models import Product, ProductSearch
from connectors.testing import UnderTest, connector_test_class, suite_tests
from tests.kit_example.fake_shop import SPEC, FakeShop


@contextlib.asynccontextmanager
async def provide(data_dir: Path) -> AsyncIterator[UnderTest]:
    async with aiohttp.ClientSession() as session:
        connector = SPEC.factory(SPEC.parse_settings({}), ConnectorEnv("shop", session, data_dir))
        await connector.start()
        try:
            yield UnderTest("fake-shop", SPEC, connector, lambda: connector.requests)
        finally:
            await connector.aclose()


TestFakeShop = connector_test_class(provide)


def test_the_class_carries_every_suite() -> None:
    tests = suite_tests()
    assert len(tests) >= 12
    for name in tests:
        assert callable(getattr(TestFakeShop, name))


class ReversedProducts(FakeShop):
    """Answers in the wrong order: the contract says key order."""

    async def products(self, ids: Sequence[str], ctx: CommerceContext) -> list[Product | None]:
        return list(reversed(await super().products(ids, ctx)))


async def test_a_connector_breaking_the_contract_fails_it(tmp_path: Path) -> None:
    async with aiohttp.ClientSession() as session:
        env = ConnectorEnv("shop", session, tmp_path)
        connector = ReversedProducts(SPEC.parse_settings({}), env)
        broken = UnderTest("broken", SPEC, connector, lambda: connector.requests)
        ctx = CommerceContext()
        page = await connector.search(ProductSearch(first=20), ctx)
        test = suite_tests()["test_products_follow_key_order_with_none_for_missing"]
        with pytest.raises(AssertionError):
            await test(catalog=broken, some_products=list(page.products), ctx=ctx)
