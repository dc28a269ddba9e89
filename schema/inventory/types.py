"""Stores and stock: where an item can be seen, bought or collected."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import strawberry

from connectors import models
from connectors.context import Channel
from connectors.stale import Freshness as ServedFreshness
from schema.batching import ContextLoader
from schema.common import GeoPoint, GeoPointInput, Node
from schema.context import Info
from schema.ids import to_global_id
from schema.inventory.nearby import ranked_list
from schema.limits import check_first, check_radius
from schema.loaders import ALL_STORES, Loaders
from schema.planner.batch import SKIP, batched
from schema.scalars import CountryCode
from schema.stale import served_freshness


@strawberry.type
class Address:
    line1: str
    line2: str | None
    city: str
    postal_code: str
    country_code: CountryCode


@strawberry.type
class Store(Node):
    id: strawberry.ID
    model: strawberry.Private[models.Store]

    @classmethod
    def of(cls, model: models.Store) -> Store:
        return cls(id=strawberry.ID(to_global_id("Store", model.id)), model=model)

    @strawberry.field
    def code(self) -> str:
        return self.model.code

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def address(self) -> Address:
        a = self.model.address
        return Address(
            line1=a.line1,
            line2=a.line2,
            city=a.city,
            postal_code=a.postal_code,
            country_code=CountryCode(a.country_code),
        )

    @strawberry.field
    def location(self) -> GeoPoint:
        return GeoPoint.of(self.model.location)

    @strawberry.field
    def opening_hours(self) -> list[str]:
        return list(self.model.opening_hours)


@strawberry.type
class StoreAvailability:
    store: Store
    quantity_available: int
    distance_km: float | None


@strawberry.type
class PickupOption:
    store: Store
    distance_km: float


@strawberry.type(
    description="How fresh a value is. `stale` is true when it was served past its cache "
    "lifetime because its back end could not answer; `asOf` is when it was fetched."
)
class Freshness:
    as_of: datetime = strawberry.field(description="When the value was fetched from its back end.")
    stale: bool = strawberry.field(
        description="True when the back end failed and an older cached value was served instead."
    )
    source: str = strawberry.field(description="The connector instance that served it.")


def _all_stores(loaders: Loaders) -> ContextLoader[str, Sequence[models.Store]]:
    return loaders.all_stores


def _check_stores(
    _: Availability, *, radius_km: float | None, first: int | None, **__: Any
) -> None:
    check_first(first, 5)
    check_radius(radius_km)


def _stores_key(availability: Availability) -> str:
    return SKIP if availability.stock is None else ALL_STORES


def _stores_near(
    availability: Availability,
    all_stores: Sequence[models.Store] | None,
    *,
    near: GeoPointInput | None,
    radius_km: float | None,
    first: int | None,
    only_available: bool | None,
) -> list[StoreAvailability]:
    stock = availability.stock
    if stock is None or all_stores is None:
        return []
    quantities = {s.location_id: s.quantity for s in stock.stores}
    available_only, limit = only_available is not False, check_first(first, 5)
    # Every product of a listing ranks the same stores from the same origin: ranked once
    # (ranked_list), then each product keeps its own, nearest first, up to the limit.
    found: list[StoreAvailability] = []
    for store, distance in ranked_list(all_stores, near.to_model() if near else None, radius_km):
        quantity = quantities.get(store.id)
        if quantity is None or (available_only and quantity <= 0):
            continue
        if len(found) == limit:
            break
        found.append(
            StoreAvailability(
                store=Store.of(store), quantity_available=quantity, distance_km=distance
            )
        )
    return found


_IN_STORE_CHANNELS = (Channel.STORE, Channel.KIOSK)


@strawberry.type
class Availability:
    """Built with the SKU's stock already loaded, so its fields need no further await."""

    stock: strawberry.Private[models.StockLevel | None]
    # The read's freshness as the cache recorded it, claimed (when stale) as this object is
    # built; made into the GraphQL type only when a query selects `freshness`, which a
    # listing does not.
    served: strawberry.Private[ServedFreshness]

    @classmethod
    def of(cls, info: Info, sku: str, stock: models.StockLevel | None) -> Availability:
        served = served_freshness(info, "stock", sku, info.context.backends.inventory)
        return cls(stock=stock, served=served)

    @strawberry.field(
        description="How fresh this stock is: a shopper acts on it, so a stale answer says so."
    )
    def freshness(self) -> Freshness:
        served = self.served
        return Freshness(as_of=served.as_of, stale=served.stale, source=served.source)

    @strawberry.field(description="True when the item can be bought online in this context.")
    def available_for_sale(self, info: Info) -> bool:
        quantity = self.quantity_available(info)
        return bool(quantity and quantity > 0)

    @strawberry.field(
        description="Units that can be sold now: warehouses serving the channel online; "
        "in a store or kiosk context with a store, that store's shelf."
    )
    def quantity_available(self, info: Info) -> int | None:
        stock = self.stock
        if stock is None:
            return None
        commerce = info.context.commerce
        if commerce.channel in _IN_STORE_CHANNELS and commerce.store_id:
            return _store_quantity(stock, commerce.store_id)
        return stock.online_quantity

    @strawberry.field(description="Stock in physical stores, nearest first when `near` is given.")
    @batched(_all_stores, _stores_key, _stores_near, check=_check_stores)
    async def stores(  # type: ignore[empty-body]
        self,
        info: Info,
        near: GeoPointInput | None = None,
        radius_km: float | None = None,
        first: int | None = 5,
        only_available: bool | None = True,
    ) -> list[StoreAvailability]: ...


def _store_quantity(stock: models.StockLevel, store_id: str) -> int:
    return next((s.quantity for s in stock.stores if s.location_id == store_id), 0)
