"""Click-and-collect holds: reserve units in a store, cancel, read.

A reservation is checked and written in one immediate transaction, so of any number of
concurrent requests for the last units, exactly as many as fit are held. Status is stored
as HELD, COLLECTED (converted by a stock commit) or CANCELLED; a HELD one past its expiry
reads as EXPIRED, and stock reads stop subtracting it at the same moment.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import (
    LineRequest,
    LocationKind,
    Reservation,
    ReservationOutcome,
    ReservationRequest,
    ReservationStatus,
    StockShortage,
)
from connectors.sample.clock import Clock, parse, stamp
from connectors.sample.db import Row, SampleDatabase, Transaction
from connectors.sample.holds import quantities, shelves, shortages
from connectors.sample.keyed import grouped

RESERVATIONS_SQL = """
SELECT r.id, r.store_id, r.customer_id, r.status, r.expires_at, r.created_at,
       l.sku, l.quantity
FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id
WHERE r.{column} IN ({keys})
ORDER BY r.customer_id, r.created_at DESC, r.id DESC, l.position
"""
BY_KEY_SQL = "SELECT id FROM reservations WHERE idempotency_key = ?"
LOCATION_KIND_SQL = "SELECT kind FROM locations WHERE id = ?"
INSERT_SQL = "INSERT INTO reservations VALUES (?, ?, ?, ?, 'HELD', ?, ?)"
INSERT_LINE_SQL = "INSERT INTO reservation_lines VALUES (?, ?, ?, ?)"
OWNER_SQL = "SELECT customer_id, status, expires_at FROM reservations WHERE id = ?"
CANCEL_SQL = "UPDATE reservations SET status = 'CANCELLED' WHERE id = ? AND status = 'HELD'"


class SampleReservations:
    db: SampleDatabase
    now: Clock
    emit_stock: Callable[[Iterable[str], str | None], None]

    async def reserve(
        self, request: ReservationRequest, ctx: CommerceContext
    ) -> ReservationOutcome:
        wanted = quantities(request.lines)
        if not wanted:
            raise ValueError("a reservation needs at least one line")
        now = self.now()
        reservation_id, short = await self.db.transaction(
            lambda tx: _reserve(tx, request, wanted, now)
        )
        if reservation_id is None:
            return ReservationOutcome(None, short)
        self.emit_stock(wanted, request.store_id)
        return ReservationOutcome((await self.reservations([reservation_id], ctx))[0])

    async def cancel_reservation(
        self, reservation_id: str, customer_id: str | None, ctx: CommerceContext
    ) -> Reservation | None:
        """The reservation, CANCELLED, if it was this customer's and HELD (or already
        CANCELLED: a retried cancel); None if unknown, someone else's, collected or expired."""
        now = self.now()
        cancelled = await self.db.transaction(
            lambda tx: _cancel(tx, reservation_id, customer_id, now)
        )
        if not cancelled:
            return None
        reservation = (await self.reservations([reservation_id], ctx))[0]
        if reservation is not None:
            self.emit_stock((line.sku for line in reservation.lines), reservation.store_id)
        return reservation

    async def reservations(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Reservation | None]:
        found = await _load(self.db, "id", ids, self.now())
        return in_key_order(ids, {r.id: r for r in found})

    async def reservations_by_customer(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Reservation, ...]]:
        by_customer: dict[str, list[Reservation]] = {}
        for reservation in await _load(self.db, "customer_id", customer_ids, self.now()):
            by_customer.setdefault(reservation.customer_id or "", []).append(reservation)
        # The SQL already sorts each customer's reservations newest first.
        return [tuple(by_customer.get(cid, ())) for cid in customer_ids]


def _reserve(
    tx: Transaction, request: ReservationRequest, wanted: dict[str, int], now: datetime
) -> tuple[str | None, tuple[StockShortage, ...]]:
    existing = tx.fetch(BY_KEY_SQL, [request.idempotency_key])
    if existing:
        return existing[0]["id"], ()
    kind = tx.fetch(LOCATION_KIND_SQL, [request.store_id])
    if kind and kind[0]["kind"] == LocationKind.STORE.value:
        found = shelves(tx, request.store_id, list(wanted), request.customer_id, now)
        free = {sku: shelf.free for sku, shelf in found.items()}
    else:  # only a store's shelf can be held
        free = {}
    short = shortages(wanted, free)
    if short:
        return None, short
    reservation_id = f"RS{secrets.token_hex(8)}"
    tx.execute(
        INSERT_SQL,
        [
            reservation_id,
            request.idempotency_key,
            request.store_id,
            request.customer_id,
            stamp(request.expires_at),
            stamp(now),
        ],
    )
    lines = [(reservation_id, pos, sku, qty) for pos, (sku, qty) in enumerate(wanted.items())]
    tx.execute_many(INSERT_LINE_SQL, lines)
    return reservation_id, ()


def _cancel(tx: Transaction, reservation_id: str, customer_id: str | None, now: datetime) -> bool:
    rows = tx.fetch(OWNER_SQL, [reservation_id])
    if not rows or rows[0]["customer_id"] != customer_id:
        return False
    status = _status(rows[0], now)
    if status is ReservationStatus.HELD:
        tx.execute(CANCEL_SQL, [reservation_id])
        return True
    return status is ReservationStatus.CANCELLED


async def _load(
    db: SampleDatabase, column: str, keys: Sequence[str], now: datetime
) -> list[Reservation]:
    rows = await db.fetch_in(RESERVATIONS_SQL.format(column=column, keys="{keys}"), keys)
    return [_reservation(group, now) for _, group in grouped(rows, "id")]


def _status(row: Row, now: datetime) -> ReservationStatus:
    status = ReservationStatus(row["status"])
    if status is ReservationStatus.HELD and parse(row["expires_at"]) <= now:
        return ReservationStatus.EXPIRED
    return status


def _reservation(rows: list[Row], now: datetime) -> Reservation:
    first = rows[0]
    return Reservation(
        id=first["id"],
        store_id=first["store_id"],
        customer_id=first["customer_id"],
        lines=tuple(LineRequest(r["sku"], r["quantity"]) for r in rows),
        status=_status(first, now),
        expires_at=parse(first["expires_at"]),
        created_at=parse(first["created_at"]),
    )
