"""The Subscription root: stock and order-status changes, polled through the same loaders
as queries (a fresh set per tick, so each tick reads the back end again)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import UTC, datetime

import strawberry

from connectors.models import StockLevel
from schema.commerce import store_key
from schema.context import Info
from schema.errors import UserInputError
from schema.ids import from_global_id
from schema.inventory.types import Store
from schema.loaders import Loaders
from schema.orders.types import Order

POLL_SECONDS = 2.0
MAX_SKUS = 50


@strawberry.type
class StockEvent:
    sku: str
    store: Store | None
    quantity_available: int
    at: datetime


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def stock_changed(
        self, info: Info, skus: list[str], store_id: strawberry.ID | None = None
    ) -> AsyncGenerator[StockEvent, None]:
        if not 0 < len(skus) <= MAX_SKUS:
            raise UserInputError("INVALID_SKUS", f"give between 1 and {MAX_SKUS} skus", ["skus"])
        c = info.context
        store = None
        if store_id is not None:
            model = await c.loaders.store_by_id.load(c.commerce, store_key(store_id))
            if model is None:
                raise UserInputError("STORE_NOT_FOUND", "no such store", ["storeId"])
            store = Store.of(model)
        last: dict[str, int | None] = {}
        while True:
            levels = await Loaders(c.backends).stock_by_sku.load_many(c.commerce, skus)
            for sku, level in zip(skus, levels, strict=True):
                quantity = _quantity(level, store.model.id if store else None)
                if sku in last and last[sku] != quantity and quantity is not None:
                    yield StockEvent(sku=sku, store=store, quantity_available=quantity, at=_now())
                last[sku] = quantity
            await asyncio.sleep(POLL_SECONDS)

    @strawberry.subscription
    async def order_status_changed(
        self, info: Info, order_id: strawberry.ID
    ) -> AsyncGenerator[Order, None]:
        c = info.context
        decoded = from_global_id(order_id)
        customer = c.commerce.customer_id
        if decoded is None or decoded[0] != "Order" or customer is None:
            raise UserInputError("ORDER_NOT_FOUND", "no such order", ["orderId"])
        status = None
        while True:
            order = await Loaders(c.backends).order_by_id.load(c.commerce, decoded[1])
            if order is None or order.customer_id != customer:
                raise UserInputError("ORDER_NOT_FOUND", "no such order", ["orderId"])
            if status is not None and order.status != status:
                yield Order.of(order)
            status = order.status
            await asyncio.sleep(POLL_SECONDS)


def _quantity(level: StockLevel | None, store_id: str | None) -> int | None:
    if level is None:
        return None
    if store_id is None:
        return level.online_quantity
    return next((s.quantity for s in level.stores if s.location_id == store_id), 0)


def _now() -> datetime:
    return datetime.now(UTC)
