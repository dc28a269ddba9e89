"""Stock from stock.quant: per warehouse, quantity minus reserved quantity (quants of one
warehouse summed, never below zero); online stock from the shipping warehouses, shops
listed with zero included; shops are the configured warehouses, with partner addresses."""

from __future__ import annotations

from decimal import Decimal

from odoo_support import Make

from connectors.context import CommerceContext
from connectors.models import LocationKind, StockLevel
from connectors.odoo.warehouses import store_id
from tests.emulators.odoo import RunningOdoo

FRANCE = CommerceContext()
PARIS, LYON, MARSEILLE = store_id(2), store_id(3), store_id(4)


def _shops(level: StockLevel | None) -> dict[str, int]:
    assert level is not None
    return {s.location_id: s.quantity for s in level.stores}


async def test_stock_subtracts_reservations_per_warehouse(make: Make) -> None:
    connector = await make()
    trail, city, tote = await connector.stock(["SHOE-TRAIL-42", "SHOE-CITY-40", "BAG-TOTE"], FRANCE)
    assert trail is not None
    assert trail.online_quantity == 35  # 40 - 5 at the central warehouse
    # Paris has two quants (3 - 1 and 2); Lyon's one unit is reserved.
    assert _shops(trail)[PARIS] == 4
    assert _shops(trail)[LYON] == 0
    assert city is not None
    assert city.online_quantity == 0  # all 12 reserved
    assert _shops(city)[MARSEILLE] == 6
    assert tote is not None
    assert tote.online_quantity == 100


async def test_shops_are_the_contexts_country_only_zero_included(make: Make) -> None:
    connector = await make()
    (tote,) = await connector.stock(["BAG-TOTE"], FRANCE)
    shops = _shops(tote)
    assert len(shops) == 5  # the five French shops; Brussels sells to Belgium
    assert set(shops.values()) == {0}
    (belgian,) = await connector.stock(["BAG-TOTE"], CommerceContext(country="BE"))
    assert _shops(belgian) == {store_id(7): 4}


async def test_stock_batches_cost_two_calls_per_chunk_with_none_for_missing(
    make: Make, odoo: RunningOdoo
) -> None:
    connector = await make(max_batch=2)
    before = odoo.calls()
    keys = ["CAP", "NO-SUCH-SKU", "SOCK-S", "CAP"]
    levels = await connector.stock(keys, FRANCE)
    assert odoo.calls() - before == 4  # two chunks: products, then quants
    assert [level.sku if level else None for level in levels] == ["CAP", None, "SOCK-S", "CAP"]


async def test_a_batch_of_unknown_skus_reads_no_quants(make: Make, odoo: RunningOdoo) -> None:
    connector = await make()
    before = odoo.calls()
    assert await connector.stock(["NOPE-1", "NOPE-2"], FRANCE) == [None, None]
    assert odoo.calls() - before == 1


async def test_stores_carry_the_warehouse_partner_address(make: Make, odoo: RunningOdoo) -> None:
    connector = await make()
    before = odoo.calls()
    stores = await connector.all_stores(FRANCE)
    assert [s.code for s in stores] == ["PAR1", "LYO1", "MRS1", "BDX1", "LIL1"]
    paris = stores[0]
    assert (paris.address.line1, paris.address.city, paris.address.postal_code) == (
        "12 rue de Rivoli",
        "Paris",
        "75004",
    )
    assert paris.kind is LocationKind.STORE
    assert Decimal(str(paris.location.latitude)) == Decimal("48.8556")
    by_code = await connector.stores_by_code(["CENTRAL", "LYO1", "NOPE"], FRANCE)
    assert [s.kind if s else None for s in by_code] == [
        LocationKind.WAREHOUSE,
        LocationKind.STORE,
        None,
    ]
    by_id = await connector.stores([LYON, "odoo-warehouse-99"], FRANCE)
    assert [s.code if s else None for s in by_id] == ["LYO1", None]
    assert odoo.calls() == before  # warehouses are reference data
