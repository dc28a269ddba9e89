"""StockHolds on commercetools, which has no reservations of its own: click-and-collect
holds as inventory quantities plus a journal of Custom Objects.

A hold takes its units out of the store's inventory entries (`removeQuantity` under each
entry's version, as a stock commit does), so every reader of the project, commercetools'
own carts included, sees them gone; the journal (`holds_store`) says whose they are and
until when. Hence:

- all lines or none: every line is checked, then taken; one falling short puts back what
  was taken and the outcome lists the shortages;
- idempotent: the reservation id is a digest of the idempotency key (the gateway scopes
  it to the customer) and the journal object is created only if none exists, so the same
  key returns the same reservation and a racing twin puts its units back;
- concurrent holds on the last unit: the entry's version lets one `removeQuantity` land;
  the other gets 409, reads the entry again, finds nothing and reports a shortage;
- expiry without a job: past `expiresAt` a hold reads EXPIRED and the stock reads count
  its units as free again (`Inventory.stock`); the next reserve or commit of those SKUs in
  that store puts them back for real (stored EXPIRED first, so only one caller does);
- cancel: the hold is stored CANCELLED under its version, then exactly its units go back;
- checkout: a stock commit for this customer in this store converts the hold
  (`stock_commits`) instead of taking the units twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from connectors.commercetools.holds_collect import HoldUpkeep
from connectors.commercetools.holds_store import Hold, reservation_id
from connectors.commercetools.stock_entries import INVENTORY, in_store
from connectors.commercetools.stock_plan import plan, quantities, shortages
from connectors.context import CommerceContext
from connectors.errors import UpstreamUnavailable
from connectors.keyed import in_key_order
from connectors.models import (
    Reservation,
    ReservationOutcome,
    ReservationRequest,
    ReservationStatus,
    StockShortage,
)

SUPPLY = "InventorySupply"
ROUNDS = 2  # planned again once when an entry changed under the hold
CANCEL_ATTEMPTS = 3


class Holds(HoldUpkeep):
    async def reserve(
        self, request: ReservationRequest, ctx: CommerceContext
    ) -> ReservationOutcome:
        wanted = quantities(request.lines)
        if not wanted:
            raise ValueError("a reservation needs at least one line")
        hold_id = reservation_id(request.idempotency_key)
        existing = await self._hold(hold_id)
        if existing is not None:
            return ReservationOutcome(existing.reservation(self.now()))
        if not await self._is_store(request.store_id):  # only a store's shelf can be held
            nowhere = tuple(StockShortage(sku, q, 0) for sku, q in wanted.items())
            return ReservationOutcome(None, nowhere)
        await self._reclaim(request.store_id, list(wanted))
        for _ in range(ROUNDS):
            outcome = await self._hold_round(hold_id, request, wanted)
            if outcome is not None:
                return outcome
        raise UpstreamUnavailable(self.name, "inventory entries kept changing during a hold")

    async def _hold_round(
        self, hold_id: str, request: ReservationRequest, wanted: dict[str, int]
    ) -> ReservationOutcome | None:
        entries = await self._batch(INVENTORY, in_store(request.store_id), list(wanted), paged=True)
        short = self._normalised(lambda: shortages(wanted, entries))
        if short:
            return ReservationOutcome(None, short)
        moves, used = self._normalised(lambda: plan(wanted, entries))
        free: dict[str, int] = {}
        taken = await self._take_all(moves, used, free)
        if taken is None:
            short = self._normalised(lambda: shortages(wanted, entries, free))
            return ReservationOutcome(None, short) if short else None
        now = self.now()
        hold = Hold(
            hold_id, 0, request.idempotency_key, request.store_id, request.customer_id,
            request.lines, tuple(taken), "HELD", request.expires_at, now,
        )  # fmt: skip
        written = await self._write(hold)
        if written is None:  # a twin request under this key recorded its hold first
            await self._put_back([(m, None) for m in taken])
            twin = await self._hold(hold_id)
            if twin is None:
                raise UpstreamUnavailable(self.name, f"hold {hold_id} vanished")
            return ReservationOutcome(twin.reservation(now))
        return ReservationOutcome(written.reservation(now))

    async def _is_store(self, store_id: str) -> bool:
        channel = (await self.reference.get()).channel(store_id)
        return (
            channel is not None
            and SUPPLY in (channel.get("roles") or ())
            and bool(channel.get("geoLocation"))
            and channel.get("key") not in self.settings.warehouse_channels
        )

    async def cancel_reservation(
        self, reservation_id: str, customer_id: str | None, ctx: CommerceContext
    ) -> Reservation | None:
        """The reservation, CANCELLED, if it was this customer's and HELD (or already
        CANCELLED: a retried cancel); None if unknown, someone else's, collected or expired."""
        for _ in range(CANCEL_ATTEMPTS):
            hold = await self._hold(reservation_id) if _plausible(reservation_id) else None
            if hold is None or hold.customer_id != customer_id:
                return None
            now = self.now()
            status = hold.status(now)
            if status is ReservationStatus.CANCELLED:
                return hold.reservation(now)
            if status is not ReservationStatus.HELD:
                return None
            cancelled = await self._release_hold(hold, "CANCELLED")
            if cancelled is not None:
                return cancelled.reservation(now)
        raise UpstreamUnavailable(self.name, f"hold {reservation_id} kept changing")

    async def reservations(
        self, ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Reservation | None]:
        now = self.now()
        found = await self._holds([i for i in ids if _plausible(i)])
        return in_key_order(ids, {h.id: h.reservation(now) for h in found})

    async def reservations_by_customer(
        self, customer_ids: Sequence[str], ctx: CommerceContext
    ) -> Sequence[tuple[Reservation, ...]]:
        now = self.now()
        by_customer: dict[str, list[Hold]] = {}
        for hold in await self._holds_of(customer_ids):
            by_customer.setdefault(hold.customer_id or "", []).append(hold)
        return [
            tuple(
                h.reservation(now)
                for h in sorted(
                    by_customer.get(cid, ()), key=lambda h: (h.created_at, h.id), reverse=True
                )
            )
            for cid in customer_ids
        ]


def _plausible(hold_id: str) -> bool:
    """An id this connector could have made: anything else is not looked up (and cannot
    reach a Custom Object path)."""
    return len(hold_id) == 34 and hold_id.startswith("RS") and hold_id[2:].isalnum()
