"""Click and collect, read side: which stores can hand over every line right now."""

from __future__ import annotations

import strawberry

from connectors import models
from schema.common import GeoPointInput
from schema.context import Info
from schema.errors import UserInputError
from schema.inventory.nearby import rank_stores
from schema.inventory.types import PickupOption, Store
from schema.limits import check_first, check_radius
from schema.orders.lines import merged_lines
from schema.payloads import Refused


@strawberry.input(
    description="A line to buy or reserve. `sku` names a variant; every product has at least "
    "one variant, and a product's own `sku` is the SKU of its default variant, so either may "
    "be given."
)
class CartLineInput:
    sku: str
    quantity: int


def wanted_quantities(lines: list[CartLineInput]) -> dict[str, int]:
    """Quantities per SKU; a query refuses bad lines with a coded GraphQL error."""
    try:
        return {line.sku: line.quantity for line in merged_lines(list(lines))}
    except Refused as refused:
        error = refused.errors[0]
        raise UserInputError(error.code, error.message, error.field) from refused


async def pickup_options(
    info: Info,
    lines: list[CartLineInput],
    near: GeoPointInput,
    radius_km: float | None,
    first: int | None,
) -> list[PickupOption]:
    first = check_first(first, 5)
    check_radius(radius_km)
    wanted = wanted_quantities(lines)
    c = info.context
    levels = await c.loaders.stock_by_sku.load_many(c.commerce, list(wanted))
    if any(level is None for level in levels):
        return []  # an unknown SKU cannot be handed over anywhere
    stores = await c.loaders.stores(c.commerce)
    able = [s for s in stores if _can_hand_over(s, levels, wanted)]
    ranked = rank_stores(able, near.to_model(), radius_km)[:first]
    return [PickupOption(store=Store.of(s), distance_km=d or 0.0) for s, d in ranked]


def _can_hand_over(
    store: models.Store, levels: list[models.StockLevel | None], wanted: dict[str, int]
) -> bool:
    for level in levels:
        assert level is not None
        on_shelf = next((s.quantity for s in level.stores if s.location_id == store.id), 0)
        if on_shelf < wanted[level.sku]:
            return False
    return True
