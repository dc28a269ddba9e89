"""Orders placed by checkout: recorded together with the cart they complete, once per key.

Numbers follow the OMS's yearly sequence (`OC-2026-000123`); ids are random, so an order
cannot be found by counting. A line's title is kept as the shopper saw it, and in the other
language as the catalogue names the SKU, so the order reads well in both.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from connectors.context import CommerceContext
from connectors.errors import CartNotFound
from connectors.models import Order, OrderRequest
from connectors.sample.clock import Clock, stamp
from connectors.sample.db import SampleDatabase, Transaction
from connectors.sample.keyed import cents
from connectors.sample.naming import language
from connectors.sample.orders import load_orders

BY_KEY_SQL = "SELECT id FROM orders WHERE idempotency_key = ?"
CART_STATUS_SQL = "SELECT status FROM carts WHERE id = ?"
NEXT_NUMBER_SQL = """
SELECT COALESCE(MAX(CAST(substr(number, ?) AS INTEGER)), 0) + 1 AS next
FROM orders WHERE number LIKE ?
"""
TITLES_SQL = """
SELECT v.sku, p.title_{lang} AS product_title, v.title_{lang} AS variant_title,
       (SELECT COUNT(*) FROM variants w WHERE w.product_id = v.product_id) AS variants
FROM variants v JOIN products p ON p.id = v.product_id
WHERE v.sku IN ({keys})
"""
# A till links a purchase to the loyalty card; online orders are linked by the account.
INSERT_ORDER_SQL = """
INSERT INTO orders (id, number, customer_id, channel, created_at, status, currency,
                    total_cents, pickup_store_id, loyalty_card, loyalty_points_earned,
                    discount_cents, cart_id, idempotency_key)
VALUES (?, ?, ?, ?, ?, 'CONFIRMED', ?, ?, ?,
        CASE WHEN ? = 'STORE'
             THEN (SELECT card_number FROM loyalty_accounts WHERE customer_id = ?) END,
        ?, ?, ?, ?)
"""
INSERT_LINE_SQL = "INSERT INTO order_lines VALUES (?, ?, ?, ?, ?, ?, ?)"
COMPLETE_CART_SQL = """
UPDATE carts SET status = 'completed', order_id = ?, updated_at = ? WHERE id = ?
"""


class SampleCheckout:
    db: SampleDatabase
    now: Clock

    async def place_order(self, request: OrderRequest, ctx: CommerceContext) -> Order:
        """The order, CONFIRMED, its cart completed; the same key returns the same order.
        Raises CartNotFound when the cart is unknown or completed by another order."""
        now, lang = self.now(), language(ctx)
        order_id = await self.db.transaction(lambda tx: _place(tx, request, lang, now))
        order = (await load_orders(self.db, ctx, [order_id]))[0]
        if order is None:  # written a moment ago: only a swapped database file gets here
            raise LookupError(f"order {order_id} vanished")
        return order


def _place(tx: Transaction, request: OrderRequest, lang: str, now: datetime) -> str:
    existing = tx.fetch(BY_KEY_SQL, [request.idempotency_key])
    if existing:
        return str(existing[0]["id"])
    cart = tx.fetch(CART_STATUS_SQL, [request.cart_id])
    if not cart or cart[0]["status"] != "open":
        raise CartNotFound(request.cart_id)
    order_id = f"OR{secrets.token_hex(8)}"
    prefix = f"OC-{now.year}-"
    sequence = tx.fetch(NEXT_NUMBER_SQL, [len(prefix) + 1, f"{prefix}%"])[0]["next"]
    channel, customer = request.channel.value, request.customer_id
    tx.execute(
        INSERT_ORDER_SQL,
        [
            order_id, f"{prefix}{sequence:06d}", customer, channel, stamp(now),
            request.total.currency, cents(request.total), request.pickup_store_id,
            channel, customer, request.loyalty_points_earned, cents(request.discounts),
            request.cart_id, request.idempotency_key,
        ],
    )  # fmt: skip
    other = "en" if lang == "fr" else "fr"
    catalogue = _titles(tx, [line.sku for line in request.lines], other)
    rows = []
    for position, line in enumerate(request.lines):
        titles = {lang: line.title, other: catalogue.get(line.sku, line.title)}
        rows.append((
            order_id, position, line.sku, titles["fr"], titles["en"], line.quantity,
            cents(line.total),
        ))  # fmt: skip
    tx.execute_many(INSERT_LINE_SQL, rows)
    tx.execute(COMPLETE_CART_SQL, [order_id, stamp(now), request.cart_id])
    return order_id


def _titles(tx: Transaction, skus: list[str], lang: str) -> dict[str, str]:
    """Titles as the seeded orders write them: the product's, with the variant's if several."""
    found: dict[str, str] = {}
    for row in tx.fetch_in(TITLES_SQL.format(lang=lang, keys="{keys}"), skus):
        single = row["variants"] == 1
        title = row["product_title"]
        found[row["sku"]] = title if single else f"{title} — {row['variant_title']}"
    return found
