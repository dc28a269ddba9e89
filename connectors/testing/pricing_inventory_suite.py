"""The PricingConnector and InventoryConnector contracts."""

from __future__ import annotations

from dataclasses import replace

from connectors.context import CommerceContext
from connectors.testing.under_test import UnderTest

MISSING = "no-such-sku-0000"


async def test_prices_follow_keys_in_the_context_currency(
    pricing: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    skus = some_skus[:6][::-1]
    keys = [skus[0], MISSING, *skus]
    for currency in ("EUR", "GBP"):
        prices = await pricing.connector.prices(keys, replace(ctx, currency=currency))
        assert prices[1] is None
        for key, price in zip(keys, prices, strict=True):
            if key == MISSING:
                continue
            assert price is not None
            assert price.sku == key
            assert price.amount.currency == currency
            assert price.amount.amount > 0
            if price.compare_at is not None:
                assert price.compare_at.amount > price.amount.amount


async def test_one_upstream_call_per_price_batch(
    pricing: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    before = pricing.upstream_calls()
    await pricing.connector.prices(some_skus, ctx)
    assert 1 <= pricing.upstream_calls() - before <= 2


async def test_stock_follows_keys(
    inventory: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    keys = [MISSING, *some_skus[:6]]
    levels = await inventory.connector.stock(keys, ctx)
    assert levels[0] is None
    stores = {s.id for s in await inventory.connector.all_stores(ctx)}
    for key, level in zip(keys[1:], levels[1:], strict=True):
        assert level is not None
        assert level.sku == key
        assert level.online_quantity >= 0
        assert {s.location_id for s in level.stores} <= stores, "stores only, no warehouses"
        assert all(s.quantity >= 0 for s in level.stores)


async def test_stores_by_id_and_code(inventory: UnderTest, ctx: CommerceContext) -> None:
    stores = list(await inventory.connector.all_stores(ctx))
    assert len(stores) >= 5
    ids = [s.id for s in stores[:4]][::-1]
    found = await inventory.connector.stores([*ids, MISSING], ctx)
    assert [s.id if s else None for s in found] == [*ids, None]
    codes = [s.code for s in stores[:4]]
    by_code = await inventory.connector.stores_by_code(codes, ctx)
    assert [s.code if s else None for s in by_code] == codes
    for store in stores:
        assert -90 <= store.location.latitude <= 90
        assert -180 <= store.location.longitude <= 180
