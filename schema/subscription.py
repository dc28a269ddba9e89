"""The Subscription root: stock and order-status changes, pushed from the back offices'
change events (`Backends.events`, the gateway's event bus), never polled.

A subscription listens before it reads the starting value, so nothing that happens in
between is missed; each batch of events is then answered with one fresh read through new
loaders (the event has already purged the cache), and a value is pushed only when it
differs from the last one pushed, as a query would see it — an event about another store,
or one that changed nothing for this context, pushes nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from datetime import UTC, datetime

import strawberry

from connectors.deadline import deadline_scope
from connectors.errors import ConnectorError
from connectors.events import (
    ChangeEvent,
    EventFeed,
    EventFilter,
    OrderStatusChanged,
    StockChanged,
    SubscriptionLimit,
)
from connectors.models import Order as OrderModel
from connectors.models import StockLevel
from schema.commerce import store_key
from schema.context import Info, RequestContext
from schema.errors import UserInputError
from schema.ids import from_global_id
from schema.inventory.types import Store
from schema.loaders import Loaders
from schema.orders.types import Order

log = logging.getLogger("omnicanal.subscriptions")

MAX_SKUS = 50
# Each re-read after an event gets this long, like a query's connector calls.
READ_DEADLINE_S = 3.0


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
        wanted = list(dict.fromkeys(skus))
        location = store.model.id if store else None
        selection = EventFilter((StockChanged,), skus=frozenset(wanted))
        async with _listening(c, selection) as batches:
            last = await _quantities(c, wanted, location)
            async for batch in batches:
                changed = [e.sku for e in batch if isinstance(e, StockChanged)]
                try:
                    now = await _quantities(c, list(dict.fromkeys(changed)), location)
                except ConnectorError as exc:  # the next event reads again
                    log.warning("stockChanged: re-read failed: %s", exc)
                    continue
                for sku, quantity in now.items():
                    if quantity is not None and quantity != last.get(sku):
                        last[sku] = quantity
                        yield StockEvent(
                            sku=sku, store=store, quantity_available=quantity, at=_now()
                        )

    @strawberry.subscription
    async def order_status_changed(
        self, info: Info, order_id: strawberry.ID
    ) -> AsyncGenerator[Order, None]:
        c = info.context
        decoded = from_global_id(order_id)
        customer = c.commerce.customer_id
        if decoded is None or decoded[0] != "Order" or customer is None:
            raise UserInputError("ORDER_NOT_FOUND", "no such order", ["orderId"])
        selection = EventFilter((OrderStatusChanged,), order_id=decoded[1])
        async with _listening(c, selection) as batches:
            status = (await _own_order(c, decoded[1], customer)).status
            async for _ in batches:
                try:
                    order = await _own_order(c, decoded[1], customer)
                except ConnectorError as exc:
                    log.warning("orderStatusChanged: re-read failed: %s", exc)
                    continue
                if order.status != status:
                    status = order.status
                    yield Order.of(order)


@contextlib.asynccontextmanager
async def _listening(
    c: RequestContext, selection: EventFilter
) -> AsyncIterator[AsyncIterator[Sequence[ChangeEvent]]]:
    feed: EventFeed | None = c.backends.events
    if feed is None:
        raise UserInputError("SUBSCRIPTIONS_UNAVAILABLE", "this gateway pushes no events")
    try:
        async with feed.listen(selection) as batches:
            yield batches
    except SubscriptionLimit as exc:
        raise UserInputError("TOO_MANY_SUBSCRIPTIONS", str(exc)) from exc


async def _quantities(
    c: RequestContext, skus: list[str], location: str | None
) -> dict[str, int | None]:
    with deadline_scope(READ_DEADLINE_S):
        levels = await Loaders(c.backends).stock_by_sku.load_many(c.commerce, skus)
    return {sku: _quantity(level, location) for sku, level in zip(skus, levels, strict=True)}


async def _own_order(c: RequestContext, order_id: str, customer: str) -> OrderModel:
    with deadline_scope(READ_DEADLINE_S):
        order = await Loaders(c.backends).order_by_id.load(c.commerce, order_id)
    if order is None or order.customer_id != customer:
        raise UserInputError("ORDER_NOT_FOUND", "no such order", ["orderId"])
    return order


def _quantity(level: StockLevel | None, store_id: str | None) -> int | None:
    if level is None:
        return None
    if store_id is None:
        return level.online_quantity
    return next((s.quantity for s in level.stores if s.location_id == store_id), 0)


def _now() -> datetime:
    return datetime.now(UTC)
