"""The hold journal: one Custom Object per reservation in the container `omnicanal-holds`.

The object's key is the reservation id, a digest of the idempotency key (so a repeated key
finds its reservation with one GET). Its value records what was asked (`lines`), what the
hold keeps out of the store's inventory entries (`moves`), the expiry and the stored status:

- `HELD`: the units of `moves` are out of their entries; past `expiresAt` it reads EXPIRED
  and the stock reads count those units again (`expired_units`), until someone reclaims
  them (stored `EXPIRED`, units put back);
- `CANCELLED` / `EXPIRED`: the units are back on the shelf;
- `COLLECTED`: a stock commit (`collectedBy`, its record key) took the units for an order.

Every change is written under the object's version, so of two writers that read the same
version only one acts (the other gets 409 and reads again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from connectors.commercetools.core import Core
from connectors.commercetools.errors import error_codes
from connectors.commercetools.query import KeyPredicate, field_in, literal
from connectors.commercetools.stock_plan import Move
from connectors.errors import UpstreamBadResponse
from connectors.models import LineRequest, Reservation, ReservationStatus

HOLDS = "/custom-objects/omnicanal-holds"
STORED = frozenset({"HELD", "CANCELLED", "EXPIRED", "COLLECTED"})
KEY_IN = field_in("key")
CUSTOMER_IN = KeyPredicate(lambda keys: f"value(customerId in {keys})")
Raw = dict[str, Any]


def reservation_id(idempotency_key: str) -> str:
    """Custom Object keys allow `[-_~.a-zA-Z0-9]`: a digest fits any idempotency key."""
    return "RS" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Hold:
    id: str
    version: int  # 0: not written yet
    idempotency_key: str
    store_id: str
    customer_id: str | None
    lines: tuple[LineRequest, ...]
    moves: tuple[Move, ...]
    stored: str
    expires_at: datetime
    created_at: datetime
    collected_by: str | None = None

    def active(self, now: datetime) -> bool:
        """Its units are held for its customer: HELD and not yet expired."""
        return self.stored == "HELD" and self.expires_at > now

    def lapsed(self, now: datetime) -> bool:
        """Expired, its units still out of the entries: to be counted again and reclaimed."""
        return self.stored == "HELD" and self.expires_at <= now

    def status(self, now: datetime) -> ReservationStatus:
        if self.lapsed(now):
            return ReservationStatus.EXPIRED
        return ReservationStatus(self.stored)

    def reservation(self, now: datetime) -> Reservation:
        return Reservation(
            id=self.id,
            store_id=self.store_id,
            customer_id=self.customer_id,
            lines=self.lines,
            status=self.status(now),
            expires_at=self.expires_at,
            created_at=self.created_at,
        )

    def as_json(self) -> Raw:
        return {
            "idempotencyKey": self.idempotency_key,
            "storeId": self.store_id,
            "customerId": self.customer_id,
            "lines": [{"sku": line.sku, "quantity": line.quantity} for line in self.lines],
            "moves": [m.as_json() for m in self.moves],
            "status": self.stored,
            "expiresAt": self.expires_at.isoformat(),
            "createdAt": self.created_at.isoformat(),
            "collectedBy": self.collected_by,
        }

    @classmethod
    def of(cls, raw: Raw) -> Hold:
        """Raises KeyError, TypeError or ValueError on an object this module did not write."""
        value = raw["value"]
        stored = str(value["status"])
        if stored not in STORED:
            raise ValueError(f"hold {raw.get('key')}: unknown status {stored!r}")
        customer = value.get("customerId")
        return cls(
            id=str(raw["key"]),
            version=int(raw["version"]),
            idempotency_key=str(value["idempotencyKey"]),
            store_id=str(value["storeId"]),
            customer_id=None if customer is None else str(customer),
            lines=tuple(LineRequest(str(x["sku"]), int(x["quantity"])) for x in value["lines"]),
            moves=tuple(Move.of(m) for m in value["moves"]),
            stored=stored,
            expires_at=_aware(value["expiresAt"]),
            created_at=_aware(value["createdAt"]),
            collected_by=value.get("collectedBy"),
        )


def _aware(text: Any) -> datetime:
    parsed = datetime.fromisoformat(str(text))
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a zone: {text!r}")
    return parsed


def units(holds: Iterable[Hold]) -> dict[tuple[str, str], int]:
    """Units per (store, SKU) that these holds keep out of the entries."""
    total: dict[tuple[str, str], int] = {}
    for hold in holds:
        for move in hold.moves:
            key = (hold.store_id, move.sku)
            total[key] = total.get(key, 0) + move.quantity
    return total


class HoldJournal(Core):
    async def _holds(self, ids: Sequence[str]) -> list[Hold]:
        found = await self._batch(HOLDS, KEY_IN, ids)
        return self._normalised(lambda: [Hold.of(raw) for raw in found])

    async def _hold(self, hold_id: str) -> Hold | None:
        raw = await self.client.get(f"{HOLDS}/{hold_id}")
        return None if raw is None else self._normalised(lambda: Hold.of(raw))

    async def _holds_of(self, customer_ids: Sequence[str]) -> list[Hold]:
        found = await self._batch(HOLDS, CUSTOMER_IN, customer_ids, paged=True)
        return self._normalised(lambda: [Hold.of(raw) for raw in found])

    async def _held(
        self, skus: Sequence[str], store_id: str | None = None, customer_id: str | None = None
    ) -> list[Hold]:
        """Stored-HELD holds with a line of these SKUs (in one store, of one customer)."""
        where = 'status = "HELD"'
        if store_id is not None:
            where += f" and storeId = {literal(store_id)}"
        if customer_id is not None:
            where += f" and customerId = {literal(customer_id)}"
        predicate = KeyPredicate(lambda keys: f"value({where} and lines(sku in {keys}))")
        found = await self._batch(HOLDS, predicate, skus, paged=True)
        holds = self._normalised(lambda: {h.id: h for h in map(Hold.of, found)})
        return sorted(holds.values(), key=lambda h: (h.created_at, h.id))

    async def expired_units(self, skus: Sequence[str]) -> dict[tuple[str, str], int]:
        """Units per (store, SKU) of lapsed holds not yet reclaimed: free again."""
        now = self.now()
        return units(h for h in await self._held(skus) if h.lapsed(now))

    async def _write(self, hold: Hold) -> Hold | None:
        """The hold as written under its version (0: only if it does not exist yet), or
        None when the object changed meanwhile."""
        draft = {
            "container": HOLDS.rsplit("/", 1)[1],
            "key": hold.id,
            "version": hold.version,
            "value": hold.as_json(),
        }
        response = await self.client.post("/custom-objects", draft)
        if response.status == 409:
            return None
        if response.status >= 400:
            codes = ",".join(error_codes(response.body)) or str(response.status)
            raise UpstreamBadResponse(self.name, f"hold journal refused ({codes})")
        body = response.body
        return self._normalised(lambda: replace(hold, version=int(body["version"])))
