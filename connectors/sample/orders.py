"""OrdersConnector over the sample database: customers, carts, orders (read side; the
writes are in carts.py, checkout.py and auth.py).

Order lines keep the titles they had when bought, in both languages. Access control (is
this the context's customer's order or cart?) belongs to the caller: these methods return
what the back office holds for an id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from connectors.context import Channel, CommerceContext
from connectors.keyed import in_key_order
from connectors.models import Cart, CartLine, Customer, Order, OrderLine, OrderStatus
from connectors.sample.db import Row, SampleDatabase
from connectors.sample.keyed import grouped, json_list, money
from connectors.sample.naming import language

CUSTOMERS_SQL = """
SELECT id, email, first_name, last_name, customer_group FROM customers WHERE id IN ({keys})
"""
ORDERS_SQL = """
SELECT o.id, o.{column} AS matched, o.number, o.customer_id, o.channel, o.created_at,
       o.status, o.currency, o.total_cents, o.pickup_store_id, o.loyalty_points_earned,
       o.cart_id,
       l.sku, l.title_{lang} AS line_title, l.quantity, l.total_cents AS line_total_cents
FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
WHERE o.{column} IN ({keys})
ORDER BY o.customer_id, o.created_at DESC, o.id DESC, l.position
"""
CARTS_SQL = """
SELECT c.id, c.channel, c.currency, c.customer_id, c.pickup_store_id, c.promotion_codes,
       c.reward_ids, c.order_id, l.id AS line_id, l.sku, l.quantity
FROM carts c LEFT JOIN cart_lines l ON l.cart_id = c.id
WHERE c.id IN ({keys})
ORDER BY c.id, l.position
"""


class SampleOrders:
    db: SampleDatabase

    async def customers(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Customer | None]:
        rows = await self.db.fetch_in(CUSTOMERS_SQL, ids)
        found = {r["id"]: customer_from_row(r) for r in rows}
        return in_key_order(ids, found)

    async def carts(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Cart | None]:
        return await load_carts(self.db, ids)

    async def orders(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Order | None]:
        return await load_orders(self.db, ctx, ids)

    async def orders_by_idempotency_key(
        self, keys: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Order | None]:
        found = await _orders(self.db, ctx, "idempotency_key", keys)
        return in_key_order(keys, dict(found))

    async def orders_by_customer(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Order, ...]]:
        by_customer: dict[str, list[Order]] = {}
        for customer_id, order in await _orders(self.db, ctx, "customer_id", customer_ids):
            by_customer.setdefault(customer_id, []).append(order)
        # The SQL already sorts each customer's orders newest first.
        return [tuple(by_customer.get(cid, ())) for cid in customer_ids]


async def load_carts(db: SampleDatabase, ids: Sequence[str]) -> list[Cart | None]:
    rows = await db.fetch_in(CARTS_SQL, ids)
    found = {cart_id: _cart(group) for cart_id, group in grouped(rows, "id")}
    return in_key_order(ids, found)


async def load_orders(
    db: SampleDatabase, ctx: CommerceContext, ids: Sequence[str]
) -> list[Order | None]:
    return in_key_order(ids, dict(await _orders(db, ctx, "id", ids)))


async def _orders(
    db: SampleDatabase, ctx: CommerceContext, column: str, keys: Sequence[str]
) -> list[tuple[str, Order]]:
    """Each order with the value of `column` that found it."""
    sql = ORDERS_SQL.format(lang=language(ctx), column=column, keys="{keys}")
    rows = await db.fetch_in(sql, keys)
    return [(group[0]["matched"], _order(group)) for _, group in grouped(rows, "id")]


def customer_from_row(row: Row) -> Customer:
    return Customer(
        row["id"], row["email"], row["first_name"], row["last_name"], row["customer_group"]
    )


def _order(rows: list[Row]) -> Order:
    first = rows[0]
    currency = first["currency"]
    lines = tuple(
        OrderLine(r["sku"], r["line_title"], r["quantity"], money(r["line_total_cents"], currency))
        for r in rows
        if r["sku"] is not None
    )
    return Order(
        id=first["id"],
        number=first["number"],
        customer_id=first["customer_id"],
        channel=Channel(first["channel"]),
        created_at=datetime.fromisoformat(first["created_at"]),
        status=OrderStatus(first["status"]),
        lines=lines,
        total=money(first["total_cents"], currency),
        pickup_store_id=first["pickup_store_id"],
        loyalty_points_earned=first["loyalty_points_earned"],
        cart_id=first["cart_id"],
    )


def _cart(rows: list[Row]) -> Cart:
    first = rows[0]
    lines = tuple(
        CartLine(r["line_id"], r["sku"], r["quantity"]) for r in rows if r["line_id"] is not None
    )
    return Cart(
        id=first["id"],
        channel=Channel(first["channel"]),
        currency=first["currency"],
        lines=lines,
        promotion_codes=tuple(json_list(first["promotion_codes"])),
        customer_id=first["customer_id"],
        pickup_store_id=first["pickup_store_id"],
        reward_ids=tuple(json_list(first["reward_ids"])),
        order_id=first["order_id"],
    )
