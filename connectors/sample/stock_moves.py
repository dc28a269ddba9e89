"""Stock taken by orders: commit all lines or none, release (compensate) exactly that.

A commit names a store (click and collect) or no location (ship from the warehouses):

- warehouses: each SKU is taken from the warehouse holding most first, split across
  warehouses when one is not enough;
- a store: the customer's own active holds there count as theirs; those holds (oldest
  first, as many reservations as the quantities need) become COLLECTED, and the shelf gives
  up the units. A collected reservation releases whatever else it held.

Each commit records its moves under its key, so a retry takes nothing twice and
`release_stock` puts back exactly those units and re-opens the holds it collected (they then
expire on their own schedule). A released key may be committed again: a checkout retried
after compensation takes the stock anew.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime

from connectors.context import CommerceContext
from connectors.models import StockCommit, StockShortage
from connectors.sample.clock import Clock, stamp
from connectors.sample.db import SampleDatabase, Transaction
from connectors.sample.holds import NOTHING, quantities, shelves, shortages

COMMIT_SQL = "SELECT moves, collected, released_at FROM stock_commits WHERE idempotency_key = ?"
WAREHOUSE_STOCK_SQL = """
SELECT s.sku, s.location_id, s.quantity
FROM stock s JOIN locations l ON l.id = s.location_id
WHERE l.kind = 'WAREHOUSE' AND s.quantity > 0 AND s.sku IN ({keys})
ORDER BY s.sku, s.quantity DESC, s.location_id
"""
OWN_HOLDS_SQL = """
SELECT r.id, l.sku, l.quantity
FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id
WHERE r.store_id = ? AND r.customer_id = ? AND r.status = 'HELD' AND r.expires_at > ?
ORDER BY r.created_at, r.id, l.position
"""
TAKE_SQL = "UPDATE stock SET quantity = quantity - ? WHERE location_id = ? AND sku = ?"
PUT_BACK_SQL = "UPDATE stock SET quantity = quantity + ? WHERE location_id = ? AND sku = ?"
COLLECT_SQL = "UPDATE reservations SET status = 'COLLECTED' WHERE id = ? AND status = 'HELD'"
REOPEN_SQL = "UPDATE reservations SET status = 'HELD' WHERE id = ? AND status = 'COLLECTED'"
RECORD_SQL = "INSERT OR REPLACE INTO stock_commits VALUES (?, ?, ?, ?, NULL)"
RELEASED_SQL = "UPDATE stock_commits SET released_at = ? WHERE idempotency_key = ?"

Move = tuple[str, str, int]  # location, SKU, quantity


class SampleStockMoves:
    db: SampleDatabase
    now: Clock
    emit_stock: Callable[[Iterable[str], str | None], None]

    async def commit_stock(
        self, commit: StockCommit, ctx: CommerceContext
    ) -> tuple[StockShortage, ...]:
        wanted = quantities(commit.lines)
        now = self.now()
        short = await self.db.transaction(lambda tx: _commit(tx, commit, wanted, now))
        if not short:
            self.emit_stock(wanted, commit.location_id)
        return short

    async def release_stock(self, idempotency_key: str, ctx: CommerceContext) -> None:
        now = self.now()
        moves = await self.db.transaction(lambda tx: _release(tx, idempotency_key, now))
        for location_id, sku, _ in moves:
            self.emit_stock([sku], location_id)


def _commit(
    tx: Transaction, commit: StockCommit, wanted: dict[str, int], now: datetime
) -> tuple[StockShortage, ...]:
    recorded = tx.fetch(COMMIT_SQL, [commit.idempotency_key])
    if recorded and recorded[0]["released_at"] is None:
        return ()  # already taken
    collected: list[str] = []
    if commit.location_id is None:
        moves, short = _from_warehouses(tx, wanted)
    else:
        moves, short = _from_store(tx, commit.location_id, wanted, commit.customer_id, now)
        if not short and commit.customer_id is not None:
            collected = _holds_to_collect(tx, commit, wanted, now)
    if short:
        return short
    tx.execute_many(TAKE_SQL, [(qty, loc, sku) for loc, sku, qty in moves])
    tx.execute_many(COLLECT_SQL, [(rid,) for rid in collected])
    record = [commit.idempotency_key, json.dumps(moves), json.dumps(collected), stamp(now)]
    tx.execute(RECORD_SQL, record)
    return ()


def _from_warehouses(
    tx: Transaction, wanted: dict[str, int]
) -> tuple[list[Move], tuple[StockShortage, ...]]:
    stocked: dict[str, list[tuple[str, int]]] = {}
    for row in tx.fetch_in(WAREHOUSE_STOCK_SQL, list(wanted)):
        stocked.setdefault(row["sku"], []).append((row["location_id"], row["quantity"]))
    free = {sku: sum(q for _, q in places) for sku, places in stocked.items()}
    short = shortages(wanted, free)
    if short:
        return [], short
    moves: list[Move] = []
    for sku, quantity in wanted.items():
        left = quantity
        for location_id, on_hand in stocked[sku]:  # most stock first
            take = min(left, on_hand)
            moves.append((location_id, sku, take))
            left -= take
            if left == 0:
                break
    return moves, ()


def _from_store(
    tx: Transaction,
    store_id: str,
    wanted: dict[str, int],
    customer_id: str | None,
    now: datetime,
) -> tuple[list[Move], tuple[StockShortage, ...]]:
    found = shelves(tx, store_id, list(wanted), customer_id, now)
    free = {sku: found.get(sku, NOTHING).free_for_owner for sku in wanted}
    short = shortages(wanted, free)
    return ([], short) if short else ([(store_id, s, q) for s, q in wanted.items()], ())


def _holds_to_collect(
    tx: Transaction, commit: StockCommit, wanted: dict[str, int], now: datetime
) -> list[str]:
    """The customer's reservations, oldest first, until they cover the committed SKUs."""
    need = dict(wanted)
    collected: list[str] = []
    params = [commit.location_id, commit.customer_id, stamp(now)]
    for row in tx.fetch(OWN_HOLDS_SQL, params):
        if need.get(row["sku"], 0) <= 0:
            continue
        if row["id"] not in collected:
            collected.append(row["id"])
        need[row["sku"]] -= min(need[row["sku"]], row["quantity"])
    return collected


def _release(tx: Transaction, idempotency_key: str, now: datetime) -> list[Move]:
    """The moves put back (none if nothing was taken under this key or it was released)."""
    recorded = tx.fetch(COMMIT_SQL, [idempotency_key])
    if not recorded or recorded[0]["released_at"] is not None:
        return []
    moves: list[Move] = [(m[0], m[1], m[2]) for m in json.loads(recorded[0]["moves"])]
    tx.execute_many(PUT_BACK_SQL, [(qty, loc, sku) for loc, sku, qty in moves])
    tx.execute_many(REOPEN_SQL, [(rid,) for rid in json.loads(recorded[0]["collected"])])
    tx.execute(RELEASED_SQL, [stamp(now), idempotency_key])
    return moves
