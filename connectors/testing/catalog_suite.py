"""The CatalogConnector contract: every connector serving catalog passes these."""

from __future__ import annotations

from connectors.context import CommerceContext
from connectors.models import Product, ProductSearch
from connectors.testing.under_test import UnderTest

MISSING = "no-such-key-0000"


async def test_products_follow_key_order_with_none_for_missing(
    catalog: UnderTest, some_products: list[Product], ctx: CommerceContext
) -> None:
    ids = [p.id for p in reversed(some_products[:5])]
    keys = [ids[0], MISSING, *ids[1:], ids[0]]
    found = await catalog.connector.products(keys, ctx)
    assert len(found) == len(keys)
    assert found[1] is None
    for key, product in zip(keys, found, strict=True):
        if key != MISSING:
            assert product is not None
            assert product.id == key


async def test_products_by_handle_and_by_any_variant_sku(
    catalog: UnderTest, some_products: list[Product], ctx: CommerceContext
) -> None:
    handles = [*[p.handle for p in some_products[:4]][::-1], MISSING]
    by_handle = await catalog.connector.products_by_handle(handles, ctx)
    assert [p.handle if p else None for p in by_handle] == [*handles[:-1], None]
    skus = [p.variants[-1].sku for p in some_products[:4]] + [MISSING]
    by_sku = await catalog.connector.products_by_sku(skus, ctx)
    for sku, product in zip(skus[:-1], by_sku[:-1], strict=True):
        assert product is not None
        assert sku in {v.sku for v in product.variants}
    assert by_sku[-1] is None


async def test_a_product_sku_is_its_default_variant(some_products: list[Product]) -> None:
    for product in some_products:
        assert product.variants
        assert product.sku == product.variants[0].sku


async def test_categories_by_id_and_handle(
    catalog: UnderTest, some_products: list[Product], ctx: CommerceContext
) -> None:
    ids = sorted({c for p in some_products for c in p.category_ids})
    categories = await catalog.connector.categories([*ids, MISSING], ctx)
    assert [c.id if c else None for c in categories] == [*ids, None]
    handles = [c.handle for c in categories if c][::-1]
    by_handle = await catalog.connector.categories_by_handle(handles, ctx)
    assert [c.handle if c else None for c in by_handle] == handles


async def test_search_pages_are_disjoint_and_sized(
    catalog: UnderTest, ctx: CommerceContext
) -> None:
    first = await catalog.connector.search(ProductSearch(first=7), ctx)
    second = await catalog.connector.search(ProductSearch(first=7, offset=7), ctx)
    assert len(first.products) == len(second.products) == 7
    assert first.has_next_page
    assert {p.id for p in first.products}.isdisjoint(p.id for p in second.products)
    assert first.total_count is None or first.total_count >= 14
    empty = await catalog.connector.search(ProductSearch(first=0), ctx)
    assert empty.products == ()


async def test_one_upstream_call_per_batch_whatever_its_size(
    catalog: UnderTest, some_products: list[Product], ctx: CommerceContext
) -> None:
    before = catalog.upstream_calls()
    await catalog.connector.products([some_products[0].id], ctx)
    small = catalog.upstream_calls() - before
    before = catalog.upstream_calls()
    await catalog.connector.products([p.id for p in some_products], ctx)
    large = catalog.upstream_calls() - before
    assert small == large >= 1
    assert large <= 2, "a batch is one upstream call (two where a join is cheaper split)"
