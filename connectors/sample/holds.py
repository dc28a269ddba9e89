"""What is free to take at one location, inside a write transaction.

Free means on the shelf and not held: a hold counts while its reservation is HELD and not
past its expiry. A customer's own holds are theirs to take, so they are reported apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from connectors.models import LineRequest, StockShortage
from connectors.sample.clock import stamp
from connectors.sample.db import Transaction

# Parameters: location, now, location, customer, then the SKUs. A NULL customer owns no hold.
AVAILABILITY_SQL = """
WITH held AS (
    SELECT l.sku, r.customer_id, l.quantity
    FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id
    WHERE r.store_id = ? AND r.status = 'HELD' AND r.expires_at > ?
)
SELECT v.sku,
       COALESCE((SELECT quantity FROM stock WHERE sku = v.sku AND location_id = ?), 0) AS shelf,
       COALESCE((SELECT SUM(quantity) FROM held WHERE held.sku = v.sku), 0) AS held,
       COALESCE((SELECT SUM(quantity) FROM held
                 WHERE held.sku = v.sku AND held.customer_id = ?), 0) AS own
FROM variants v WHERE v.sku IN ({keys})
"""


@dataclass(frozen=True, slots=True)
class Shelf:
    shelf: int
    held: int
    own: int

    @property
    def free(self) -> int:
        """Units nobody holds."""
        return max(self.shelf - self.held, 0)

    @property
    def free_for_owner(self) -> int:
        """Units the customer whose holds are `own` may take."""
        return max(self.shelf - (self.held - self.own), 0)


NOTHING = Shelf(0, 0, 0)


def quantities(lines: Sequence[LineRequest]) -> dict[str, int]:
    """Quantity per SKU, repeated SKUs summed, in first-seen order."""
    wanted: dict[str, int] = {}
    for line in lines:
        if line.quantity <= 0:
            raise ValueError(f"quantity of {line.sku!r} must be positive, not {line.quantity}")
        wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    return wanted


def shelves(
    tx: Transaction,
    location_id: str,
    skus: Sequence[str],
    customer_id: str | None,
    now: datetime,
) -> dict[str, Shelf]:
    """Shelf, held and own-held units per known SKU (unknown SKUs are absent)."""
    before = [location_id, stamp(now), location_id, customer_id]
    rows = tx.fetch_in(AVAILABILITY_SQL, skus, before=before)
    return {row["sku"]: Shelf(row["shelf"], row["held"], row["own"]) for row in rows}


def shortages(wanted: dict[str, int], free: dict[str, int]) -> tuple[StockShortage, ...]:
    return tuple(
        StockShortage(sku, quantity, free.get(sku, 0))
        for sku, quantity in wanted.items()
        if quantity > free.get(sku, 0)
    )
