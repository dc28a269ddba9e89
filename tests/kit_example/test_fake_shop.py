"""A third-party connector's tests with the kit: one line gives it every contract suite.
Its manifest claims catalog and pricing and it prices carts (CartPricer), so the other
domains' tests and the other transactions' (orders, stock, loyalty) are skipped, saying
so; a connector that breaks the contract fails them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import aiohttp
import pytest

from connectors.base import ConnectorEnv
from connectors.context import CommerceContext
from connectors.models import Price, Product, ProductSearch
from connectors.testing import (
    PriceMover,
    UnderTest,
    connector_test_class,
    suite_tests,
    transactions_suite,
)
from connectors.testing.capabilities import offering
from tests.kit_example.fake_shop import PROMOTION_CODE, SPEC, FakeShop, FakeShopSettings


def back_office(shop: FakeShop) -> PriceMover:
    """What only the shop knows: how a merchant moves a price (the PRICE_CHANGED test)."""

    async def move(skus: Sequence[str], cents: int) -> str:
        shop.move_price(skus[0], cents)
        return skus[0]

    return move


def under_test(name: str, shop: FakeShop) -> UnderTest:
    return UnderTest(
        name,
        SPEC,
        shop,
        lambda: shop.requests,
        promotion_code=PROMOTION_CODE,
        move_price=back_office(shop),
    )


@contextlib.asynccontextmanager
async def provide(data_dir: Path) -> AsyncIterator[UnderTest]:
    async with aiohttp.ClientSession() as session:
        connector = SPEC.factory(SPEC.parse_settings({}), ConnectorEnv("shop", session, data_dir))
        assert isinstance(connector, FakeShop)
        await connector.start()
        try:
            yield under_test("fake-shop", connector)
        finally:
            await connector.aclose()


TestFakeShop = connector_test_class(provide)


def test_the_class_carries_every_suite() -> None:
    tests = suite_tests()
    assert len(tests) >= 21
    transactions = [name for name in vars(transactions_suite) if name.startswith("test_")]
    assert set(transactions) <= set(tests), "the transaction suite is in the class"
    for name in tests:
        assert callable(getattr(TestFakeShop, name))


class ReversedProducts(FakeShop):
    """Answers in the wrong order: the contract says key order."""

    async def products(self, ids: Sequence[str], ctx: CommerceContext) -> list[Product | None]:
        return list(reversed(await super().products(ids, ctx)))


class StalePrices(FakeShop):
    """Keeps the first price it read of each SKU: a price moved since is never seen, so a
    checkout could not refuse with PRICE_CHANGED."""

    def __init__(self, settings: FakeShopSettings, env: ConnectorEnv) -> None:
        super().__init__(settings, env)
        self._seen: dict[tuple[str, str], Price | None] = {}

    def _price(self, sku: str, currency: str) -> Price | None:
        key = (sku, currency)
        if key not in self._seen:
            self._seen[key] = super()._price(sku, currency)
        return self._seen[key]


@contextlib.asynccontextmanager
async def broken(shop_type: type[FakeShop], tmp_path: Path) -> AsyncIterator[UnderTest]:
    async with aiohttp.ClientSession() as session:
        shop = shop_type(SPEC.parse_settings({}), ConnectorEnv("shop", session, tmp_path))
        yield under_test("broken", shop)


async def _skus(shop: UnderTest, ctx: CommerceContext, first: int = 20) -> list[str]:
    page = await shop.connector.search(ProductSearch(first=first), ctx)
    return [p.sku for p in page.products]


@pytest.mark.asyncio  # for a package running pytest-asyncio in strict mode
async def test_a_connector_breaking_the_contract_fails_it(tmp_path: Path) -> None:
    ctx = CommerceContext()
    async with broken(ReversedProducts, tmp_path) as shop:
        page = await shop.connector.search(ProductSearch(first=20), ctx)
        test = suite_tests()["test_products_follow_key_order_with_none_for_missing"]
        with pytest.raises(AssertionError):
            await test(catalog=shop, some_products=list(page.products), ctx=ctx)


@pytest.mark.asyncio  # for a package running pytest-asyncio in strict mode
async def test_a_pricer_missing_a_moved_price_fails_the_transaction_suite(
    tmp_path: Path,
) -> None:
    ctx = CommerceContext()
    test = suite_tests()["test_a_price_moved_in_the_back_end_is_what_the_next_pricing_sees"]
    async with broken(StalePrices, tmp_path) as shop:
        skus = await _skus(shop, ctx)
        with pytest.raises(AssertionError):
            await test(cart_pricer=shop, some_skus=skus, ctx=ctx)
    async with broken(FakeShop, tmp_path) as shop:  # the same test, the shop unbroken
        await test(cart_pricer=shop, some_skus=await _skus(shop, ctx), ctx=ctx)


@pytest.mark.asyncio  # for a package running pytest-asyncio in strict mode
async def test_a_transaction_the_connector_lacks_is_skipped_saying_so(tmp_path: Path) -> None:
    async with broken(FakeShop, tmp_path) as shop:
        assert offering(shop, "cart_pricer") is shop
        with pytest.raises(pytest.skip.Exception, match="broken does not offer OrderTransactions"):
            offering(shop, "order_transactions")
