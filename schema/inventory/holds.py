"""Click and collect, write side: holding stock in a store for a signed-in customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from connectors import models
from schema.commerce import store_key
from schema.common import UserError
from schema.context import Info
from schema.inventory.pickup import CartLineInput
from schema.orders.access import check_customer_exists
from schema.orders.cart_mutations import local_key
from schema.orders.lines import check_skus_exist, merged_lines
from schema.orders.types import PickupReservation
from schema.payloads import PickupReservePayload, Refused

MAX_HOLD_MINUTES = 7 * 24 * 60
MAX_KEY_LENGTH = 200


def signed_in(info: Info) -> str:
    customer_id = info.context.commerce.customer_id
    if customer_id is None:
        raise Refused("CUSTOMER_REQUIRED", "sign in to hold items in a store")
    return customer_id


def check_idempotency_key(key: str) -> str:
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        message = f"give a key of 1 to {MAX_KEY_LENGTH} characters"
        raise Refused("INVALID_IDEMPOTENCY_KEY", message, ["idempotencyKey"])
    return key


async def pickup_reserve(
    info: Info, store_id: str, lines: list[CartLineInput], minutes: int | None, key: str
) -> PickupReservePayload:
    customer_id = signed_in(info)
    holds = info.context.loaders.stock_holds  # NOT_SUPPORTED before any other check
    check_idempotency_key(key)
    minutes = 120 if minutes is None else minutes
    if not 1 <= minutes <= MAX_HOLD_MINUTES:
        message = f"a hold lasts 1 to {MAX_HOLD_MINUTES} minutes"
        raise Refused("INVALID_EXPIRY", message, ["expiresInMinutes"])
    requested = merged_lines(list(lines))
    await check_customer_exists(info, customer_id, None)
    c = info.context
    store = await c.loaders.store_by_id.load(c.commerce, store_key(store_id))
    if store is None:
        raise Refused("STORE_NOT_FOUND", "no such store", ["storeId"])
    await check_skus_exist(info, requested)
    request = models.ReservationRequest(
        idempotency_key=f"{customer_id}:{key}",
        store_id=store.id,
        lines=requested,
        expires_at=datetime.now(UTC) + timedelta(minutes=minutes),
        customer_id=customer_id,
    )
    outcome = await holds.reserve(request, c.commerce)
    if outcome.reservation is None:
        raise Refused.many([_short(s, requested) for s in outcome.shortages])
    return PickupReservePayload(reservation=PickupReservation.of(outcome.reservation))


def _short(shortage: models.StockShortage, lines: tuple[models.LineRequest, ...]) -> UserError:
    index = next(i for i, line in enumerate(lines) if line.sku == shortage.sku)
    return UserError(
        code="INSUFFICIENT_STOCK",
        field=["lines", str(index)],
        message=f"{shortage.sku}: {shortage.wanted} wanted, {shortage.available} available here",
    )


async def pickup_reservation_cancel(info: Info, reservation_id: str) -> PickupReservePayload:
    customer_id = signed_in(info)
    c = info.context
    holds = c.loaders.stock_holds
    key = local_key(reservation_id, "PickupReservation")
    cancelled = await holds.cancel_reservation(key, customer_id, c.commerce) if key else None
    if cancelled is None:
        raise Refused("RESERVATION_NOT_FOUND", "no such reservation held for you", ["id"])
    c.loaders.reservation_by_id.clear(c.commerce, cancelled.id)
    return PickupReservePayload(reservation=PickupReservation.of(cancelled))
