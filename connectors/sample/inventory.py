"""InventoryConnector over the sample database: stock per location, stores.

Both warehouses serve every channel, so a SKU's online quantity is their sum. Every store is
listed in `StockLevel.stores`, zero included, in store-id order. The retailer ships anywhere
and all its stores are in France: `all_stores` returns every store whatever the country.

A quantity is what is free to sell: the units on the shelf less those held for a customer
(reservations still HELD and not yet past their expiry), so an expired hold frees its units
on the next read without any job running.
"""

from __future__ import annotations

from collections.abc import Sequence

from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import (
    Address,
    GeoPoint,
    LocationKind,
    LocationStock,
    StockLevel,
    Store,
)
from connectors.sample.clock import Clock, stamp
from connectors.sample.db import Row, SampleDatabase
from connectors.sample.keyed import grouped, index_by, json_list

# Stock rows are sparse; the cross join restores the zeros. Unknown SKUs yield no rows.
# The one parameter after the keys is "now": holds expiring later are still active.
STOCK_SQL = """
WITH k AS (SELECT sku FROM variants WHERE sku IN ({keys})),
held AS (
    SELECT l.sku, r.store_id AS location_id, SUM(l.quantity) AS quantity
    FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id
    WHERE l.sku IN (SELECT sku FROM k) AND r.status = 'HELD' AND r.expires_at > ?
    GROUP BY l.sku, r.store_id
)
SELECT k.sku, l.id AS location_id, l.kind,
       MAX(COALESCE(s.quantity, 0) - COALESCE(h.quantity, 0), 0) AS quantity
FROM k
CROSS JOIN locations l
LEFT JOIN stock s ON s.sku = k.sku AND s.location_id = l.id
LEFT JOIN held h ON h.sku = k.sku AND h.location_id = l.id
ORDER BY k.sku, l.id
"""
LOCATIONS_SQL = "SELECT * FROM locations WHERE {where} ORDER BY id"


class SampleInventory:
    db: SampleDatabase
    now: Clock

    async def stock(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[StockLevel | None]:
        rows = await self.db.fetch_in(STOCK_SQL, skus, after=[stamp(self.now())])
        found = {sku: _stock_level(sku, group) for sku, group in grouped(rows, "sku")}
        return in_key_order(skus, found)

    async def stores(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Store | None]:
        rows = await self.db.fetch_in(LOCATIONS_SQL.format(where="id IN ({keys})"), ids)
        return in_key_order(ids, index_by(map(_store, rows), lambda s: s.id))

    async def stores_by_code(
        self, codes: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Store | None]:
        rows = await self.db.fetch_in(LOCATIONS_SQL.format(where="code IN ({keys})"), codes)
        return in_key_order(codes, index_by(map(_store, rows), lambda s: s.code))

    async def all_stores(self, ctx: CommerceContext) -> Sequence[Store]:
        rows = await self.db.fetch(LOCATIONS_SQL.format(where="kind = 'STORE'"))
        return [_store(row) for row in rows]


def _stock_level(sku: str, rows: list[Row]) -> StockLevel:
    online = sum(row["quantity"] for row in rows if row["kind"] == LocationKind.WAREHOUSE.value)
    stores = tuple(
        LocationStock(row["location_id"], row["quantity"])
        for row in rows
        if row["kind"] == LocationKind.STORE.value
    )
    return StockLevel(sku, online, stores)


def _store(row: Row) -> Store:
    address = Address(
        line1=row["line1"],
        city=row["city"],
        postal_code=row["postal_code"],
        country_code=row["country_code"],
        line2=row["line2"],
    )
    return Store(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        address=address,
        location=GeoPoint(row["latitude"], row["longitude"]),
        opening_hours=tuple(json_list(row["opening_hours"])),
        kind=LocationKind(row["kind"]),
    )
