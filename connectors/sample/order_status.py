"""Moving a sample order through its statuses, as the OMS's back-office screen would.

Only forward moves an OMS allows: a collected or delivered order does not go back, and
only an order collected in store becomes READY_FOR_PICKUP.
"""

from __future__ import annotations

from connectors.events import OrderStatusChanged
from connectors.models import OrderStatus
from connectors.sample.db import SampleDatabase, Transaction

S = OrderStatus
NEXT: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.READY_FOR_PICKUP, S.SHIPPED, S.CANCELLED}),
    S.READY_FOR_PICKUP: frozenset({S.DELIVERED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
}
ORDER_SQL = "SELECT id, customer_id, status, pickup_store_id FROM orders WHERE number = ?"
UPDATE_SQL = "UPDATE orders SET status = ? WHERE id = ?"


class StatusRefused(Exception):
    """The order is unknown, or the move is not one the OMS allows; the message says which."""


async def set_order_status(
    db: SampleDatabase, source: str, number: str, status: OrderStatus
) -> OrderStatusChanged:
    """The event of the move; StatusRefused for an unknown order or a move not allowed."""
    return await db.transaction(lambda tx: _move(tx, source, number, status))


def _move(tx: Transaction, source: str, number: str, status: OrderStatus) -> OrderStatusChanged:
    rows = tx.fetch(ORDER_SQL, [number])
    if not rows:
        raise StatusRefused(f"no order numbered {number}")
    order = rows[0]
    current = OrderStatus(order["status"])
    if status is S.READY_FOR_PICKUP and not order["pickup_store_id"]:
        raise StatusRefused(f"{number} is not collected in store")
    if status is not current and status not in NEXT[current]:
        allowed = ", ".join(sorted(s.value for s in NEXT[current])) or "none"
        raise StatusRefused(f"{number} is {current.value}: it can become {allowed}")
    tx.execute(UPDATE_SQL, [status.value, order["id"]])
    return OrderStatusChanged(source, order["id"], status.value, number, order["customer_id"])
