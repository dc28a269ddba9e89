"""InventoryConnector: stock from inventory entries, stores from channels.

An inventory entry is one SKU's stock in one supply channel. Entries in a warehouse channel
(`warehouse_channels`), or in no channel, add up to the online quantity; entries in a store
(an InventorySupply channel with a geoLocation) are its shelf; every store is listed, zero
where it has no entry. A SKU without any entry reads as None. Stores come from the
reference data (no request per batch); `all_stores` keeps those in the context's country.

Held units are already out of a store's entries (`holds`); a lapsed hold's units are
counted back on the shelf until they are reclaimed, so expiry needs no job: one query of
the hold journal per batch, after the entries' and for the SKUs they know.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connectors.commercetools import normalise
from connectors.commercetools.holds_store import HoldJournal
from connectors.commercetools.query import field_in
from connectors.commercetools.reference import Reference
from connectors.context import CommerceContext
from connectors.keyed import in_key_order
from connectors.models import LocationKind, LocationStock, StockLevel, Store

INVENTORY = "/inventory"
SUPPLY = "InventorySupply"
SKU_IN_INVENTORY = field_in("sku")
Raw = dict[str, Any]


class Inventory(HoldJournal):
    async def stock(self, skus: Sequence[str], ctx: CommerceContext) -> Sequence[StockLevel | None]:
        ref = await self.reference.get()
        entries = await self._batch(INVENTORY, SKU_IN_INVENTORY, skus, paged=True)
        by_sku: dict[str, list[Raw]] = {}
        for entry in entries:
            by_sku.setdefault(str(entry.get("sku")), []).append(entry)
        stores = sorted(s.id for s in self._locations(ref, ctx) if s.kind is LocationKind.STORE)
        warehouses = [
            ref.channel_ids[k] for k in self.settings.warehouse_channels if k in ref.channel_ids
        ]
        lapsed = await self.expired_units(list(by_sku)) if by_sku else {}
        levels = self._normalised(
            lambda: {
                sku: normalise.stock_level(sku, found, stores, warehouses)
                for sku, found in by_sku.items()
            }
        )
        return [
            _every_store(levels[sku], stores, lapsed) if sku in levels else None for sku in skus
        ]

    async def stores(self, ids: Sequence[str], ctx: CommerceContext) -> Sequence[Store | None]:
        found = self._locations(await self.reference.get(), ctx)
        return in_key_order(ids, found, lambda s: (s.id,))

    async def stores_by_code(
        self, codes: Sequence[str], ctx: CommerceContext
    ) -> Sequence[Store | None]:
        found = self._locations(await self.reference.get(), ctx)
        return in_key_order(codes, found, lambda s: (s.code,))

    async def all_stores(self, ctx: CommerceContext) -> Sequence[Store]:
        found = self._locations(await self.reference.get(), ctx)
        return [
            s
            for s in found
            if s.kind is LocationKind.STORE and s.address.country_code in ("", ctx.country)
        ]

    def _locations(self, ref: Reference, ctx: CommerceContext) -> list[Store]:
        """Stores and warehouses: supply channels with a point on the map, by code."""
        locales = (self.settings.locale(ctx.language), self.settings.fallback_locale)
        warehouses = set(self.settings.warehouse_channels)
        found: list[Store] = []
        for channel in ref.channels.values():
            if SUPPLY not in (channel.get("roles") or ()):
                continue
            kind = (
                LocationKind.WAREHOUSE if channel.get("key") in warehouses else LocationKind.STORE
            )
            location = self._store(channel, locales, kind)
            if location is not None:
                found.append(location)
        return sorted(found, key=lambda s: s.code)

    def _store(self, channel: Raw, locales: tuple[str, str], kind: LocationKind) -> Store | None:
        return self._normalised(lambda: normalise.store(channel, locales, kind))


def _every_store(
    level: StockLevel, stores: list[str], lapsed: Mapping[tuple[str, str], int]
) -> StockLevel:
    shelves = {s.location_id: s.quantity for s in level.stores}
    listed = tuple(
        LocationStock(store, shelves.get(store, 0) + lapsed.get((store, level.sku), 0))
        for store in stores
    )
    return StockLevel(level.sku, level.online_quantity, listed)
