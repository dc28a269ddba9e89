"""Cart writes: create, and update with actions applied all together or not at all.

Carts live in the orders system's tables, so they survive restarts and are shared by every
gateway replica using the file. Ids are unguessable (a cart id is all a guest has). A
completed cart (checked out) no longer changes: updating it raises CartNotFound.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import datetime

from connectors.context import CommerceContext
from connectors.errors import CartNotFound
from connectors.models import Cart, CartAction, CartDraft
from connectors.sample.cart_state import CartState, LineState
from connectors.sample.clock import Clock, stamp
from connectors.sample.db import SampleDatabase, Transaction
from connectors.sample.orders import load_carts

INSERT_CART_SQL = """
INSERT INTO carts (id, channel, currency, customer_id, status, created_at, updated_at)
VALUES (?, ?, ?, ?, 'open', ?, ?)
"""
CART_SQL = """
SELECT status, customer_id, pickup_store_id, promotion_codes, reward_ids
FROM carts WHERE id = ?
"""
LINES_SQL = "SELECT id, sku, quantity, position FROM cart_lines WHERE cart_id = ? ORDER BY position"
UPDATE_CART_SQL = """
UPDATE carts SET customer_id = ?, pickup_store_id = ?, promotion_codes = ?, reward_ids = ?,
                 updated_at = ?
WHERE id = ?
"""
DELETE_LINES_SQL = "DELETE FROM cart_lines WHERE cart_id = ?"
INSERT_LINE_SQL = "INSERT INTO cart_lines (id, cart_id, position, sku, quantity) VALUES (?,?,?,?,?)"


class SampleCarts:
    db: SampleDatabase
    now: Clock

    async def create_cart(self, draft: CartDraft, ctx: CommerceContext) -> Cart:
        state = CartState(customer_id=draft.customer_id)
        state.add(draft.lines)
        cart_id, now = secrets.token_hex(16), self.now()
        await self.db.transaction(lambda tx: _create(tx, cart_id, draft, state, now))
        return await self._cart(cart_id, ctx)

    async def update_cart(
        self, cart_id: str, actions: Sequence[CartAction], ctx: CommerceContext
    ) -> Cart:
        now = self.now()
        await self.db.transaction(lambda tx: _update(tx, cart_id, actions, now))
        return await self._cart(cart_id, ctx)

    async def _cart(self, cart_id: str, ctx: CommerceContext) -> Cart:
        cart = (await load_carts(self.db, [cart_id]))[0]
        if cart is None:  # written a moment ago: only a swapped database file gets here
            raise CartNotFound(cart_id)
        return cart


def _create(
    tx: Transaction, cart_id: str, draft: CartDraft, state: CartState, now: datetime
) -> None:
    params = [cart_id, draft.channel.value, draft.currency, draft.customer_id, stamp(now)]
    tx.execute(INSERT_CART_SQL, [*params, stamp(now)])
    _write_lines(tx, cart_id, state.lines)


def _update(tx: Transaction, cart_id: str, actions: Sequence[CartAction], now: datetime) -> None:
    rows = tx.fetch(CART_SQL, [cart_id])
    if not rows or rows[0]["status"] != "open":
        raise CartNotFound(cart_id)
    cart = rows[0]
    state = CartState(
        lines=[LineState(*row) for row in tx.fetch(LINES_SQL, [cart_id])],
        promotion_codes=tuple(json.loads(cart["promotion_codes"])),
        reward_ids=tuple(json.loads(cart["reward_ids"])),
        pickup_store_id=cart["pickup_store_id"],
        customer_id=cart["customer_id"],
    )
    for action in actions:
        state.apply(action)
    tx.execute(
        UPDATE_CART_SQL,
        [
            state.customer_id,
            state.pickup_store_id,
            json.dumps(list(state.promotion_codes)),
            json.dumps(list(state.reward_ids)),
            stamp(now),
            cart_id,
        ],
    )
    tx.execute(DELETE_LINES_SQL, [cart_id])
    _write_lines(tx, cart_id, state.lines)


def _write_lines(tx: Transaction, cart_id: str, lines: list[LineState]) -> None:
    rows = [(line.id, cart_id, line.position, line.sku, line.quantity) for line in lines]
    tx.execute_many(INSERT_LINE_SQL, rows)
