"""The ContentConnector, OrdersConnector and LoyaltyConnector contracts."""

from __future__ import annotations

from decimal import Decimal

from connectors.context import CommerceContext
from connectors.models import EarnQuery, Money
from connectors.testing.under_test import UnderTest

MISSING = "no-such-key-0000"


async def test_pages_by_handle(content: UnderTest, ctx: CommerceContext) -> None:
    pages = await content.connector.pages([MISSING, content.page_handle], ctx)
    assert pages[0] is None
    assert pages[1] is not None
    assert pages[1].handle == content.page_handle


async def test_product_content_is_a_tuple_per_key(
    content: UnderTest, some_product_ids: list[str], ctx: CommerceContext
) -> None:
    ids = some_product_ids
    blocks = await content.connector.product_content([*ids, MISSING], ctx)
    assert len(blocks) == len(ids) + 1
    assert all(isinstance(b, tuple) for b in blocks)
    assert blocks[-1] == ()
    assert any(blocks[:-1]), "some of the first products carry content"


async def test_customers_and_their_orders(orders: UnderTest, ctx: CommerceContext) -> None:
    customers = await orders.connector.customers([MISSING, orders.customer_id], ctx)
    assert customers[0] is None
    assert customers[1] is not None
    assert customers[1].id == orders.customer_id
    histories = await orders.connector.orders_by_customer([orders.customer_id, MISSING], ctx)
    assert histories[1] == ()
    history = histories[0]
    dates = [o.created_at for o in history]
    assert dates == sorted(dates, reverse=True), "newest first"
    assert all(o.customer_id == orders.customer_id for o in history)
    if history:
        ids = [o.id for o in history][::-1]
        found = await orders.connector.orders([*ids, MISSING], ctx)
        assert [o.id if o else None for o in found] == [*ids, None]


async def test_loyalty_accounts_and_points(
    loyalty: UnderTest, some_skus: list[str], ctx: CommerceContext
) -> None:
    accounts = await loyalty.connector.accounts([loyalty.customer_id, MISSING], ctx)
    assert accounts[1] is None
    assert accounts[0] is not None
    assert accounts[0].customer_id == loyalty.customer_id
    assert accounts[0].points_balance >= 0
    sku = some_skus[0]
    queries = [EarnQuery(sku, Money(Decimal(amount), "EUR")) for amount in ("80.00", "8.00")]
    points = await loyalty.connector.points_for(queries, ctx)
    assert len(points) == 2
    assert points[0] is not None
    assert points[1] is not None
    assert points[0] > points[1] >= 0, "a dearer unit earns more"
